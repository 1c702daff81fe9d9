import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { READ_DEFAULTS } from "../defaults.js";
import { checkFlags, numberFlag } from "./options.js";

interface ValidateArgs {
  manifest: string;
  json: boolean;
  deep: boolean;
  items: boolean;
  concurrency: number | undefined;
  verbose: boolean;
}

export function validateCommand(ctx: CliContext): CommandModule<object, ValidateArgs> {
  return {
    command: "validate <manifest>",
    describe: "Check a manifest and its collection; report every problem and show each photo as Flickr will get it. Writes nothing.",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file (.csv, .json, .yaml)" })
        .option("json", { type: "boolean", default: false, describe: "Print one JSON document (schema heritage.validate/1)" })
        .option("deep", { type: "boolean", default: false, describe: "Decode every image fully (slower; finds damage a header probe cannot)" })
        .option("items", { type: "boolean", default: false, describe: "Also print every item as Flickr will get it (title, licence, date, place, tags, description)" })
        .option("verbose", { type: "boolean", default: false, describe: "List every issue (by default identical issues are folded and long lists shortened)" })
        .option("concurrency", { type: "number", describe: `Images probed at once (default ${READ_DEFAULTS.concurrency})` })
        .check(checkFlags([numberFlag("concurrency", { integer: true, min: 1, max: 64, means: "how many images are probed at once, e.g. 4" })])),
    handler: async (argv) => {
      const { runValidateCommand } = await import("../validate/command.js");
      ctx.setExitCode(await runValidateCommand(ctx, {
          manifest: argv.manifest,
          json: argv.json,
          deep: argv.deep,
          items: argv.items,
          verbose: argv.verbose,
          ...(argv.concurrency !== undefined ? { concurrency: argv.concurrency } : {}),
        }));
    },
  };
}

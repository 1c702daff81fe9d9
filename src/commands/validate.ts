import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";

interface ValidateArgs {
  manifest: string;
  json: boolean;
  deep: boolean;
}

export function validateCommand(ctx: CliContext): CommandModule<object, ValidateArgs> {
  return {
    command: "validate <manifest>",
    describe: "Check a manifest and its collection; report every problem and show each photo as Flickr will get it. Writes nothing.",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file (.csv, .json, .yaml)" })
        .option("json", { type: "boolean", default: false, describe: "Print one JSON document (schema heritage.validate/1)" })
        .option("deep", { type: "boolean", default: false, describe: "Decode every image fully (slower; finds damage a header probe cannot)" }),
    handler: async (argv) => {
      const { runValidateCommand } = await import("../validate/command.js");
      ctx.setExitCode(await runValidateCommand(ctx, { manifest: argv.manifest, json: argv.json, deep: argv.deep }));
    },
  };
}

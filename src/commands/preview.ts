import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { READ_DEFAULTS, RUN_DEFAULTS } from "../defaults.js";
import { checkFlags, conflict, numberFlag, stringFlag } from "./options.js";
import { resolveEndpointOption } from "./resolve.js";

interface PreviewArgs {
  manifest: string;
  out: string | undefined;
  open: boolean;
  state: string | undefined;
  endpoint: string | undefined;
  sandbox: boolean;
  quota: number | undefined;
  json: boolean;
  concurrency: number | undefined;
}

export function previewCommand(ctx: CliContext): CommandModule<object, PreviewArgs> {
  return {
    command: "preview <manifest>",
    describe: "Write an HTML report of the collection as it will look on Flickr, with every issue on its row and what publish would do. Viewable offline; zip the folder to share it.",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file (.csv, .json, .yaml)" })
        .option("out", { type: "string", describe: "Report folder (default: <state folder>/preview)" })
        .option("open", { type: "boolean", default: false, describe: "Open the report in the default browser afterwards" })
        .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
        .option("endpoint", { type: "string", describe: "Show what a rehearsal against this endpoint published (its own state); also HERITAGE_FLICKR_ENDPOINT" })
        .option("sandbox", { type: "boolean", default: false, describe: "Show what a --sandbox rehearsal published (its own state)" })
        .check((a) => {
          if (a.sandbox && a.endpoint) throw conflict("sandbox", "endpoint", "--sandbox finds the state of a --sandbox rehearsal; --endpoint that of a rehearsal against another URL. Give one.");
          return true;
        })
        .option("quota", { type: "number", describe: `API calls per hour for the time estimates (default ${RUN_DEFAULTS.quota})` })
        .option("json", { type: "boolean", default: false, describe: "Print a JSON summary (schema heritage.preview/1) instead of text" })
        .option("concurrency", { type: "number", describe: `Images read at once (default ${READ_DEFAULTS.concurrency})` })
        .check(
          checkFlags([
            stringFlag("out", "the report folder"),
            stringFlag("state", "the state folder"),
            stringFlag("endpoint", "the URL of the rehearsal's Flickr API"),
            numberFlag("quota", { integer: false, min: 0, aboveMin: true, means: "API calls per rolling hour, e.g. 3600" }),
            numberFlag("concurrency", { integer: true, min: 1, max: 64, means: "how many images are read at once, e.g. 4" }),
          ]),
        ),
    handler: async (argv) => {
      const { runPreviewCommand } = await import("../preview/command.js");
      ctx.setExitCode(
        await runPreviewCommand(ctx, {
          manifest: argv.manifest,
          out: argv.out ?? null,
          open: argv.open,
          state: argv.state ?? null,
          endpoint: await resolveEndpointOption(argv.endpoint, argv.sandbox, ctx.env),
          sandbox: argv.sandbox,
          quota: argv.quota ?? null,
          json: argv.json,
          concurrency: argv.concurrency ?? null,
        }),
      );
    },
  };
}

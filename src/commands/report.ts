import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { checkFlags, conflict, stringFlag } from "./options.js";
import { resolveEndpointOption } from "./resolve.js";

interface ReportArgs {
  manifest: string;
  out: string | undefined;
  state: string | undefined;
  endpoint: string | undefined;
  sandbox: boolean;
  json: boolean;
}

export function reportCommand(ctx: CliContext): CommandModule<object, ReportArgs> {
  return {
    command: "report <manifest>",
    describe: "Write a self-contained HTML report of the collection's reach (views, faves, comments, growth, contributions, moderation) and a CSV of the annual figures, from what harvests stored.",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file of a published collection" })
        .option("out", { type: "string", describe: "Folder for index.html and the CSV (default: report/ in the state folder)" })
        .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
        .option("endpoint", { type: "string", describe: "Report on the rehearsal made with publish --endpoint URL (no request is sent); also HERITAGE_FLICKR_ENDPOINT" })
        .option("sandbox", { type: "boolean", default: false, describe: "Report on the rehearsal made with publish --sandbox" })
        .option("json", { type: "boolean", default: false, describe: "Print the paths and figures as JSON" })
        .check((a) => {
          if (a.sandbox && a.endpoint) throw conflict("sandbox", "endpoint", "--sandbox reports on a --sandbox rehearsal; --endpoint on a rehearsal against another URL. Give one.");
          return true;
        })
        .check(checkFlags([stringFlag("state", "the state folder"), stringFlag("endpoint", "the URL of the rehearsal's Flickr API")])),
    handler: async (argv) => {
      const { runReportCommand } = await import("../community/report-command.js");
      ctx.setExitCode(await runReportCommand(ctx, { manifest: argv.manifest, out: argv.out ?? null, state: argv.state ?? null, endpoint: await resolveEndpointOption(argv.endpoint, argv.sandbox, ctx.env), sandbox: argv.sandbox, json: argv.json }));
    },
  };
}

import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { checkFlags, conflict, stringFlag } from "./options.js";
import { resolveEndpointOption } from "./resolve.js";

interface StatusArgs {
  manifest: string;
  json: boolean;
  state: string | undefined;
  endpoint: string | undefined;
  sandbox: boolean;
}

export function statusCommand(ctx: CliContext): CommandModule<object, StatusArgs> {
  return {
    command: "status <manifest>",
    describe: "Show what has been published from a manifest: counts per state, failed items with their codes, albums and the last runs.",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file" })
        .option("json", { type: "boolean", default: false, describe: "Print JSON (schema heritage.status/1)" })
        .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
        .option("endpoint", { type: "string", describe: "The state of a rehearsal against this endpoint (as given to publish); also HERITAGE_FLICKR_ENDPOINT" })
        .option("sandbox", { type: "boolean", default: false, describe: "The state of a --sandbox rehearsal" })
        .check((a) => {
          if (a.sandbox && a.endpoint) throw conflict("sandbox", "endpoint", "--sandbox finds the state of a --sandbox rehearsal; --endpoint that of a rehearsal against another URL. Give one.");
          return true;
        })
        .check(checkFlags([stringFlag("state", "the state folder"), stringFlag("endpoint", "the URL of the rehearsal's Flickr API")])),
    handler: async (argv) => {
      const { runStatusCommand } = await import("../status/command.js");
      ctx.setExitCode(await runStatusCommand(ctx, { manifest: argv.manifest, json: argv.json, state: argv.state ?? null, endpoint: await resolveEndpointOption(argv.endpoint, argv.sandbox, ctx.env), sandbox: argv.sandbox }));
    },
  };
}

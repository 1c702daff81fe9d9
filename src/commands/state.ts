import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { RUN_DEFAULTS } from "../defaults.js";
import { checkFlags, numberFlag, stringFlag } from "./options.js";
import { resolveEndpointOption } from "./resolve.js";

interface RebuildArgs {
  manifest: string;
  state: string | undefined;
  endpoint: string | undefined;
  quota: number;
  json: boolean;
  force: boolean;
  "search-cap": number | undefined;
}

function rebuildCommand(ctx: CliContext): CommandModule<object, RebuildArgs> {
  return {
    command: "rebuild <manifest>",
    describe: "Rebuild a lost state from Flickr, finding each photo by its identifier machine tag",
    builder: (y) =>
      y
        .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file" })
        .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
        .option("endpoint", { type: "string", describe: "Send Flickr's requests to this URL instead (a sandbox); also HERITAGE_FLICKR_ENDPOINT" })
        .option("quota", { type: "number", default: RUN_DEFAULTS.quota, describe: "API calls per rolling hour" })
        .option("json", { type: "boolean", default: false, describe: "Print JSON (schema heritage.rebuild/1)" })
        .option("force", { type: "boolean", default: false, describe: "Move an existing state aside instead of refusing" })
        .option("search-cap", { type: "number", hidden: true, describe: "Results per search query before splitting by upload date (Flickr: 4000)" })
        .check(
          checkFlags([
            stringFlag("state", "the state folder"),
            stringFlag("endpoint", "the URL of a Flickr sandbox"),
            numberFlag("quota", { integer: false, min: 0, aboveMin: true, means: "API calls per rolling hour, e.g. 3600" }),
            numberFlag("search-cap", { integer: true, min: 1, means: "results per search query, e.g. 4000" }),
          ]),
        ) as Argv<RebuildArgs>,
    handler: async (argv) => {
      const { runRebuildCommand } = await import("../sync/rebuild-command.js");
      ctx.setExitCode(
        await runRebuildCommand(ctx, {
          manifest: argv.manifest,
          state: argv.state ?? null,
          endpoint: await resolveEndpointOption(argv.endpoint, false, ctx.env),
          quota: argv.quota,
          json: argv.json,
          force: argv.force,
          ...(argv["search-cap"] !== undefined ? { searchCap: argv["search-cap"] } : {}),
        }),
      );
    },
  };
}

export function stateCommand(ctx: CliContext): CommandModule<object, object> {
  return {
    command: "state <command>",
    describe: "Manage the publishing state (rebuild it from Flickr when it is lost)",
    builder: (y) => y.command(rebuildCommand(ctx)).demandCommand(1, "Name a state command: heritage state rebuild <manifest>"),
    handler: () => undefined,
  };
}

import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { COMMUNITY_DEFAULTS } from "../defaults.js";
import { resolveEndpointOption } from "./resolve.js";

export interface CommunityArgs {
  manifest: string;
  json: boolean;
  state: string | undefined;
  quota: number;
  endpoint: string | undefined;
  sandbox: boolean;
  timeout: number | undefined;
}

/** Options harvest and moderate share with publish: where the state is, which Flickr, the budget. */
export function communityOptions<T>(y: Argv<T>) {
  return y
    .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file of a published collection" })
    .option("json", { type: "boolean", default: false, describe: "Print a machine-readable report" })
    .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
    .option("quota", { type: "number", default: COMMUNITY_DEFAULTS.quota, describe: "API calls per rolling hour for this key (Flickr asks for at most 3,600)" })
    .option("endpoint", { type: "string", describe: "Send Flickr's requests to this URL instead (a sandbox); also HERITAGE_FLICKR_ENDPOINT" })
    .option("sandbox", { type: "boolean", default: false, describe: "Work on the rehearsal made with publish --sandbox (its own state)" })
    .option("timeout", { type: "number", describe: "Per-request timeout for API calls, in ms" })
    .check((argv) => {
      const quota = (argv as { quota?: unknown }).quota;
      if (typeof quota !== "number" || !Number.isFinite(quota) || quota <= 0) throw new Error(`--quota must be a positive number, got ${String(quota)}`);
      if ((argv as { sandbox?: boolean }).sandbox && (argv as { endpoint?: string }).endpoint) throw new Error("--sandbox and --endpoint exclude each other");
      return true;
    });
}

/** The connection options, resolved (the endpoint: flag, else environment). */
export async function connectionArgs(argv: CommunityArgs, env: CliContext["env"]) {
  const endpoint = await resolveEndpointOption(argv.endpoint, argv.sandbox, env);
  return { manifest: argv.manifest, json: argv.json, state: argv.state ?? null, quota: argv.quota, endpoint, sandbox: argv.sandbox, timeoutMs: argv.timeout ?? null };
}

interface HarvestArgs extends CommunityArgs {
  "dry-run": boolean;
  accepted: boolean;
  full: boolean;
}

export function harvestCommand(ctx: CliContext): CommandModule<object, HarvestArgs> {
  return {
    command: "harvest <manifest>",
    describe: "Collect what the public added on Flickr since the last harvest (comments, tags, notes, faves, views), with a suggested kind each, into the state and a CSV for cataloguers.",
    builder: (y) =>
      communityOptions(y)
        .option("dry-run", { type: "boolean", default: false, describe: "Print the plan (API calls and time at the quota) and write nothing" })
        .option("accepted", { type: "boolean", default: false, describe: "Write the contributions accepted in the CSV's decision column as a catalogue import (no Flickr calls)" })
        .option("full", { type: "boolean", default: false, describe: "Read every photo, not only those whose last_update or comment count changed" }) as Argv<HarvestArgs>,
    handler: async (argv) => {
      const { runHarvestCommand } = await import("../community/harvest-command.js");
      ctx.setExitCode(await runHarvestCommand(ctx, { ...(await connectionArgs(argv, ctx.env)), dryRun: argv["dry-run"], accepted: argv.accepted, full: argv.full }));
    },
  };
}

import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { RUN_DEFAULTS } from "../defaults.js";
import { checkFlags, conflict, numberFlag, stringFlag } from "./options.js";
import { resolveEndpointOption } from "./resolve.js";

const RUN_FLAG_CHECKS = checkFlags([
  stringFlag("state", "the state folder"),
  numberFlag("quota", { integer: false, min: 0, aboveMin: true, means: "API calls per rolling hour, e.g. 3600" }),
  numberFlag("concurrency", { integer: true, min: 1, max: 64, means: "how many items are uploaded at once, e.g. 3" }),
  numberFlag("normalize-concurrency", { integer: true, min: 1, max: 64, means: "how many upload copies are made at once, e.g. 2" }),
  stringFlag("endpoint", "the URL of a Flickr sandbox"),
  numberFlag("reconcile-grace", { integer: false, min: 0, means: "seconds, e.g. 60" }),
  numberFlag("timeout", { integer: true, min: 1, means: "milliseconds per API request, e.g. 30000" }),
  numberFlag("album-batch", { integer: true, min: 1, max: 10000, means: "photos per album write, e.g. 50" }),
]);

export interface RunArgs {
  manifest: string;
  "dry-run": boolean;
  strict: boolean;
  json: boolean;
  details: boolean;
  state: string | undefined;
  quota: number;
  concurrency: number;
  "normalize-concurrency": number;
  endpoint: string | undefined;
  sandbox: boolean;
  "reconcile-grace": number | undefined;
  timeout: number | undefined;
  "album-batch": number;
  debug: boolean;
}

/** Options publish and sync share. */
export function runOptions<T>(y: Argv<T>) {
  return y
    .positional("manifest", { type: "string", demandOption: true, describe: "Manifest file (.csv, .json, .yaml)" })
    .option("dry-run", { type: "boolean", default: false, describe: "Print the plan (actions, API calls, time at the quota) and write nothing" })
    .option("strict", { type: "boolean", default: false, describe: "Refuse the whole run if any row has a validation error (default: skip those rows)" })
    .option("json", { type: "boolean", default: false, describe: "Print a machine-readable report (the plan with --dry-run)" })
    .option("details", { type: "boolean", default: false, describe: "List every item's actions in the dry run" })
    .option("state", { type: "string", describe: "State folder (default: .heritage/<manifest name>/ beside the manifest)" })
    .option("quota", { type: "number", default: RUN_DEFAULTS.quota, describe: "API calls per rolling hour for this key (Flickr asks for at most 3,600)" })
    .option("concurrency", { type: "number", default: RUN_DEFAULTS.concurrency, describe: "Items uploaded / updated at once" })
    .option("normalize-concurrency", { type: "number", default: RUN_DEFAULTS.normalizeConcurrency, describe: "Upload copies made at once (sharp)" })
    .option("endpoint", { type: "string", describe: "Send Flickr's requests to this URL instead (a sandbox); also HERITAGE_FLICKR_ENDPOINT" })
    .option("sandbox", { type: "boolean", default: false, describe: "Rehearse on a local Flickr sandbox started for the run (own state; nothing goes to Flickr)" })
    .option("reconcile-grace", { type: "number", describe: `Seconds heritage keeps looking (with backoff) for an upload whose answer was lost, before it believes "not found" and uploads again (default: from the search lag \`heritage doctor --probe\` measured, else ${RUN_DEFAULTS.reconcileGraceSeconds})` })
    .option("timeout", { type: "number", describe: "Per-request timeout for API calls, in ms (uploads get 10 min)" })
    .option("album-batch", { type: "number", default: RUN_DEFAULTS.albumBatch, describe: "Photos queued per album before one photosets.editPhotos puts them in (also at the end of the run and on Ctrl-C)" })
    .check(RUN_FLAG_CHECKS)
    .check((argv) => {
      if (argv.sandbox && argv.endpoint !== undefined) throw conflict("sandbox", "endpoint", "--sandbox starts its own local Flickr; to rehearse against one you run yourself, give only --endpoint.");
      return true;
    });
}

/** The options publish and sync share, resolved (the endpoint: flag, else environment). */
export async function commonPipelineOptions(argv: RunArgs, env: CliContext["env"]) {
  return {
    manifest: argv.manifest,
    dryRun: argv["dry-run"],
    strict: argv.strict,
    json: argv.json,
    details: argv.details,
    state: argv.state ?? null,
    quota: argv.quota,
    concurrency: Math.floor(argv.concurrency),
    normalizeConcurrency: Math.floor(argv["normalize-concurrency"]),
    endpoint: await resolveEndpointOption(argv.endpoint, argv.sandbox, env),
    sandbox: argv.sandbox,
    reconcileGraceSeconds: argv["reconcile-grace"] ?? null,
    timeoutMs: argv.timeout ?? null,
    albumBatch: Math.floor(argv["album-batch"]),
    debug: argv.debug,
  };
}

export function publishCommand(ctx: CliContext): CommandModule<object, RunArgs & { "retry-failed": boolean }> {
  return {
    command: "publish <manifest>",
    describe: "Normalize the masters and upload them with their metadata, within the API budget; a stopped run resumes with every photo on Flickr exactly once.",
    builder: (y) => runOptions(y).option("retry-failed", { type: "boolean", default: false, describe: "Only retry items whose last attempt failed" }) as Argv<RunArgs & { "retry-failed": boolean }>,
    handler: async (argv) => {
      const { runPipeline } = await import("../publish/run.js");
      ctx.setExitCode(
        await runPipeline(ctx, { ...(await commonPipelineOptions(argv, ctx.env)), mode: "publish", retryFailed: argv["retry-failed"], prune: null, yes: false, replaceTags: false }),
      );
    },
  };
}

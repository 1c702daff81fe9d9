import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { UserError } from "../errors.js";
import { PRUNE_MAX_DEFAULT } from "../sync/prune-guard.js";
import { commonPipelineOptions, runOptions, type RunArgs } from "./publish.js";

interface SyncArgs extends RunArgs {
  prune: "hide" | "delete" | undefined;
  "prune-max": number;
  yes: boolean;
  "replace-tags": boolean;
  verify: boolean;
  force: boolean;
  "on-drift": "keep" | "overwrite" | "adopt";
  "read-back": boolean;
}

export function syncCommand(ctx: CliContext): CommandModule<object, SyncArgs> {
  return {
    command: "sync <manifest>",
    describe: "Bring Flickr in line with the manifest: push only the fields that changed, replace rescanned masters, publish new rows.",
    builder: (y) =>
      runOptions(y)
        .option("prune", { choices: ["hide", "delete"] as const, describe: "Photos whose rows left the manifest: make them private (hide) or delete them (needs delete permission)" })
        .option("prune-max", {
          type: "number",
          default: PRUNE_MAX_DEFAULT,
          describe: "Refuse a prune that would remove more than this share (percent) of the published photos",
        })
        .option("yes", { type: "boolean", default: false, describe: "Confirm --prune without asking (needed when not on a terminal)" })
        .option("replace-tags", { type: "boolean", default: false, describe: "Also remove tags other people added on Flickr" })
        .option("verify", { type: "boolean", default: false, describe: "Read the published photos on Flickr first and detect fields edited there since the last push" })
        .option("force", { type: "boolean", default: false, describe: "Validate and map every row, even rows unchanged since their last push" })
        .option("on-drift", { choices: ["keep", "overwrite", "adopt"] as const, default: "keep" as const, describe: "A field edited on Flickr: keep it (report only), overwrite it with the catalogue's, or adopt it as the new value" })
        .option("read-back", { type: "boolean", default: true, describe: "After writing, read the changed photos back and report fields that did not land (--no-read-back to skip)" }) as Argv<SyncArgs>,
    handler: async (argv) => {
      const pruneMax = argv["prune-max"];
      if (!Number.isFinite(pruneMax) || pruneMax < 0 || pruneMax > 100) {
        throw new UserError(`--prune-max must be a percentage from 0 to 100, not ${JSON.stringify(pruneMax)}`, { code: "USAGE", hint: "For example --prune-max 10 allows a prune of up to 10 % of the published photos." });
      }
      const { runPipeline } = await import("../publish/run.js");
      ctx.setExitCode(
        await runPipeline(ctx, {
          ...commonPipelineOptions(argv),
          mode: "sync",
          retryFailed: false,
          prune: argv.prune ?? null,
          pruneMax,
          yes: argv.yes,
          replaceTags: argv["replace-tags"],
          verify: argv.verify,
          force: argv.force,
          onDrift: argv["on-drift"],
          readBack: argv["read-back"],
        }),
      );
    },
  };
}

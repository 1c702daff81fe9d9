import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { SYNC_DEFAULTS } from "../defaults.js";
import { checkFlags, numberFlag } from "./options.js";
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
          default: SYNC_DEFAULTS.pruneMax,
          describe: "Refuse a prune that would remove more than this share (percent) of the published photos",
        })
        .option("yes", { type: "boolean", default: false, describe: "Confirm --prune without asking (needed when not on a terminal)" })
        .option("replace-tags", { type: "boolean", default: false, describe: "Also remove tags other people added on Flickr" })
        .option("verify", { type: "boolean", default: false, describe: "Read the published photos on Flickr first and detect fields edited there since the last push" })
        .option("force", { type: "boolean", default: false, describe: "Validate and map every row, even rows unchanged since their last push" })
        .option("on-drift", { choices: ["keep", "overwrite", "adopt"] as const, default: SYNC_DEFAULTS.onDrift, describe: "A field edited on Flickr: keep it (report only), overwrite it with the catalogue's, or adopt it as the new value" })
        .option("read-back", { type: "boolean", default: SYNC_DEFAULTS.readBack, describe: "After writing, read the changed photos back and report fields that did not land (--no-read-back to skip)" })
        .check(checkFlags([numberFlag("prune-max", { integer: false, min: 0, max: 100, noun: "a percentage", means: "a percentage of the published photos, e.g. 10 for a prune of up to 10 %" })])) as Argv<SyncArgs>,
    handler: async (argv) => {
      const { runSync } = await import("../sync/run.js");
      ctx.setExitCode(
        await runSync(ctx, {
          ...(await commonPipelineOptions(argv, ctx.env)),
          prune: argv.prune ?? null,
          pruneMax: argv["prune-max"],
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

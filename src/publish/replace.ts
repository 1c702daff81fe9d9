/**
 * Replacing a photo's image (a rescanned master), keeping its id, comments, faves and views.
 * Replacing with the same file twice does no harm, so an unknown outcome is simply sent again.
 */
import type { Action } from "../plan/types.js";
import { ItemFailure, errorCode, runStopFor } from "./failures.js";
import { retryCall } from "./retry.js";
import type { ItemRun, StepContext } from "./execute-types.js";

type ReplaceAction = Extract<Action, { kind: "replace" }>;

export async function replace(ctx: StepContext, run: ItemRun, action: ReplaceAction): Promise<void> {
  const { state, log, runId } = ctx.deps;
  const identifier = run.item.identifier;
  const photoId = action.photoId;
  const entry = { run: runId, method: "replace", identifier, photo_id: photoId };
  const copy = await ctx.deps.prepareCopy({ identifier, file: action.file, fields: action.fields }, ctx.signal);
  state.items.recordReplaceState(identifier, "intent", copy.source.sha256);
  const result = await retryCall(() => ctx.deps.flickr.replace(photoId, copy.path, identifier), {
    policy: ctx.options.retry,
    random: ctx.deps.random,
    sleep: ctx.deps.sleep,
    signal: ctx.signal,
    classify: (err) => ctx.deps.classify(err, "replace"),
    repeatable: true,
    onFailure: (c) => {
      log.write({ ...entry, outcome: "error", code: errorCode(c), message: c.message });
      if (c.code === 1) {
        state.items.recordReplaceState(identifier, "needed", copy.source.sha256);
        throw new ItemFailure("replace", "REPLACE_NEEDS_PRO", `Flickr refused to replace the image: ${c.message}`, false, "Replacing a photo's image needs a Pro account. The item stays marked for replacement; run sync again once the account is Pro.");
      }
      const stop = runStopFor("replace", c);
      if (stop) ctx.halt(stop);
    },
    giveUp: (c) => {
      state.items.recordReplaceState(identifier, "needed", copy.source.sha256);
      return new ItemFailure("replace", errorCode(c), c.message, c.kind !== "permanent");
    },
  });
  state.items.recordReplaced(identifier, { secret: result.secret, copySha256: copy.sha256, source: copy.source });
  log.write({ ...entry, outcome: "ok" });
}

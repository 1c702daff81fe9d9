/**
 * Rows gone from the manifest (sync --prune): make the photo private, or delete it. The calls
 * are the plan's; what was deleted is kept in the state (identifier, photo id, time), because a
 * deletion on Flickr takes the photo's comments, faves and views with it and cannot be undone.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { groupHash, groupSlice } from "../plan/groups.js";
import type { Action } from "../plan/types.js";
import { recordPrune } from "../state/prunes.js";
import type { ItemRun, StepContext } from "./execute-types.js";
import { performAll } from "./perform.js";

export async function pruneHide(ctx: StepContext, run: ItemRun, action: Extract<Action, { kind: "prune-hide" }>): Promise<void> {
  const { state } = ctx.deps;
  await performAll(ctx, run, action.calls);
  // Recorded as pushed, so a row that comes back makes its photo public again.
  const hidden = { is_public: 0 } as FlickrFields;
  state.transaction(() => {
    state.items.recordPushed(run.item.identifier, "perms", groupSlice(hidden, "perms"), groupHash(hidden, "perms"));
    state.items.setStatus(run.item.identifier, "withdrawn");
  });
}

export async function pruneDelete(ctx: StepContext, run: ItemRun, action: Extract<Action, { kind: "prune-delete" }>): Promise<void> {
  const { state } = ctx.deps;
  await performAll(ctx, run, action.calls);
  const photoId = run.photoId;
  state.transaction(() => {
    if (photoId !== null) recordPrune(state, { identifier: run.item.identifier, photoId, runId: ctx.deps.runId, at: Math.floor(ctx.deps.clock() / 1000) });
    state.items.forgetPhoto(run.item.identifier);
  });
}

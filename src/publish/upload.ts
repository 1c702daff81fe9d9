/**
 * Uploading one item, exactly once. The intent is committed before the request; an upload whose
 * answer was lost is looked up by its identifier machine tag before anything is sent again, and
 * adopted when exactly one photo carries it.
 */
import { groupHash, groupSlice, UPLOAD_GROUPS } from "../plan/groups.js";
import type { Action } from "../plan/types.js";
import type { FlickrFields } from "../flickr/fields.js";
import { ItemFailure, errorCode, runStopFor } from "./failures.js";
import type { PreparedCopy } from "./ports.js";
import { findPhotosByIdentifier } from "./reconcile.js";
import { retryCall } from "./retry.js";
import type { ItemRun, StepContext } from "./execute-types.js";

type UploadAction = Extract<Action, { kind: "upload" }>;

export interface Uploaded {
  photoId: string;
  /** Found on Flickr (an earlier upload whose answer was lost), not uploaded now. */
  adopted: boolean;
}

/** Look the item up on Flickr by its identifier tag; adopt it when exactly one photo carries it. */
export async function reconcile(ctx: StepContext, run: ItemRun, fields: FlickrFields): Promise<string | null> {
  const { state, clock, sleep, log, runId } = ctx.deps;
  const { namespace, reconcileGraceSeconds: grace } = ctx.options;
  const identifier = run.item.identifier;
  const before = state.getItem(identifier);
  const search = () => findPhotosByIdentifier((m, p) => ctx.call(m, p, { identifier }), namespace, identifier);
  let found = await search();
  const intentAt = before?.uploadIntentAt ?? null;
  if (found.length === 0 && intentAt !== null) {
    const age = Math.floor(clock() / 1000) - intentAt;
    if (age < grace) {
      // A fresh upload may not be searchable yet: wait out the grace period before trusting "not found".
      await sleep((grace - age) * 1000, ctx.signal);
      found = await search();
    }
  }
  const [photo, ...more] = found;
  if (photo === undefined) {
    state.clearUploadIntent(identifier);
    return null;
  }
  if (more.length > 0) {
    throw new ItemFailure(
      "reconcile",
      "DUPLICATE_ON_FLICKR",
      `Flickr holds ${found.length} photos tagged ${namespace}:id=${identifier} (${found.map((f) => f.id).join(", ")}); heritage uploads nothing more for it`,
      false,
      `Delete the extra photo(s) on Flickr, keep ${photo.id}, then run again.`,
    );
  }
  // What the lost upload carried is what Flickr holds (the intent kept it); else the plan's fields.
  const carried = before?.intentFields ?? fields;
  state.transaction(() => {
    state.adoptPhoto(identifier, { photoId: photo.id, secret: photo.secret });
    for (const group of UPLOAD_GROUPS) state.recordPushed(identifier, group, groupSlice(carried, group), groupHash(carried, group));
  });
  log.write({ run: runId, method: "adopt", identifier, photo_id: photo.id, outcome: "ok" });
  return photo.id;
}

export async function upload(ctx: StepContext, run: ItemRun, action: UploadAction, copy: PreparedCopy): Promise<Uploaded> {
  const { state, log, runId, progress } = ctx.deps;
  const identifier = run.item.identifier;
  const entry = { run: runId, method: "upload", identifier };
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return retryCall<Uploaded>(
    async () => {
      state.transaction(() => {
        state.recordSource(identifier, copy.source);
        state.recordUploadIntent(identifier, { copySha256: copy.sha256, fields: action.fields });
      });
      progress.event({ stage: "uploading", identifier, status: "started" });
      const result = await ctx.deps.flickr.upload(copy.path, action.params, identifier);
      state.recordUploaded(identifier, {
        photoId: result.id,
        secret: result.secret,
        pushed: Object.fromEntries(UPLOAD_GROUPS.map((g) => [g, { hash: groupHash(action.fields, g), value: groupSlice(action.fields, g) }])),
      });
      log.write({ ...entry, photo_id: result.id, outcome: "ok" });
      return { photoId: result.id, adopted: false };
    },
    {
      policy: ctx.options.retry,
      random: ctx.deps.random,
      sleep: ctx.deps.sleep,
      signal: ctx.signal,
      classify: (err) => ctx.deps.classify(err, "upload"),
      repeatable: false,
      onFailure: (c) => {
        log.write({ ...entry, photo_id: null, outcome: c.kind === "unknown-outcome" ? "unknown" : "error", code: errorCode(c), message: c.message });
        if (c.httpStatus === 429 || c.code === 105) ctx.deps.onThrottle();
        const stop = runStopFor("upload", c);
        if (stop) {
          state.clearUploadIntent(identifier);
          ctx.halt(stop);
        }
        // Flickr answered: nothing was created.
        if (c.kind !== "unknown-outcome") state.clearUploadIntent(identifier);
      },
      // The photo may be on Flickr: find out before anything is uploaded again.
      onUnknownOutcome: async () => {
        const adopted = await reconcile(ctx, run, action.fields);
        return adopted ? { photoId: adopted, adopted: true } : null;
      },
      giveUp: (c) => new ItemFailure("upload", errorCode(c), c.message, c.kind !== "permanent"),
    },
  );
}

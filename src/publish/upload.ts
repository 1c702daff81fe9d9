/**
 * Uploading one item, exactly once. The intent is committed before the request; an upload whose
 * answer was lost is looked up by its identifier machine tag before anything is sent again, and
 * adopted when exactly one photo carries it.
 */
import { groupHash, groupSlice, uploadRecordedGroups } from "../plan/groups.js";
import type { Action, UploadParams } from "../plan/types.js";
import type { FlickrFields } from "../flickr/fields.js";
import { ItemFailure, errorCode, runStopFor } from "./failures.js";
import type { ClassifiedError, PreparedCopy } from "./ports.js";
import { identifierTag } from "../map/identifier-tag.js";
import { confirmPhoto, lookUpUpload, type FoundPhoto } from "./reconcile.js";
import type { FlickrCall } from "../flickr/port.js";
import { retryCall } from "./retry.js";
import type { ItemRun, StepContext } from "./execute-types.js";

type UploadAction = Extract<Action, { kind: "upload" }>;

export interface Uploaded {
  photoId: string;
  /** Found on Flickr (an earlier upload whose answer was lost), not uploaded now. */
  adopted: boolean;
}

/** Look the item up on Flickr by its identifier tag (polling: search lags); adopt it when exactly one photo carries it. */
export async function reconcile(ctx: StepContext, run: ItemRun, fields: FlickrFields, licenseFirst = false): Promise<string | null> {
  const { state, clock, sleep, logger } = ctx.deps;
  const { namespace, reconcileGraceSeconds } = ctx.options;
  const identifier = run.item.identifier;
  const before = state.items.get(identifier);
  const found = await lookUpUpload((m, p) => ctx.call(m, p, { identifier }), {
    namespace,
    identifier,
    intentAt: before?.uploadIntentAt ?? null,
    graceSeconds: reconcileGraceSeconds,
    clock,
    sleep,
    signal: ctx.signal,
    onWait: (ms, look) => logger.debug(`${identifier}: not on Flickr ${look.unsure ? "(search unsure)" : "yet"}; looking again in ${(ms / 1000).toFixed(1)} s`),
  });
  const [photo, ...more] = found;
  if (photo === undefined) {
    state.items.clearUploadIntent(identifier);
    return null;
  }
  if (more.length > 0) {
    throw new ItemFailure(
      "reconcile",
      "DUPLICATE_ON_FLICKR",
      `Flickr holds ${found.length} photos tagged ${identifierTag(namespace, identifier)} (${found.map((f) => f.id).join(", ")}); heritage uploads nothing more for it`,
      false,
      `Delete the extra photo(s) on Flickr, keep ${photo.id}, then run again.`,
    );
  }
  // What the lost upload carried is what Flickr holds (the intent kept it); else the plan's fields.
  return adopt(ctx, run, photo, before?.intentFields ?? fields, licenseFirst);
}

/**
 * Record a photo found on Flickr as this item's upload, with the fields the upload carried.
 * `licenseFirst`: it went up private until its licence lands; its perms are recorded by the setPerms after the licence.
 */
function adopt(ctx: StepContext, run: ItemRun, photo: FoundPhoto, carried: FlickrFields, licenseFirst: boolean): string {
  const { state, log, runId } = ctx.deps;
  const identifier = run.item.identifier;
  state.transaction(() => {
    state.items.adoptPhoto(identifier, { photoId: photo.id, secret: photo.secret });
    // Perms that need a setPerms after the upload are recorded by that call (a later action of the plan).
    for (const group of uploadRecordedGroups(carried, licenseFirst)) state.items.recordPushed(identifier, group, groupSlice(carried, group), groupHash(carried, group));
  });
  log.write({ run: runId, method: "adopt", identifier, photo_id: photo.id, outcome: "ok" });
  return photo.id;
}

/**
 * Upload error 9 (dedup_check): the same bytes are on Flickr. Adopt that photo when it carries
 * this identifier's tag; when Flickr did not name it, look the identifier up. Null: the bytes
 * belong to another identifier (two rows, one scan), so the upload is sent without dedup_check.
 */
async function adoptDuplicate(ctx: StepContext, run: ItemRun, fields: FlickrFields, duplicateId: string | null, licenseFirst: boolean): Promise<string | null> {
  const identifier = run.item.identifier;
  const api: FlickrCall = (m, p) => ctx.call(m, p, { identifier });
  const photo = duplicateId ? await confirmPhoto(api, duplicateId, ctx.options.namespace, identifier) : null;
  if (photo) return adopt(ctx, run, photo, ctx.deps.state.items.get(identifier)?.intentFields ?? fields, licenseFirst);
  return duplicateId ? null : reconcile(ctx, run, fields, licenseFirst);
}

/** One send of the upload (with its retries): the photo, or Flickr's error 9 under dedup_check. */
type Sent = { uploaded: Uploaded } | { duplicate: ClassifiedError };

export async function upload(ctx: StepContext, run: ItemRun, action: UploadAction, copy: PreparedCopy): Promise<Uploaded> {
  const { log, runId } = ctx.deps;
  const identifier = run.item.identifier;
  // dedup_check: a repeat of bytes already on Flickr is refused (error 9) rather than stored twice.
  const params: UploadParams = { ...action.params, dedup_check: 1 };
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const first = await send(ctx, run, action, copy, params);
  if ("uploaded" in first) return first.uploaded;
  // Flickr refused bytes it already holds. Ours (adopt), or another row's scan (send again
  // without dedup_check). This is outside the upload's retries on purpose: what the look-up
  // throws (DUPLICATE_ON_FLICKR, LOOKUP_UNSURE, a failed read, a run stop) is the item's
  // failure as it is, never taken for an upload whose outcome is unknown.
  const c = first.duplicate;
  log.write({ run: runId, method: "upload", identifier, photo_id: c.duplicatePhotoId ?? null, outcome: "duplicate", code: errorCode(c), message: c.message });
  const adopted = await adoptDuplicate(ctx, run, action.fields, c.duplicatePhotoId ?? null, action.licenseFirst ?? false);
  if (adopted) return { photoId: adopted, adopted: true };
  delete params.dedup_check;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const second = await send(ctx, run, action, copy, params);
  if ("uploaded" in second) return second.uploaded;
  throw new ItemFailure("upload", errorCode(second.duplicate), second.duplicate.message, false); // not reached: error 9 needs dedup_check
}

async function send(ctx: StepContext, run: ItemRun, action: UploadAction, copy: PreparedCopy, params: UploadParams): Promise<Sent> {
  const { state, log, runId, progress } = ctx.deps;
  const identifier = run.item.identifier;
  const entry = { run: runId, method: "upload", identifier };
  return retryCall<Sent>(
    async () => {
      state.transaction(() => {
        state.items.recordSource(identifier, copy.source);
        state.items.recordUploadIntent(identifier, { copySha256: copy.sha256, fields: action.fields });
      });
      progress.event({ stage: "uploading", identifier, status: "started" });
      let result;
      try {
        result = await ctx.deps.flickr.upload(copy.path, params, identifier);
      } catch (err) {
        // Error 9 is an answer: nothing was created. The intent stays while the duplicate is looked at.
        const c = params.dedup_check ? ctx.deps.classify(err, "upload") : null;
        if (c?.code === 9) return { duplicate: c };
        throw err;
      }
      state.items.recordUploaded(identifier, {
        photoId: result.id,
        secret: result.secret,
        // Perms that need a setPerms after the upload are recorded by that call, once it succeeded.
        pushed: Object.fromEntries(uploadRecordedGroups(action.fields, action.licenseFirst).map((g) => [g, { hash: groupHash(action.fields, g), value: groupSlice(action.fields, g) }])),
      });
      log.write({ ...entry, photo_id: result.id, outcome: "ok" });
      return { uploaded: { photoId: result.id, adopted: false } };
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
          state.items.clearUploadIntent(identifier);
          ctx.halt(stop);
        }
        // Flickr answered: nothing was created.
        if (c.kind !== "unknown-outcome") state.items.clearUploadIntent(identifier);
      },
      // The photo may be on Flickr: find out before anything is uploaded again.
      onUnknownOutcome: async () => {
        const adopted = await reconcile(ctx, run, action.fields, action.licenseFirst);
        return adopted ? { uploaded: { photoId: adopted, adopted: true } } : null;
      },
      giveUp: (c) => new ItemFailure("upload", errorCode(c), c.message, c.kind !== "permanent"),
    },
  );
}

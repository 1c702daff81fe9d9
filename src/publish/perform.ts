/**
 * Sending the calls a plan action carries, exactly as planned: the photo id slot is filled with
 * the id the upload returned, and an error that the method table says means "already as wanted"
 * (delete: already gone) counts as success. Nothing here chooses a method.
 */
import { isAlreadyDone } from "../flickr/methods.js";
import { resolvePhoto, type PlannedCall } from "../plan/calls.js";
import { ApiError } from "./api.js";
import type { FlickrAnswer, ItemRun, StepContext } from "./execute-types.js";

/** The photo id a call is about; the upload comes first in a plan, so a missing one is a bug. */
export function photoFor(call: PlannedCall, run: ItemRun): string | null {
  if (!call.photo) return null;
  const id = resolvePhoto(call.photo, run.photoId);
  if (id === null) throw new Error(`${call.method} for ${run.item.identifier} needs the photo id from the upload, and there is none`);
  return id;
}

/** Send one planned call; resolves to Flickr's answer (null when the purpose was already met). */
export async function perform(ctx: StepContext, run: ItemRun, call: PlannedCall, extra: Record<string, string | number> = {}): Promise<FlickrAnswer> {
  const photoId = photoFor(call, run);
  const params: Record<string, string | number> = { ...call.params, ...extra };
  if (photoId !== null) params[call.photoParam ?? "photo_id"] = photoId;
  try {
    return await ctx.call(call.method, params, { identifier: run.item.identifier, photoId });
  } catch (err) {
    if (err instanceof ApiError && isAlreadyDone(call.method, err.classified.code)) return null;
    throw err;
  }
}

/** Send an action's calls in order; resolves to their answers. */
export async function performAll(ctx: StepContext, run: ItemRun, calls: readonly PlannedCall[]): Promise<FlickrAnswer[]> {
  const answers: FlickrAnswer[] = [];
  for (const call of calls) answers.push(await perform(ctx, run, call));
  return answers;
}

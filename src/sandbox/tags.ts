/**
 * Tags on a photo as Flickr keeps them (flickr-api.md §8): `raw` as sent (without the quotes),
 * the normalised form beside it (normalizeTag), one tag per normalised form (a second raw that
 * normalises the same is a no-op), the author, and a cap of 75 per photo. Every change keeps the
 * store's tag index in step.
 */
import { normalizeTag, parseMachineTag } from "../flickr/tag-syntax.js";
import { ApiError } from "./api/errors.js";
import type { AccountRecord, PhotoRecord, TagRecord } from "./model.js";
import { numericId, type SandboxStore } from "./store.js";

export const tooManyTags = (): ApiError => new ApiError(2, "Maximum number of tags reached");

/** The raw tags that would really be new on the photo (dropping repeats and empty normal forms). */
export function newTags(photo: PhotoRecord, raws: readonly string[]): string[] {
  const seen = new Set(photo.tags.map((t) => t.normalized));
  const out: string[] = [];
  for (const raw of raws) {
    const normalized = normalizeTag(raw);
    if (normalized === "" || seen.has(normalized)) continue;
    seen.add(normalized);
    out.push(raw);
  }
  return out;
}

function makeTag(store: SandboxStore, photo: PhotoRecord, raw: string, author: AccountRecord): TagRecord {
  const normalized = normalizeTag(raw);
  return {
    id: `${numericId(photo.owner)}-${photo.id}-${store.tagGlobalId(normalized)}`,
    author: author.nsid,
    authorname: author.username,
    raw,
    normalized,
    machineTag: parseMachineTag(raw) !== null,
  };
}

/**
 * Add tags, all or nothing: if the photo would end up with more than `max` tags, nothing is added
 * and error 2 is thrown (addTags' documented behaviour). Returns how many were added.
 */
export function addTags(store: SandboxStore, photo: PhotoRecord, raws: readonly string[], author: AccountRecord, max: number): number {
  const fresh = newTags(photo, raws);
  if (photo.tags.length + fresh.length > max) throw tooManyTags();
  for (const raw of fresh) {
    const tag = makeTag(store, photo, raw, author);
    photo.tags.push(tag);
    store.indexTag(tag.normalized, photo.id);
  }
  return fresh.length;
}

/**
 * Replace the tags the owner wrote with `raws` (setTags). Tags other users added survive: the
 * owner's call sets *their* list (a documented choice; Flickr's behaviour here is unconfirmed) —
 * unless `removesOthers` (the pessimistic realism switch): then the whole list is replaced.
 * More than `max` in total is error 2 and changes nothing.
 */
export function setOwnerTags(store: SandboxStore, photo: PhotoRecord, raws: readonly string[], owner: AccountRecord, max: number, removesOthers = false): void {
  const others = removesOthers ? [] : photo.tags.filter((t) => t.author !== owner.nsid);
  const kept = { ...photo, tags: others };
  const fresh = newTags(kept, raws);
  if (others.length + fresh.length > max) throw tooManyTags();
  for (const tag of photo.tags) store.unindexTag(tag.normalized, photo.id);
  photo.tags = others;
  for (const tag of others) store.indexTag(tag.normalized, photo.id);
  addTags(store, photo, fresh, owner, max);
}

/** Remove one tag; returns false when the photo has no tag with that id. */
export function removeTag(store: SandboxStore, photo: PhotoRecord, tagId: string): boolean {
  const tag = photo.tags.find((t) => t.id === tagId);
  if (!tag) return false;
  photo.tags = photo.tags.filter((t) => t !== tag);
  store.unindexTag(tag.normalized, photo.id);
  return true;
}

/**
 * Albums in the plan (issue 12). A photo joins an existing album by being queued; the album is
 * then written in one photosets.editPhotos per batch (a "flush"): the album's current members are
 * read first (photosets.getPhotos, 500 a page, every page), so photos added by hand are kept,
 * and the whole ordered list is sent. editPhotos replaces the membership, so a flush never sends
 * a list it did not read just before; the read is in the plan, as a call like any other.
 *
 * A new album is still made by photosets.create with its first photo as the cover; every other
 * photo goes in by a flush. An album's calls per photo fall from 1 to about 2/N (N = --album-batch).
 */
import type { FlickrFields } from "../flickr/fields.js";
import type { PlannedCall, PhotoRef } from "./calls.js";
import type { Action, AlbumFlushPlan, PlanItem } from "./types.js";

/** Photos a flush reads per getPhotos page (Flickr's largest page). */
export const ALBUM_PAGE_SIZE = 500;

/** What the state believes of an album (from the album-members table). */
export interface AlbumMemberCounts {
  /** Photos the state believes are in it. */
  members: number;
  /** Photos queued for it by an earlier run and not yet sent (a run killed before its flush). */
  pending: number;
}

export type { AlbumFlushPlan } from "./types.js";

export interface AlbumPlanContext {
  /** Albums that exist on Flickr or that this plan creates (by title). */
  albumsCreated: Set<string>;
}

/**
 * The album actions of one item: a create (with this photo as the cover) for an album not made
 * yet, a queued add (no call of its own: the album's flush sends it) for one that is, and one
 * removePhoto per album the photo leaves.
 */
export function albumActions(fields: FlickrFields, pushedAlbums: readonly string[] | null, photo: PhotoRef, ctx: AlbumPlanContext): Action[] {
  const actions: Action[] = [];
  const before = new Set(pushedAlbums ?? []);
  for (const album of fields.albums) {
    if (before.has(album)) continue;
    const create = !ctx.albumsCreated.has(album);
    ctx.albumsCreated.add(album);
    const calls: PlannedCall[] = create ? [{ method: "flickr.photosets.create", params: { title: album }, photo, photoParam: "primary_photo_id" }] : [];
    actions.push({ kind: "album-add", album, create, calls });
  }
  for (const album of before) {
    if (!fields.albums.includes(album)) actions.push({ kind: "album-remove", album, calls: [{ method: "flickr.photosets.removePhoto", params: {}, photo, album }] });
  }
  return actions;
}

const read = (album: string, page: number): PlannedCall => ({ method: "flickr.photosets.getPhotos", params: { per_page: ALBUM_PAGE_SIZE, page }, photo: null, album });
const edit = (album: string): PlannedCall => ({ method: "flickr.photosets.editPhotos", params: {}, photo: null, album });

/**
 * One flush of `queued` photos into an album that will then hold `size` (as the state knows it):
 * the reads and one editPhotos, or — when that costs more — one addPhoto per photo (addPhoto
 * appends and never drops a photo, so it needs no read). The executor makes the same choice.
 */
export function flushCalls(album: string, queued: number, size: number): PlannedCall[] {
  const pages = albumPages(size);
  if (queued < pages + 1) return Array.from({ length: queued }, () => ({ method: "flickr.photosets.addPhoto", params: {}, photo: null, album }));
  return [...Array.from({ length: pages }, (_, i) => read(album, i + 1)), edit(album)];
}

/**
 * Whether an album is written now: once `batch` photos wait per page its read takes, so a
 * write's calls (its pages and one editPhotos) come to about 1/batch per photo however large
 * the album grows. `size` counts the album's photos as the state knows them, queued included.
 */
export function flushDue(waiting: number, size: number, batch: number): boolean {
  return waiting >= Math.max(1, Math.floor(batch)) * albumPages(size);
}

/** Pages of getPhotos an album of `size` photos takes. */
export const albumPages = (size: number): number => Math.max(1, Math.ceil(size / ALBUM_PAGE_SIZE));

/**
 * The album flushes of a run: one whenever `batch` photos per page of the album are queued
 * (see flushDue; those an earlier run left queued count first), and one at the end for the rest. Each reads the album's
 * pages as the state knows its size (hand-added photos may cost a page more; see perFinding).
 */
export function planAlbumFlushes(items: readonly PlanItem[], counts: ReadonlyMap<string, AlbumMemberCounts>, batch: number): AlbumFlushPlan[] {
  const queued = new Map<string, number>();
  const created = new Set<string>();
  for (const item of items) {
    for (const a of item.actions) {
      if (a.kind !== "album-add") continue;
      if (a.create) created.add(a.album);
      else queued.set(a.album, (queued.get(a.album) ?? 0) + 1);
    }
  }
  const albums = new Set([...queued.keys(), ...[...counts].filter(([, c]) => c.pending > 0).map(([a]) => a)]);
  const every = Math.max(1, Math.floor(batch));
  const plans: AlbumFlushPlan[] = [];
  for (const album of [...albums].sort()) {
    const known = counts.get(album) ?? { members: 0, pending: 0 };
    const total = known.pending + (queued.get(album) ?? 0);
    const base = known.members + (created.has(album) ? 1 : 0);
    const flushes: PlannedCall[][] = [];
    let size = base;
    let waiting = 0;
    for (let i = 0; i < total; i++) {
      size++;
      waiting++;
      if (flushDue(waiting, size, every)) {
        flushes.push(flushCalls(album, waiting, size));
        waiting = 0;
      }
    }
    if (waiting > 0) flushes.push(flushCalls(album, waiting, size));
    plans.push({ album, queued: queued.get(album) ?? 0, carried: known.pending, flushes });
  }
  return plans;
}

/** Said beside the count: a read's pages depend on what the album holds, which only the read tells. */
export const ALBUM_READ_PER_FINDING = `flickr.photosets.getPhotos: one more page per ${ALBUM_PAGE_SIZE} photos an album holds beyond what the state knows (photos added by hand or by another manifest)`;

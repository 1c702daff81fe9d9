/**
 * One album flush (issue 12): read the album's members as Flickr has them now, and send the
 * whole ordered list in one photosets.editPhotos. editPhotos *replaces* the membership, so the
 * list is built from a read made just before it (under the album's lock, so no other change of
 * ours comes between), and a read that does not add up (the album changed while it was paged)
 * sends nothing.
 *
 * Order: the catalogue's photos first, in manifest order, then the photos the catalogue did not
 * put there (added by hand, or by another manifest) in the order Flickr had them. Why there: the
 * catalogue's sequence stays unbroken however many rows come later, and the hand-added photos keep
 * their order among themselves; where one stood among the catalogue's photos has no meaning once
 * those are put in catalogue order. Nothing Flickr lists is ever left out, and a photo of ours
 * that Flickr no longer lists (taken out by hand, or deleted) is not put back.
 */
import { asArray } from "../flickr/json.js";
import { ALBUM_PAGE_SIZE } from "../plan/albums.js";
import type { AlbumMember } from "../state/album-members.js";

type Read = (method: string, params: Record<string, string | number>) => Promise<unknown>;

export interface LiveAlbum {
  primary: string | null;
  /** Photo ids in the album's order. */
  ids: string[];
}

interface PhotosPage {
  photoset?: { primary?: string | number; pages?: string | number; total?: string | number; photo?: { id: string | number } | { id: string | number }[] };
}

/** The album's members: every page of photosets.getPhotos; throws when the pages do not add up to the total. */
export async function readAlbumMembers(call: Read, photosetId: string, userId: string | null): Promise<LiveAlbum> {
  for (let attempt = 0; ; attempt++) {
    const ids: string[] = [];
    let primary: string | null = null;
    let total = 0;
    for (let page = 1; ; page++) {
      const params: Record<string, string | number> = { photoset_id: photosetId, per_page: ALBUM_PAGE_SIZE, page };
      if (userId) params.user_id = userId;
      const res = (await call("flickr.photosets.getPhotos", params)) as PhotosPage | null;
      const set = res?.photoset;
      if (set?.primary !== undefined) primary = String(set.primary);
      total = Number(set?.total ?? 0);
      for (const p of asArray(set?.photo)) ids.push(String(p.id));
      if (page >= Number(set?.pages ?? 1)) break;
    }
    const unique = [...new Set(ids)];
    if (unique.length === total) return { primary, ids: unique };
    // The album changed between pages (or Flickr lists fewer than it counts): a list sent from
    // this read could drop a photo. Read once more; then give up rather than guess.
    if (attempt >= 1) throw new Error(`the album's pages list ${unique.length} photos but its total is ${total}`);
  }
}

export interface FlushList {
  /** The ordered membership to send. */
  ids: string[];
  primary: string;
  /** Queued photos this list puts in the album. */
  added: AlbumMember[];
  /** Members the state knew that Flickr no longer lists (removed by hand or deleted): forgotten, not put back. */
  gone: AlbumMember[];
  /** Nothing would change: every queued photo is there already, in this order. */
  unchanged: boolean;
}

/** The list a flush sends: `ours` is every photo the state put or queued in the album, in catalogue order. */
export function flushList(live: LiveAlbum, ours: readonly AlbumMember[]): FlushList {
  const onFlickr = new Set(live.ids);
  const mine = new Set(ours.map((m) => m.photoId));
  const kept = ours.filter((m) => m.state === "pending" || onFlickr.has(m.photoId));
  const gone = ours.filter((m) => m.state === "member" && !onFlickr.has(m.photoId));
  const ids = [...kept.map((m) => m.photoId), ...live.ids.filter((id) => !mine.has(id))];
  const primary = live.primary !== null && onFlickr.has(live.primary) ? live.primary : ids[0]!;
  const unchanged = ids.length === live.ids.length && ids.every((id, i) => live.ids[i] === id);
  return { ids, primary, added: ours.filter((m) => m.state === "pending"), gone, unchanged };
}

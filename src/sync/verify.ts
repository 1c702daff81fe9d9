/**
 * sync --verify: what was edited on flickr.com since heritage last pushed? The account's photos
 * are read in pages of 500 with the extras that carry the fields, the managed albums' members
 * likewise, and each published item's pushed values are compared with what Flickr holds.
 * Tags other people added are normal on Flickr Commons and are not drift; a tag heritage pushed
 * that is gone is.
 */
import type { ItemDrift } from "../plan/types.js";
import type { ItemState, StateStore } from "../state/store.js";
import { compareLive } from "./compare.js";
import { readAccountPhotos, readAlbumMembership, withAlbums, type LivePhoto } from "./live.js";
import type { FlickrCall } from "../flickr/port.js";

export interface DriftReport {
  drift: Map<string, ItemDrift>;
  /** Photos read, for the report. */
  checked: number;
  /** Tags added on Flickr (by anyone), by identifier: information, not drift. */
  addedTags: Map<string, string[]>;
}

function published(items: ItemState[]): ItemState[] {
  return items.filter((i) => i.photoId !== null && i.upload === "done" && (i.status === "published" || i.status === "failed"));
}

export async function detectDrift(call: FlickrCall, store: StateStore, owner: string): Promise<DriftReport> {
  const items = published(store.items.list());
  const live = await readAccountPhotos(call);
  const albums = store.albums.list().filter((a) => a.state === "created" && a.photosetId).map((a) => ({ title: a.title, photosetId: a.photosetId! }));
  if (albums.length) withAlbums(live, await readAlbumMembership(call, owner, albums));
  return compareWithLive(items, live, async (photoId) => {
    try {
      await call("flickr.photos.getInfo", { photo_id: photoId });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 1) return false;
      throw err;
    }
  });
}

/** Pure comparison, with a confirmation call for photos the listing lacks. */
export async function compareWithLive(items: ItemState[], live: Map<string, LivePhoto>, exists: (photoId: string) => Promise<boolean>): Promise<DriftReport> {
  const drift = new Map<string, ItemDrift>();
  const addedTags = new Map<string, string[]>();
  for (const item of items) {
    const photo = live.get(item.photoId!);
    if (!photo) {
      // Not in the listing: confirm before calling it gone (a listing can lag).
      if (!(await exists(item.photoId!))) drift.set(item.identifier, { missing: true, groups: [] });
      continue;
    }
    const diffs = compareLive(item.pushed, photo);
    const groups = [];
    for (const d of diffs) {
      if (d.group === "tags") {
        const added = d.details.filter((x) => x.startsWith("tags added"));
        if (added.length) addedTags.set(item.identifier, added);
        const removed = d.details.filter((x) => x.startsWith("tags removed"));
        if (removed.length === 0) continue;
        groups.push({ ...d, details: removed });
      } else {
        groups.push(d);
      }
    }
    if (groups.length) drift.set(item.identifier, { missing: false, groups });
  }
  return { drift, checked: items.length, addedTags };
}

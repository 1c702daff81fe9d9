/**
 * After a sync writes, it reads back what it changed — in pages of 500 from
 * flickr.photos.recentlyUpdated, not one getInfo per photo — and reports any field that did not
 * land as sent.
 */
import type { StateStore } from "../state/store.js";
import { compareLive } from "./compare.js";
import { readAlbumMembership, readRecentlyUpdated, withAlbums, type ReadCall } from "./live.js";

export interface ReadBackMismatch {
  identifier: string;
  photoId: string;
  details: string[];
}

export async function readBack(call: ReadCall, store: StateStore, changed: ReadonlySet<string>, since: number, owner: string): Promise<ReadBackMismatch[]> {
  if (changed.size === 0) return [];
  const items = store.listItems().filter((i) => changed.has(i.identifier) && i.photoId);
  // A minute of slack for clock differences between here and Flickr.
  const live = await readRecentlyUpdated(call, since - 60);
  const albumTitles = new Set(items.flatMap((i) => (i.pushed.albums?.value.albums as string[] | undefined) ?? []));
  const albums = store.listAlbums().filter((a) => a.photosetId && albumTitles.has(a.title)).map((a) => ({ title: a.title, photosetId: a.photosetId! }));
  if (albums.length) withAlbums(live, await readAlbumMembership(call, owner, albums));
  const out: ReadBackMismatch[] = [];
  for (const item of items) {
    const photo = live.get(item.photoId!);
    if (!photo) {
      out.push({ identifier: item.identifier, photoId: item.photoId!, details: ["not among the recently updated photos: Flickr may not have applied the change"] });
      continue;
    }
    const diffs = compareLive(item.pushed, photo).flatMap((d) => (d.group === "tags" ? d.details.filter((x) => x.startsWith("tags removed")) : d.details));
    if (diffs.length) out.push({ identifier: item.identifier, photoId: item.photoId!, details: diffs });
  }
  return out;
}

/**
 * After a sync writes, it reads back what it changed — in pages of 500 from
 * flickr.photos.recentlyUpdated, not one getInfo per photo — and reports any field that did not
 * land as sent.
 */
import type { FieldGroup } from "../flickr/fields.js";
import type { StateStore } from "../state/store.js";
import { compareGroup, VERIFIABLE_GROUPS } from "./compare.js";
import { readAlbumMembership, readRecentlyUpdated, withAlbums } from "./live.js";
import type { FlickrCall } from "../flickr/port.js";

export interface ReadBackMismatch {
  identifier: string;
  photoId: string;
  details: string[];
}

/**
 * Read back the groups each item had sent in this run (`changed`: identifier → groups) and
 * report the fields that did not land. Album members are read only when albums were changed.
 */
export async function readBack(call: FlickrCall, store: StateStore, changed: ReadonlyMap<string, ReadonlySet<FieldGroup>>, since: number, owner: string): Promise<ReadBackMismatch[]> {
  if (changed.size === 0) return [];
  const items = store.items.list().filter((i) => changed.has(i.identifier) && i.photoId);
  // A minute of slack for clock differences between here and Flickr.
  const live = await readRecentlyUpdated(call, since - 60);
  const albumTitles = new Set(items.filter((i) => changed.get(i.identifier)!.has("albums")).flatMap((i) => (i.pushed.albums?.value.albums as string[] | undefined) ?? []));
  const albums = store.albums.list().filter((a) => a.photosetId && albumTitles.has(a.title)).map((a) => ({ title: a.title, photosetId: a.photosetId! }));
  if (albums.length) withAlbums(live, await readAlbumMembership(call, owner, albums));
  const out: ReadBackMismatch[] = [];
  for (const item of items) {
    const photo = live.get(item.photoId!);
    if (!photo) {
      out.push({ identifier: item.identifier, photoId: item.photoId!, details: ["not among the recently updated photos: Flickr may not have applied the change"] });
      continue;
    }
    const groups = changed.get(item.identifier)!;
    const diffs = VERIFIABLE_GROUPS.filter((g) => groups.has(g) && item.pushed[g])
      .map((g) => compareGroup(g, item.pushed[g]!.value, photo))
      .flatMap((d) => (d === null ? [] : d.group === "tags" ? d.details.filter((x) => x.startsWith("tags removed")) : d.details));
    if (diffs.length) out.push({ identifier: item.identifier, photoId: item.photoId!, details: diffs });
  }
  return out;
}

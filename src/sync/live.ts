/**
 * Reading what Flickr holds now, in as few calls as possible: list calls return 500 photos with
 * the extras heritage needs (description, licence, dates, geo, tags), so verifying 5,000 photos
 * costs 10 calls, not 5,000 getInfo calls. Albums come from the album lists. What list extras
 * cannot tell (safety level, hidden, content type, raw tag spelling) is not compared.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { asArray } from "../flickr/json.js";

export type ReadCall = (method: string, params: Record<string, string | number>) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The live fields of one photo, as far as list extras reveal them. */
export interface LivePhoto {
  id: string;
  title: string;
  description: string;
  license_id: number;
  date_taken: string | null;
  date_taken_granularity: number | null;
  /** Normalised tags (the `tags` extra), machine tags included. */
  tags: string[];
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  is_public: 0 | 1;
  lastUpdate: number;
  /** Titles of the albums (of those asked about) that hold the photo. */
  albums: string[];
}

export const LIST_EXTRAS = "description,license,date_taken,geo,tags,machine_tags,last_update";


const text = (v: unknown): string => (v && typeof v === "object" ? String((v as { _content?: unknown })._content ?? "") : String(v ?? ""));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function livePhotoFromList(p: any): LivePhoto {
  const lat = Number(p.latitude ?? 0);
  const lon = Number(p.longitude ?? 0);
  const accuracy = Number(p.accuracy ?? 0);
  const geo = accuracy > 0 || lat !== 0 || lon !== 0;
  const unknown = String(p.datetakenunknown ?? "0") === "1";
  const machine = String(p.machine_tags ?? "").split(/\s+/).filter(Boolean);
  const tags = [...new Set([...String(p.tags ?? "").split(/\s+/).filter(Boolean), ...machine])];
  return {
    id: String(p.id),
    title: text(p.title),
    description: text(p.description),
    license_id: Number(p.license ?? 0),
    date_taken: unknown || !p.datetaken ? null : String(p.datetaken),
    date_taken_granularity: unknown || p.datetakengranularity === undefined ? null : Number(p.datetakengranularity),
    tags,
    latitude: geo ? lat : null,
    longitude: geo ? lon : null,
    accuracy: geo ? accuracy : null,
    is_public: Number(p.ispublic ?? 1) === 1 ? 1 : 0,
    lastUpdate: Number(p.lastupdate ?? 0),
    albums: [],
  };
}

async function pages(call: ReadCall, method: string, params: Record<string, string | number>, into: Map<string, LivePhoto>): Promise<number> {
  let calls = 0;
  for (let page = 1; ; page++) {
    const res = await call(method, { ...params, extras: LIST_EXTRAS, per_page: 500, page });
    calls++;
    const list = res?.photos;
    for (const p of asArray(list?.photo)) into.set(String(p.id), livePhotoFromList(p));
    if (page >= Number(list?.pages ?? 1)) break;
  }
  return calls;
}

/** Every photo of the account (people.getPhotos has no 4,000-result cap). */
export async function readAccountPhotos(call: ReadCall): Promise<Map<string, LivePhoto>> {
  const out = new Map<string, LivePhoto>();
  await pages(call, "flickr.people.getPhotos", { user_id: "me" }, out);
  return out;
}

/** Photos changed since `since` (Unix seconds): the batched read-back after a sync. */
export async function readRecentlyUpdated(call: ReadCall, since: number): Promise<Map<string, LivePhoto>> {
  const out = new Map<string, LivePhoto>();
  await pages(call, "flickr.photos.recentlyUpdated", { min_date: since }, out);
  return out;
}

/** Which of the given albums (by photoset id) hold which photos. */
export async function readAlbumMembership(call: ReadCall, owner: string, albums: readonly { title: string; photosetId: string }[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  for (const album of albums) {
    for (let page = 1; ; page++) {
      let res;
      try {
        res = await call("flickr.photosets.getPhotos", { photoset_id: album.photosetId, user_id: owner, per_page: 500, page });
      } catch (err) {
        // An album deleted on Flickr holds nothing.
        if ((err as { code?: number }).code === 1) break;
        throw err;
      }
      for (const p of asArray(res?.photoset?.photo) as { id: string }[]) members.set(String(p.id), [...(members.get(String(p.id)) ?? []), album.title]);
      if (page >= Number(res?.photoset?.pages ?? 1)) break;
    }
  }
  return members;
}

export function withAlbums(photos: Map<string, LivePhoto>, members: Map<string, string[]>): void {
  for (const [id, photo] of photos) photo.albums = members.get(id) ?? [];
}

/** The slice of FlickrFields a live photo can be compared on. */
export type LiveFields = Pick<FlickrFields, "title" | "description" | "license_id" | "date_taken" | "date_taken_granularity" | "latitude" | "longitude" | "accuracy" | "is_public" | "albums">;

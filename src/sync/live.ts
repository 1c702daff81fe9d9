/**
 * Reading what Flickr holds now, in as few calls as possible: list calls return 500 photos with
 * the extras heritage needs (description, licence, dates, geo, tags), so verifying 5,000 photos
 * costs 10 calls, not 5,000 getInfo calls. Albums come from the album lists. What list extras
 * cannot tell (safety level, hidden, content type, raw tag spelling) is not compared.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { flickrReads, type FlickrCall, type ListedPhoto, type PhotoListMethod } from "../flickr/port.js";


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


/** A listed photo (with LIST_EXTRAS) as heritage compares it; a field without its extra reads as unset. */
export function livePhotoFromList(p: ListedPhoto): LivePhoto {
  const { latitude = 0, longitude = 0, accuracy = 0 } = p.geo ?? {};
  const geo = accuracy > 0 || latitude !== 0 || longitude !== 0;
  const taken = p.taken && !p.taken.unknown ? p.taken : null;
  return {
    id: p.id,
    title: p.title ?? "",
    description: p.description ?? "",
    license_id: p.license ?? 0,
    date_taken: taken?.date ?? null,
    date_taken_granularity: taken ? taken.granularity : null,
    tags: [...new Set([...(p.tags ?? []), ...(p.machineTags ?? [])])],
    latitude: geo ? latitude : null,
    longitude: geo ? longitude : null,
    accuracy: geo ? accuracy : null,
    is_public: p.isPublic === false ? 0 : 1,
    lastUpdate: p.lastUpdate ?? 0,
    albums: [],
  };
}

async function pages(call: FlickrCall, method: PhotoListMethod, params: Record<string, string | number>, into: Map<string, LivePhoto>): Promise<number> {
  const api = flickrReads(call);
  let calls = 0;
  for (let page = 1; ; page++) {
    const list = await api.photoPage(method, { ...params, extras: LIST_EXTRAS, per_page: 500, page });
    calls++;
    for (const p of list.photos) into.set(p.id, livePhotoFromList(p));
    if (page >= list.pages) break;
  }
  return calls;
}

/** Every photo of the account (people.getPhotos has no 4,000-result cap). */
export async function readAccountPhotos(call: FlickrCall): Promise<Map<string, LivePhoto>> {
  const out = new Map<string, LivePhoto>();
  await pages(call, "flickr.people.getPhotos", { user_id: "me" }, out);
  return out;
}

/** Photos changed since `since` (Unix seconds): the batched read-back after a sync. */
export async function readRecentlyUpdated(call: FlickrCall, since: number): Promise<Map<string, LivePhoto>> {
  const out = new Map<string, LivePhoto>();
  await pages(call, "flickr.photos.recentlyUpdated", { min_date: since }, out);
  return out;
}

/** Which of the given albums (by photoset id) hold which photos. */
export async function readAlbumMembership(call: FlickrCall, owner: string, albums: readonly { title: string; photosetId: string }[]): Promise<Map<string, string[]>> {
  const api = flickrReads(call);
  const members = new Map<string, string[]>();
  for (const album of albums) {
    for (let page = 1; ; page++) {
      let list;
      try {
        list = await api.photoPage("flickr.photosets.getPhotos", { photoset_id: album.photosetId, user_id: owner, per_page: 500, page });
      } catch (err) {
        // An album deleted on Flickr holds nothing.
        if ((err as { code?: number }).code === 1) break;
        throw err;
      }
      for (const p of list.photos) members.set(p.id, [...(members.get(p.id) ?? []), album.title]);
      if (page >= list.pages) break;
    }
  }
  return members;
}

export function withAlbums(photos: Map<string, LivePhoto>, members: Map<string, string[]>): void {
  for (const [id, photo] of photos) photo.albums = members.get(id) ?? [];
}

/** The slice of FlickrFields a live photo can be compared on. */
export type LiveFields = Pick<FlickrFields, "title" | "description" | "license_id" | "date_taken" | "date_taken_granularity" | "latitude" | "longitude" | "accuracy" | "is_public" | "albums">;

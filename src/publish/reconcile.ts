/**
 * Finding a photo on Flickr by its identifier machine tag — the heart of exactly-once. After an
 * upload whose answer was lost (timeout, dropped connection, crash), the photo may or may not be
 * on Flickr. Search finds candidates (Flickr matches machine tags on their normalised form, so
 * "A-1" and "A1" look alike there); getInfo's `raw` tags confirm the exact identifier.
 */
import { asArray } from "../flickr/json.js";
import { identifierTag, identifierTagQuery } from "../map/identifier-tag.js";

export type ReadApi = (method: string, params: Record<string, string | number>) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FoundPhoto {
  id: string;
  secret: string | null;
  dateUploaded: number | null;
}


export async function findPhotosByIdentifier(api: ReadApi, namespace: string, identifier: string): Promise<FoundPhoto[]> {
  const wanted = identifierTag(namespace, identifier);
  const found: FoundPhoto[] = [];
  const search = await api("flickr.photos.search", {
    user_id: "me",
    machine_tags: identifierTagQuery(namespace, identifier),
    per_page: 100,
    extras: "date_upload",
  });
  for (const candidate of asArray(search?.photos?.photo) as { id: string }[]) {
    const info = await api("flickr.photos.getInfo", { photo_id: candidate.id });
    const tags = asArray(info?.photo?.tags?.tag) as { raw?: string }[];
    if (tags.some((t) => t.raw === wanted)) {
      found.push({
        id: String(info.photo.id),
        secret: info.photo.secret ? String(info.photo.secret) : null,
        dateUploaded: info.photo.dateuploaded ? Number(info.photo.dateuploaded) : null,
      });
    }
  }
  // Oldest first: if Flickr holds two, the first one is the one to keep.
  return found.sort((a, b) => (a.dateUploaded ?? 0) - (b.dateUploaded ?? 0) || Number(a.id) - Number(b.id));
}

/**
 * The sandbox seen from outside the API: every photo with all its fields (for `/sandbox/photos`
 * and `Sandbox.photos()`), and edits "made on flickr.com" (`Sandbox.editPhoto`) that drift tests
 * use to change a photo behind the pipeline's back. Neither counts as an API call.
 */
import { parseTakenDate } from "./dates.js";
import { licenseById } from "../flickr/licenses.js";
import type { AccountRecord, GeoRecord, PhotoRecord } from "./model.js";
import { addTags, removeTag } from "./tags.js";
import type { SandboxStore } from "./store.js";
import { normalizeTag } from "../flickr/tag-syntax.js";

export interface InspectedPhoto extends PhotoRecord {
  ownerUsername: string;
  /** Albums holding the photo, in no particular order. */
  albums: { id: string; title: string; primary: boolean; position: number }[];
}

/** Every photo, oldest first, as plain copies (changing them changes nothing). */
export function inspectPhotos(store: SandboxStore): InspectedPhoto[] {
  const albums = new Map<string, InspectedPhoto["albums"]>();
  for (const set of store.photosets.values()) {
    set.photos.forEach((id, position) => {
      let list = albums.get(id);
      if (!list) albums.set(id, (list = []));
      list.push({ id: set.id, title: set.title, primary: set.primary === id, position });
    });
  }
  return [...store.photos.values()].map((photo) =>
    structuredClone({ ...photo, ownerUsername: store.accounts.get(photo.owner)?.username ?? "", albums: albums.get(photo.id) ?? [] }),
  );
}

/** A change made on flickr.com rather than through the API. */
export interface PhotoEdit {
  title?: string;
  description?: string;
  /** Any licence id, 7 included (the website is not bound by setLicense's rules). */
  license?: number;
  /** Tags to add, by `tagsAuthor` (default: another Flickr user). */
  addTags?: readonly string[];
  /** NSID of the account adding the tags. */
  tagsAuthor?: string;
  /** Tags to remove, by raw or normalised text, whoever added them. */
  removeTags?: readonly string[];
  dateTaken?: string;
  dateTakenGranularity?: number;
  geo?: GeoRecord | null;
  isPublic?: 0 | 1;
  safetyLevel?: 1 | 2 | 3;
  contentType?: 1 | 2 | 3 | 4;
  hidden?: 1 | 2;
  /** Delete the photo (it leaves its albums too). */
  delete?: true;
}

/**
 * Apply an edit; returns the photo afterwards (null once deleted). `visitor` supplies the account
 * that adds tags when `tagsAuthor` is not given. Throws a plain Error for an unknown photo or a
 * bad value: this is a test-setup mistake, not something to report to a user.
 */
export function editPhoto(store: SandboxStore, id: string, edit: PhotoEdit, nowSeconds: number, maxTags: number, visitor: () => AccountRecord): InspectedPhoto | null {
  const photo = store.photos.get(id);
  if (!photo) throw new Error(`editPhoto: no photo ${id}`);
  if (edit.delete) {
    store.deletePhoto(id, nowSeconds);
    store.flush();
    return null;
  }
  if (edit.license !== undefined && !licenseById(edit.license)) throw new Error(`editPhoto: no licence ${edit.license}`);
  let taken: string | undefined;
  if (edit.dateTaken !== undefined) {
    taken = parseTakenDate(edit.dateTaken)?.text;
    if (taken === undefined) throw new Error(`editPhoto: bad date ${edit.dateTaken}`);
  }
  if (edit.title !== undefined) photo.title = edit.title;
  if (edit.description !== undefined) photo.description = edit.description;
  if (edit.license !== undefined) photo.license = edit.license;
  if (taken !== undefined) Object.assign(photo, { taken, takenUnknown: 0 });
  if (edit.dateTakenGranularity !== undefined) photo.takenGranularity = edit.dateTakenGranularity;
  if (edit.geo !== undefined) photo.geo = edit.geo === null ? null : { ...edit.geo };
  if (edit.isPublic !== undefined) photo.isPublic = edit.isPublic;
  if (edit.safetyLevel !== undefined) photo.safetyLevel = edit.safetyLevel;
  if (edit.contentType !== undefined) photo.contentType = edit.contentType;
  if (edit.hidden !== undefined) photo.hidden = edit.hidden;
  for (const text of edit.removeTags ?? []) {
    const normalized = normalizeTag(text);
    for (const tag of photo.tags.filter((t) => t.raw === text || t.normalized === normalized)) removeTag(store, photo, tag.id);
  }
  if (edit.addTags && edit.addTags.length > 0) {
    const author = edit.tagsAuthor === undefined ? visitor() : store.accounts.get(edit.tagsAuthor);
    if (!author) throw new Error(`editPhoto: no account ${edit.tagsAuthor}`);
    addTags(store, photo, edit.addTags, author, maxTags);
  }
  store.touchPhoto(photo, nowSeconds);
  store.flush();
  return inspectPhotos(store).find((p) => p.id === id) ?? null;
}

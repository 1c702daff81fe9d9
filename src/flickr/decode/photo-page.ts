/**
 * One page of a photo list: photos.search, people.getPhotos, photos.recentlyUpdated (under
 * `photos`) and photosets.getPhotos (under `photoset`), with the list extras heritage asks for.
 * page / pages / total come as numbers or numeric strings and are numbers here. A page that
 * says `total > 0` but holds no photo is kept as it is (Flickr's search has answered so): the
 * caller decides what it means.
 */
import { Fields } from "./fields.js";

export const PHOTO_LIST_METHODS = ["flickr.photos.search", "flickr.people.getPhotos", "flickr.photos.recentlyUpdated", "flickr.photosets.getPhotos"] as const;
export type PhotoListMethod = (typeof PHOTO_LIST_METHODS)[number];

export function isPhotoListMethod(method: string): method is PhotoListMethod {
  return (PHOTO_LIST_METHODS as readonly string[]).includes(method);
}

/** A photo as a list gives it; every field but the id comes only with its extra. */
export interface ListedPhoto {
  id: string;
  title: string | null;
  description: string | null;
  license: number | null;
  /** `date_upload` extra: Unix seconds. */
  dateUpload: number | null;
  lastUpdate: number | null;
  /** `date_taken` extra; `taken` null when Flickr marks it unknown. */
  taken: { date: string | null; granularity: number | null; unknown: boolean } | null;
  /** Normalised tags (`tags` extra), space-separated in Flickr's answer. */
  tags: string[] | null;
  /** Normalised machine tags (`machine_tags` extra). */
  machineTags: string[] | null;
  /** `geo` extra: 0/0 with accuracy 0 means "not geotagged". */
  geo: { latitude: number; longitude: number; accuracy: number } | null;
  isPublic: boolean | null;
}

export interface PhotoPage {
  page: number;
  pages: number;
  total: number;
  photos: ListedPhoto[];
}

const words = (s: string | null): string[] | null => (s === null ? null : s.split(/\s+/).filter(Boolean));

function listedPhoto(p: Fields): ListedPhoto {
  const hasDate = p.has("datetaken") || p.has("datetakenunknown");
  const unknown = p.flag("datetakenunknown", false);
  const hasGeo = p.has("latitude") || p.has("longitude");
  return {
    id: p.id("id"),
    title: p.optText("title"),
    description: p.optText("description"),
    license: p.optInt("license"),
    dateUpload: p.optInt("dateupload"),
    lastUpdate: p.optInt("lastupdate"),
    taken: hasDate ? { date: unknown ? null : p.optText("datetaken") || null, granularity: unknown ? null : p.optInt("datetakengranularity"), unknown } : null,
    tags: words(p.optText("tags")),
    machineTags: words(p.optText("machine_tags")),
    geo: hasGeo ? { latitude: p.optNum("latitude") ?? 0, longitude: p.optNum("longitude") ?? 0, accuracy: p.optInt("accuracy") ?? 0 } : null,
    isPublic: p.has("ispublic") ? p.flag("ispublic", true) : null,
  };
}

export function decodePhotoPage(method: PhotoListMethod, raw: unknown): PhotoPage {
  const list = Fields.of(method, raw).obj(method === "flickr.photosets.getPhotos" ? "photoset" : "photos");
  const page: PhotoPage = { page: list.int("page"), pages: list.int("pages"), total: list.int("total"), photos: list.list("photo").map(listedPhoto) };
  if (page.total < 0) list.fail("total", `is ${page.total}`);
  return page;
}

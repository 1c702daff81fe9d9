/**
 * flickr.photos.getInfo, as heritage reads it: the confirmed identity of a photo (its raw
 * machine tags), its licence, dates with their granularity, visibility and permissions,
 * location and description. Shapes follow the recorded Commons responses
 * (test/fixtures/flickr/getInfo.*.json): ids and dates as strings, `machine_tag` as 0/1 or
 * false/true, `location` only when geotagged, `permissions` only for the owner.
 */
import { Fields } from "./fields.js";

const METHOD = "flickr.photos.getInfo";

export interface InfoTag {
  /** Flickr's tag id (what removeTag takes). */
  id: string;
  /** NSID of whoever added it: other people's tags are theirs to keep. */
  author: string;
  /** As typed (`raw`): how heritage confirms its identifier tag. */
  raw: string;
  /** Flickr's normalised form (`_content`). */
  normalized: string;
  machine: boolean;
}

export interface PhotoInfo {
  id: string;
  secret: string | null;
  /** NSID of the owner: whose tags are whose (sync --replace-tags keeps only the owner's). */
  owner: string;
  title: string;
  description: string;
  license: number;
  /** Unix seconds. */
  dateUploaded: number | null;
  dates: {
    /** "YYYY-MM-DD hh:mm:ss" as Flickr stores it; null when Flickr marks it unknown. */
    taken: string | null;
    /** 0 exact, 4 month, 6 year, 8 circa; null when not given. */
    granularity: number | null;
    takenUnknown: boolean;
    lastUpdate: number | null;
  };
  visibility: { isPublic: boolean; isFriend: boolean; isFamily: boolean };
  /** Who may comment / add notes and tags (1–3); owner's view only, else null. */
  permissions: { comment: number; addMeta: number } | null;
  safetyLevel: number | null;
  tags: InfoTag[];
  location: { latitude: number; longitude: number; accuracy: number | null } | null;
}

function tagOf(t: Fields): InfoTag {
  return { id: t.id("id"), author: t.text("author"), raw: t.text("raw"), normalized: t.text("_content"), machine: t.flag("machine_tag", false) };
}

export function decodePhotoInfo(raw: unknown): PhotoInfo {
  const photo = Fields.of(METHOD, raw).obj("photo");
  const dates = photo.obj("dates");
  const takenUnknown = dates.flag("takenunknown", false);
  const visibility = photo.obj("visibility");
  const permissions = photo.optObj("permissions");
  const location = photo.optObj("location");
  const tags = photo.optObj("tags");
  return {
    id: photo.id("id"),
    secret: photo.optText("secret"),
    owner: photo.obj("owner").id("nsid"),
    title: photo.optText("title") ?? "",
    description: photo.optText("description") ?? "",
    license: photo.int("license"),
    dateUploaded: photo.optInt("dateuploaded"),
    dates: {
      taken: takenUnknown ? null : dates.optText("taken"),
      granularity: dates.optInt("takengranularity"),
      takenUnknown,
      lastUpdate: dates.optInt("lastupdate"),
    },
    visibility: { isPublic: visibility.flag("ispublic", false), isFriend: visibility.flag("isfriend", false), isFamily: visibility.flag("isfamily", false) },
    permissions: permissions ? { comment: permissions.int("permcomment"), addMeta: permissions.int("permaddmeta") } : null,
    safetyLevel: photo.optInt("safety_level"),
    tags: tags ? tags.list("tag").map(tagOf) : [],
    location: location ? { latitude: location.num("latitude"), longitude: location.num("longitude"), accuracy: location.optInt("accuracy") } : null,
  };
}

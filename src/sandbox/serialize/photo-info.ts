/**
 * flickr.photos.getInfo's JSON, built to match real responses (flickr-api.md §6 and the recorded
 * Commons responses in test/fixtures/flickr/): strings for ids, dates and counts, numbers for
 * flags and farms, `{"_content": …}` for text, 0-based `safety_level`, and `permissions`,
 * `geoperms` only for the owner.
 */
import type { AccountRecord, PhotoRecord, TagRecord } from "../model.js";
import { noteJson } from "./note.js";

/** getInfo reports safety 0 safe, 1 moderate, 2 restricted; setters and upload take 1–3. */
export const reportedSafetyLevel = (photo: PhotoRecord): number => photo.safetyLevel - 1;

/** Flickr converts TIFF uploads; the original it offers back is a JPEG (unconfirmed, documented choice). */
export function originalFormat(photo: PhotoRecord): string {
  return { jpeg: "jpg", png: "png", gif: "gif", tiff: "jpg" }[photo.file.format];
}

export function photoPageUrl(photo: PhotoRecord, owner: AccountRecord | undefined): string {
  return `https://www.flickr.com/photos/${owner?.pathAlias ?? photo.owner}/${photo.id}/`;
}

export function tagJson(tag: TagRecord): Record<string, unknown> {
  return {
    id: tag.id,
    author: tag.author,
    authorname: tag.authorname,
    raw: tag.raw,
    _content: tag.normalized,
    machine_tag: tag.machineTag ? 1 : 0,
  };
}

export function photoInfoJson(photo: PhotoRecord, owner: AccountRecord | undefined, viewerNsid: string | null): Record<string, unknown> {
  const isOwner = viewerNsid === photo.owner;
  const info: Record<string, unknown> = {
    id: photo.id,
    secret: photo.secret,
    server: photo.server,
    farm: photo.farm,
    dateuploaded: String(photo.posted),
    isfavorite: 0,
    license: String(photo.license),
    safety_level: String(reportedSafetyLevel(photo)),
    rotation: 0,
    originalsecret: photo.originalsecret,
    originalformat: originalFormat(photo),
    owner: {
      nsid: photo.owner,
      username: owner?.username ?? "",
      realname: owner?.realname ?? "",
      location: "",
      iconserver: owner?.iconServer ?? "0",
      iconfarm: owner?.iconFarm ?? 0,
      path_alias: owner?.pathAlias ?? null,
    },
    title: { _content: photo.title },
    description: { _content: photo.description },
    visibility: { ispublic: photo.isPublic, isfriend: photo.isFriend, isfamily: photo.isFamily },
    dates: {
      posted: String(photo.posted),
      taken: photo.taken,
      takengranularity: String(photo.takenGranularity),
      takenunknown: String(photo.takenUnknown),
      lastupdate: String(photo.lastUpdate),
    },
  };
  if (isOwner) info.permissions = { permcomment: String(photo.permComment), permaddmeta: String(photo.permAddMeta) };
  Object.assign(info, {
    views: String(photo.views),
    editability: { cancomment: isOwner ? 1 : 0, canaddmeta: isOwner ? 1 : 0 },
    publiceditability: { cancomment: 1, canaddmeta: photo.permAddMeta >= 3 ? 1 : 0 },
    usage: { candownload: 1, canblog: 0, canprint: 0, canshare: 1 },
    comments: { _content: String(photo.comments.length) },
    notes: { note: (photo.notes ?? []).map((n) => noteJson(n, photo.id)) },
    people: { haspeople: 0 },
    tags: { tag: photo.tags.map(tagJson) },
  });
  if (photo.geo) {
    info.location = {
      latitude: photo.geo.latitude,
      longitude: photo.geo.longitude,
      accuracy: String(photo.geo.accuracy),
      context: String(photo.geo.context),
    };
    if (isOwner) info.geoperms = { ispublic: 1, iscontact: 0, isfriend: 0, isfamily: 0 };
  }
  info.urls = { url: [{ type: "photopage", _content: photoPageUrl(photo, owner) }] };
  info.media = "photo";
  return info;
}

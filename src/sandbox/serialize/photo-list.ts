/**
 * Photo list entries (photos.search, people.getPhotos, recentlyUpdated, photosets.getPhotos) and
 * the `extras` they can carry. Each extra is a row of a table: the attributes it adds have other
 * names than the extra itself (flickr-api.md §4), so the table is the documentation.
 */
import type { AccountRecord, PhotoRecord } from "../model.js";
import { originalFormat } from "./photo-info.js";

type ExtraWriter = (photo: PhotoRecord, owner: AccountRecord | undefined, out: Record<string, unknown>) => void;

/** Static image sizes: extra name → Flickr's URL suffix and longest edge (square ones are cropped). */
const SIZES: Record<string, { suffix: string; edge: number; square?: boolean }> = {
  sq: { suffix: "_s", edge: 75, square: true },
  q: { suffix: "_q", edge: 150, square: true },
  t: { suffix: "_t", edge: 100 },
  s: { suffix: "_m", edge: 240 },
  n: { suffix: "_n", edge: 320 },
  w: { suffix: "_w", edge: 400 },
  m: { suffix: "", edge: 500 },
  z: { suffix: "_z", edge: 640 },
  c: { suffix: "_c", edge: 800 },
  l: { suffix: "_b", edge: 1024 },
};

export function staticUrl(photo: PhotoRecord, suffix: string, secret = photo.secret, ext = "jpg"): string {
  return `https://live.staticflickr.com/${photo.server}/${photo.id}_${secret}${suffix}.${ext}`;
}

function sizeWriter(name: string): ExtraWriter {
  const size = SIZES[name]!;
  return (photo, _owner, out) => {
    const { width, height } = photo.file;
    const long = Math.max(width, height);
    // Flickr never upscales: a size larger than the original is not offered.
    if (!size.square && size.edge > long) return;
    const scale = size.square ? 1 : size.edge / long;
    out[`url_${name}`] = staticUrl(photo, size.suffix);
    out[`height_${name}`] = size.square ? size.edge : Math.max(1, Math.round(height * scale));
    out[`width_${name}`] = size.square ? size.edge : Math.max(1, Math.round(width * scale));
  };
}

const EXTRAS: Record<string, ExtraWriter> = {
  description: (p, _o, out) => void (out.description = { _content: p.description }),
  license: (p, _o, out) => void (out.license = String(p.license)),
  date_upload: (p, _o, out) => void (out.dateupload = String(p.posted)),
  date_taken: (p, _o, out) =>
    void Object.assign(out, { datetaken: p.taken, datetakengranularity: p.takenGranularity, datetakenunknown: String(p.takenUnknown) }),
  owner_name: (_p, o, out) => void (out.ownername = o?.username ?? ""),
  icon_server: (_p, o, out) => void Object.assign(out, { iconserver: o?.iconServer ?? "0", iconfarm: o?.iconFarm ?? 0 }),
  original_format: (p, _o, out) => void Object.assign(out, { originalsecret: p.originalsecret, originalformat: originalFormat(p) }),
  last_update: (p, _o, out) => void (out.lastupdate = String(p.lastUpdate)),
  geo: (p, _o, out) => {
    Object.assign(out, {
      latitude: p.geo?.latitude ?? 0,
      longitude: p.geo?.longitude ?? 0,
      accuracy: String(p.geo?.accuracy ?? 0),
      context: p.geo?.context ?? 0,
    });
    if (p.geo) Object.assign(out, { geo_is_public: 1, geo_is_contact: 0, geo_is_friend: 0, geo_is_family: 0 });
  },
  // Both give normalised forms (the `raw` text is only in getInfo); machine tags are in `tags` too.
  tags: (p, _o, out) => void (out.tags = p.tags.map((t) => t.normalized).join(" ")),
  machine_tags: (p, _o, out) =>
    void (out.machine_tags = p.tags
      .filter((t) => t.machineTag)
      .map((t) => t.normalized)
      .join(" ")),
  o_dims: (p, _o, out) => void Object.assign(out, { o_width: String(p.file.width), o_height: String(p.file.height) }),
  views: (p, _o, out) => void (out.views = String(p.views)),
  // Undocumented but used by FlickrNet and Flickr4Java (flickr-api.md, "unconfirmed").
  count_faves: (p, _o, out) => void (out.count_faves = String(p.faves ?? 0)),
  count_comments: (p, _o, out) => void (out.count_comments = String(p.comments.length)),
  media: (_p, _o, out) => void Object.assign(out, { media: "photo", media_status: "ready" }),
  path_alias: (_p, o, out) => void (out.pathalias = o?.pathAlias ?? null),
  url_o: (p, _o, out) =>
    void Object.assign(out, {
      url_o: staticUrl(p, "_o", p.originalsecret, originalFormat(p)),
      height_o: p.file.height,
      width_o: p.file.width,
    }),
  ...Object.fromEntries(Object.keys(SIZES).map((name) => [`url_${name}`, sizeWriter(name)])),
};

/** The extras this sandbox knows (others are ignored, as Flickr ignores unknown extras). */
export const KNOWN_EXTRAS: readonly string[] = Object.keys(EXTRAS);

export function applyExtras(photo: PhotoRecord, owner: AccountRecord | undefined, extras: ReadonlySet<string>, out: Record<string, unknown>): void {
  for (const extra of extras) EXTRAS[extra]?.(photo, owner, out);
}

/** An entry of photos.search / people.getPhotos / recentlyUpdated. */
export function photoListItem(photo: PhotoRecord, owner: AccountRecord | undefined, extras: ReadonlySet<string>): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: photo.id,
    owner: photo.owner,
    secret: photo.secret,
    server: photo.server,
    farm: photo.farm,
    title: photo.title,
    ispublic: photo.isPublic,
    isfriend: photo.isFriend,
    isfamily: photo.isFamily,
  };
  applyExtras(photo, owner, extras, item);
  return item;
}

/** A page of a photo list, in Flickr's envelope. */
export function photoPage(items: Record<string, unknown>[], page: number, perPage: number, total: number): Record<string, unknown> {
  return { page, pages: Math.ceil(total / perPage), perpage: perPage, total, photo: items };
}

/**
 * The Flickr reads of a harvest, and what they mean: the listing page (people.getPhotos with the
 * counts), a photo's tags and notes by other people (getInfo), its comments (comments.getList).
 * Flickr's JSON varies in types (strings or numbers for counts) and leaves out empty lists;
 * everything is read defensively into plain records.
 */
import { asArray } from "../flickr/json.js";
import type { ContributionBody } from "../state/community.js";

export type Call = (method: string, params: Record<string, string | number>) => Promise<unknown>;

export interface ListedPhoto {
  id: string;
  lastUpdate: number;
  views: number;
  faves: number;
  /**
   * null when the listing did not carry `count_comments` (an undocumented extra: Flickr may stop
   * sending it); the harvest then takes the count from getInfo.
   */
  comments: number | null;
}

/** A contribution as read from Flickr, before harvest places it on a photo and triages it. */
export interface ReadContribution extends ContributionBody {
  extra: Record<string, unknown> | null;
}

export const PAGE_SIZE = 500;
export const LIST_EXTRAS = "last_update,views,count_faves,count_comments";

const num = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const content = (v: unknown): string => (v && typeof v === "object" ? str((v as { _content?: unknown })._content) : str(v));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** One listing page of the account's photos; `pages` says how many there are. */
export async function listPage(call: Call, nsid: string, page: number): Promise<{ photos: ListedPhoto[]; pages: number }> {
  const body = obj(obj(await call("flickr.people.getPhotos", { user_id: nsid, extras: LIST_EXTRAS, per_page: PAGE_SIZE, page })).photos);
  const photos = asArray(body.photo as unknown).map((p) => {
    const r = obj(p);
    return { id: str(r.id), lastUpdate: num(r.lastupdate), views: num(r.views), faves: num(r.count_faves), comments: r.count_comments === undefined ? null : num(r.count_comments) };
  });
  return { photos: photos.filter((p) => p.id), pages: num(body.pages) };
}

/** Tags and notes added by anyone but the owner, from getInfo; with the photo page and comment count. */
export async function readInfo(call: Call, photoId: string, owner: string): Promise<{ contributions: ReadContribution[]; pageUrl: string; comments: number }> {
  const photo = obj(obj(await call("flickr.photos.getInfo", { photo_id: photoId })).photo);
  const pageUrl = asArray(obj(photo.urls).url as unknown).map(obj).find((u) => u.type === "photopage");
  const page = pageUrl ? content(pageUrl) : `https://www.flickr.com/photos/${owner}/${photoId}/`;
  const out: ReadContribution[] = [];
  for (const t of asArray(obj(photo.tags).tag as unknown).map(obj)) {
    if (str(t.author) === owner || !str(t.id)) continue;
    out.push({ kind: "tag", flickrId: str(t.id), author: str(t.author), authorname: str(t.authorname), date: null, text: str(t.raw) || content(t), permalink: page, extra: t.machine_tag ? { machine_tag: true } : null });
  }
  for (const n of asArray(obj(photo.notes).note as unknown).map(obj)) {
    if (str(n.author) === owner || !str(n.id)) continue;
    const box = { x: num(n.x), y: num(n.y), w: num(n.w), h: num(n.h) };
    out.push({ kind: "note", flickrId: str(n.id), author: str(n.author), authorname: str(n.authorname), date: null, text: content(n), permalink: page, extra: box });
  }
  return { contributions: out, pageUrl: page, comments: num(content(photo.comments)) };
}

/** Every comment on a photo (the owner's own replies included: they are part of the record). */
export async function readComments(call: Call, photoId: string): Promise<ReadContribution[]> {
  const body = obj(obj(await call("flickr.photos.comments.getList", { photo_id: photoId })).comments);
  return asArray(body.comment as unknown)
    .map(obj)
    .filter((c) => str(c.id))
    .map((c) => ({ kind: "comment" as const, flickrId: str(c.id), author: str(c.author), authorname: str(c.authorname), date: num(c.datecreate) || null, text: content(c), permalink: str(c.permalink), extra: null }));
}

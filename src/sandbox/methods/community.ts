/**
 * The public, simulated: other Flickr members who comment on, tag, annotate, favourite and view
 * the collection's photos — ordinary visitors, knowledgeable ones, and spammers and trolls too.
 * Driven three ways, none of them an API call (nothing is counted against the quota):
 * - the library (`sandbox.community.add(...)`, `sandbox.community.crowd(n)`);
 * - `POST /sandbox/community` with a JSON body: one contribution `{photo_id, kind, author, text}`,
 *   a list of them, or `{crowd: n}`;
 * - a seeded random crowd acting at `--community RATE` contributions per hour of sandbox time.
 * The crowd's choices are keyed draws of the sandbox seed, so a seeded sandbox replays them.
 * The public respects the photo's permissions: no comments when perm_comment is 0 (nobody), no
 * tags or notes when perm_addmeta is 0.
 */
import type { SandboxStore } from "../store.js";
import type { SeededRandom } from "../random.js";
import type { AccountRecord, PhotoRecord } from "../model.js";
import { addTags } from "../tags.js";
import { addNote, type NoteBox } from "./notes.js";

export const COMMUNITY_KINDS = ["comment", "tag", "note", "fave", "view"] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

export interface CommunityInput {
  photo_id: string;
  kind: CommunityKind;
  /** A username or NSID; an unknown username becomes a new (non-Commons) account. @default "a flickr.com visitor" */
  author?: string;
  /** Comment text, tag (raw) or note text. */
  text?: string;
  /** A note's box. @default 10,10,100,50 */
  note?: Partial<NoteBox>;
  /** Views to add (kind "view"). @default 1 */
  count?: number;
}

export interface CommunityResult {
  kind: CommunityKind;
  photo_id: string;
  /** The comment id, full tag id or note id; null for faves and views. */
  id: string | null;
  author: string;
}

/** A mistake in the request (unknown photo, kind, missing text): answered with HTTP 400. */
export class CommunityInputError extends Error {}

export interface CommunityControls {
  add(input: CommunityInput): CommunityResult;
  /** `n` random contributions by the crowd, now. */
  crowd(n: number): CommunityResult[];
}

function authorFor(store: SandboxStore, name: string | undefined, now: number): AccountRecord {
  const wanted = name?.trim() || "a flickr.com visitor";
  const found = store.accounts.get(wanted) ?? [...store.accounts.values()].find((a) => a.username === wanted);
  return found ?? store.createAccount({ username: wanted, commons: false }, now);
}

function requireText(input: CommunityInput): string {
  const text = typeof input.text === "string" ? input.text.trim() : "";
  if (!text) throw new CommunityInputError(`a ${input.kind} needs "text"`);
  return text;
}

/** One contribution by a member of the public. */
export function addContribution(store: SandboxStore, input: CommunityInput, now: number, maxTags: number): CommunityResult {
  if (!input || typeof input !== "object") throw new CommunityInputError("expected a JSON object");
  if (!COMMUNITY_KINDS.includes(input.kind)) throw new CommunityInputError(`"kind" must be one of ${COMMUNITY_KINDS.join(", ")}, not ${JSON.stringify(input.kind)}`);
  const photo = store.photos.get(String(input.photo_id ?? ""));
  if (!photo) throw new CommunityInputError(`no photo ${JSON.stringify(input.photo_id)}`);
  const author = authorFor(store, input.author, now);
  const result = (id: string | null): CommunityResult => ({ kind: input.kind, photo_id: photo.id, id, author: author.nsid });
  switch (input.kind) {
    case "view": {
      const count = Number.isInteger(input.count) && input.count! > 0 ? input.count! : 1;
      photo.views += count;
      store.markDirty("photo", photo.id);
      return result(null);
    }
    case "fave":
      photo.faves = (photo.faves ?? 0) + 1;
      store.markDirty("photo", photo.id);
      return result(null);
    case "comment": {
      if (photo.permComment === 0) throw new CommunityInputError(`photo ${photo.id} does not take comments (perm_comment 0)`);
      const text = requireText(input);
      const id = store.newCommentId(photo.id, author.nsid);
      photo.comments.push({ id, author: author.nsid, authorname: author.username, realname: author.realname, datecreate: now, text });
      store.touchPhoto(photo, now);
      return result(id);
    }
    case "tag": {
      if (photo.permAddMeta === 0) throw new CommunityInputError(`photo ${photo.id} does not take tags (perm_addmeta 0)`);
      const raw = requireText(input);
      addTags(store, photo, [raw], author, maxTags);
      store.touchPhoto(photo, now);
      const tag = [...photo.tags].reverse().find((t) => t.raw === raw && t.author === author.nsid);
      return result(tag?.id ?? null);
    }
    case "note": {
      if (photo.permAddMeta === 0) throw new CommunityInputError(`photo ${photo.id} does not take notes (perm_addmeta 0)`);
      const box = { x: 10, y: 10, w: 100, h: 50, ...input.note };
      return result(addNote(store, photo, author, box, requireText(input), now).id);
    }
  }
}

/** What the crowd says: the knowledge institutions hope for, and what they must moderate. */
const CROWD = {
  authors: ["kulturarvsvän", "Anna Lindqvist", "shipspotter1950", "Bengt Historiker", "GroupAdmin Vintage", "cheap-deals-4u", "angry_troll"],
  comment: [
    "Det här är Strandvägen i Stockholm, huset till vänster är nummer 7.",
    "This is the steamship Nordstjernan, built 1898 at Motala Verkstad.",
    "Fel årtal: bilden är tagen 1932, inte 1923.",
    "I think the date is wrong, this must be around 1915.",
    "Se https://sv.wikipedia.org/wiki/Slussen för mer om platsen.",
    "More about the photographer: https://www.wikidata.org/wiki/Q4946471",
    "Platsen: 59.3245, 18.0712",
    "Vem är kvinnan till höger?",
    "Where was this taken?",
    "Tack för en fantastisk bild!",
    "Great photo, thanks for sharing!",
    "Hi, I'm an admin for a group called Vintage Ships, and we'd love to have this added to the group! https://www.flickr.com/groups/vintageships/",
    "Cheap watches and pills http://spam.example/buy http://spam.example/now http://spam.example/sale",
    "You idiot, this is garbage",
  ],
  tag: ["Visby", "Gotland", "steamship", "wikipedia:sv=Slussen", "dc:creator=Anna Riwkin", "geo:lat=59.3245", "sjöfart"],
  note: ["Min farfar, Karl Johansson", "This is the old railway station", "Buy cheap followers http://spam.example/followers"],
} as const;

/** Weighted kinds: most of the public only looks. */
const KIND_WEIGHTS: readonly [CommunityKind, number][] = [["view", 0.35], ["fave", 0.1], ["comment", 0.3], ["tag", 0.15], ["note", 0.1]];

function pick<T>(list: readonly T[], u: number): T {
  return list[Math.min(list.length - 1, Math.floor(u * list.length))]!;
}

/** One random contribution; the key (from the never-reused comment counter) makes it reproducible. */
function crowdContribution(store: SandboxStore, random: SeededRandom, now: number, maxTags: number): CommunityResult | null {
  const photos = [...store.photos.values()].filter((p) => p.isPublic === 1).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (photos.length === 0) return null;
  const key = `crowd:${store.newCommentId("0", "0").split("-").at(-1)}`;
  const photo: PhotoRecord = pick(photos, random.unit(`${key}:photo`));
  let u = random.unit(`${key}:kind`);
  const kind = KIND_WEIGHTS.find(([, w]) => (u -= w) < 0)?.[0] ?? "view";
  const author = pick(CROWD.authors, random.unit(`${key}:author`));
  const text = kind === "comment" || kind === "tag" || kind === "note" ? pick(CROWD[kind], random.unit(`${key}:text`)) : undefined;
  try {
    return addContribution(store, { photo_id: photo.id, kind, author, ...(text ? { text } : {}), count: random.int(`${key}:views`, 1, 20) }, now, maxTags);
  } catch (err) {
    if (err instanceof CommunityInputError) return null; // the photo is closed to this kind
    throw err;
  }
}

export function crowdContributions(store: SandboxStore, random: SeededRandom, n: number, now: number, maxTags: number): CommunityResult[] {
  const out: CommunityResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = crowdContribution(store, random, now, maxTags);
    if (r) out.push(r);
  }
  return out;
}

/**
 * The crowd at `ratePerHour`: before each API call, whatever the sandbox clock says should have
 * happened since the last call happens. Lazy, so a simulated clock drives it as well as a real one.
 */
export function crowdTicker(store: SandboxStore, random: SeededRandom, ratePerHour: number, maxTags: number, start: number): (nowMs: number) => void {
  let last = start;
  let owed = 0;
  return (nowMs) => {
    if (ratePerHour <= 0 || nowMs <= last) return;
    owed += ((nowMs - last) / 3_600_000) * ratePerHour;
    last = nowMs;
    const n = Math.floor(owed);
    owed -= n;
    if (n > 0) crowdContributions(store, random, n, Math.floor(nowMs / 1000), maxTags);
  };
}

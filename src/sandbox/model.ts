/**
 * The sandbox's data model: plain JSON-serialisable records, so persistence is one JSON column per
 * record. Numbering follows the *setters* (safety 1–3, content type 1–4, hidden 1/2 as upload
 * takes it); the serialisers translate to what each response reports (getInfo's 0-based safety).
 */

export type Perm = "none" | "read" | "write" | "delete";

/** read < write < delete; `none` is an unauthenticated (or token-less) caller. */
export const PERM_RANK: Record<Perm, number> = { none: 0, read: 1, write: 2, delete: 3 };

export interface ConsumerRecord {
  key: string;
  secret: string;
}

export interface AccountRecord {
  nsid: string;
  username: string;
  realname: string;
  /** A Flickr Commons member: uploads get licence 7 by default. */
  commons: boolean;
  pro: boolean;
  /** Has set a default geo privacy, which geo.setLocation requires. */
  geoPrivacyDefault: boolean;
  /** Default licence of new uploads (7 for Commons members, 0 otherwise). */
  defaultLicense: number;
  pathAlias: string | null;
  iconServer: string;
  iconFarm: number;
  /** Unix seconds of creation (a Commons account's `date_launch`). */
  joined: number;
}

export interface TokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  nsid: string;
  perms: Exclude<Perm, "none">;
  revoked: boolean;
}

/** A request token between request_token and access_token (memory only). */
export interface RequestTokenRecord {
  token: string;
  secret: string;
  consumerKey: string;
  callback: string;
  verifier: string | null;
  nsid: string | null;
  perms: Exclude<Perm, "none"> | null;
}

export interface TagRecord {
  /** `<owner numeric id>-<photo id>-<global tag id>`, what removeTag takes. */
  id: string;
  author: string;
  authorname: string;
  raw: string;
  /** Normalised form (getInfo `_content`, the `tags` extra). */
  normalized: string;
  machineTag: boolean;
}

export interface CommentRecord {
  id: string;
  author: string;
  authorname: string;
  realname: string;
  datecreate: number;
  text: string;
}

/** A note: a box on the photo with text, added by its owner or (perm_addmeta allowing) anyone. */
export interface NoteRecord {
  id: string;
  author: string;
  authorname: string;
  authorrealname: string;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  datecreate: number;
}

export interface GeoRecord {
  latitude: number;
  longitude: number;
  accuracy: number;
  context: number;
}

export interface FileRecord {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  /** What the bytes are: jpeg, png, gif or tiff. */
  format: "jpeg" | "png" | "gif" | "tiff";
  /** The filename the client sent (flickr-sdk sends the local path, or "blob"). */
  filename: string;
}

export interface PhotoRecord {
  id: string;
  owner: string;
  secret: string;
  originalsecret: string;
  server: string;
  farm: number;
  title: string;
  description: string;
  isPublic: 0 | 1;
  isFriend: 0 | 1;
  isFamily: 0 | 1;
  /** 1 safe, 2 moderate, 3 restricted (setter numbering; getInfo reports 0–2). */
  safetyLevel: 1 | 2 | 3;
  /** 1 photo, 2 screenshot, 3 other, 4 virtual photography (setter numbering). */
  contentType: 1 | 2 | 3 | 4;
  /** Upload numbering: 1 shown in public search, 2 hidden. */
  hidden: 1 | 2;
  license: number;
  /** Unix seconds. */
  posted: number;
  /** `YYYY-MM-DD HH:MM:SS`. */
  taken: string;
  takenGranularity: number;
  takenUnknown: 0 | 1;
  /** Unix seconds; changes on every edit. */
  lastUpdate: number;
  permComment: number;
  permAddMeta: number;
  geo: GeoRecord | null;
  tags: TagRecord[];
  comments: CommentRecord[];
  views: number;
  /** Notes and favourites (the public's contributions); absent on records from before they existed. */
  notes?: NoteRecord[];
  faves?: number;
  file: FileRecord;
  /** How many times the file was replaced. */
  replaced: number;
}

export interface PhotosetRecord {
  id: string;
  owner: string;
  title: string;
  description: string;
  primary: string;
  /** In album order. */
  photos: string[];
  created: number;
  updated: number;
}

/** The monotonic counters that must survive a restart (ids are never reused). */
export interface Counters {
  photo: number;
  photoset: number;
  comment: number;
  tag: number;
  account: number;
  token: number;
}

/**
 * Which photos the state believes are in which album, and which it has queued for an album but
 * not yet sent (issue 12: albums are filled with one photosets.editPhotos per batch, not one
 * addPhoto per photo).
 *
 * A photo queued for an album is committed here, in the same transaction that records the item's
 * albums as pushed, before anything is sent: a run killed before the flush leaves it `pending`,
 * and the next plan flushes it first. A flush marks what it sent `member` only after Flickr
 * answered; a kill between the two leaves it `pending`, and the next flush (which re-reads the
 * album first) sends the same membership again, which changes nothing.
 */
import type { StateStore } from "./store.js";

/** Appended to MIGRATIONS; IF NOT EXISTS so it is harmless whichever migration number it gets. */
export const ALBUM_MEMBERS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS album_members (
    album       TEXT NOT NULL,
    photo_id    TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    -- pending: queued, not yet sent; member: Flickr answered the flush (or the create) that put it there.
    state       TEXT NOT NULL CHECK (state IN ('pending','member')),
    queued_at   INTEGER NOT NULL,
    PRIMARY KEY (album, photo_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS album_members_state ON album_members(album, state);
`;

export interface AlbumMember {
  album: string;
  photoId: string;
  identifier: string;
  state: "pending" | "member";
  /** The item's manifest row (the album's order), null when the item is gone from the state. */
  row: number | null;
}

export interface AlbumMemberCounts {
  /** Photos the state believes are in the album. */
  members: number;
  /** Photos queued for it, not yet sent. */
  pending: number;
}

interface MemberRow {
  album: string;
  photo_id: string;
  identifier: string;
  state: "pending" | "member";
  row: number | null;
}

function hasTable(state: StateStore): boolean {
  return state.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'album_members'").get() !== undefined;
}

/** Queue a photo for an album (kept `member` if it is one already). */
export function queueAlbumAdd(state: StateStore, album: string, photoId: string, identifier: string): void {
  state.db
    .prepare("INSERT INTO album_members (album, photo_id, identifier, state, queued_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT(album, photo_id) DO NOTHING")
    .run(album, photoId, identifier, state.now());
}

/** Flickr answered: these photos are in the album (the cover of a new album, or a flush's batch). */
export function recordAlbumMembers(state: StateStore, album: string, members: readonly { photoId: string; identifier: string }[]): void {
  const upsert = state.db.prepare(
    "INSERT INTO album_members (album, photo_id, identifier, state, queued_at) VALUES (?, ?, ?, 'member', ?) ON CONFLICT(album, photo_id) DO UPDATE SET state = 'member'",
  );
  state.transaction(() => {
    for (const m of members) upsert.run(album, m.photoId, m.identifier, state.now());
  });
}

/** The photo left the album (removePhoto answered, or it is no longer there). */
export function forgetAlbumMember(state: StateStore, album: string, photoId: string): void {
  if (hasTable(state)) state.db.prepare("DELETE FROM album_members WHERE album = ? AND photo_id = ?").run(album, photoId);
}

/** The album is gone from Flickr: every photo the state put in it is queued again, for the album made again. */
export function requeueAlbumMembers(state: StateStore, album: string): void {
  if (hasTable(state)) state.db.prepare("UPDATE album_members SET state = 'pending' WHERE album = ?").run(album);
}

/** Every photo the state put (or queued) in the album, in catalogue order (manifest row, then identifier). */
export function listAlbumMembers(state: StateStore, album: string): AlbumMember[] {
  if (!hasTable(state)) return [];
  const rows = state.db
    .prepare(
      `SELECT m.album, m.photo_id, m.identifier, m.state, i.row AS row
         FROM album_members m LEFT JOIN items i ON i.identifier = m.identifier
        WHERE m.album = ?
        ORDER BY i.row IS NULL, i.row, m.identifier`,
    )
    .all(album) as MemberRow[];
  return rows.map((r) => ({ album: r.album, photoId: r.photo_id, identifier: r.identifier, state: r.state, row: r.row }));
}

/** Members and queued photos per album (the planner's view: flushes still owed, album sizes). */
export function albumMemberCounts(state: StateStore): Map<string, AlbumMemberCounts> {
  const counts = new Map<string, AlbumMemberCounts>();
  if (!hasTable(state)) return counts;
  const rows = state.db.prepare("SELECT album, state, COUNT(*) AS n FROM album_members GROUP BY album, state").all() as { album: string; state: "pending" | "member"; n: number }[];
  for (const r of rows) {
    const c = counts.get(r.album) ?? { members: 0, pending: 0 };
    if (r.state === "member") c.members = r.n;
    else c.pending = r.n;
    counts.set(r.album, c);
  }
  return counts;
}

/** Albums with photos queued and not yet sent. */
export function albumsWithPending(state: StateStore): string[] {
  if (!hasTable(state)) return [];
  return (state.db.prepare("SELECT DISTINCT album FROM album_members WHERE state = 'pending' ORDER BY album").all() as { album: string }[]).map((r) => r.album);
}

/** Members and queued photos of one album. */
export function albumCounts(state: StateStore, album: string): AlbumMemberCounts {
  if (!hasTable(state)) return { members: 0, pending: 0 };
  const rows = state.db.prepare("SELECT state, COUNT(*) AS n FROM album_members WHERE album = ? GROUP BY state").all(album) as { state: "pending" | "member"; n: number }[];
  return { members: rows.find((r) => r.state === "member")?.n ?? 0, pending: rows.find((r) => r.state === "pending")?.n ?? 0 };
}

/**
 * What `sync --prune delete` deleted: identifier, photo id, run and time. A deletion on Flickr
 * takes the photo's comments, faves and views with it; the item's own row forgets the photo id
 * (so the plan does not upload it again), and this record keeps what was there.
 *
 * Kept in its own table, created when first needed (CREATE TABLE IF NOT EXISTS), so it adds
 * nothing to the numbered migrations another change may be adding at the same time.
 */
import type { StateStore } from "./store.js";

export interface PruneRecord {
  identifier: string;
  photoId: string;
  runId: number;
  /** Seconds since the epoch. */
  at: number;
}

const CREATE = `CREATE TABLE IF NOT EXISTS prunes (
  identifier TEXT NOT NULL,
  photo_id TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL,
  PRIMARY KEY (identifier, photo_id)
)`;

export function recordPrune(state: StateStore, record: PruneRecord): void {
  state.db.exec(CREATE);
  state.db
    .prepare("INSERT OR REPLACE INTO prunes (identifier, photo_id, run_id, deleted_at) VALUES (?, ?, ?, ?)")
    .run(record.identifier, record.photoId, record.runId, record.at);
}

export function listPrunes(state: StateStore): PruneRecord[] {
  const exists = state.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'prunes'").get();
  if (!exists) return [];
  const rows = state.db.prepare("SELECT identifier, photo_id, run_id, deleted_at FROM prunes ORDER BY deleted_at, identifier").all() as { identifier: string; photo_id: string; run_id: number; deleted_at: number }[];
  return rows.map((r) => ({ identifier: r.identifier, photoId: r.photo_id, runId: r.run_id, at: r.deleted_at }));
}

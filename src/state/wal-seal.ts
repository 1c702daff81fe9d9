/**
 * The seal that makes a lost write-ahead log visible (used by open.ts when the state is opened
 * and by the store at each heartbeat of a run).
 */
import type Database from "better-sqlite3";
import { randomBytes } from "node:crypto";

/**
 * Finding a lost write-ahead log. With WAL, committed changes live in `state.sqlite-wal` until
 * they are checkpointed into the database file; a WAL lost after a crash silently takes them
 * along, and the state then looks older (or empty) instead of damaged. So the database file is
 * made to expect its WAL: `seal` writes a fresh token as `wal_expected` and checkpoints it into
 * the file, then writes it again as `wal_seen`, which stays in the WAL. A database file that
 * expects a token its WAL never confirmed has lost that WAL. Sealed when the state is opened and
 * at each heartbeat of a run (automatic checkpoints are off, so none happens in between).
 */
export function walLost(db: Database.Database): boolean {
  const get = (key: string) => (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value ?? null;
  const expected = get("wal_expected");
  return expected !== null && expected !== get("wal_seen");
}

export function sealWal(db: Database.Database): void {
  const token = randomBytes(8).toString("hex");
  const set = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  set.run("wal_expected", token);
  db.pragma("wal_checkpoint(TRUNCATE)");
  set.run("wal_seen", token);
}

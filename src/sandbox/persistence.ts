/**
 * Persistence for `--data DIR`: one SQLite file, one JSON row per record. Every API call that
 * changed something commits its changes in one transaction *before* its response is written, so
 * a sandbox killed at any moment keeps exactly the calls it answered (and, for the lost-upload
 * fault, the ones it committed but never answered) — never half a call. WAL keeps commits cheap.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

export type EntityKind = "meta" | "consumer" | "account" | "token" | "photo" | "photoset" | "tagid";

/** One record to write (`value` set) or delete (`value` null). */
export interface EntityChange {
  kind: EntityKind;
  id: string;
  value: unknown;
}

export interface PersistedRow {
  kind: EntityKind;
  id: string;
  value: unknown;
}

export interface SandboxPersistence {
  /** Every stored record, in insertion order per kind. */
  load(): PersistedRow[];
  /** Apply the changes atomically. */
  write(changes: readonly EntityChange[]): void;
  close(): void;
}

export const DATABASE_FILE = "sandbox.sqlite";

/** Open (creating if needed) the sandbox database in `dir`. */
export async function openPersistence(dir: string): Promise<SandboxPersistence> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { default: Database } = (await import("better-sqlite3")) as { default: typeof BetterSqlite3 };
  const db = new Database(join(dir, DATABASE_FILE));
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a killed process (not a power cut), which is what tests do to it.
  db.pragma("synchronous = NORMAL");
  db.exec(
    "CREATE TABLE IF NOT EXISTS entities (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, UNIQUE(kind, id))",
  );
  const upsert = db.prepare(
    "INSERT INTO entities (kind, id, json) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json",
  );
  const remove = db.prepare("DELETE FROM entities WHERE kind = ? AND id = ?");
  const all = db.prepare("SELECT kind, id, json FROM entities ORDER BY seq");
  const writeAll = db.transaction((changes: readonly EntityChange[]) => {
    for (const c of changes) {
      if (c.value === null) remove.run(c.kind, c.id);
      else upsert.run(c.kind, c.id, JSON.stringify(c.value));
    }
  });
  return {
    load: () =>
      (all.all() as { kind: EntityKind; id: string; json: string }[]).map((r) => ({ kind: r.kind, id: r.id, value: JSON.parse(r.json) as unknown })),
    write: (changes) => {
      if (changes.length > 0) writeAll(changes);
    },
    close: () => db.close(),
  };
}

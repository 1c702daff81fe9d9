/**
 * Row fingerprints in the state (issue 12): for each item, the fingerprint of its manifest row
 * (src/collection/fingerprint.ts) as of the last time all its field groups were pushed, and how many
 * validation warnings that row had. A trigger (migration 3) drops an item's fingerprint whenever
 * its pushed values change, so a fingerprint is only ever as old as the last full push.
 *
 * Read a batch of rows at a time (one query each): sync of a large collection never loads the
 * whole state into objects.
 */
import type Database from "better-sqlite3";
import type { StateStore } from "./store.js";

/** What the skip check needs to know of one item, and nothing more. */
export interface RowRecord {
  identifier: string;
  row: number;
  file: string;
  photoId: string | null;
  /** Published, its upload done, no replace pending: the only items a row may be skipped for. */
  settled: boolean;
  sourceSize: number | null;
  sourceMtimeMs: number | null;
  fingerprint: string | null;
  warnings: number;
}

interface RawRecord {
  identifier: string;
  row: number;
  file: string;
  photo_id: string | null;
  settled: 0 | 1;
  source_size: number | null;
  source_mtime_ms: number | null;
  fingerprint: string | null;
  warnings: number | null;
}

/**
 * The three states as one flag worked out by SQLite: at 100,000 rows, three text columns made
 * into strings per row cost more than the lookup itself.
 */
const SETTLED = `(i.status = 'published' AND i.upload_state = 'done' AND i.replace_state = 'none')`;

const SELECT = `SELECT i.identifier, i.row, i.file, i.photo_id, ${SETTLED} AS settled, i.source_size, i.source_mtime_ms, f.fingerprint, f.warnings
  FROM items i LEFT JOIN row_fingerprints f ON f.identifier = i.identifier`;

function recordOf(r: RawRecord): RowRecord {
  return {
    identifier: r.identifier,
    row: r.row,
    file: r.file,
    photoId: r.photo_id,
    settled: r.settled === 1,
    sourceSize: r.source_size,
    sourceMtimeMs: r.source_mtime_ms,
    fingerprint: r.fingerprint,
    warnings: r.warnings ?? 0,
  };
}

/** A lookup of one item by identifier (undefined: the state does not know it). */
export function rowLookup(store: StateStore): (identifier: string) => RowRecord | undefined {
  const statement: Database.Statement<[string], RawRecord> = store.db.prepare(`${SELECT} WHERE i.identifier = ?`);
  return (identifier) => {
    const r = statement.get(identifier);
    return r ? recordOf(r) : undefined;
  };
}

type RawRow = [string, number, string, string | null, 0 | 1, number | null, number | null, string | null, number | null];

/**
 * A lookup of many items at once (one query for a batch of rows, not one per row): the records
 * by identifier; identifiers the state does not know are absent. Rows come back as arrays (no
 * object per row from the driver).
 */
export function rowBatchLookup(store: StateStore): (identifiers: readonly string[]) => Map<string, RowRecord> {
  const statement = store.db.prepare<[string], RawRow>(`${SELECT} WHERE i.identifier IN (SELECT value FROM json_each(?))`).raw(true);
  return (identifiers) => {
    const found = new Map<string, RowRecord>();
    if (identifiers.length === 0) return found;
    for (const r of statement.all(JSON.stringify(identifiers))) {
      found.set(r[0], { identifier: r[0], row: r[1], file: r[2], photoId: r[3], settled: r[4] === 1, sourceSize: r[5], sourceMtimeMs: r[6], fingerprint: r[7], warnings: r[8] ?? 0 });
    }
    return found;
  };
}

export interface FingerprintRecord {
  identifier: string;
  fingerprint: string;
  warnings: number;
}

/** Record fingerprints (one transaction); an identifier the state does not know is left out. */
export function recordRowFingerprints(store: StateStore, records: Iterable<FingerprintRecord>): number {
  const statement = store.db.prepare(
    `INSERT INTO row_fingerprints (identifier, fingerprint, warnings) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE identifier = ?)
     ON CONFLICT(identifier) DO UPDATE SET fingerprint = excluded.fingerprint, warnings = excluded.warnings`,
  );
  let n = 0;
  store.transaction(() => {
    for (const r of records) n += statement.run(r.identifier, r.fingerprint, r.warnings, r.identifier).changes;
  });
  return n;
}

/** Does the state hold any fingerprint at all? (None: an older state; every row is mapped.) */
export function hasRowFingerprints(store: StateStore): boolean {
  return store.db.prepare("SELECT 1 FROM row_fingerprints LIMIT 1").get() !== undefined;
}

const PRUNABLE = "photo_id IS NOT NULL AND status NOT IN ('deleted','missing')";

/**
 * Identifiers of the photos a prune may consider (on Flickr, neither deleted nor missing), as a
 * stream: the caller keeps only those whose rows left the manifest.
 */
export function* prunableIdentifiers(store: StateStore): Generator<string> {
  const statement: Database.Statement<[], { identifier: string }> = store.db.prepare(`SELECT identifier FROM items WHERE ${PRUNABLE}`);
  for (const r of statement.iterate()) yield r.identifier;
}

/** How many photos a prune may consider: when the manifest's rows account for all of them, none left it. */
export function countPrunable(store: StateStore): number {
  return (store.db.prepare(`SELECT COUNT(*) AS n FROM items WHERE ${PRUNABLE}`).get() as { n: number }).n;
}

/** How many items have a photo on Flickr (the prune guard's base). */
export function countWithPhoto(store: StateStore): number {
  return (store.db.prepare("SELECT COUNT(*) AS n FROM items WHERE photo_id IS NOT NULL").get() as { n: number }).n;
}

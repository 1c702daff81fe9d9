/**
 * Remembered content hashes of masters, so an unchanged master is never read in full twice
 * across runs. An entry is trusted only while the file keeps the stamp it had when it was
 * hashed: size, mtime, inode and ctime (see FileStamp for why ctime).
 *
 * It is a cache, not state: `file-hashes.sqlite` in the manifest's state folder, beside the
 * copy cache and shared by every target (hashes depend only on the masters). Losing it costs
 * re-reading, nothing else, so it is written with synchronous=NORMAL and every failure to open,
 * read or write it just turns it off for the run. `heritage validate` may write it: validate
 * never creates or touches the publishing state (state.sqlite), but it may remember what it had
 * to read. The file is created only when a first hash is remembered.
 */
import Database from "better-sqlite3";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FileStamp } from "../image/hash-content.js";

export const FILE_HASHES_FILE = "file-hashes.sqlite";

/** The cache's own schema, in order; `PRAGMA user_version` counts those applied. Append only. */
export const FILE_HASH_MIGRATIONS: readonly string[] = [
  // 1: one row per master path.
  `
  CREATE TABLE file_hashes (
    path      TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    mtime_ms  REAL NOT NULL,
    ino       INTEGER NOT NULL,
    ctime_ms  REAL NOT NULL,
    sha256    TEXT NOT NULL,
    hashed_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

export interface FileHashCache {
  /** The hash remembered for `path` at exactly this stamp, or null. */
  get(path: string, stamp: FileStamp): string | null;
  /** The stamp remembered for `path` whatever it is now, or null (to notice a forged mtime). */
  stampFor(path: string): FileStamp | null;
  /** Remember a hash taken at `stamp` (written in batches; see flush). */
  put(path: string, stamp: FileStamp, sha256: string): void;
  /** Write what is pending. */
  flush(): void;
  close(): void;
}

interface Entry {
  stamp: FileStamp;
  sha256: string;
}

interface Row {
  size: number;
  mtime_ms: number;
  ino: number;
  ctime_ms: number;
  sha256: string;
}

/**
 * A file modified within this long of its hash could change again within the same timestamp
 * tick (1–2 s on FAT, HFS+ and some network shares) without its stamp moving: such a hash is
 * used for this run but not remembered (git's "racily clean" rule).
 */
const RACY_MS = 2_000;
const BATCH = 256;

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.ctimeMs === b.ctimeMs;

export interface FileHashCacheOptions {
  /** Milliseconds since the epoch (tests pass a fake). */
  clock?: () => number;
}

class SqliteFileHashes implements FileHashCache {
  private db: Database.Database | null = null;
  private select: Database.Statement | null = null;
  private disabled = false;
  /** Entries of this run not yet written (or never to be written: racy). */
  private readonly pending = new Map<string, Entry>();
  private readonly memory = new Map<string, Entry>();

  constructor(
    private readonly file: string | null,
    private readonly clock: () => number,
  ) {
    if (file && existsSync(file)) this.open(false);
  }

  private open(create: boolean): Database.Database | null {
    if (this.db || this.disabled || !this.file) return this.db;
    try {
      if (create) mkdirSync(dirname(this.file), { recursive: true });
      const db = new Database(this.file, { fileMustExist: !create });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 2000");
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > FILE_HASH_MIGRATIONS.length) {
        db.close();
        this.disabled = true; // written by a newer heritage: leave it alone
        return null;
      }
      db.transaction(() => {
        for (let v = version; v < FILE_HASH_MIGRATIONS.length; v++) {
          db.exec(FILE_HASH_MIGRATIONS[v]!);
          db.pragma(`user_version = ${v + 1}`);
        }
      })();
      this.select = db.prepare("SELECT size, mtime_ms, ino, ctime_ms, sha256 FROM file_hashes WHERE path = ?");
      this.db = db;
    } catch {
      this.disabled = true;
    }
    return this.db;
  }

  private row(path: string): Entry | null {
    const local = this.pending.get(path) ?? this.memory.get(path);
    if (local) return local;
    if (!this.select) return null;
    try {
      const r = this.select.get(path) as Row | undefined;
      return r ? { stamp: { size: r.size, mtimeMs: r.mtime_ms, ino: r.ino, ctimeMs: r.ctime_ms }, sha256: r.sha256 } : null;
    } catch {
      return null;
    }
  }

  get(path: string, stamp: FileStamp): string | null {
    const entry = this.row(path);
    return entry && sameStamp(entry.stamp, stamp) ? entry.sha256 : null;
  }

  stampFor(path: string): FileStamp | null {
    return this.row(path)?.stamp ?? null;
  }

  put(path: string, stamp: FileStamp, sha256: string): void {
    const entry = { stamp, sha256 };
    const racy = this.clock() - Math.max(stamp.mtimeMs, stamp.ctimeMs) < RACY_MS;
    if (racy || !this.file || this.disabled) {
      this.memory.set(path, entry);
      return;
    }
    this.memory.delete(path);
    this.pending.set(path, entry);
    if (this.pending.size >= BATCH) this.flush();
  }

  flush(): void {
    if (this.pending.size === 0) return;
    const db = this.open(true);
    if (!db) {
      for (const [path, entry] of this.pending) this.memory.set(path, entry);
      this.pending.clear();
      return;
    }
    const now = Math.floor(this.clock() / 1000);
    try {
      const upsert = db.prepare(
        "INSERT INTO file_hashes (path, size, mtime_ms, ino, ctime_ms, sha256, hashed_at) VALUES (?, ?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, ino = excluded.ino, ctime_ms = excluded.ctime_ms, sha256 = excluded.sha256, hashed_at = excluded.hashed_at",
      );
      db.transaction(() => {
        for (const [path, { stamp, sha256 }] of this.pending) upsert.run(path, stamp.size, stamp.mtimeMs, stamp.ino, stamp.ctimeMs, sha256, now);
      })();
      this.pending.clear();
    } catch {
      // Busy (another run writing) or a full disk: keep the hashes for this run only.
      for (const [path, entry] of this.pending) this.memory.set(path, entry);
      this.pending.clear();
    }
  }

  close(): void {
    this.flush();
    try {
      this.db?.close();
    } catch {
      // a cache: nothing to lose
    }
    this.db = null;
    this.select = null;
  }
}

/** The cache of the state folder `stateDir` (`<manifest folder>/.heritage/<name>/` by default). */
export function openFileHashes(stateDir: string, options: FileHashCacheOptions = {}): FileHashCache {
  return new SqliteFileHashes(join(stateDir, FILE_HASHES_FILE), options.clock ?? Date.now);
}

/** A cache that lives for one run only (nothing is written). */
export function memoryFileHashes(): FileHashCache {
  return new SqliteFileHashes(null, Date.now);
}

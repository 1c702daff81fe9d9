/**
 * A content-addressed cache of upload copies, so a resumed or repeated run does not normalize
 * the same master twice. The key is a hash of the master's bytes and of only the options that
 * change the copy; the value is a JPEG file named after the key. Least recently used copies
 * are removed beyond a size cap (modification time is the "last used" clock: access times are
 * often disabled with noatime).
 *
 * Concurrency (one process): copies are written to unique temporary names and renamed into
 * place (atomic on one file system), readers tolerate a copy disappearing, and prunes run one
 * at a time. A prune can still remove a copy another task is about to upload; pass the keys
 * in use as `keep`.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";

export interface CopyCacheOptions {
  /** Folder of the cache (created when needed). */
  dir: string;
  /** Cap on the total size of cached copies (`settings.images.cache_max_bytes`). */
  maxBytes: number;
  /** Clock for "last used" times (ms since epoch). @default Date.now */
  clock?: () => number;
}

export interface CopyCache {
  readonly dir: string;
  /** Key for a master's content hash and the output-affecting options (key order does not matter). */
  keyFor(sourceSha256: string, options: object): string;
  /** Where the copy for `key` lives (whether or not it exists). */
  pathFor(key: string): string;
  /** A fresh temporary path in the cache folder to write a copy to before `commit` (creates the folder). */
  tmpPathFor(key: string): Promise<string>;
  /** The cached copy's path, marked as just used; null when there is none. */
  get(key: string): Promise<string | null>;
  /** Move a finished copy into the cache (atomic rename) and return its cached path. */
  commit(key: string, tmpPath: string): Promise<string>;
  /** Remove least recently used copies until the cache fits `maxBytes`; also clears stale temporary files. */
  prune(options?: { keep?: Iterable<string> }): Promise<{ removed: number; bytes: number }>;
}

const EXT = ".jpg";
const TMP_PREFIX = ".tmp-";
/** Temporary files older than this are leftovers of a crashed run. */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** JSON with object keys sorted at every level, so equal options always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

interface CachedCopy {
  file: string;
  key: string;
  size: number;
  mtimeMs: number;
}

/** The copies in `dir`; stale temporary files (a crashed run's) are removed on the way. */
async function listCopies(dir: string, clock: () => number): Promise<CachedCopy[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no cache folder yet: nothing cached
  }
  const copies: CachedCopy[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    if (name.startsWith(TMP_PREFIX)) {
      if (clock() - info.mtimeMs > STALE_TMP_MS) await rm(file, { force: true });
      continue;
    }
    const key = name.slice(0, -EXT.length);
    if (name.endsWith(EXT) && KEY_PATTERN.test(key)) copies.push({ file, key, size: info.size, mtimeMs: info.mtimeMs });
  }
  return copies;
}

/** Remove least recently used copies, except `keep`, until the cache fits `maxBytes`. */
async function pruneOnce(dir: string, maxBytes: number, clock: () => number, keep: Set<string>): Promise<{ removed: number; bytes: number }> {
  const copies = await listCopies(dir, clock);
  let total = copies.reduce((sum, c) => sum + c.size, 0);
  copies.sort((a, b) => a.mtimeMs - b.mtimeMs);
  let removed = 0;
  let bytes = 0;
  for (const c of copies) {
    if (total <= maxBytes) break;
    if (keep.has(c.key)) continue;
    await rm(c.file, { force: true });
    total -= c.size;
    removed += 1;
    bytes += c.size;
  }
  return { removed, bytes };
}

/** Create a cache over `dir`. Nothing touches the disk until it is used. */
export function createCopyCache(options: CopyCacheOptions): CopyCache {
  const { dir, maxBytes } = options;
  const clock = options.clock ?? Date.now;
  let pruning: Promise<unknown> = Promise.resolve();

  const checkKey = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid copy-cache key: ${key}`);
  };
  const pathFor = (key: string) => {
    checkKey(key);
    return path.join(dir, `${key}${EXT}`);
  };
  const touch = async (file: string) => {
    const now = new Date(clock());
    await utimes(file, now, now);
  };

  return {
    dir,
    keyFor(sourceSha256, opts) {
      return createHash("sha256").update(stableStringify({ source: sourceSha256, options: opts })).digest("hex");
    },
    pathFor,
    async tmpPathFor(key) {
      checkKey(key);
      await mkdir(dir, { recursive: true });
      return path.join(dir, `${TMP_PREFIX}${key.slice(0, 16)}-${process.pid}-${randomBytes(6).toString("hex")}${EXT}`);
    },
    async get(key) {
      const file = pathFor(key);
      try {
        await touch(file);
        return file;
      } catch {
        return null; // absent, or removed by a prune in the meantime
      }
    },
    async commit(key, tmpPath) {
      const file = pathFor(key);
      await mkdir(dir, { recursive: true });
      await rename(tmpPath, file);
      await touch(file);
      return file;
    },
    prune(opts = {}) {
      const keep = new Set(opts.keep ?? []);
      const run = pruning.then(() => pruneOnce(dir, maxBytes, clock, keep));
      pruning = run.catch(() => undefined);
      return run;
    },
  };
}

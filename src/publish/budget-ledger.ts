/**
 * One API budget per API key, shared by every heritage run on this machine: Flickr counts calls
 * per key, so two collections published at once with the same key must share one rolling hour
 * and one pace. The ledger is a small SQLite file in the user's state directory
 * (`$XDG_STATE_HOME/heritage/api-budget.sqlite`, default `~/.local/state/heritage/`), keyed by a
 * hash of the consumer key (never the key itself). Each admission is one IMMEDIATE transaction,
 * so concurrent processes cannot both take the last call of an hour.
 *
 * What is stored per key: the time of every admitted call in the last window (at most `perHour`
 * rows), and a token bucket (tokens, last refill) for the pace.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

/** The folder for heritage's per-user state (XDG Base Directory). */
export function userStateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), ".local", "state");
  return join(base, "heritage");
}

/** The ledger's key for a consumer key: a hash, so the key never lands on disk. */
export function ledgerKey(consumerKey: string): string {
  return createHash("sha256").update(`heritage-api-budget\0${consumerKey}`).digest("hex").slice(0, 32);
}

/** What one admission needs to know (all in ms / calls per second). */
export interface AdmitRequest {
  now: number;
  perHour: number;
  /** The window counted (an hour plus a margin). */
  spanMs: number;
  burst: number;
  /** Current pace, calls per second. */
  ratePerSecond: number;
}

export class ApiLedger {
  private constructor(private readonly db: Database.Database) {}

  /** Open (or create) the ledger file; throws when the folder cannot be written. */
  static open(path: string): ApiLedger {
    mkdirSync(join(path, ".."), { recursive: true, mode: 0o700 });
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    // Losing the last few entries to a power cut only makes the next hour a little generous.
    db.pragma("synchronous = NORMAL");
    db.exec(`
      CREATE TABLE IF NOT EXISTS calls (key TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS calls_key_at ON calls (key, at);
      CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, refilled INTEGER NOT NULL);
    `);
    return new ApiLedger(db);
  }

  /** Open the ledger in the user's state directory. */
  static forUser(env: NodeJS.ProcessEnv): ApiLedger {
    return ApiLedger.open(join(userStateDir(env), "api-budget.sqlite"));
  }

  /**
   * Admit one call for `key` now, or say how long to wait (ms) before asking again. Shared by
   * every process using the file: the rolling window and the bucket are the key's, not the run's.
   */
  tryAdmit(key: string, r: AdmitRequest): number {
    const run = this.db.transaction((): number => {
      this.db.prepare("DELETE FROM calls WHERE key = ? AND at <= ?").run(key, r.now - r.spanMs);
      const { n, oldest } = this.db.prepare("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM calls WHERE key = ?").get(key) as { n: number; oldest: number | null };
      const row = this.db.prepare("SELECT tokens, refilled FROM buckets WHERE key = ?").get(key) as { tokens: number; refilled: number } | undefined;
      const elapsed = row ? Math.max(0, r.now - row.refilled) : 0;
      const tokens = row ? Math.min(r.burst, row.tokens + (elapsed / 1000) * r.ratePerSecond) : r.burst;
      if (n >= r.perHour) return Math.max(1, (oldest ?? r.now) + r.spanMs - r.now + 1);
      if (tokens < 1) {
        this.db.prepare("INSERT OR REPLACE INTO buckets (key, tokens, refilled) VALUES (?, ?, ?)").run(key, tokens, r.now);
        return Math.max(1, Math.ceil(((1 - tokens) / r.ratePerSecond) * 1000));
      }
      this.db.prepare("INSERT OR REPLACE INTO buckets (key, tokens, refilled) VALUES (?, ?, ?)").run(key, tokens - 1, r.now);
      this.db.prepare("INSERT INTO calls (key, at) VALUES (?, ?)").run(key, r.now);
      return 0;
    });
    return run.immediate();
  }

  /** Calls of `key` in the window ending now. */
  usedInWindow(key: string, now: number, spanMs: number): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM calls WHERE key = ? AND at > ?").get(key, now - spanMs) as { n: number }).n;
  }

  /** Empty a throttled bucket, so every run sharing the key slows down together. */
  drain(key: string, now: number): void {
    this.db.prepare("INSERT OR REPLACE INTO buckets (key, tokens, refilled) VALUES (?, 0, ?)").run(key, now);
  }

  close(): void {
    this.db.close();
  }
}

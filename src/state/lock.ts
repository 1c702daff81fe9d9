/**
 * One run at a time per state. The lock itself is an exclusive SQLite transaction on a small
 * lock file beside the database, held open for the whole run: the operating system drops it the
 * moment the process dies (SIGKILL, a crash, a power cut), whatever becomes of its pid — a zombie
 * that its parent has not reaped, or a pid reused after a reboot, holds nothing.
 *
 * The `lock` row in the state database only *names* the holder (pid, host, command, start,
 * heartbeat) for the message a second run prints. When the file lock is free, a row left behind
 * is a run that stopped without finishing, and is taken over with a note. One exception, for a
 * state on a network share whose file locks may not reach other machines: a row from another
 * host whose heartbeat is fresh is still honoured until it is old.
 */
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { UserError, EXIT } from "../errors.js";
import type { StateStore } from "./store.js";

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: number;
  heartbeatAt: number;
}

export interface RunLock {
  /** Set when the lock of a run that stopped without finishing was taken over. */
  tookOverFrom: LockHolder | null;
  heartbeat(): void;
  release(): void;
}

export interface AcquireLockOptions {
  command: string;
  pid?: number;
  host?: string;
  /** A lock row from another host is honoured while its heartbeat is younger than this (seconds). */
  staleAfterSeconds?: number;
  /** How long to wait for the lock file (a status check may hold it for an instant), in ms. */
  waitMs?: number;
}

/** The lock file of a state database. */
export function lockFileFor(databasePath: string): string {
  return `${databasePath}.lock`;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

/**
 * Is a run holding the lock file right now? Asked without taking it: a read needs a shared lock,
 * which the holder's exclusive lock refuses. False when there is no lock file.
 */
export function runLockHeld(databasePath: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(lockFileFor(databasePath), { readonly: true, fileMustExist: true, timeout: 0 });
  } catch {
    return false;
  }
  try {
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    return false;
  } catch (err) {
    if (isBusy(err)) return true;
    throw err;
  } finally {
    db.close();
  }
}

/** The holder as the state names it (null when no row). */
export function readLockHolder(store: StateStore): LockHolder | null {
  const r = store.db.prepare("SELECT pid, host, command, started_at, heartbeat_at FROM lock WHERE id = 1").get() as
    | { pid: number; host: string; command: string; started_at: number; heartbeat_at: number }
    | undefined;
  return r ? { pid: r.pid, host: r.host, command: r.command, startedAt: r.started_at, heartbeatAt: r.heartbeat_at } : null;
}

/** Only a process this machine shows as a heritage run is ever named as one to stop. */
function isHeritageProcess(pid: number): boolean {
  try {
    return /heritage/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
}

function lockedError(holder: LockHolder | null, host: string): UserError {
  if (!holder) {
    return new UserError("another heritage run is using this state right now", {
      code: "STATE_LOCKED",
      exitCode: EXIT.USAGE,
      hint: "Wait for it to finish, then run the command again.",
    });
  }
  const started = new Date(holder.startedAt * 1000).toISOString().replace("T", " ").slice(0, 19);
  const stoppable = holder.host === host && isHeritageProcess(holder.pid);
  return new UserError(`another heritage ${holder.command} is running on this state (pid ${holder.pid} on ${holder.host}, started ${started} UTC)`, {
    code: "STATE_LOCKED",
    exitCode: EXIT.USAGE,
    hint: stoppable
      ? `Wait for it to finish, or stop it with Ctrl-C in its terminal (or \`kill ${holder.pid}\`); everything it did is recorded.`
      : "Wait for it to finish, then run the command again. A run that was killed releases the lock by itself.",
  });
}

function takeFileLock(path: string, waitMs: number, onBusy: () => UserError): Database.Database {
  const file = new Database(path, { timeout: waitMs });
  try {
    file.exec("BEGIN EXCLUSIVE");
    return file;
  } catch (err) {
    file.close();
    if (isBusy(err)) throw onBusy();
    throw err;
  }
}

export function acquireRunLock(store: StateStore, options: AcquireLockOptions): RunLock {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const staleAfter = options.staleAfterSeconds ?? 300;
  const db = store.db;
  const file = takeFileLock(lockFileFor(store.path), options.waitMs ?? 2000, () => lockedError(readLockHolder(store), host));

  let tookOverFrom: LockHolder | null;
  try {
    tookOverFrom = db.transaction((): LockHolder | null => {
      const previous = readLockHolder(store);
      // The file lock is ours, so a row from this host is a run that died. A row from another
      // host may be a live run on a share whose locks do not reach us: honour a fresh heartbeat.
      if (previous && previous.host !== host && store.now() - previous.heartbeatAt < staleAfter) throw lockedError(previous, host);
      const now = store.now();
      db.prepare(
        `INSERT INTO lock (id, pid, host, command, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, command = excluded.command,
           started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
      ).run(pid, host, options.command, now, now);
      return previous;
    }).immediate();
  } catch (err) {
    file.close();
    throw err;
  }

  let released = false;
  return {
    tookOverFrom,
    heartbeat() {
      if (released || !db.open) return;
      db.prepare("UPDATE lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?").run(store.now(), pid, host);
      // The run's WAL is checkpointed and sealed here (and only here): its loss is then noticed.
      store.seal();
    },
    release() {
      if (released) return;
      released = true;
      if (db.open) db.prepare("DELETE FROM lock WHERE id = 1 AND pid = ? AND host = ?").run(pid, host);
      if (file.open) {
        file.exec("ROLLBACK");
        file.close();
      }
    },
  };
}

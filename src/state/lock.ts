/**
 * One run at a time per state. The lock is a row in the state database, taken in an IMMEDIATE
 * transaction (so two processes cannot both win). A lock left by a killed run is stale when its
 * process is gone (same host) or its heartbeat is old (another host, e.g. a network share), and
 * is taken over with a note.
 */
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
  /** Set when a stale lock of a killed run was taken over. */
  tookOverFrom: LockHolder | null;
  heartbeat(): void;
  release(): void;
}

export interface AcquireLockOptions {
  command: string;
  pid?: number;
  host?: string;
  /** Is this pid alive on this host? (injected for tests) */
  isAlive?: (pid: number) => boolean;
  /** A lock from another host is stale when its heartbeat is older than this (seconds). */
  staleAfterSeconds?: number;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireRunLock(store: StateStore, options: AcquireLockOptions): RunLock {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processIsAlive;
  const staleAfter = options.staleAfterSeconds ?? 300;
  const db = store.db;

  const take = db.transaction((): LockHolder | null => {
    const current = db.prepare("SELECT pid, host, command, started_at, heartbeat_at FROM lock WHERE id = 1").get() as
      | { pid: number; host: string; command: string; started_at: number; heartbeat_at: number }
      | undefined;
    let previous: LockHolder | null = null;
    if (current) {
      previous = { pid: current.pid, host: current.host, command: current.command, startedAt: current.started_at, heartbeatAt: current.heartbeat_at };
      const sameProcess = current.host === host && current.pid === pid;
      const alive = current.host === host ? isAlive(current.pid) : store.now() - current.heartbeat_at < staleAfter;
      if (!sameProcess && alive) {
        const started = new Date(current.started_at * 1000).toISOString().replace("T", " ").slice(0, 19);
        throw new UserError(
          `another heritage ${current.command} is running on this state (pid ${current.pid} on ${current.host}, started ${started} UTC)`,
          {
            code: "STATE_LOCKED",
            exitCode: EXIT.USAGE,
            hint: `Wait for it to finish, or stop it (kill ${current.pid}); a run that was killed is detected and its lock taken over automatically.`,
          },
        );
      }
      if (sameProcess) previous = null;
    }
    const now = store.now();
    db.prepare(
      `INSERT INTO lock (id, pid, host, command, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, command = excluded.command,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(pid, host, options.command, now, now);
    return previous;
  });
  const tookOverFrom = take.immediate();

  let released = false;
  return {
    tookOverFrom,
    heartbeat() {
      if (!released) db.prepare("UPDATE lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?").run(store.now(), pid, host);
    },
    release() {
      if (released || !db.open) return;
      released = true;
      db.prepare("DELETE FROM lock WHERE id = 1 AND pid = ? AND host = ?").run(pid, host);
    },
  };
}

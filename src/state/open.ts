/**
 * Opening the state database: create it, migrate it, and notice when it is damaged — including
 * a lost write-ahead log, which would otherwise look like an older or empty state.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import { MIGRATIONS } from "./migrations.js";
import { UserError } from "../errors.js";
import { stateDamagedError, stateEnvironmentError, withStateErrors } from "./errors.js";
import { StateStore, type OpenStateOptions } from "./store.js";
import { sealWal, walLost } from "./wal-seal.js";

function openDatabase(path: string, readonly: boolean): Database.Database {
  try {
    if (!readonly) mkdirSync(dirname(path), { recursive: true });
    return new Database(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    const known = stateEnvironmentError(err, path, true);
    if (known && !readonly) throw known;
    throw new UserError(`cannot open the state database ${path}: ${(err as Error).message}`, {
      code: "STATE_UNREADABLE",
      hint: readonly ? "Nothing has been published from this manifest yet (no state)." : "Check that the folder is writable, or choose another with --state DIR.",
      cause: err,
    });
  }
}

/** Open (creating and migrating if needed) the state database at `path`. */
export function openState(path: string, options: OpenStateOptions = {}): StateStore {
  const clock = options.clock ?? Date.now;
  const readonly = options.readonly ?? false;
  let db = openDatabase(path, readonly);
  try {
    const upgraded = withStateErrors(path, () => prepare(db, path, readonly));
    if (upgraded) {
      db.close();
      db = upgraded;
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const store = new StateStore(path, db, clock);
  return store;
}

/** Returns a migrated in-memory copy when a read-only open finds a state an older heritage wrote. */
function prepare(db: Database.Database, path: string, readonly: boolean): Database.Database | null {
  if (!readonly) {
    db.pragma("journal_mode = WAL");
    // FULL: a transition committed before a side effect survives a power cut, not only a crash.
    db.pragma("synchronous = FULL");
    // Checkpoints happen only when the WAL is sealed (see sealWal).
    db.pragma("wal_autocheckpoint = 0");
  }
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new UserError(`the state database ${path} was written by a newer heritage (schema ${version}; this version knows ${MIGRATIONS.length})`, {
      code: "STATE_TOO_NEW",
      hint: "Upgrade heritage, or use --state DIR to keep a separate state.",
    });
  }
  if (version > 0 && walLost(db)) {
    throw stateDamagedError(path, `its write-ahead log ${basename(path)}-wal is missing, so the last changes recorded in it are lost`);
  }
  if (version < MIGRATIONS.length) {
    // A dry run (a read-only open) of a state an older heritage wrote: the preview must work
    // before anything is written, so the schema is brought up to date in a copy held in memory
    // (itself read-only); the file is upgraded by the first run that writes.
    if (readonly) return migratedCopy(db, version);
    migrate(db, version);
  }
  if (!readonly) sealWal(db);
  return null;
}

function migrate(db: Database.Database, from: number): void {
  db.transaction(() => {
    for (let v = from; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  })();
}

function migratedCopy(db: Database.Database, version: number): Database.Database {
  const scratch = new Database(db.serialize());
  try {
    scratch.pragma("foreign_keys = ON");
    migrate(scratch, version);
    const copy = new Database(scratch.serialize(), { readonly: true });
    copy.pragma("foreign_keys = ON");
    return copy;
  } finally {
    scratch.close();
  }
}

/**
 * The publishing state: one SQLite database per manifest (better-sqlite3, WAL, synchronous=FULL
 * so a committed transition survives a crash or a power cut). Every transition is committed
 * before the next side effect, and the state never claims more than Flickr has.
 *
 * The store is a few typed facets over one connection — `items` (and what was pushed for each),
 * `albums`, `runs` (and the API calls per minute), `account` (what the state knows of the
 * account, as typed fields) — opened by `openState` (open.ts). No module outside src/state/
 * writes SQL (test/state/seams.test.ts and the lint:layers rules check it).
 */
import type Database from "better-sqlite3";
import { sealWal } from "./wal-seal.js";
import { Statements } from "./statements.js";
import { ItemsFacet } from "./items.js";
import { AlbumsFacet } from "./albums.js";
import { RunsFacet } from "./runs.js";
import { AccountFacet } from "./account-meta.js";

export type { ItemError, ItemState, ItemStatus, PushedGroup, ReplaceState, UploadState } from "./item-state.js";
export type { AlbumState } from "./albums.js";
export type { RunRecord, RunStatus } from "./runs.js";
export type { AccountMeta } from "./account-meta.js";

export interface OpenStateOptions {
  /** Clock in milliseconds (tests pass a fake). */
  clock?: () => number;
  /** Open an existing database read-only (status, preview); never creates one. */
  readonly?: boolean;
}

export class StateStore {
  readonly path: string;
  /** The connection, for the modules under src/state/ only (community, lock, prunes). */
  readonly db: Database.Database;
  readonly items: ItemsFacet;
  readonly albums: AlbumsFacet;
  readonly runs: RunsFacet;
  readonly account: AccountFacet;
  private readonly statements: Statements;

  constructor(path: string, db: Database.Database, clock: () => number) {
    this.path = path;
    this.db = db;
    this.statements = new Statements(db, clock);
    this.items = new ItemsFacet(this.statements);
    this.albums = new AlbumsFacet(this.statements);
    this.runs = new RunsFacet(this.statements);
    this.account = new AccountFacet(this.statements);
  }

  /** Seconds since the epoch, by the injected clock. */
  now(): number {
    return this.statements.now();
  }

  /** Opened read-only (status, preview): nothing may be written. */
  get readonly(): boolean {
    return this.db.readonly;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Checkpoint the WAL into the database file and seal it, so its loss is noticed (see sealWal). */
  seal(): void {
    if (this.db.open && !this.db.readonly) sealWal(this.db);
  }

  /** Run `fn` in one transaction (facet calls inside it commit together). */
  transaction<T>(fn: () => T): T {
    return this.statements.transaction(fn);
  }
}

// openState lives in open.ts (it builds a StateStore; importing it from here would be a cycle).

/**
 * The publishing state: one SQLite database per manifest (better-sqlite3, WAL, synchronous=FULL
 * so a committed transition survives a crash or a power cut). Every transition is committed
 * before the next side effect, and the state never claims more than Flickr has: an upload is
 * recorded as an *intent* before it is sent and as *done* only after Flickr answered with an id.
 */
import Database from "better-sqlite3";
import { sealWal } from "./wal-seal.js";
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";

export type { ItemError, ItemState, ItemStatus, PushedGroup, ReplaceState, UploadState } from "./item-state.js";
import type { ItemError, ItemState, ItemStatus, PushedGroup, ReplaceState, UploadState } from "./item-state.js";

export interface AlbumState {
  title: string;
  photosetId: string | null;
  state: "intent" | "created";
  primaryPhotoId: string | null;
  intentAt: number | null;
}

export interface RunRecord {
  id: number;
  command: string;
  startedAt: number;
  endedAt: number | null;
  status: string;
  options: Record<string, unknown>;
  counts: Record<string, number> | null;
  toolVersion: string;
  pid: number;
  host: string;
}

interface ItemRow {
  identifier: string;
  row: number;
  file: string;
  source_size: number | null;
  source_mtime_ms: number | null;
  source_sha256: string | null;
  copy_sha256: string | null;
  photo_id: string | null;
  secret: string | null;
  upload_state: UploadState;
  upload_intent_at: number | null;
  intent_json: string | null;
  replace_state: ReplaceState;
  replace_sha256: string | null;
  status: ItemStatus;
  attempts: number;
  error_step: string | null;
  error_code: string | null;
  error_message: string | null;
  error_transient: number | null;
  error_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface OpenStateOptions {
  /** Clock in milliseconds (tests pass a fake). */
  clock?: () => number;
  /** Open an existing database read-only (status, preview); never creates one. */
  readonly?: boolean;
}

export class StateStore {
  readonly path: string;
  readonly db: Database.Database;
  private readonly clock: () => number;
  /** Prepared statements, compiled once per text (a 100,000-item run makes millions of calls). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string, db: Database.Database, clock: () => number) {
    this.path = path;
    this.db = db;
    this.clock = clock;
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Seconds since the epoch, by the injected clock. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Checkpoint the WAL into the database file and seal it, so its loss is noticed (see sealWal). */
  seal(): void {
    if (this.db.open && !this.db.readonly) sealWal(this.db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- meta -----------------------------------------------------------------------------

  getMeta(key: string): string | null {
    const row = this.sql("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  // ---- items ----------------------------------------------------------------------------

  getItem(identifier: string): ItemState | null {
    const row = this.sql("SELECT * FROM items WHERE identifier = ?").get(identifier) as ItemRow | undefined;
    if (!row) return null;
    return this.toItem(row, this.pushedFor(identifier));
  }

  /**
   * Every item, with its pushed groups (one pass over each table). With `lazyValues` the pushed
   * values stay in the database until read — for planning 100,000 items, where only the hashes
   * of unchanged items matter; the store must then stay open while they are used.
   */
  listItems(options: { lazyValues?: boolean } = {}): ItemState[] {
    const pushed = new Map<string, Partial<Record<FieldGroup, PushedGroup>>>();
    const read = (identifier: string, group: FieldGroup) => {
      const row = this.sql("SELECT value_json FROM pushed WHERE identifier = ? AND grp = ?").get(identifier, group) as { value_json: string } | undefined;
      return row ? (JSON.parse(row.value_json) as Partial<FlickrFields>) : {};
    };
    const lazy = options.lazyValues ?? false;
    const query = lazy ? "SELECT identifier, grp, hash, pushed_at FROM pushed" : "SELECT identifier, grp, hash, pushed_at, value_json FROM pushed";
    for (const p of this.sql(query).iterate() as Iterable<{
      identifier: string;
      grp: FieldGroup;
      hash: string;
      pushed_at: number;
      value_json?: string;
    }>) {
      let groups = pushed.get(p.identifier);
      if (!groups) pushed.set(p.identifier, (groups = {}));
      groups[p.grp] = lazy
        ? new PushedRef(read, p.identifier, p.grp, p.hash, p.pushed_at)
        : { hash: p.hash, pushedAt: p.pushed_at, value: JSON.parse(p.value_json!) as Partial<FlickrFields> };
    }
    const rows = this.sql("SELECT * FROM items ORDER BY row, identifier").all() as ItemRow[];
    return rows.map((r) => this.toItem(r, pushed.get(r.identifier) ?? {}));
  }

  countByStatus(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql("SELECT status, COUNT(*) AS n FROM items GROUP BY status").all() as { status: string; n: number }[]) {
      out[r.status] = r.n;
    }
    return out;
  }

  /**
   * Does this state know of any photo on Flickr, now or before (an upload sent or done, a photo
   * withdrawn or deleted)? A state that does not is new, lost or emptied: the empty-state guard
   * asks Flickr before the first upload.
   */
  recordsAnyPhoto(): boolean {
    return this.sql("SELECT 1 FROM items WHERE photo_id IS NOT NULL OR upload_state <> 'none' OR status IN ('withdrawn','deleted','missing') LIMIT 1").get() !== undefined;
  }

  /** Insert an item the first time it is seen; keep its row and file in step with the manifest. */
  ensureItem(item: { identifier: string; row: number; file: string }): void {
    const now = this.now();
    this.sql(
        `INSERT INTO items (identifier, row, file, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(identifier) DO UPDATE SET row = excluded.row, file = excluded.file
         WHERE items.row IS NOT excluded.row OR items.file IS NOT excluded.file`,
      )
      .run(item.identifier, item.row, item.file, now, now);
  }

  recordSource(identifier: string, source: { size: number; mtimeMs: number; sha256: string }): void {
    this.update(identifier, { source_size: source.size, source_mtime_ms: source.mtimeMs, source_sha256: source.sha256 });
  }

  /** Committed before the upload request is sent: from here on the photo may exist on Flickr. */
  recordUploadIntent(identifier: string, intent: { copySha256: string; fields: FlickrFields }): void {
    const row = this.sql("SELECT attempts FROM items WHERE identifier = ?").get(identifier) as { attempts: number } | undefined;
    this.update(identifier, {
      upload_state: "intent",
      upload_intent_at: this.now(),
      intent_json: JSON.stringify(intent.fields),
      copy_sha256: intent.copySha256,
      attempts: (row?.attempts ?? 0) + 1,
    });
  }

  /** Flickr refused the upload outright (the request was answered): nothing was stored. */
  clearUploadIntent(identifier: string): void {
    this.update(identifier, { upload_state: "none", upload_intent_at: null, intent_json: null });
  }

  /**
   * Flickr has the photo. The groups the upload call itself carried are recorded as pushed in
   * the same transaction, so the state never says less or more than Flickr holds.
   */
  recordUploaded(
    identifier: string,
    result: { photoId: string; secret: string | null; pushed: Partial<Record<FieldGroup, { hash: string; value: Partial<FlickrFields> }>> },
  ): void {
    this.transaction(() => {
      this.update(identifier, {
        upload_state: "done",
        photo_id: result.photoId,
        secret: result.secret,
        intent_json: null,
        error_step: null,
        error_code: null,
        error_message: null,
        error_transient: null,
        error_at: null,
      });
      for (const [group, p] of Object.entries(result.pushed)) {
        if (p) this.recordPushed(identifier, group as FieldGroup, p.value, p.hash);
      }
    });
  }

  recordPushed(identifier: string, group: FieldGroup, value: Partial<FlickrFields>, hash: string): void {
    this.sql(
        `INSERT INTO pushed (identifier, grp, hash, value_json, pushed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(identifier, grp) DO UPDATE SET hash = excluded.hash, value_json = excluded.value_json, pushed_at = excluded.pushed_at`,
      )
      .run(identifier, group, hash, JSON.stringify(value), this.now());
    this.touch(identifier);
  }

  clearPushed(identifier: string, group: FieldGroup): void {
    this.sql("DELETE FROM pushed WHERE identifier = ? AND grp = ?").run(identifier, group);
    this.touch(identifier);
  }

  recordReplaceState(identifier: string, state: ReplaceState, sha256: string | null): void {
    this.update(identifier, { replace_state: state, replace_sha256: sha256 });
  }

  /** A rescanned master went up: the photo keeps its id, gets a new secret and copy hash. */
  recordReplaced(identifier: string, result: { secret: string | null; copySha256: string; source: { size: number; mtimeMs: number; sha256: string } }): void {
    this.update(identifier, {
      replace_state: "none",
      replace_sha256: null,
      secret: result.secret,
      copy_sha256: result.copySha256,
      source_size: result.source.size,
      source_mtime_ms: result.source.mtimeMs,
      source_sha256: result.source.sha256,
    });
  }

  /** Adopt a photo found on Flickr (after a lost response, or when rebuilding the state). */
  adoptPhoto(identifier: string, photo: { photoId: string; secret: string | null }): void {
    this.update(identifier, { upload_state: "done", photo_id: photo.photoId, secret: photo.secret, intent_json: null });
  }

  recordFailure(identifier: string, error: Omit<ItemError, "at">): void {
    this.update(identifier, {
      status: "failed",
      error_step: error.step,
      error_code: error.code,
      error_message: error.message,
      error_transient: error.transient ? 1 : 0,
      error_at: this.now(),
    });
  }

  setStatus(identifier: string, status: ItemStatus): void {
    const patch: Partial<ItemRow> = { status };
    if (status === "published") Object.assign(patch, { error_step: null, error_code: null, error_message: null, error_transient: null, error_at: null });
    this.update(identifier, patch);
  }

  /** The photo is gone from Flickr and will be uploaded again: forget its id and everything pushed. */
  resetPhoto(identifier: string): void {
    this.transaction(() => {
      this.sql("DELETE FROM pushed WHERE identifier = ?").run(identifier);
      this.update(identifier, { photo_id: null, secret: null, upload_state: "none", intent_json: null, replace_state: "none", status: "pending" });
    });
  }

  /** Forget an item entirely (after `sync --prune delete` removed it from Flickr). */
  forgetPhoto(identifier: string): void {
    this.transaction(() => {
      this.sql("DELETE FROM pushed WHERE identifier = ?").run(identifier);
      this.update(identifier, { photo_id: null, secret: null, upload_state: "none", status: "deleted" });
    });
  }

  // ---- albums ---------------------------------------------------------------------------

  getAlbum(title: string): AlbumState | null {
    const r = this.sql("SELECT * FROM albums WHERE title = ?").get(title) as
      | { title: string; photoset_id: string | null; state: "intent" | "created"; primary_photo_id: string | null; intent_at: number | null }
      | undefined;
    return r ? { title: r.title, photosetId: r.photoset_id, state: r.state, primaryPhotoId: r.primary_photo_id, intentAt: r.intent_at } : null;
  }

  listAlbums(): AlbumState[] {
    return (this.sql("SELECT title FROM albums ORDER BY title").all() as { title: string }[]).map((r) => this.getAlbum(r.title)!);
  }

  /** Committed before photosets.create: if the answer is lost, the album is looked up by title. */
  recordAlbumIntent(title: string, primaryPhotoId: string): void {
    this.sql(
        `INSERT INTO albums (title, state, primary_photo_id, intent_at) VALUES (?, 'intent', ?, ?)
         ON CONFLICT(title) DO UPDATE SET state = 'intent', primary_photo_id = excluded.primary_photo_id, intent_at = excluded.intent_at`,
      )
      .run(title, primaryPhotoId, this.now());
  }

  recordAlbumCreated(title: string, photosetId: string, primaryPhotoId: string | null): void {
    this.sql(
        `INSERT INTO albums (title, photoset_id, state, primary_photo_id, created_at) VALUES (?, ?, 'created', ?, ?)
         ON CONFLICT(title) DO UPDATE SET photoset_id = excluded.photoset_id, state = 'created',
           primary_photo_id = COALESCE(excluded.primary_photo_id, albums.primary_photo_id), created_at = excluded.created_at`,
      )
      .run(title, photosetId, primaryPhotoId, this.now());
  }

  forgetAlbum(title: string): void {
    this.sql("DELETE FROM albums WHERE title = ?").run(title);
  }

  // ---- runs -----------------------------------------------------------------------------

  beginRun(run: { command: string; options: Record<string, unknown>; toolVersion: string; pid: number; host: string }): number {
    const info = this.sql("INSERT INTO runs (command, started_at, options_json, tool_version, pid, host) VALUES (?, ?, ?, ?, ?, ?)")
      .run(run.command, this.now(), JSON.stringify(run.options), run.toolVersion, run.pid, run.host);
    return Number(info.lastInsertRowid);
  }

  endRun(id: number, status: string, counts: Record<string, number>): void {
    this.sql("UPDATE runs SET ended_at = ?, status = ?, counts_json = ? WHERE id = ?").run(this.now(), status, JSON.stringify(counts), id);
  }

  listRuns(limit = 10): RunRecord[] {
    const rows = this.sql("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as {
      id: number;
      command: string;
      started_at: number;
      ended_at: number | null;
      status: string;
      options_json: string;
      counts_json: string | null;
      tool_version: string;
      pid: number;
      host: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      command: r.command,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      status: r.status,
      options: JSON.parse(r.options_json) as Record<string, unknown>,
      counts: r.counts_json ? (JSON.parse(r.counts_json) as Record<string, number>) : null,
      toolVersion: r.tool_version,
      pid: r.pid,
      host: r.host,
    }));
  }

  // ---- API budget (calls per minute, so a resumed run knows what the last hour spent) ---

  addApiCalls(minute: number, count = 1): void {
    this.sql("INSERT INTO api_calls (minute, count) VALUES (?, ?) ON CONFLICT(minute) DO UPDATE SET count = count + excluded.count")
      .run(minute, count);
  }

  /** Calls recorded per minute since `fromMinute` (inclusive). */
  apiCallsSince(fromMinute: number): { minute: number; count: number }[] {
    return this.sql("SELECT minute, count FROM api_calls WHERE minute >= ? ORDER BY minute").all(fromMinute) as { minute: number; count: number }[];
  }

  pruneApiCalls(beforeMinute: number): void {
    this.sql("DELETE FROM api_calls WHERE minute < ?").run(beforeMinute);
  }

  // ---- internals ------------------------------------------------------------------------

  private pushedFor(identifier: string): Partial<Record<FieldGroup, PushedGroup>> {
    const out: Partial<Record<FieldGroup, PushedGroup>> = {};
    for (const p of this.sql("SELECT grp, hash, value_json, pushed_at FROM pushed WHERE identifier = ?").all(identifier) as {
      grp: FieldGroup;
      hash: string;
      value_json: string;
      pushed_at: number;
    }[]) {
      out[p.grp] = { hash: p.hash, value: JSON.parse(p.value_json) as Partial<FlickrFields>, pushedAt: p.pushed_at };
    }
    return out;
  }

  private touch(identifier: string): void {
    this.sql("UPDATE items SET updated_at = ? WHERE identifier = ?").run(this.now(), identifier);
  }

  private update(identifier: string, patch: Partial<ItemRow>): void {
    const keys = Object.keys(patch) as (keyof ItemRow)[];
    const sets = keys.map((k) => `${k} = @${k}`).join(", ");
    const info = this.sql(`UPDATE items SET ${sets}, updated_at = @__now WHERE identifier = @__id`)
      .run({ ...patch, __now: this.now(), __id: identifier });
    if (info.changes === 0) throw new Error(`state: no item ${JSON.stringify(identifier)} (ensureItem first)`);
  }

  private toItem(r: ItemRow, pushed: Partial<Record<FieldGroup, PushedGroup>>): ItemState {
    return {
      identifier: r.identifier,
      row: r.row,
      file: r.file,
      sourceSize: r.source_size,
      sourceMtimeMs: r.source_mtime_ms,
      sourceSha256: r.source_sha256,
      copySha256: r.copy_sha256,
      photoId: r.photo_id,
      secret: r.secret,
      upload: r.upload_state,
      uploadIntentAt: r.upload_intent_at,
      intentFields: r.intent_json ? (JSON.parse(r.intent_json) as FlickrFields) : null,
      replace: r.replace_state,
      replaceSha256: r.replace_sha256,
      status: r.status,
      attempts: r.attempts,
      error:
        r.error_code !== null
          ? { step: r.error_step ?? "", code: r.error_code, message: r.error_message ?? "", transient: r.error_transient === 1, at: r.error_at ?? 0 }
          : null,
      pushed,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}

/**
 * A pushed group as `listItems` returns it: the hash is at hand (all that planning 100,000
 * unchanged items needs); the value is read from the database only when asked for (the diff of
 * a changed group). A class, so 900,000 of them share one getter instead of a closure each.
 */
class PushedRef implements PushedGroup {
  private cached: Partial<FlickrFields> | undefined;
  constructor(
    private readonly read: (identifier: string, group: FieldGroup) => Partial<FlickrFields>,
    private readonly identifier: string,
    private readonly group: FieldGroup,
    readonly hash: string,
    readonly pushedAt: number,
  ) {}
  get value(): Partial<FlickrFields> {
    return (this.cached ??= this.read(this.identifier, this.group));
  }
}

// openState lives in open.ts (it builds a StateStore; importing it from here would be a cycle).

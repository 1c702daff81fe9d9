/**
 * The items facet of the state: one row per manifest item (its source, its photo on Flickr, the
 * upload and replace intents, its status and last error) and the values last pushed per field
 * group. The state never claims more than Flickr has: an upload is recorded as an *intent*
 * before it is sent and as *done* only after Flickr answered with an id.
 */
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import type { ItemError, ItemState, ItemStatus, PushedGroup, ReplaceState, UploadState } from "./item-state.js";
import type { Statements } from "./statements.js";

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

type PushedGroups = Partial<Record<FieldGroup, PushedGroup>>;

const NO_ERROR = { error_step: null, error_code: null, error_message: null, error_transient: null, error_at: null } as const;

export class ItemsFacet {
  constructor(private readonly s: Statements) {}

  get(identifier: string): ItemState | null {
    const row = this.s.sql("SELECT * FROM items WHERE identifier = ?").get(identifier) as ItemRow | undefined;
    if (!row) return null;
    return toItem(row, this.pushedFor(identifier));
  }

  /**
   * Every item, with its pushed groups (one pass over each table). With `lazyValues` the pushed
   * values stay in the database until read — for planning 100,000 items, where only the hashes
   * of unchanged items matter; the store must then stay open while they are used.
   */
  list(options: { lazyValues?: boolean } = {}): ItemState[] {
    const pushed = new Map<string, PushedGroups>();
    const read = (identifier: string, group: FieldGroup) => {
      const row = this.s.sql("SELECT value_json FROM pushed WHERE identifier = ? AND grp = ?").get(identifier, group) as { value_json: string } | undefined;
      return row ? (JSON.parse(row.value_json) as Partial<FlickrFields>) : {};
    };
    const lazy = options.lazyValues ?? false;
    const query = lazy ? "SELECT identifier, grp, hash, pushed_at FROM pushed" : "SELECT identifier, grp, hash, pushed_at, value_json FROM pushed";
    for (const p of this.s.sql(query).iterate() as Iterable<{ identifier: string; grp: FieldGroup; hash: string; pushed_at: number; value_json?: string }>) {
      let groups = pushed.get(p.identifier);
      if (!groups) pushed.set(p.identifier, (groups = {}));
      groups[p.grp] = lazy
        ? new PushedRef(read, p.identifier, p.grp, p.hash, p.pushed_at)
        : { hash: p.hash, pushedAt: p.pushed_at, value: JSON.parse(p.value_json!) as Partial<FlickrFields> };
    }
    const rows = this.s.sql("SELECT * FROM items ORDER BY row, identifier").all() as ItemRow[];
    return rows.map((r) => toItem(r, pushed.get(r.identifier) ?? {}));
  }

  countByStatus(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.s.sql("SELECT status, COUNT(*) AS n FROM items GROUP BY status").all() as { status: string; n: number }[]) {
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
    return this.s.sql("SELECT 1 FROM items WHERE photo_id IS NOT NULL OR upload_state <> 'none' OR status IN ('withdrawn','deleted','missing') LIMIT 1").get() !== undefined;
  }

  /**
   * Bring the rows and files of items the state already has in step with the manifest, in one
   * transaction (new items are not made here). Returns how many changed.
   */
  follow(items: Iterable<{ identifier: string; row: number | null; file: string | null }>): number {
    const statement = this.s.sql("UPDATE items SET row = @row, file = @file WHERE identifier = @identifier AND (row IS NOT @row OR file IS NOT @file)");
    let changed = 0;
    this.s.transaction(() => {
      for (const i of items) if (i.row !== null && i.file !== null) changed += statement.run({ identifier: i.identifier, row: i.row, file: i.file }).changes;
    });
    return changed;
  }

  /** Insert an item the first time it is seen; keep its row and file in step with the manifest. */
  ensure(item: { identifier: string; row: number; file: string }): void {
    const now = this.s.now();
    this.s
      .sql(
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
    const row = this.s.sql("SELECT attempts FROM items WHERE identifier = ?").get(identifier) as { attempts: number } | undefined;
    this.update(identifier, {
      upload_state: "intent",
      upload_intent_at: this.s.now(),
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
    this.s.transaction(() => {
      this.update(identifier, { upload_state: "done", photo_id: result.photoId, secret: result.secret, intent_json: null, ...NO_ERROR });
      for (const [group, p] of Object.entries(result.pushed)) {
        if (p) this.recordPushed(identifier, group as FieldGroup, p.value, p.hash);
      }
    });
  }

  recordPushed(identifier: string, group: FieldGroup, value: Partial<FlickrFields>, hash: string): void {
    this.s
      .sql(
        `INSERT INTO pushed (identifier, grp, hash, value_json, pushed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(identifier, grp) DO UPDATE SET hash = excluded.hash, value_json = excluded.value_json, pushed_at = excluded.pushed_at`,
      )
      .run(identifier, group, hash, JSON.stringify(value), this.s.now());
    this.touch(identifier);
  }

  clearPushed(identifier: string, group: FieldGroup): void {
    this.s.sql("DELETE FROM pushed WHERE identifier = ? AND grp = ?").run(identifier, group);
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
      error_at: this.s.now(),
    });
  }

  setStatus(identifier: string, status: ItemStatus): void {
    this.update(identifier, status === "published" ? { status, ...NO_ERROR } : { status });
  }

  /** The photo is gone from Flickr and will be uploaded again: forget its id and everything pushed. */
  resetPhoto(identifier: string): void {
    this.s.transaction(() => {
      this.s.sql("DELETE FROM pushed WHERE identifier = ?").run(identifier);
      this.update(identifier, { photo_id: null, secret: null, upload_state: "none", intent_json: null, replace_state: "none", status: "pending" });
    });
  }

  /** Forget an item's photo entirely (after `sync --prune delete` removed it from Flickr). */
  forgetPhoto(identifier: string): void {
    this.s.transaction(() => {
      this.s.sql("DELETE FROM pushed WHERE identifier = ?").run(identifier);
      this.update(identifier, { photo_id: null, secret: null, upload_state: "none", status: "deleted" });
    });
  }

  private pushedFor(identifier: string): PushedGroups {
    const out: PushedGroups = {};
    for (const p of this.s.sql("SELECT grp, hash, value_json, pushed_at FROM pushed WHERE identifier = ?").all(identifier) as {
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
    this.s.sql("UPDATE items SET updated_at = ? WHERE identifier = ?").run(this.s.now(), identifier);
  }

  private update(identifier: string, patch: Partial<ItemRow>): void {
    const keys = Object.keys(patch) as (keyof ItemRow)[];
    const sets = keys.map((k) => `${k} = @${k}`).join(", ");
    const info = this.s.sql(`UPDATE items SET ${sets}, updated_at = @__now WHERE identifier = @__id`).run({ ...patch, __now: this.s.now(), __id: identifier });
    if (info.changes === 0) throw new Error(`state: no item ${JSON.stringify(identifier)} (items.ensure first)`);
  }
}

function toItem(r: ItemRow, pushed: PushedGroups): ItemState {
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

/**
 * A pushed group as `list` returns it: the hash is at hand (all that planning 100,000 unchanged
 * items needs); the value is read from the database only when asked for (the diff of a changed
 * group). A class, so 900,000 of them share one getter instead of a closure each.
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

/**
 * The state schema, as an ordered list of migrations. `PRAGMA user_version` records how many
 * have run. Never edit a shipped migration: append a new one. Older heritage versions refuse a
 * database newer than they know (see openState).
 */
import { ALBUM_MEMBERS_SCHEMA } from "./album-members.js";
import { COMMUNITY_SCHEMA } from "./community-schema.js";

export const MIGRATIONS: readonly string[] = [
  // 1: items, the values last pushed per field group, albums, runs, the API-call budget, the lock.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE items (
    identifier       TEXT PRIMARY KEY,
    row              INTEGER NOT NULL,
    file             TEXT NOT NULL,
    source_size      INTEGER,
    source_mtime_ms  REAL,
    source_sha256    TEXT,
    copy_sha256      TEXT,
    photo_id         TEXT,
    secret           TEXT,
    -- none: nothing sent; intent: an upload may have reached Flickr (look it up before any new
    -- upload); done: Flickr has it as photo_id.
    upload_state     TEXT NOT NULL DEFAULT 'none' CHECK (upload_state IN ('none','intent','done')),
    upload_intent_at INTEGER,
    intent_json      TEXT,
    -- replace of a rescanned master: none | needed (blocked, e.g. not Pro) | intent | done
    replace_state    TEXT NOT NULL DEFAULT 'none' CHECK (replace_state IN ('none','needed','intent')),
    replace_sha256   TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending','published','failed','withdrawn','deleted','missing')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    error_step       TEXT,
    error_code       TEXT,
    error_message    TEXT,
    error_transient  INTEGER,
    error_at         INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX items_photo_id ON items(photo_id) WHERE photo_id IS NOT NULL;
  CREATE INDEX items_status ON items(status);
  CREATE TABLE pushed (
    identifier TEXT NOT NULL REFERENCES items(identifier) ON DELETE CASCADE,
    grp        TEXT NOT NULL,
    hash       TEXT NOT NULL,
    value_json TEXT NOT NULL,
    pushed_at  INTEGER NOT NULL,
    PRIMARY KEY (identifier, grp)
  ) WITHOUT ROWID;
  CREATE TABLE albums (
    title            TEXT PRIMARY KEY,
    photoset_id      TEXT,
    state            TEXT NOT NULL CHECK (state IN ('intent','created')),
    primary_photo_id TEXT,
    intent_at        INTEGER,
    created_at       INTEGER
  );
  CREATE TABLE runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    command      TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    status       TEXT NOT NULL DEFAULT 'running',
    options_json TEXT NOT NULL,
    counts_json  TEXT,
    tool_version TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL
  );
  CREATE TABLE api_calls (
    minute INTEGER PRIMARY KEY,
    count  INTEGER NOT NULL
  );
  CREATE TABLE lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    command      TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  `,
  // 2: what the public added (harvest), per-harvest snapshots, the moderation archive.
  COMMUNITY_SCHEMA,
  // 3: album members and photos queued for an album's next flush (photosets.editPhotos in batches).
  ALBUM_MEMBERS_SCHEMA,
  // 4: each row's fingerprint (its cells and the mapping context) as of its last full push, so
  // sync maps only rows that changed (issue 12; src/state/row-fingerprints.ts). Any change to an
  // item's pushed values drops its fingerprint, whoever makes it: the row is then mapped again.
  `
  CREATE TABLE row_fingerprints (
    identifier  TEXT PRIMARY KEY REFERENCES items(identifier) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    warnings    INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TRIGGER row_fingerprints_pushed_insert AFTER INSERT ON pushed
    BEGIN DELETE FROM row_fingerprints WHERE identifier = NEW.identifier; END;
  CREATE TRIGGER row_fingerprints_pushed_update AFTER UPDATE ON pushed
    BEGIN DELETE FROM row_fingerprints WHERE identifier = NEW.identifier OR identifier = OLD.identifier; END;
  CREATE TRIGGER row_fingerprints_pushed_delete AFTER DELETE ON pushed
    BEGIN DELETE FROM row_fingerprints WHERE identifier = OLD.identifier; END;
  `,
];

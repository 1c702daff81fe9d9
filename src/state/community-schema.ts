/**
 * The community tables (harvest baselines, contributions, snapshots, moderation archive).
 * Appended to MIGRATIONS; IF NOT EXISTS so it is harmless whichever migration number it gets.
 */
export const COMMUNITY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS community_photos (
    photo_id     TEXT PRIMARY KEY,
    identifier   TEXT NOT NULL,
    last_update  INTEGER NOT NULL,
    views        INTEGER NOT NULL,
    faves        INTEGER NOT NULL,
    comments     INTEGER NOT NULL,
    harvest      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS harvests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    status      TEXT NOT NULL DEFAULT 'running',
    calls       INTEGER,
    photos      INTEGER,
    changed     INTEGER,
    new_count   INTEGER
  );
  CREATE TABLE IF NOT EXISTS contributions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('comment','tag','note')),
    flickr_id     TEXT NOT NULL,
    photo_id      TEXT NOT NULL,
    identifier    TEXT NOT NULL,
    author        TEXT NOT NULL,
    authorname    TEXT NOT NULL,
    date          INTEGER,
    text          TEXT NOT NULL,
    permalink     TEXT NOT NULL,
    extra_json    TEXT,
    suggested     TEXT NOT NULL,
    rule          TEXT NOT NULL,
    decision      TEXT,
    first_seen    INTEGER NOT NULL,
    first_harvest INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    gone_at       INTEGER,
    UNIQUE (kind, flickr_id)
  );
  CREATE INDEX IF NOT EXISTS contributions_photo ON contributions(photo_id);
  CREATE TABLE IF NOT EXISTS community_snapshots (
    harvest    INTEGER NOT NULL,
    photo_id   TEXT NOT NULL,
    identifier TEXT NOT NULL,
    at         INTEGER NOT NULL,
    views      INTEGER NOT NULL,
    faves      INTEGER NOT NULL,
    comments   INTEGER NOT NULL,
    PRIMARY KEY (harvest, photo_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS moderation (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    flickr_id   TEXT NOT NULL,
    photo_id    TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    author      TEXT NOT NULL,
    authorname  TEXT NOT NULL,
    date        INTEGER,
    text        TEXT NOT NULL,
    permalink   TEXT NOT NULL,
    rule        TEXT NOT NULL,
    operator    TEXT NOT NULL,
    archived_at INTEGER NOT NULL,
    -- intent: archived, removal maybe sent; removed: Flickr confirmed; gone: it was already gone;
    -- failed: Flickr refused (the contribution stays on Flickr, the archive stays here)
    state       TEXT NOT NULL CHECK (state IN ('intent','removed','gone','failed')),
    done_at     INTEGER,
    error       TEXT,
    UNIQUE (kind, flickr_id)
  );
`;

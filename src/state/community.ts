/**
 * What the public added, kept in the publishing state: the harvest's baseline per photo (so a
 * repeat harvest reads only what changed), every contribution ever seen (so one deleted on
 * Flickr is not lost and "new since the last harvest" is exact), a snapshot of the counts per
 * harvest (growth over time), and the moderation archive (the full text of everything removed,
 * written before the removal).
 */
import type { StateStore } from "./store.js";
import { COMMUNITY_SCHEMA } from "./community-schema.js";

export type ContributionKind = "comment" | "tag" | "note";

export interface Baseline {
  photoId: string;
  identifier: string;
  lastUpdate: number;
  views: number;
  faves: number;
  comments: number;
  /**
   * When the harvest that last listed the photo began, by this machine's clock (seconds); null
   * when that harvest is not recorded. Read back only (saveBaseline takes the harvest's id).
   */
  listedFrom?: number | null;
}

/** What one contribution is, as Flickr shows it (read from getInfo or comments.getList). */
export interface ContributionBody {
  kind: ContributionKind;
  flickrId: string;
  author: string;
  authorname: string;
  date: number | null;
  text: string;
  permalink: string;
}

/** A contribution as harvest keeps it: on which photo, and what triage suggested. */
export interface SeenContribution extends ContributionBody {
  photoId: string;
  identifier: string;
  extra: Record<string, unknown> | null;
  suggested: string;
  rule: string;
}

export interface StoredContribution extends SeenContribution {
  id: number;
  decision: string | null;
  firstSeen: number;
  firstHarvest: number;
  lastSeen: number;
  goneAt: number | null;
}

/** The archived copy of a removal: the contribution whole, the rule, who removed it and when. */
export interface ModerationRecord extends ContributionBody {
  photoId: string;
  identifier: string;
  rule: string;
  operator: string;
  archivedAt: number;
  state: "intent" | "removed" | "gone" | "failed";
  doneAt: number | null;
  error: string | null;
}

export interface Snapshot {
  harvest: number;
  at: number;
  photoId: string;
  identifier: string;
  views: number;
  faves: number;
  comments: number;
}

export interface HarvestRecord {
  id: number;
  startedAt: number;
  endedAt: number | null;
  status: string;
  calls: number | null;
  photos: number | null;
  changed: number | null;
  newCount: number | null;
}

interface ContributionRow {
  id: number;
  kind: ContributionKind;
  flickr_id: string;
  photo_id: string;
  identifier: string;
  author: string;
  authorname: string;
  date: number | null;
  text: string;
  permalink: string;
  extra_json: string | null;
  suggested: string;
  rule: string;
  decision: string | null;
  first_seen: number;
  first_harvest: number;
  last_seen: number;
  gone_at: number | null;
}

const toContribution = (r: ContributionRow): StoredContribution => ({
  id: r.id,
  kind: r.kind,
  flickrId: r.flickr_id,
  photoId: r.photo_id,
  identifier: r.identifier,
  author: r.author,
  authorname: r.authorname,
  date: r.date,
  text: r.text,
  permalink: r.permalink,
  extra: r.extra_json ? (JSON.parse(r.extra_json) as Record<string, unknown>) : null,
  suggested: r.suggested,
  rule: r.rule,
  decision: r.decision,
  firstSeen: r.first_seen,
  firstHarvest: r.first_harvest,
  lastSeen: r.last_seen,
  goneAt: r.gone_at,
});

/** The community tables of one state. Each method is one statement; callers group them in transactions. */
export class CommunityState {
  constructor(readonly store: StateStore) {
    // A state made before these tables existed but opened by a version that has them is migrated
    // by openState; this keeps a hand-made or read-write database usable too.
    if (!store.db.readonly) store.db.exec(COMMUNITY_SCHEMA);
  }

  private get db() {
    return this.store.db;
  }

  now(): number {
    return this.store.now();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- harvests -----------------------------------------------------------------------------

  beginHarvest(): number {
    return Number(this.db.prepare("INSERT INTO harvests (started_at) VALUES (?)").run(this.now()).lastInsertRowid);
  }

  endHarvest(id: number, status: string, counts: { calls: number; photos: number; changed: number; newCount: number }): void {
    this.db
      .prepare("UPDATE harvests SET ended_at = ?, status = ?, calls = ?, photos = ?, changed = ?, new_count = ? WHERE id = ?")
      .run(this.now(), status, counts.calls, counts.photos, counts.changed, counts.newCount, id);
  }

  listHarvests(): HarvestRecord[] {
    return (this.db.prepare("SELECT * FROM harvests ORDER BY id").all() as Record<string, number | string | null>[]).map((r) => ({
      id: r.id as number,
      startedAt: r.started_at as number,
      endedAt: r.ended_at as number | null,
      status: r.status as string,
      calls: r.calls as number | null,
      photos: r.photos as number | null,
      changed: r.changed as number | null,
      newCount: r.new_count as number | null,
    }));
  }

  // ---- baselines and snapshots ----------------------------------------------------------------

  baselines(): Map<string, Baseline> {
    // Named as Baseline's fields, so each row is one already.
    const rows = this.db
      .prepare(
        `SELECT c.photo_id AS photoId, c.identifier, c.last_update AS lastUpdate, c.views, c.faves, c.comments, h.started_at AS listedFrom
           FROM community_photos c LEFT JOIN harvests h ON h.id = c.harvest`,
      )
      .all() as Baseline[];
    return new Map(rows.map((b) => [b.photoId, b]));
  }

  saveBaseline(b: Baseline, harvest: number): void {
    this.db
      .prepare(
        `INSERT INTO community_photos (photo_id, identifier, last_update, views, faves, comments, harvest) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(photo_id) DO UPDATE SET identifier = excluded.identifier, last_update = excluded.last_update, views = excluded.views,
           faves = excluded.faves, comments = excluded.comments, harvest = excluded.harvest`,
      )
      .run(b.photoId, b.identifier, b.lastUpdate, b.views, b.faves, b.comments, harvest);
  }

  saveSnapshot(s: Snapshot): void {
    this.db
      .prepare("INSERT OR REPLACE INTO community_snapshots (harvest, photo_id, identifier, at, views, faves, comments) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(s.harvest, s.photoId, s.identifier, s.at, s.views, s.faves, s.comments);
  }

  snapshots(): Snapshot[] {
    return (this.db.prepare("SELECT * FROM community_snapshots ORDER BY harvest, photo_id").all() as Record<string, string | number>[]).map((r) => ({
      harvest: r.harvest as number,
      at: r.at as number,
      photoId: r.photo_id as string,
      identifier: r.identifier as string,
      views: r.views as number,
      faves: r.faves as number,
      comments: r.comments as number,
    }));
  }

  // ---- contributions --------------------------------------------------------------------------

  /** Record a contribution seen now; returns true when it was not known before (or had gone and came back). */
  see(c: SeenContribution, harvest: number): boolean {
    const now = this.now();
    const known = this.db.prepare("SELECT id, gone_at FROM contributions WHERE kind = ? AND flickr_id = ?").get(c.kind, c.flickrId) as { id: number; gone_at: number | null } | undefined;
    if (known) {
      this.db
        .prepare("UPDATE contributions SET last_seen = ?, gone_at = NULL, text = ?, author = ?, authorname = ?, extra_json = ? WHERE id = ?")
        .run(now, c.text, c.author, c.authorname, c.extra ? JSON.stringify(c.extra) : null, known.id);
      return false;
    }
    this.db
      .prepare(
        `INSERT INTO contributions (kind, flickr_id, photo_id, identifier, author, authorname, date, text, permalink, extra_json, suggested, rule, first_seen, first_harvest, last_seen)
         VALUES (@kind, @flickrId, @photoId, @identifier, @author, @authorname, @date, @text, @permalink, @extra, @suggested, @rule, @now, @harvest, @now)`,
      )
      .run({ ...c, extra: c.extra ? JSON.stringify(c.extra) : null, now, harvest });
    return true;
  }

  /** Contributions of `kinds` on a photo that were not seen in this read: gone from Flickr. */
  markGone(photoId: string, kinds: readonly ContributionKind[], seen: ReadonlySet<string>): number {
    let n = 0;
    const rows = this.db.prepare("SELECT id, kind, flickr_id FROM contributions WHERE photo_id = ? AND gone_at IS NULL").all(photoId) as { id: number; kind: ContributionKind; flickr_id: string }[];
    for (const r of rows) {
      if (!kinds.includes(r.kind) || seen.has(`${r.kind}:${r.flickr_id}`)) continue;
      this.db.prepare("UPDATE contributions SET gone_at = ? WHERE id = ?").run(this.now(), r.id);
      n++;
    }
    return n;
  }

  contributions(): StoredContribution[] {
    return (this.db.prepare("SELECT * FROM contributions ORDER BY identifier, kind, first_seen, id").all() as ContributionRow[]).map(toContribution);
  }

  setDecision(kind: string, flickrId: string, decision: string | null): void {
    this.db.prepare("UPDATE contributions SET decision = ? WHERE kind = ? AND flickr_id = ?").run(decision, kind, flickrId);
  }

  // ---- moderation -----------------------------------------------------------------------------

  /** Archive before removal (idempotent: a rerun after a kill finds the archive already there). */
  archive(r: Omit<ModerationRecord, "archivedAt" | "state" | "doneAt" | "error">): ModerationRecord {
    this.db
      .prepare(
        `INSERT INTO moderation (kind, flickr_id, photo_id, identifier, author, authorname, date, text, permalink, rule, operator, archived_at, state)
         VALUES (@kind, @flickrId, @photoId, @identifier, @author, @authorname, @date, @text, @permalink, @rule, @operator, @now, 'intent')
         ON CONFLICT(kind, flickr_id) DO NOTHING`,
      )
      .run({ ...r, now: this.now() });
    return this.moderationOf(r.kind, r.flickrId)!;
  }

  finishModeration(kind: string, flickrId: string, state: ModerationRecord["state"], error: string | null): void {
    this.transaction(() => {
      this.db.prepare("UPDATE moderation SET state = ?, done_at = ?, error = ? WHERE kind = ? AND flickr_id = ?").run(state, this.now(), error, kind, flickrId);
      if (state === "removed" || state === "gone") this.db.prepare("UPDATE contributions SET gone_at = COALESCE(gone_at, ?) WHERE kind = ? AND flickr_id = ?").run(this.now(), kind, flickrId);
    });
  }

  moderationOf(kind: string, flickrId: string): ModerationRecord | null {
    const r = this.db.prepare("SELECT * FROM moderation WHERE kind = ? AND flickr_id = ?").get(kind, flickrId) as Record<string, string | number | null> | undefined;
    return r ? toModeration(r) : null;
  }

  moderations(): ModerationRecord[] {
    return (this.db.prepare("SELECT * FROM moderation ORDER BY id").all() as Record<string, string | number | null>[]).map(toModeration);
  }
}

function toModeration(r: Record<string, string | number | null>): ModerationRecord {
  return {
    kind: r.kind as ContributionKind,
    flickrId: r.flickr_id as string,
    photoId: r.photo_id as string,
    identifier: r.identifier as string,
    author: r.author as string,
    authorname: r.authorname as string,
    date: r.date as number | null,
    text: r.text as string,
    permalink: r.permalink as string,
    rule: r.rule as string,
    operator: r.operator as string,
    archivedAt: r.archived_at as number,
    state: r.state as ModerationRecord["state"],
    doneAt: r.done_at as number | null,
    error: r.error as string | null,
  };
}

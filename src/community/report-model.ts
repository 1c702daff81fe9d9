/**
 * The reach report's figures, pure over what the state holds: the latest counts per photo, the
 * totals after each harvest (growth: Flickr gives only lifetime totals, so growth exists only
 * between snapshots), the most viewed and most discussed photos, contributions by kind, the
 * accepted ones, the moderation actions, and the figures per calendar year.
 */
import type { HarvestRecord, ModerationRecord, Snapshot, StoredContribution } from "../state/community.js";

export interface PhotoFigures {
  photoId: string;
  identifier: string;
  views: number;
  faves: number;
  comments: number;
  contributions: number;
}

export interface GrowthPoint {
  harvest: number;
  at: number;
  views: number;
  faves: number;
  comments: number;
  contributions: number;
}

export interface YearFigures {
  year: number;
  harvests: number;
  /** Gained during the year: the year's last snapshot minus the one before the year (0 before the first). */
  views: number;
  faves: number;
  comments: number;
  contributions: number;
  accepted: number;
  removed: number;
}

export interface ReportModel {
  generatedAt: number;
  photos: number;
  totals: { views: number; faves: number; comments: number; contributions: number; accepted: number; removed: number };
  growth: GrowthPoint[];
  mostViewed: PhotoFigures[];
  mostDiscussed: PhotoFigures[];
  byKind: { kind: string; count: number }[];
  accepted: StoredContribution[];
  moderation: ModerationRecord[];
  years: YearFigures[];
}

const yearOf = (seconds: number) => new Date(seconds * 1000).getUTCFullYear();

/** The latest snapshot of each photo at or before `until` (all when undefined). */
function latestPerPhoto(snapshots: readonly Snapshot[], until = Infinity): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  for (const s of snapshots) if (s.at <= until && (out.get(s.photoId)?.harvest ?? -1) < s.harvest) out.set(s.photoId, s);
  return out;
}

const sum = (list: Iterable<Snapshot>, key: "views" | "faves" | "comments") => [...list].reduce((a, s) => a + s[key], 0);

function growth(harvests: readonly HarvestRecord[], snapshots: readonly Snapshot[], contributions: readonly StoredContribution[]): GrowthPoint[] {
  const points: GrowthPoint[] = [];
  for (const h of harvests) {
    if (!snapshots.some((s) => s.harvest === h.id)) continue;
    const upTo = latestPerPhoto(snapshots.filter((s) => s.harvest <= h.id));
    const latest = upTo.values();
    const list = [...latest];
    points.push({ harvest: h.id, at: h.endedAt ?? h.startedAt, views: sum(list, "views"), faves: sum(list, "faves"), comments: sum(list, "comments"), contributions: contributions.filter((c) => c.firstHarvest <= h.id).length });
  }
  return points;
}

function years(snapshots: readonly Snapshot[], harvests: readonly HarvestRecord[], contributions: readonly StoredContribution[], moderation: readonly ModerationRecord[]): YearFigures[] {
  const all = new Set<number>([...snapshots.map((s) => yearOf(s.at)), ...contributions.map((c) => yearOf(c.firstSeen)), ...moderation.map((m) => yearOf(m.archivedAt))]);
  return [...all].sort().map((year) => {
    const end = Date.UTC(year + 1, 0, 1) / 1000 - 1;
    const start = Date.UTC(year, 0, 1) / 1000 - 1;
    const atEnd = latestPerPhoto(snapshots, end);
    const atStart = latestPerPhoto(snapshots, start);
    const gained = (key: "views" | "faves" | "comments") => sum(atEnd.values(), key) - sum(atStart.values(), key);
    return {
      year,
      harvests: harvests.filter((h) => yearOf(h.startedAt) === year).length,
      views: gained("views"),
      faves: gained("faves"),
      comments: gained("comments"),
      contributions: contributions.filter((c) => yearOf(c.firstSeen) === year).length,
      accepted: contributions.filter((c) => c.decision === "accept" && yearOf(c.firstSeen) === year).length,
      removed: moderation.filter((m) => (m.state === "removed" || m.state === "gone") && yearOf(m.doneAt ?? m.archivedAt) === year).length,
    };
  });
}

export function buildReportModel(input: { harvests: HarvestRecord[]; snapshots: Snapshot[]; contributions: StoredContribution[]; moderation: ModerationRecord[]; now: number }): ReportModel {
  const { harvests, snapshots, contributions, moderation } = input;
  const latest = [...latestPerPhoto(snapshots).values()];
  const perPhoto = new Map<string, number>();
  for (const c of contributions) perPhoto.set(c.photoId, (perPhoto.get(c.photoId) ?? 0) + 1);
  const photos: PhotoFigures[] = latest.map((s) => ({ photoId: s.photoId, identifier: s.identifier, views: s.views, faves: s.faves, comments: s.comments, contributions: perPhoto.get(s.photoId) ?? 0 }));
  const top = (score: (p: PhotoFigures) => number) => [...photos].filter((p) => score(p) > 0).sort((a, b) => score(b) - score(a) || (a.identifier < b.identifier ? -1 : 1)).slice(0, 10);
  const kinds = new Map<string, number>();
  for (const c of contributions) kinds.set(c.suggested, (kinds.get(c.suggested) ?? 0) + 1);
  const accepted = contributions.filter((c) => c.decision === "accept");
  return {
    generatedAt: input.now,
    photos: photos.length,
    totals: {
      views: sum(latest, "views"),
      faves: sum(latest, "faves"),
      comments: sum(latest, "comments"),
      contributions: contributions.length,
      accepted: accepted.length,
      removed: moderation.filter((m) => m.state === "removed" || m.state === "gone").length,
    },
    growth: growth(harvests, snapshots, contributions),
    mostViewed: top((p) => p.views),
    mostDiscussed: top((p) => p.comments * 2 + p.contributions),
    byKind: [...kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1)),
    accepted,
    moderation,
    years: years(snapshots, harvests, contributions, moderation),
  };
}

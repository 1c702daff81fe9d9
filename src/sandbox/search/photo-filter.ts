/**
 * The filters and sort orders shared by photos.search, people.getPhotos and recentlyUpdated, as
 * pure functions of the parameters. Reading a bad value is the caller's decision (search ignores
 * it, as Flickr mostly does), so parsing returns undefined rather than throwing.
 */
import { normalizeTag } from "../../flickr/tag-syntax.js";
import { compareMysqlDates, parseDateBound, parseTakenDate } from "../dates.js";
import type { PhotoRecord } from "../model.js";
import { matchesMachineTag, matchesRawMachineTag, parseMachineTagQueries, type MachineTagQuery } from "./machine-tags.js";

export type PhotoPredicate = (photo: PhotoRecord) => boolean;

/** Photo ids are digit strings of growing length: compare by length, then text. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const SORTS: Record<string, (a: PhotoRecord, b: PhotoRecord) => number> = {
  "date-posted-asc": (a, b) => a.posted - b.posted || compareIds(a.id, b.id),
  "date-posted-desc": (a, b) => b.posted - a.posted || compareIds(b.id, a.id),
  "date-taken-asc": (a, b) => compareMysqlDates(a.taken, b.taken) || compareIds(a.id, b.id),
  "date-taken-desc": (a, b) => compareMysqlDates(b.taken, a.taken) || compareIds(b.id, a.id),
  lastupdate: (a, b) => b.lastUpdate - a.lastUpdate || compareIds(b.id, a.id),
};

/** Sort in place; unknown orders (interestingness, relevance) fall back to Flickr's default, newest first. */
export function sortPhotos(photos: PhotoRecord[], sort: string | undefined): PhotoRecord[] {
  return photos.sort(SORTS[sort ?? ""] ?? SORTS["date-posted-desc"]!);
}

function takenBound(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return new Date(Number(value) * 1000).toISOString().slice(0, 19).replace("T", " ");
  return parseTakenDate(value)?.text;
}

/** Upload and taken date windows (`min_upload_date`, `max_upload_date`, `min_taken_date`, `max_taken_date`). */
export function dateFilters(params: Readonly<Record<string, string>>): PhotoPredicate[] {
  const out: PhotoPredicate[] = [];
  const minUpload = params.min_upload_date ? parseDateBound(params.min_upload_date) : null;
  const maxUpload = params.max_upload_date ? parseDateBound(params.max_upload_date) : null;
  // Flickr's bounds are inclusive at the minimum and the maximum.
  if (minUpload !== null) out.push((p) => p.posted >= minUpload);
  if (maxUpload !== null) out.push((p) => p.posted <= maxUpload);
  const minTaken = takenBound(params.min_taken_date);
  const maxTaken = takenBound(params.max_taken_date);
  if (minTaken !== undefined) out.push((p) => p.taken >= minTaken);
  if (maxTaken !== undefined) out.push((p) => p.taken <= maxTaken);
  return out;
}

/** `tags` (comma list, normalised before comparing) with `tag_mode` any (default) or all. */
export function tagFilter(tags: string | undefined, mode: string | undefined): PhotoPredicate | null {
  if (!tags) return null;
  const wanted = tags
    .split(",")
    .map((t) => normalizeTag(t.trim()))
    .filter(Boolean);
  if (wanted.length === 0) return null;
  const all = mode === "all";
  return (p) => {
    const have = new Set(p.tags.map((t) => t.normalized));
    return all ? wanted.every((w) => have.has(w)) : wanted.some((w) => have.has(w));
  };
}

export interface MachineTagFilter {
  predicate: PhotoPredicate;
  queries: MachineTagQuery[];
  all: boolean;
}

/** `machine_tags` with `machine_tag_mode` any (default) or all; values matched normalised (default) or raw. */
export function machineTagFilter(param: string | undefined, mode: string | undefined, match: "normalized" | "raw" = "normalized"): MachineTagFilter | null {
  if (!param) return null;
  const queries = parseMachineTagQueries(param);
  if (queries.length === 0) return null;
  const all = mode === "all";
  const matchOne = (p: PhotoRecord, q: MachineTagQuery) =>
    p.tags.some((t) => t.machineTag && (match === "raw" ? matchesRawMachineTag(q, t.raw) : matchesMachineTag(q, t.normalized)));
  return { queries, all, predicate: (p) => (all ? queries.every((q) => matchOne(p, q)) : queries.some((q) => matchOne(p, q))) };
}

/** `text`: a case-insensitive match in title, description or tags. */
export function textFilter(text: string | undefined): PhotoPredicate | null {
  const needle = text?.trim().toLowerCase();
  if (!needle) return null;
  const tagNeedle = normalizeTag(needle);
  return (p) =>
    p.title.toLowerCase().includes(needle) ||
    p.description.toLowerCase().includes(needle) ||
    p.tags.some((t) => t.normalized === tagNeedle);
}

/** `license`: a comma list of licence ids. */
export function licenseFilter(param: string | undefined): PhotoPredicate | null {
  if (!param) return null;
  const ids = new Set(
    param
      .split(",")
      .map((s) => Number(s.trim()))
      .filter(Number.isInteger),
  );
  return ids.size === 0 ? null : (p) => ids.has(p.license);
}

/** `content_types`: the search filter counts from 0 (0 photo … 3 virtual), the setters from 1. */
export function contentTypesFilter(param: string | undefined): PhotoPredicate | null {
  if (!param) return null;
  const types = new Set(
    param
      .split(",")
      .map((s) => Number(s.trim()) + 1)
      .filter(Number.isInteger),
  );
  return types.size === 0 ? null : (p) => types.has(p.contentType);
}

/**
 * `privacy_filter` (only narrows the caller's own photos): 1 public, 2 friends, 3 family,
 * 4 friends & family, 5 completely private.
 */
export function privacyFilter(param: string | undefined): PhotoPredicate | null {
  switch (param) {
    case "1":
      return (p) => p.isPublic === 1;
    case "2":
      return (p) => p.isPublic === 0 && p.isFriend === 1 && p.isFamily === 0;
    case "3":
      return (p) => p.isPublic === 0 && p.isFriend === 0 && p.isFamily === 1;
    case "4":
      return (p) => p.isPublic === 0 && p.isFriend === 1 && p.isFamily === 1;
    case "5":
      return (p) => p.isPublic === 0 && p.isFriend === 0 && p.isFamily === 0;
    default:
      return null;
  }
}

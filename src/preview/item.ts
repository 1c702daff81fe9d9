/**
 * One manifest row → the preview of its Flickr photo page: the fields as Flickr will show them,
 * the row as written, its issues, what the state says about it and what a run would do.
 * Pure: the state, the plans and the picture are looked up by the caller and passed in.
 */
import { CANONICAL_FIELDS } from "../fields.js";
import { licenseById } from "../flickr/licenses.js";
import { parseMachineTag } from "../flickr/tag-syntax.js";
import type { Issue } from "../issues.js";
import { formatFlickrDate } from "../map/date.js";
import type { MappedItem } from "../map/item.js";
import { changedGroups, methodsFor } from "../plan/plan.js";
import type { PlanItem } from "../plan/types.js";
import { photoPageUrl } from "../publish/results-csv.js";
import type { ItemState } from "../state/store.js";
import { renderFlickrDescription } from "./description.js";
import type { PreviewImage, PreviewItem, PreviewItemPlan, PreviewPublication, ValidationStatus } from "./types.js";

/** What the preview needs of a validated row (a `ValidatedItem` has all of it). */
export interface PreviewSource {
  row: number;
  identifier: string | null;
  file: string | null;
  mapped: MappedItem;
  /** The master's fingerprint, when known (tells a rescanned master from the published one). */
  source: { size: number; mtimeMs: number; sha256: string } | null;
  issues: Issue[];
}

/** The worst severity among a row's issues. */
export function validationStatus(issues: readonly Issue[]): ValidationStatus {
  if (issues.some((i) => i.severity === "error")) return "errors";
  return issues.length > 0 ? "warnings" : "ok";
}

/** User tags and machine tags apart, as a Flickr photo page lists them. */
export function splitTags(tags: readonly string[]): { tags: string[]; machineTags: string[] } {
  const out = { tags: [] as string[], machineTags: [] as string[] };
  for (const tag of tags) (parseMachineTag(tag) ? out.machineTags : out.tags).push(tag);
  return out;
}

/**
 * A plain OpenStreetMap link to the coordinates (the report embeds no map: it loads nothing).
 * Flickr's accuracy (1 world … 16 street) is close to a map zoom level.
 */
export function openStreetMapUrl(latitude: number, longitude: number, accuracy: number | null): string {
  const zoom = Math.min(18, Math.max(1, accuracy ?? 16));
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=${zoom}/${latitude}/${longitude}`;
}

/** The row's values: manifest fields in heritage's field order, then the extra columns as read. */
export function sourceValues(values: Readonly<Record<string, string>>): [string, string][] {
  const canonical = new Set<string>(CANONICAL_FIELDS);
  const fields = CANONICAL_FIELDS.filter((f) => values[f] !== undefined).map((f): [string, string] => [f, values[f]!]);
  const extra = Object.entries(values).filter(([k]) => !canonical.has(k));
  return [...fields, ...extra];
}

/**
 * Where a row stands on Flickr according to the state. The rule is the planner's: a group
 * whose manifest value differs from what was last pushed is a change (sync pushes it); a group
 * never pushed means an earlier run did not finish (publish finishes it).
 */
export function publicationOf(state: ItemState | undefined, fields: MappedItem["fields"], source: PreviewSource["source"], owner: string | null = null): PreviewPublication {
  if (!state) return { status: "pending", stateStatus: null, photoId: null, url: null, error: null, changes: [], rescanned: false };
  const photoId = state.photoId;
  const base = { stateStatus: state.status, photoId, url: photoId ? photoPageUrl(photoId, owner) : null };
  const error = state.error ? { step: state.error.step, code: state.error.code, message: state.error.message } : null;
  const uploaded = state.upload === "done" && photoId !== null;
  const differing = uploaded ? changedGroups(state, fields) : [];
  const changes = differing.filter((g) => state.pushed[g] !== undefined);
  const rescanned = uploaded && state.sourceSha256 !== null && source !== null && source.sha256 !== state.sourceSha256;
  let status: PreviewPublication["status"];
  if (state.status === "failed") status = "failed";
  // Deleted by sync --prune, or found gone from Flickr: not on Flickr now.
  else if (!uploaded || state.status === "deleted" || state.status === "missing") status = "pending";
  else if (changes.length > 0 || rescanned) status = "changed";
  else if (differing.length > 0) status = "pending";
  else status = "published";
  return { ...base, status, error: status === "failed" ? error : null, changes, rescanned };
}

/** A plan item as the list of API calls it costs. */
export function itemPlan(item: PlanItem, mode: PreviewItemPlan["mode"]): PreviewItemPlan {
  return { mode, disposition: item.disposition, calls: item.actions.filter((a) => a.kind !== "record").flatMap(methodsFor) };
}

export interface PreviewItemContext {
  /** The state's record of this row (by identifier); undefined when none. */
  state: ItemState | undefined;
  /** A state exists for the manifest at all. */
  hasState: boolean;
  plans: PreviewItemPlan[];
  image: PreviewImage;
  /** The Flickr account's NSID or path alias, for photo page URLs; null gives photo.gne links. */
  owner?: string | null;
}

/** Build the preview of one row. */
export function previewItem(v: PreviewSource, ctx: PreviewItemContext): PreviewItem {
  const f = v.mapped.fields;
  const license = f.license_id !== null ? licenseById(f.license_id) : undefined;
  const { tags, machineTags } = splitTags(f.tags);
  const values = v.mapped.values;
  return {
    row: v.row,
    identifier: v.identifier,
    file: v.file,
    title: f.title,
    descriptionHtml: renderFlickrDescription(f.description),
    tags,
    machineTags,
    license: license ? { id: license.id, name: license.name, url: license.url } : null,
    licenseStatement: v.mapped.license.statement,
    dateText: formatFlickrDate(f.date_taken, f.date_taken_granularity),
    dateGranularity: f.date_taken === null ? null : f.date_taken_granularity,
    dateWritten: v.mapped.date.display,
    place: values.place ?? null,
    coordinates:
      f.latitude !== null && f.longitude !== null
        ? { latitude: f.latitude, longitude: f.longitude, accuracy: f.accuracy, mapUrl: openStreetMapUrl(f.latitude, f.longitude, f.accuracy) }
        : null,
    albums: f.albums,
    isPublic: f.is_public === 1,
    values: sourceValues(values),
    issues: v.issues,
    validation: validationStatus(v.issues),
    publication: ctx.hasState ? publicationOf(ctx.state, f, v.source, ctx.owner ?? null) : null,
    plans: ctx.plans,
    image: ctx.image,
  };
}

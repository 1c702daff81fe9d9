/**
 * One manifest row → everything Flickr gets for it, plus every issue found on the way.
 * Pure: the present (`now`) is passed in. Cross-row checks (duplicate identifiers, files) belong
 * to validation, not here.
 *
 * Order: settings.defaults fill empty fields first; then licence, date, tags, geo, options,
 * title and description are mapped independently, so one row reports all its problems at once.
 */
import { LIST_FIELDS, REQUIRED_FIELDS, CANONICAL_FIELDS, type CanonicalField } from "../fields.js";
import { atRow, error, type Issue } from "../issues.js";
import type { FieldValue, ManifestItem } from "../manifest/types.js";
import type { Settings } from "../settings/schema.js";
import type { FlickrFields } from "../flickr/fields.js";
import { licenseById, type FlickrLicense } from "../flickr/licenses.js";
import { mapLicense } from "./license.js";
import { parseDate, formatFlickrDate, type DateResult } from "./date.js";
import { mapTags, splitList } from "./tags.js";
import { mapGeo } from "./geo.js";
import { mapPhotoOptions } from "./photo-options.js";
import { readPermLevel } from "./comment-perms.js";
import { mapTitle } from "./title.js";
import { renderDescription } from "./description.js";
import { checkTextLimits } from "./text-limits.js";
import { buildTemplateValues } from "./template-values.js";

/** The result of mapping one row. */
export interface MappedItem {
  row: number;
  identifier: string | null;
  /** What Flickr gets. Fields that could not be mapped are null/empty; `issues` says why. */
  fields: FlickrFields;
  /** The date reading, with the expression as written (`display`). */
  date: DateResult;
  /**
   * The row's values after defaults: canonical fields (lists joined with "; ") and extra columns
   * by their original header; empty fields are absent. For metadata embedding and previews.
   */
  values: Record<string, string>;
  license: {
    id: number | null;
    name: string | null;
    url: string | null;
    /** The rights value as written (after defaults). */
    statement: string | null;
  };
  issues: Issue[];
}

function isEmpty(value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  return Array.isArray(value) ? value.every((v) => v.trim() === "") : value.trim() === "";
}

/** The row's canonical values with `settings.defaults` filling the empty ones. */
export function resolveValues(item: ManifestItem, defaults: Settings["defaults"]): Partial<Record<CanonicalField, FieldValue>> {
  const out: Partial<Record<CanonicalField, FieldValue>> = {};
  for (const field of CANONICAL_FIELDS) {
    const own = item.values[field];
    const fallback = defaults[field];
    if (!isEmpty(own)) out[field] = own!;
    else if (fallback !== undefined && fallback.trim() !== "") out[field] = fallback;
  }
  return out;
}

/**
 * Where each canonical field goes. `satisfies` makes adding a field to CANONICAL_FIELDS without
 * deciding its mapping a compile error.
 */
export const FIELD_MAPPING = {
  identifier: "required; the <namespace>:id= machine tag; templates",
  file: "required; the image (read by the image stage, not here)",
  title: "title (settings.templates.title)",
  description: "description (settings.templates.description)",
  creator: "description",
  date: "date_taken + date_taken_granularity; the description as written",
  place: "description",
  latitude: "geo",
  longitude: "geo",
  geo_accuracy: "geo accuracy",
  tags: "tags",
  license: "license_id",
  album: "albums",
  source_url: "the <namespace>:url= machine tag; the description's link",
  is_public: "is_public",
  hidden: "hidden",
  safety_level: "safety_level",
  content_type: "content_type",
  can_comment: "perm_comment (setPerms); empty: not managed",
  can_add_meta: "perm_addmeta (setPerms); empty: not managed",
} as const satisfies Record<CanonicalField, string>;

const REQUIRED_HINT: Record<(typeof REQUIRED_FIELDS)[number], string> = {
  identifier: "Every row needs the catalogue's identifier: heritage tags the photo with it to find it again when resuming or re-syncing.",
  file: "Every row needs the image file, as a path relative to the collection folder.",
};

/** A row without an identifier or a file: one issue per missing value. */
function missingRequired(text: (field: CanonicalField) => string): Issue[] {
  const issues: Issue[] = [];
  for (const field of REQUIRED_FIELDS) {
    if (text(field) === "") {
      issues.push(error("ROW_MISSING_VALUE", { field, value: "", message: `The row has no ${field}`, hint: REQUIRED_HINT[field] }));
    }
  }
  return issues;
}

/** settings.defaults.geo_accuracy when it is a valid Flickr accuracy (1–16), else 16 (street). */
function defaultGeoAccuracy(settings: Settings): number {
  const value = Number(settings.defaults.geo_accuracy);
  return Number.isInteger(value) && value >= 1 && value <= 16 ? value : 16;
}

/** The same problem found twice (a bad source URL, by the tags and by the description) is reported once. */
function uniqueIssues(all: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const issue of all) {
    const key = JSON.stringify([issue.code, issue.field, issue.value]);
    if (!seen.has(key)) out.push(issue);
    seen.add(key);
  }
  return out;
}

/** MappedItem.values: extra columns by header, then canonical fields (lists joined with "; "). */
function rowValues(item: ManifestItem, resolved: Partial<Record<CanonicalField, FieldValue>>, text: (field: CanonicalField) => string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [header, value] of Object.entries(item.extra)) if (value.trim() !== "") values[header] = value;
  for (const field of CANONICAL_FIELDS) {
    const value = resolved[field];
    if (value === undefined) continue;
    values[field] = (LIST_FIELDS as readonly string[]).includes(field) ? splitList(value).join("; ") : text(field);
  }
  return values;
}

/** Title and description from the settings' templates, and their length checks. */
function mapText(item: ManifestItem, resolved: Partial<Record<CanonicalField, FieldValue>>, settings: Settings, date: DateResult, flickrLicense: FlickrLicense | undefined) {
  const templateValues = buildTemplateValues({
    values: resolved,
    extra: item.extra,
    institution: settings.institution,
    dateDisplay: formatFlickrDate(date.date_taken, date.granularity),
    licenseName: flickrLicense?.name ?? null,
    licenseUrl: flickrLicense?.url ?? null,
    columnAliases: settings.columns,
  });
  const title = mapTitle({ template: settings.templates.title, values: templateValues });
  const description = renderDescription(settings.templates.description, templateValues);
  const limits = checkTextLimits(title.title, description.html, settings.limits);
  return { title, description, limits };
}

/** Map one manifest row with the collection settings. */
export function mapItem(item: ManifestItem, settings: Settings, options: { now: Date }): MappedItem {
  const resolved = resolveValues(item, settings.defaults);
  const text = (field: CanonicalField): string => {
    const value = resolved[field];
    return value === undefined ? "" : Array.isArray(value) ? value.join("; ") : value.trim();
  };
  const identifier = text("identifier") || null;
  const issues = missingRequired(text);

  const license = mapLicense(text("license"), { licenses: settings.licenses, commons: settings.commons });
  const flickrLicense = license.license_id === null ? undefined : licenseById(license.license_id);
  // 1800 when neither the settings nor a measurement (set by the run: src/doctor/floor.ts) says otherwise.
  const date = parseDate(text("date"), { now: options.now, earliestYear: settings.date.earliest_year ?? 1800, ranges: settings.date.ranges, maxSpan: settings.date.max_span });
  const tags = mapTags({
    tags: splitList(resolved.tags),
    extraTags: settings.extra_tags,
    namespace: settings.namespace,
    identifier,
    sourceUrl: text("source_url") || null,
    sourceUrlMachineTag: settings.source_url_machine_tag,
  });
  const geo = mapGeo({
    latitude: text("latitude"),
    longitude: text("longitude"),
    accuracy: text("geo_accuracy"),
    defaultAccuracy: defaultGeoAccuracy(settings),
  });
  const photo = mapPhotoOptions({
    is_public: text("is_public"),
    hidden: text("hidden"),
    safety_level: text("safety_level"),
    content_type: text("content_type"),
  });
  const permIssues: Issue[] = [];
  const permComment = readPermLevel("can_comment", text("can_comment"), permIssues);
  const permAddMeta = readPermLevel("can_add_meta", text("can_add_meta"), permIssues);

  const { title, description, limits } = mapText(item, resolved, settings, date, flickrLicense);

  issues.push(...uniqueIssues([...license.issues, ...date.issues, ...tags.issues, ...geo.issues, ...photo.issues, ...permIssues, ...title.issues, ...description.issues, ...limits]));
  const values = rowValues(item, resolved, text);

  return {
    row: item.row,
    identifier,
    fields: {
      title: title.title,
      description: description.html,
      tags: tags.tags,
      license_id: license.license_id,
      date_taken: date.date_taken,
      date_taken_granularity: date.granularity,
      latitude: geo.latitude,
      longitude: geo.longitude,
      accuracy: geo.accuracy,
      albums: [...new Set(splitList(resolved.album))],
      is_public: photo.is_public,
      hidden: photo.hidden,
      safety_level: photo.safety_level,
      content_type: photo.content_type,
      // Absent when the row leaves them empty: not managed, and the perms group's hash is as before.
      ...(permComment === null ? {} : { perm_comment: permComment }),
      ...(permAddMeta === null ? {} : { perm_addmeta: permAddMeta }),
    },
    date: { ...date, issues: atRow(date.issues, item.row, identifier) },
    values,
    license: { id: license.license_id, name: flickrLicense?.name ?? null, url: flickrLicense?.url ?? null, statement: text("license") || null },
    issues: atRow(issues, item.row, identifier),
  };
}

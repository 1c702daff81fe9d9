/**
 * Builders for preview tests: rows mapped by the real mapItem (so fields, dates and licences are
 * what validation produces), and state records as the store returns them.
 */
import { mapItem } from "../../src/map/item.js";
import { defaultSettings, type Settings } from "../../src/settings/schema.js";
import type { ManifestItem } from "../../src/manifest/types.js";
import type { Issue } from "../../src/issues.js";
import type { ItemState } from "../../src/state/store.js";
import type { FlickrFields } from "../../src/flickr/fields.js";
import { allGroupHashes, groupSlice } from "../../src/plan/groups.js";
import { FIELD_GROUP_NAMES } from "../../src/flickr/fields.js";
import type { PreviewSource } from "../../src/preview/item.js";

export const NOW = new Date("2025-06-19T12:00:00Z");

export const SETTINGS: Settings = {
  ...defaultSettings(),
  namespace: "raa",
  institution: "Riksantikvarieämbetet",
  commons: true,
  extra_tags: ["Riksantikvarieämbetet"],
};

/** A validated row: the real mapping of `values`, its issues, and a content hash. */
export function source(row: number, values: ManifestItem["values"], options: { extra?: Record<string, string>; settings?: Settings; sha256?: string | null; issues?: Issue[] } = {}): PreviewSource {
  const mapped = mapItem({ row, values, extra: options.extra ?? {} }, options.settings ?? SETTINGS, { now: NOW });
  const sha = options.sha256 === undefined ? `sha-${row}` : options.sha256;
  return {
    row,
    identifier: mapped.identifier,
    file: typeof values.file === "string" ? values.file : null,
    mapped,
    source: sha === null ? null : { size: 1000, mtimeMs: 1, sha256: sha },
    issues: [...mapped.issues, ...(options.issues ?? [])],
  };
}

/** A state record as the store returns it; by default a photo published with exactly `fields`. */
export function published(identifier: string, row: number, fields: FlickrFields, patch: Partial<ItemState> = {}): ItemState {
  const hashes = allGroupHashes(fields);
  const pushed = Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, { hash: hashes[g], value: groupSlice(fields, g), pushedAt: 1 }]));
  return {
    identifier,
    row,
    file: `${identifier}.tif`,
    sourceSize: 1000,
    sourceMtimeMs: 1,
    sourceSha256: `sha-${row}`,
    copySha256: "copy",
    photoId: `5${row}00`,
    secret: "s",
    upload: "done",
    uploadIntentAt: null,
    intentFields: null,
    replace: "none",
    replaceSha256: null,
    status: "published",
    attempts: 1,
    error: null,
    pushed,
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

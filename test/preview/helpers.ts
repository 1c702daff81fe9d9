/**
 * Builders for preview tests: rows mapped by the real mapItem (so fields, dates and licences are
 * what validation produces), state records as the store returns them, copies of the shipped
 * collections in temporary folders, and states a publish run would have left.
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
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionContext } from "ava";
import { REPO_ROOT } from "../helpers/cli.js";
import { openManifest } from "../../src/manifest/open.js";
import { validateRows, type ValidatedItem } from "../../src/validate/validate.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";

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

// ---- collections and states on disk ----------------------------------------------------------

/**
 * A copy of a shipped manifest (with its settings) and its collection in a temporary folder,
 * removed by `t.teardown` (a test) or by whoever collects the teardowns (a hook).
 */
export async function copyCollection(t: Pick<ExecutionContext, "teardown">, name: "sample" | "broken"): Promise<{ dir: string; manifest: string }> {
  const dir = await mkdtemp(join(tmpdir(), `heritage-preview-${name}-`));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const file of [`manifests/${name}.csv`, `manifests/${name}.settings.yaml`]) await cp(join(REPO_ROOT, file), join(dir, file));
  // verbatimSymlinks: the broken collection's link-outside.jpg must stay a link (to outside).
  await cp(join(REPO_ROOT, "collections", name), join(dir, "collections", name), { recursive: true, verbatimSymlinks: true });
  return { dir, manifest: join(dir, `manifests/${name}.csv`) };
}

/** Every row of a manifest as validation sees it. */
export async function validated(manifest: string): Promise<ValidatedItem[]> {
  const out: ValidatedItem[] = [];
  for await (const v of validateRows(await openManifest(manifest), { now: NOW })) out.push(v);
  return out;
}

export type Outcome = "published" | "changed" | "failed";

/**
 * Write the state a publish run would have left: each listed identifier uploaded with its
 * current fields (published), with an older title (changed since the last push), or failed;
 * with the account's NSID when given (publish records it after checking the credentials).
 */
export async function writeState(manifest: string, outcomes: Record<string, Outcome>, account: { nsid?: string } = {}): Promise<string> {
  const rows = await validated(manifest);
  const paths = statePathsFor(manifest);
  const store = openState(paths.database);
  try {
    if (account.nsid) store.account.set({ nsid: account.nsid });
    for (const v of rows) {
      const outcome = v.identifier ? outcomes[v.identifier] : undefined;
      if (!outcome || !v.identifier) continue;
      store.items.ensure({ identifier: v.identifier, row: v.row, file: v.file ?? "" });
      if (v.source) store.items.recordSource(v.identifier, v.source);
      if (outcome === "failed") {
        store.items.recordFailure(v.identifier, { step: "upload", code: "FLICKR_5", message: "Filetype was not recognised", transient: false });
        continue;
      }
      const fields = outcome === "changed" ? { ...v.mapped.fields, title: `${v.mapped.fields.title} (as first published)` } : v.mapped.fields;
      const hashes = allGroupHashes(fields);
      const pushed = Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, { hash: hashes[g], value: groupSlice(fields, g) }]));
      store.items.recordUploaded(v.identifier, { photoId: `9${v.row}0001`, secret: "s", pushed });
      store.items.setStatus(v.identifier, "published");
    }
  } finally {
    store.close();
  }
  return paths.dir;
}

/**
 * The planner: a pure function from the manifest's mapped items and the state to what a run
 * will do, item by item, and what it will cost in API calls. `--dry-run` prints this plan; the
 * executor carries it out. Nothing here reads a file, the clock or the network.
 *
 * Publish pushes what was never pushed (new items, and groups an interrupted run left out).
 * Sync also pushes what changed since the last push, replaces rescanned masters and prunes rows
 * that left the manifest. An unchanged item costs nothing in either.
 */
import { FIELD_GROUP_NAMES, type FieldGroup, type FlickrFields } from "../flickr/fields.js";
import type { ItemState } from "../state/store.js";
import { groupHash, groupNeedsPostUploadCall, groupSlice, POST_UPLOAD_GROUPS, UPLOAD_GROUPS } from "./groups.js";
import type { Action, DriftMode, DriftNote, ItemDrift, Plan, PlanInput, PlanItem } from "./types.js";

export interface PlanOptions {
  mode: "publish" | "sync";
  /** The licence Flickr gives new uploads on this account, when known (learned after the first upload). */
  accountDefaultLicense: number | null;
  /** Albums that exist on Flickr already (created by earlier runs). */
  existingAlbums: ReadonlySet<string>;
  /** publish --retry-failed: only items whose last attempt failed. */
  retryFailedOnly?: boolean;
  /** sync --prune: what to do with photos whose rows left the manifest. */
  prune?: "hide" | "delete" | null;
  /** sync --verify: what Flickr holds that differs from the last push, by identifier. */
  drift?: ReadonlyMap<string, ItemDrift>;
  /** sync --on-drift. @default "keep" */
  onDrift?: DriftMode;
}

/** API method each action costs (one call each; reconcile is estimated at two). */
export function methodsFor(action: Action): string[] {
  switch (action.kind) {
    case "reconcile":
      return ["flickr.photos.search", "flickr.photos.getInfo"];
    case "upload":
      return ["upload"];
    case "replace":
      return ["replace"];
    case "album-add":
      return [action.create ? "flickr.photosets.create" : "flickr.photosets.addPhoto"];
    case "album-remove":
      return ["flickr.photosets.removePhoto"];
    case "prune-hide":
      return ["flickr.photos.setPerms"];
    case "prune-delete":
      return ["flickr.photos.delete"];
    case "set":
      return [SETTER[action.group](action.to)];
    case "record":
    case "adopt":
    case "mark-missing":
    case "forget-photo":
    case "mark-published":
      return [];
  }
}

const SETTER: Record<Exclude<FieldGroup, "albums">, (to: Partial<FlickrFields>) => string> = {
  meta: () => "flickr.photos.setMeta",
  tags: () => "flickr.photos.setTags",
  license: () => "flickr.photos.licenses.setLicense",
  date: () => "flickr.photos.setDates",
  geo: (to) => (to.latitude === null ? "flickr.photos.geo.removeLocation" : "flickr.photos.geo.setLocation"),
  perms: () => "flickr.photos.setPerms",
  safety: () => "flickr.photos.setSafetyLevel",
  content_type: () => "flickr.photos.setContentType",
};

function albumActions(fields: FlickrFields, pushedAlbums: readonly string[] | null, albumsCreated: Set<string>): Action[] {
  const actions: Action[] = [];
  const before = new Set(pushedAlbums ?? []);
  for (const album of fields.albums) {
    if (before.has(album)) continue;
    const create = !albumsCreated.has(album);
    albumsCreated.add(album);
    actions.push({ kind: "album-add", album, create });
  }
  for (const album of before) if (!fields.albums.includes(album)) actions.push({ kind: "album-remove", album });
  return actions;
}

function setAction(group: Exclude<FieldGroup, "albums">, state: ItemState, fields: FlickrFields): Action {
  return { kind: "set", group, from: state.pushed[group]?.value ?? null, to: groupSlice(fields, group) };
}

/** Groups whose manifest value differs from the last push (or were never pushed). */
export function changedGroups(state: ItemState, fields: FlickrFields): FieldGroup[] {
  return FIELD_GROUP_NAMES.filter((g) => state.pushed[g]?.hash !== groupHash(fields, g));
}

function planNew(input: PlanInput, options: PlanOptions, albumsCreated: Set<string>, reconcileFirst: boolean): Action[] {
  const actions: Action[] = reconcileFirst ? [{ kind: "reconcile" }, { kind: "upload" }] : [{ kind: "upload" }];
  for (const group of POST_UPLOAD_GROUPS) {
    if (group === "albums") continue;
    if (groupNeedsPostUploadCall(input.fields, group, options.accountDefaultLicense)) {
      actions.push({ kind: "set", group: group as Exclude<FieldGroup, "albums">, from: null, to: groupSlice(input.fields, group) });
    } else {
      actions.push({ kind: "record", group });
    }
  }
  actions.push(...albumActions(input.fields, null, albumsCreated));
  if (input.fields.albums.length === 0) actions.push({ kind: "record", group: "albums" });
  return actions;
}

function planExisting(input: PlanInput, state: ItemState, options: PlanOptions, albumsCreated: Set<string>): Omit<PlanItem, "calls" | "errors"> {
  const base = { identifier: input.identifier, row: input.row, file: input.file, photoId: state.photoId };
  const changed = changedGroups(state, input.fields);
  const rescanned = state.sourceSha256 !== null && input.source !== null && input.source.sha256 !== state.sourceSha256;
  const actions: Action[] = [];
  const pendingChanges: FieldGroup[] = [];
  const notes: DriftNote[] = [];
  const mode = options.onDrift ?? "keep";
  const drift = options.drift?.get(input.identifier);

  if (drift?.missing || state.status === "missing") {
    const details = ["the photo is no longer on Flickr (deleted there?)"];
    if (mode === "overwrite") {
      notes.push({ group: "photo", details, resolution: "overwritten", conflict: false });
      return { ...base, disposition: "new", actions: [{ kind: "forget-photo", reupload: true }, ...planNew(input, options, albumsCreated, false)], pendingChanges, rescanned: false, drift: notes };
    }
    notes.push({ group: "photo", details, resolution: mode === "adopt" ? "adopted" : "kept", conflict: false });
    return { ...base, disposition: "missing", actions: state.status === "missing" && mode === "keep" ? [] : [mode === "adopt" ? { kind: "forget-photo", reupload: false } : { kind: "mark-missing" }], pendingChanges, rescanned, drift: notes };
  }

  const drifted = new Map((drift?.groups ?? []).map((g) => [g.group, g]));
  for (const [group, d] of drifted) {
    const conflict = changed.includes(group);
    if (mode === "overwrite") {
      notes.push({ group, details: d.details, resolution: "overwritten", conflict });
      if (!changed.includes(group)) changed.push(group);
    } else if (mode === "adopt") {
      notes.push({ group, details: d.details, resolution: "adopted", conflict });
      actions.push({ kind: "adopt", group, live: d.live });
    } else {
      notes.push({ group, details: d.details, resolution: "kept", conflict });
    }
  }

  for (const group of changed) {
    // Never overwrite an edit made on Flickr unless asked to.
    if (drifted.has(group) && mode !== "overwrite") continue;
    const neverPushed = state.pushed[group] === undefined;
    // Publish finishes what an interrupted run left out; changing what was pushed is sync's job.
    const act = options.mode === "sync" || (neverPushed && !UPLOAD_GROUPS.includes(group));
    if (!act) {
      pendingChanges.push(group);
      continue;
    }
    if (group === "albums") {
      const albumChanges = albumActions(input.fields, (state.pushed.albums?.value.albums as string[] | undefined) ?? null, albumsCreated);
      actions.push(...(albumChanges.length > 0 ? albumChanges : [{ kind: "record" as const, group }]));
    } else if (neverPushed && !groupNeedsPostUploadCall(input.fields, group, options.accountDefaultLicense) && POST_UPLOAD_GROUPS.includes(group)) {
      // Nothing to send (no date, no coordinates, licence = account default): only record it.
      actions.push({ kind: "record", group });
    } else {
      actions.push(setAction(group, state, input.fields));
    }
  }
  if (rescanned || state.replace !== "none") {
    if (options.mode === "sync") actions.unshift({ kind: "replace" });
  }
  if (actions.length === 0 && pendingChanges.length === 0 && state.status !== "published") actions.push({ kind: "mark-published" });
  const calling = actions.some((a) => methodsFor(a).length > 0);
  let disposition: PlanItem["disposition"];
  if (calling) disposition = options.mode === "sync" ? "changed" : "resume";
  else if (pendingChanges.length > 0 || (rescanned && options.mode === "publish")) disposition = "changed";
  else disposition = "unchanged";
  return { ...base, disposition, actions, pendingChanges, rescanned, drift: notes };
}

function cost(actions: Action[]): number {
  return actions.reduce((n, a) => n + methodsFor(a).length, 0);
}

export function planRun(inputs: readonly PlanInput[], states: readonly ItemState[], options: PlanOptions): Plan {
  const stateById = new Map(states.map((s) => [s.identifier, s]));
  const albumsCreated = new Set(options.existingAlbums);
  const items: PlanItem[] = [];
  const seen = new Set<string>();

  for (const input of inputs) {
    seen.add(input.identifier);
    const state = stateById.get(input.identifier);
    const errors = input.errors;
    if (errors.length > 0) {
      items.push({ identifier: input.identifier, row: input.row, file: input.file, photoId: state?.photoId ?? null, disposition: "blocked", actions: [], pendingChanges: [], rescanned: false, calls: 0, errors, drift: [] });
      continue;
    }
    if (options.retryFailedOnly && state?.status !== "failed") {
      items.push({ identifier: input.identifier, row: input.row, file: input.file, photoId: state?.photoId ?? null, disposition: "unchanged", actions: [], pendingChanges: [], rescanned: false, calls: 0, errors, drift: [] });
      continue;
    }
    let planned: Omit<PlanItem, "calls" | "errors">;
    if (state?.status === "deleted" && state.photoId === null) {
      // Deleted on Flickr, and that was accepted (--on-drift adopt or --prune delete): it stays gone
      // unless asked to upload it again.
      const again = options.mode === "sync" && options.onDrift === "overwrite";
      planned = {
        identifier: input.identifier, row: input.row, file: input.file, photoId: null,
        disposition: again ? "new" : "missing",
        actions: again ? planNew(input, options, albumsCreated, false) : [],
        pendingChanges: [], rescanned: false,
        drift: [{ group: "photo", details: ["deleted on Flickr earlier; heritage leaves it deleted"], resolution: again ? "overwritten" : "kept", conflict: false }],
      };
    } else if (!state || state.upload !== "done" || state.photoId === null) {
      const reconcileFirst = state?.upload === "intent";
      planned = { identifier: input.identifier, row: input.row, file: input.file, photoId: null, disposition: "new", actions: planNew(input, options, albumsCreated, reconcileFirst), pendingChanges: [], rescanned: false, drift: [] };
    } else {
      planned = planExisting(input, state, options, albumsCreated);
    }
    items.push({ ...planned, calls: cost(planned.actions), errors });
  }

  for (const state of states) {
    if (seen.has(state.identifier) || state.photoId === null || state.status === "deleted" || state.status === "missing") continue;
    const actions: Action[] = [];
    if (options.mode === "sync" && options.prune === "delete") actions.push({ kind: "prune-delete" });
    else if (options.mode === "sync" && options.prune === "hide" && state.status !== "withdrawn") actions.push({ kind: "prune-hide" });
    items.push({ identifier: state.identifier, row: null, file: state.file, photoId: state.photoId, disposition: "removed", actions, pendingChanges: [], rescanned: false, calls: cost(actions), errors: [], drift: [] });
  }

  const byMethod: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const item of items) {
    counts[item.disposition] = (counts[item.disposition] ?? 0) + 1;
    for (const action of item.actions) {
      if (methodsFor(action).length === 0) continue;
      const key = action.kind === "set" ? `set:${action.group}` : action.kind;
      counts[key] = (counts[key] ?? 0) + 1;
      for (const m of methodsFor(action)) byMethod[m] = (byMethod[m] ?? 0) + 1;
    }
  }
  const newAlbums = [...albumsCreated].filter((a) => !options.existingAlbums.has(a)).sort();
  const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
  return { mode: options.mode, items, newAlbums, counts, calls: { total, byMethod } };
}

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
import type { ItemState } from "../state/item-state.js";
import { contentTypeAfterUpload, groupHash, groupNeedsPostUploadCall, groupSlice, permsAfterUpload, POST_UPLOAD_GROUPS, privateUntilLicensed, UPLOAD_GROUPS } from "./groups.js";
import { formatTagsParam } from "../flickr/tag-syntax.js";
import { emptyStateGuardCalls, FROM_UPLOAD, GUARD_PAGES, pruneDeleteCall, tagsOnFlickr, pruneHideCall, setterPlan, type PhotoRef, type PlannedCall, type SetterGroup } from "./calls.js";
import type { Action, DriftMode, DriftNote, ItemDrift, Plan, PlanInput, PlanItem, UploadParams } from "./types.js";
import { accountSettingSavings } from "./account-settings.js";
import { embeddableDate } from "./exif-date.js";
import { ALBUM_READ_PER_FINDING, albumActions, planAlbumFlushes, type AlbumMemberCounts } from "./albums.js";

export interface PlanOptions {
  mode: "publish" | "sync";
  /** The licence Flickr gives new uploads on this account, when known (learned after the first upload). */
  accountDefaultLicense: number | null;
  /**
   * False: `accountDefaultLicense` is an assumption (no upload has shown this account's default
   * yet). Then the first new public row that relies on it is the licence probe (uploaded private,
   * its licence checked, then made public: one setPerms more), and every other such row's upload
   * waits for that check — no photo is ever public under a licence nobody confirmed.
   * @default true
   */
  accountDefaultLicenseConfirmed?: boolean;
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
  /** sync --replace-tags: a tag push also removes tags other people added (a read, then one removeTag each). */
  replaceTags?: boolean;
  /**
   * The state records no photo and was never checked against the account: before the first
   * upload, the empty-state guard looks for this collection on Flickr (its calls open the
   * prelude). `now` (unix seconds) dates the listing of recent uploads. Null: the guard is passed.
   */
  emptyStateGuard?: { namespace: string; now: number } | null;
  /** What the state believes each album holds, and what an earlier run left queued (see albums.ts). */
  albumMembers?: ReadonlyMap<string, AlbumMemberCounts>;
  /** `heritage doctor --probe` measured that Flickr sets date taken from EXIF DateTimeOriginal on this account. @default false */
  exifSetsDateTaken?: boolean;
  /** Photos queued per album before it is flushed (one editPhotos). @default 500 */
  albumBatch?: number;
}

/** The calls an action makes, as the dry run lists them (reconcile is estimated at a search and one getInfo). */
export function callsOf(action: Action): PlannedCall[] {
  switch (action.kind) {
    case "reconcile":
      return [
        { method: "flickr.photos.search", params: {}, photo: null },
        { method: "flickr.photos.getInfo", params: {}, photo: null },
      ];
    case "upload":
      return [{ method: "upload", params: {}, photo: null }];
    case "replace":
      return [{ method: "replace", params: {}, photo: { id: action.photoId } }];
    case "set":
    case "album-add":
    case "album-remove":
    case "prune-hide":
    case "prune-delete":
      return action.calls;
    case "record":
    case "adopt":
    case "mark-missing":
    case "forget-photo":
    case "mark-published":
      return [];
  }
}

/** API methods an action costs, one entry per call. */
export function methodsFor(action: Action): string[] {
  return callsOf(action).map((c) => c.method);
}

interface Context {
  options: PlanOptions;
  albumsCreated: Set<string>;
  /** The row whose upload is the licence probe (see PlanOptions.accountDefaultLicenseConfirmed). */
  licenseProbe: string | null;
}

/** A public row whose licence the plan leaves to the account's default (no setLicense). */
function reliesOnDefaultLicense(fields: FlickrFields, options: PlanOptions): boolean {
  return fields.is_public === 1 && fields.license_id !== null && !groupNeedsPostUploadCall(fields, "license", options.accountDefaultLicense);
}

/** Whether planRow plans this row as a new upload (planNew) under these options. */
function plannedAsUpload(input: PlanInput, state: ItemState | undefined, options: PlanOptions): boolean {
  if (input.errors.length > 0 || (options.retryFailedOnly && state?.status !== "failed")) return false;
  if (!state) return true;
  if (state.status === "deleted" && state.photoId === null) return false;
  return state.upload !== "done" || state.photoId === null;
}

/**
 * The licence probe: a new public row relying on an unconfirmed default. A row that goes up
 * private anyway (a setPerms follows for its permissions) costs nothing more, so it is preferred;
 * a row whose earlier upload may have landed is looked up first and can end adopted or refused
 * (a duplicate) without an upload, so a fresh row is preferred to it.
 */
function pickLicenseProbe(inputs: readonly PlanInput[], states: ReadonlyMap<string, ItemState>, options: PlanOptions): string | null {
  if (options.accountDefaultLicenseConfirmed !== false) return null;
  const candidates = inputs.filter((i) => reliesOnDefaultLicense(i.fields, options) && plannedAsUpload(i, states.get(i.identifier), options));
  const fresh = candidates.filter((i) => states.get(i.identifier)?.upload !== "intent");
  // A row that goes up private anyway (its comment or tagging permission needs a setPerms) is a free probe.
  return (fresh.find((i) => permsAfterUpload(i.fields)) ?? fresh[0] ?? candidates[0])?.identifier ?? null;
}

/** How a new row's upload treats an unconfirmed default licence: the probe, a wait for it, or nothing. */
function licenseCheckRole(input: PlanInput, ctx: Context): "probe" | "wait" | null {
  if (ctx.options.accountDefaultLicenseConfirmed !== false || !reliesOnDefaultLicense(input.fields, ctx.options)) return null;
  return input.identifier === ctx.licenseProbe ? "probe" : "wait";
}

/** The action that pushes `group` from `from` to the manifest's value. */
function setAction(group: SetterGroup, photo: PhotoRef, from: Partial<FlickrFields> | null, fields: FlickrFields, ctx: Context): Action {
  const to = groupSlice(fields, group);
  const replaceTags = group === "tags" && ctx.options.replaceTags === true;
  const planned = setterPlan(group, photo, from, to, { replaceTags });
  const action: Extract<Action, { kind: "set" }> = { kind: "set", group, from, to, ...planned };
  if (replaceTags) action.removeOthersTags = true;
  if (group === "license") action.assumesDefaultLicense = ctx.options.accountDefaultLicense;
  return action;
}

function recordAction(group: FieldGroup, fields: FlickrFields, ctx: Context): Action {
  const action: Action = { kind: "record", group, to: groupSlice(fields, group) };
  if (group === "license") action.assumesDefaultLicense = ctx.options.accountDefaultLicense;
  return action;
}

/** Groups whose manifest value differs from the last push (or were never pushed). */
export function changedGroups(state: ItemState, fields: FlickrFields): FieldGroup[] {
  return FIELD_GROUP_NAMES.filter((g) => state.pushed[g]?.hash !== groupHash(fields, g));
}

/**
 * What one item's upload sends: the groups in UPLOAD_GROUPS. A row that manages who may comment
 * or add tags, or whose licence must be set first (`licenseFirst`), is uploaded private; a
 * setPerms after it (after the licence) makes it what it should be.
 */
export function uploadParams(fields: FlickrFields, licenseFirst = false): UploadParams {
  const params: UploadParams = {
    title: fields.title,
    description: fields.description,
    tags: formatTagsParam(fields.tags),
    is_public: permsAfterUpload(fields) || licenseFirst ? 0 : fields.is_public,
    is_friend: 0,
    is_family: 0,
  };
  if (fields.safety_level !== null) params.safety_level = fields.safety_level;
  if (fields.content_type !== null && !contentTypeAfterUpload(fields)) params.content_type = fields.content_type;
  if (fields.hidden !== null) params.hidden = fields.hidden;
  return params;
}

function planNew(input: PlanInput, ctx: Context, reconcileFirst: boolean): Action[] {
  // Never public under a wrong licence: private until setLicense landed, then one setPerms.
  const role = licenseCheckRole(input, ctx);
  const licenseFirst = privateUntilLicensed(input.fields, ctx.options.accountDefaultLicense) || role === "probe";
  const actions: Action[] = reconcileFirst ? [{ kind: "reconcile", fields: input.fields, ...(licenseFirst ? { licenseFirst } : {}) }] : [];
  const checks = role === "probe" ? { licenseProbe: true as const } : role === "wait" ? { waitsForLicenseCheck: true as const } : {};
  // A day-exact date travels in the copy's EXIF when this account reads it (measured by doctor --probe): no setDates.
  const embedDate = embeddableDate(input.fields, ctx.options.exifSetsDateTaken ?? false);
  actions.push({ kind: "upload", file: input.file, fields: input.fields, params: uploadParams(input.fields, licenseFirst), ...(licenseFirst ? { licenseFirst } : {}), ...checks, ...(embedDate ? { embedDate } : {}) });
  // Comment and tagging permissions: the upload cannot carry them (it went up private); first thing
  // after it — unless the licence must land first: then the same setPerms follows the licence.
  if (permsAfterUpload(input.fields) && !licenseFirst) actions.push(setAction("perms", FROM_UPLOAD, null, input.fields, ctx));
  if (contentTypeAfterUpload(input.fields)) actions.push(setAction("content_type", FROM_UPLOAD, null, input.fields, ctx));
  for (const group of POST_UPLOAD_GROUPS) {
    if (group === "albums") continue;
    if (group === "date" && embedDate) actions.push({ ...recordAction(group, input.fields, ctx), fromExif: true } as Action);
    else if (groupNeedsPostUploadCall(input.fields, group, ctx.options.accountDefaultLicense)) {
      actions.push(setAction(group as SetterGroup, FROM_UPLOAD, null, input.fields, ctx));
    } else {
      actions.push(recordAction(group, input.fields, ctx));
    }
    if (group === "license" && licenseFirst) actions.push(setAction("perms", FROM_UPLOAD, null, input.fields, ctx));
  }
  actions.push(...albumActions(input.fields, null, FROM_UPLOAD, ctx));
  if (input.fields.albums.length === 0) actions.push(recordAction("albums", input.fields, ctx));
  return actions;
}

type Planned = Omit<PlanItem, "calls" | "errors">;

/** A published photo that --verify found gone from Flickr (or that an earlier run marked missing). */
function planMissing(input: PlanInput, state: ItemState, ctx: Context, base: Pick<PlanItem, "identifier" | "row" | "file" | "photoId">): Planned {
  const mode = ctx.options.onDrift ?? "keep";
  const details = ["the photo is no longer on Flickr (deleted there?)"];
  if (mode === "overwrite") {
    const drift: DriftNote[] = [{ group: "photo", details, resolution: "overwritten", conflict: false }];
    return { ...base, disposition: "new", actions: [{ kind: "forget-photo", reupload: true }, ...planNew(input, ctx, false)], pendingChanges: [], rescanned: false, drift };
  }
  const drift: DriftNote[] = [{ group: "photo", details, resolution: mode === "adopt" ? "adopted" : "kept", conflict: false }];
  const actions: Action[] = state.status === "missing" && mode === "keep" ? [] : [mode === "adopt" ? { kind: "forget-photo", reupload: false } : { kind: "mark-missing" }];
  const rescanned = state.sourceSha256 !== null && input.source !== null && input.source.sha256 !== state.sourceSha256;
  return { ...base, disposition: "missing", actions, pendingChanges: [], rescanned, drift };
}

function planExisting(input: PlanInput, state: ItemState & { photoId: string }, ctx: Context): Planned {
  const { options } = ctx;
  const base = { identifier: input.identifier, row: input.row, file: input.file, photoId: state.photoId };
  const drift = options.drift?.get(input.identifier);
  if (drift?.missing || state.status === "missing") return planMissing(input, state, ctx, base);

  const photo: PhotoRef = { id: state.photoId };
  const changed = changedGroups(state, input.fields);
  const rescanned = state.sourceSha256 !== null && input.source !== null && input.source.sha256 !== state.sourceSha256;
  const actions: Action[] = [];
  const pendingChanges: FieldGroup[] = [];
  const notes: DriftNote[] = [];
  const mode = options.onDrift ?? "keep";

  const drifted = new Map((drift?.groups ?? []).map((g) => [g.group, g]));
  for (const [group, d] of drifted) {
    const conflict = changed.includes(group);
    if (mode === "overwrite") {
      notes.push({ group, details: d.details, resolution: "overwritten", conflict });
      if (!changed.includes(group)) changed.push(group);
    } else if (mode === "adopt") {
      notes.push({ group, details: d.details, resolution: "adopted", conflict });
      actions.push({ kind: "adopt", group, live: d.live, to: groupSlice(input.fields, group) });
    } else {
      notes.push({ group, details: d.details, resolution: "kept", conflict });
    }
  }

  // In FIELD_GROUP_NAMES order whatever drift added: the licence before perms, so a photo held
  // private until its licence lands (or a licence change made with a change of visibility) is
  // made public only after setLicense.
  changed.sort((a, b) => FIELD_GROUP_NAMES.indexOf(a) - FIELD_GROUP_NAMES.indexOf(b));
  for (const group of changed) {
    // Never overwrite an edit made on Flickr unless asked to.
    if (drifted.has(group) && mode !== "overwrite") continue;
    const neverPushed = state.pushed[group] === undefined;
    // Publish finishes what an interrupted run left out; changing what was pushed is sync's job.
    // The upload records perms and content type unless a call had to follow it: then that call is left to finish.
    const act = options.mode === "sync" || (neverPushed && (!UPLOAD_GROUPS.includes(group) || group === "perms" || group === "content_type"));
    if (!act) {
      pendingChanges.push(group);
      continue;
    }
    if (group === "albums") {
      const albumChanges = albumActions(input.fields, (state.pushed.albums?.value.albums as string[] | undefined) ?? null, photo, ctx);
      actions.push(...(albumChanges.length > 0 ? albumChanges : [recordAction(group, input.fields, ctx)]));
    } else if (neverPushed && !groupNeedsPostUploadCall(input.fields, group, options.accountDefaultLicense) && POST_UPLOAD_GROUPS.includes(group)) {
      // Nothing to send (no date, no coordinates, licence = account default): only record it.
      actions.push(recordAction(group, input.fields, ctx));
    } else {
      let from = state.pushed[group]?.value ?? null;
      // Overwriting tags edited on Flickr starts from what Flickr holds, not from what was pushed.
      const live = drifted.get(group)?.live.tags;
      if (group === "tags" && mode === "overwrite" && live) from = { tags: tagsOnFlickr(from?.tags ?? [], live) };
      actions.push(setAction(group as SetterGroup, photo, from, input.fields, ctx));
    }
  }
  if ((rescanned || state.replace !== "none") && options.mode === "sync") {
    actions.unshift({ kind: "replace", photoId: state.photoId, file: input.file, fields: input.fields });
  }
  if (actions.length === 0 && pendingChanges.length === 0 && state.status !== "published") actions.push({ kind: "mark-published" });
  const calling = actions.some((a) => callsOf(a).length > 0 || a.kind === "set" || a.kind === "album-add");
  let disposition: PlanItem["disposition"];
  if (calling) disposition = options.mode === "sync" ? "changed" : "resume";
  else if (pendingChanges.length > 0 || (rescanned && options.mode === "publish")) disposition = "changed";
  else disposition = "unchanged";
  return { ...base, disposition, actions, pendingChanges, rescanned, drift: notes };
}

function cost(actions: Action[]): number {
  return actions.reduce((n, a) => n + callsOf(a).length, 0);
}

function planRow(input: PlanInput, state: ItemState | undefined, ctx: Context): PlanItem {
  const { options } = ctx;
  const skipped = (disposition: PlanItem["disposition"]): PlanItem => ({ identifier: input.identifier, row: input.row, file: input.file, photoId: state?.photoId ?? null, disposition, actions: [], pendingChanges: [], rescanned: false, calls: 0, errors: input.errors, drift: [] });
  if (input.errors.length > 0) return skipped("blocked");
  if (options.retryFailedOnly && state?.status !== "failed") return skipped("unchanged");
  let planned: Planned;
  if (state?.status === "deleted" && state.photoId === null) {
    // Deleted on Flickr, and that was accepted (--on-drift adopt or --prune delete): it stays gone
    // unless asked to upload it again.
    const again = options.mode === "sync" && options.onDrift === "overwrite";
    planned = {
      identifier: input.identifier, row: input.row, file: input.file, photoId: null,
      disposition: again ? "new" : "missing",
      actions: again ? planNew(input, ctx, false) : [],
      pendingChanges: [], rescanned: false,
      drift: [{ group: "photo", details: ["deleted on Flickr earlier; heritage leaves it deleted"], resolution: again ? "overwritten" : "kept", conflict: false }],
    };
  } else if (!state || state.upload !== "done" || state.photoId === null) {
    const reconcileFirst = state?.upload === "intent";
    planned = { identifier: input.identifier, row: input.row, file: input.file, photoId: null, disposition: "new", actions: planNew(input, ctx, reconcileFirst), pendingChanges: [], rescanned: false, drift: [] };
  } else {
    planned = planExisting(input, { ...state, photoId: state.photoId }, ctx);
  }
  return { ...planned, calls: cost(planned.actions), errors: input.errors };
}

function planRemoved(state: ItemState & { photoId: string }, options: PlanOptions): PlanItem {
  const actions: Action[] = [];
  if (options.mode === "sync" && options.prune === "delete") actions.push({ kind: "prune-delete", calls: [pruneDeleteCall(state.photoId)] });
  else if (options.mode === "sync" && options.prune === "hide" && state.status !== "withdrawn") actions.push({ kind: "prune-hide", calls: [pruneHideCall(state.photoId)] });
  return { identifier: state.identifier, row: null, file: state.file, photoId: state.photoId, disposition: "removed", actions, pendingChanges: [], rescanned: false, calls: cost(actions), errors: [], drift: [] };
}

export function planRun(inputs: readonly PlanInput[], states: readonly ItemState[], options: PlanOptions): Plan {
  const stateById = new Map(states.map((s) => [s.identifier, s]));
  const ctx: Context = { options, albumsCreated: new Set(options.existingAlbums), licenseProbe: pickLicenseProbe(inputs, stateById, options) };
  const items: PlanItem[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    seen.add(input.identifier);
    items.push(planRow(input, stateById.get(input.identifier), ctx));
  }
  for (const state of states) {
    if (seen.has(state.identifier) || state.photoId === null || state.status === "deleted" || state.status === "missing") continue;
    items.push(planRemoved({ ...state, photoId: state.photoId }, options));
  }

  const newAlbums = [...ctx.albumsCreated].filter((a) => !options.existingAlbums.has(a)).sort();
  const prelude: PlannedCall[] = [];
  const perFinding = new Set<string>();
  // Before the first upload into an empty state: is this collection already on the account (a lost, moved or renamed state)?
  if (options.emptyStateGuard && items.some((i) => i.actions.some((a) => a.kind === "upload"))) {
    prelude.push(...emptyStateGuardCalls(options.emptyStateGuard.namespace, options.emptyStateGuard.now));
    perFinding.add(`flickr.photos.search / flickr.people.getPhotos: one more page each time a page of 500 holds none of this manifest's photos and more follow (at most ${GUARD_PAGES - 1} more each)`);
  }
  // One read of the account's albums, so an album of the same title (another manifest's) is adopted, not made twice.
  if (newAlbums.length > 0) prelude.push({ method: "flickr.photosets.getList", params: { per_page: 500 }, photo: null, purpose: "albums" });
  const albumFlushes = planAlbumFlushes(items, options.albumMembers ?? new Map(), options.albumBatch ?? 500);
  const byMethod: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const c of [...prelude, ...albumFlushes.flatMap((f) => f.flushes.flat())]) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  if (albumFlushes.length > 0) perFinding.add(ALBUM_READ_PER_FINDING);
  for (const item of items) {
    counts[item.disposition] = (counts[item.disposition] ?? 0) + 1;
    for (const action of item.actions) {
      if (action.kind === "set" && action.removeOthersTags) perFinding.add("flickr.photos.removeTag (one per tag other people added)");
      const calls = callsOf(action);
      if (calls.length === 0) continue;
      const key = action.kind === "set" ? `set:${action.group}` : action.kind;
      counts[key] = (counts[key] ?? 0) + 1;
      for (const c of calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
    }
  }
  const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
  const accountSavings = accountSettingSavings(items, options.accountDefaultLicense);
  return { mode: options.mode, prelude, items, newAlbums, albumFlushes, accountSavings, counts, calls: { total, byMethod, perFinding: [...perFinding] } };
}

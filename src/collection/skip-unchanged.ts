/**
 * Sync at scale (issue 12): stream the manifest against the state and hand validation and
 * mapping only the rows that changed. A row is unchanged — and costs a hash, one state lookup
 * and a stat — when its fingerprint (cells + mapping context, src/collection/fingerprint.ts) equals
 * the one recorded after its last full push, its photo is published with nothing pending, its
 * row and file are where the state has them, and its master's size and mtime are the recorded
 * ones (a rescanned master is still seen, without reading it).
 *
 * What still holds: a row with a validation error never has a fingerprint, so it is mapped and
 * reported every time; a settings or template change changes every fingerprint; rows that left
 * the manifest are found from identifiers alone and reach the prune guard; a duplicate
 * identifier or file anywhere in the manifest maps every row again, so the cross-row checks see
 * them all. `--verify` and `--force` map every row (`full`).
 */
import { resolve as resolvePath, posix } from "node:path";
import type { FieldValue, ManifestItem, OpenedManifest, ReadRow } from "../manifest/types.js";
import { statOfRowFile } from "../manifest/finish-rows.js";
import { statFacts } from "../manifest/stat-worker.js";
import type { Plan, PlanItem } from "../plan/types.js";
import { FIELD_GROUP_NAMES } from "../flickr/fields.js";
import { groupHash } from "../plan/groups.js";
import type { ItemState, StateStore } from "../state/store.js";
import { countPrunable, countWithPhoto, hasRowFingerprints, prunableIdentifiers, recordRowFingerprints, rowBatchLookup, type RowRecord } from "../state/row-fingerprints.js";
import type { ValidatedItem } from "../validate/validate.js";
import { collectPlanInputs, type Collected } from "./collect.js";
import { CollectionRows } from "./rows.js";
import { flattenBatches, rowBatches } from "../manifest/batches.js";
import type { FileHashCache } from "../state/file-hashes.js";
import { VERSION } from "../version.js";
import { mappingContext, rowFingerprint } from "./fingerprint.js";

export interface CollectForRun {
  collected: Collected;
  /** The state of every item the planner must see: mapped rows and rows that left the manifest (all items in full mode). */
  statesBefore: ItemState[];
  /** Items with a photo on Flickr (the prune guard's base). */
  published: number;
  /** Rows not mapped because nothing about them changed. */
  skipped: PlanItem[];
  /** Validation warnings those rows had when they were last mapped (counted, not listed). */
  skippedWarnings: number;
  /** Fingerprints (and warning counts) of the rows that were mapped, recorded after the run for those fully pushed. */
  fingerprints: Map<string, Fingerprinted>;
  /** Identifiers seen more than once: never given a fingerprint. */
  duplicates: Set<string>;
  /** Skipped rows whose line moved (rows inserted or deleted above): the state's row follows after a run. */
  moved: { identifier: string; row: number; file: string }[];
}

export interface Fingerprinted {
  fingerprint: string;
  warnings: number;
}

export interface SkipOptions {
  now: Date;
  /** Map every row (sync --verify, --force, publish --retry-failed, a dry run without a state). */
  full: boolean;
  /** Content hashes remembered across runs (a writing run's; a dry run writes none). */
  hashes?: FileHashCache | null;
}

/** Issues that may go away with time alone: a row that has one is mapped every time. */
const TIME_DEPENDENT = new Set<string>(["DATE_FUTURE"]);

const NONE: never[] = Object.freeze([]) as never[];

function text(value: FieldValue | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join("; ") : value;
}

/** Two spellings of one file collide here when they would resolve to one file (case too, to be safe). */
const fileKey = (file: string) => posix.normalize(file.replace(/\\/g, "/")).normalize("NFC").toLowerCase();

function unchanged(rec: RowRecord | undefined, fingerprint: string, item: ManifestItem, file: string | null, collection: string): rec is RowRecord & { photoId: string } {
  if (!rec || rec.fingerprint !== fingerprint || file === null) return false;
  if (rec.photoId === null || !rec.settled) return false;
  // The row number is not part of it: a row inserted or deleted above must not make every row below "changed".
  if (rec.file !== file || rec.sourceSize === null || rec.sourceMtimeMs === null) return false;
  // A rescanned master: the cheap check publish and sync already trust (size and mtime), no read.
  // Taken a moment ago by the reader when it checked the file exists (one stat per row, not two).
  const st = statOfRowFile(item) ?? statFacts([resolvePath(collection, file)])[0];
  return st !== undefined && st.isFile && st.size === rec.sourceSize && st.mtimeMs === rec.sourceMtimeMs;
}

interface Pass {
  run: CollectForRun;
  /** A duplicate identifier or file was met while skipping: start again with every row. */
  restart: boolean;
}

/** What the row filter learns while the manifest streams past it. */
interface Tracked {
  skipped: PlanItem[];
  skippedWarnings: number;
  fingerprints: Map<string, Fingerprinted>;
  duplicates: Set<string>;
  seen: Set<string>;
  states: Map<string, ItemState>;
  duplicateFile: boolean;
  moved: { identifier: string; row: number; file: string }[];
}

type BatchLookup = (identifiers: readonly string[]) => Map<string, RowRecord>;

/** The manifest as validation sees it: only the rows that changed; the others are noted in `t`. */
function changedRowsOf(opened: OpenedManifest, store: StateStore | null, lookup: BatchLookup | null, t: Tracked): OpenedManifest {
  const { settings, collection } = opened.source;
  const context = mappingContext(opened.source, VERSION);
  const files = new Set<string>();
  /** Note one row; true when it must be validated and mapped. */
  const changed = (read: ReadRow, identifier: string | null, records: Map<string, RowRecord> | null): boolean => {
    const { item, issues } = read;
    const file = text(item.values.file) ?? settings.defaults.file ?? null;
    const rec = identifier !== null ? records?.get(identifier) : undefined;
    // What is kept for every row is the state's copy of the identifier and file when they are the
    // same text: the manifest's cells are slices of a whole decoded chunk, which they would keep alive.
    const kept = rec && rec.file === file ? rec : null;
    if (file !== null) {
      const key = fileKey(kept ? kept.file : file);
      if (files.has(key)) t.duplicateFile = true;
      else files.add(key);
    }
    if (identifier === null) return true;
    if (t.seen.has(identifier)) t.duplicates.add(identifier);
    else t.seen.add(kept ? kept.identifier : identifier);
    const fingerprint = rowFingerprint(item, issues, context);
    if (records && kept && !t.duplicates.has(identifier) && unchanged(kept, fingerprint, item, file, collection)) {
      t.skipped.push({ identifier: kept.identifier, row: item.row, file: kept.file, photoId: kept.photoId, disposition: "unchanged", actions: NONE, pendingChanges: NONE, rescanned: false, calls: 0, drift: NONE, errors: NONE });
      t.skippedWarnings += kept.warnings;
      if (kept.row !== item.row) t.moved.push({ identifier: kept.identifier, row: item.row, file: kept.file });
      return false;
    }
    t.fingerprints.set(identifier, { fingerprint, warnings: 0 });
    if (store && records && rec) t.states.set(identifier, store.items.get(identifier)!);
    return true;
  };
  // A batch at a time: one state query per batch of rows, and no await per skipped row.
  async function* batches(): AsyncGenerator<ReadRow[]> {
    for await (const batch of rowBatches(opened)) {
      const identifiers = batch.map((read) => text(read.item.values.identifier) ?? settings.defaults.identifier ?? null);
      const records = lookup ? lookup(identifiers.filter((i) => i !== null)) : null;
      const out = batch.filter((read, k) => changed(read, identifiers[k] ?? null, records));
      if (out.length > 0) yield out;
    }
  }
  return { source: opened.source, batches, rows: () => flattenBatches(batches()) };
}

async function collectPass(opened: OpenedManifest, store: StateStore | null, options: SkipOptions): Promise<Pass> {
  const skipping = store !== null && !options.full && hasRowFingerprints(store);
  const lookup = skipping ? rowBatchLookup(store) : null;
  const t: Tracked = { skipped: [], skippedWarnings: 0, fingerprints: new Map(), duplicates: new Set(), seen: new Set(), states: new Map(), duplicateFile: false, moved: [] };
  // Without skipping every item's state is read up front, as before; with it, only mapped rows' states.
  const all = store && !skipping ? store.items.list({ lazyValues: true }) : null;
  const onRow = (v: ValidatedItem) => {
    const f = v.identifier !== null ? t.fingerprints.get(v.identifier) : undefined;
    if (f) f.warnings = v.issues.filter((i) => i.severity !== "error").length;
    // The one mapping that depends on the day it runs: a date in the future today may not be tomorrow.
    if (f && v.issues.some((i) => TIME_DEPENDENT.has(i.code))) t.fingerprints.delete(v.identifier!);
  };
  const rows = new CollectionRows(changedRowsOf(opened, store, lookup, t), { states: all ? new Map(all.map((s) => [s.identifier, s])) : t.states, now: options.now, ...(options.hashes ? { hashes: options.hashes } : {}) });
  const collected = await collectPlanInputs(rows, onRow);
  const run: CollectForRun = { collected, statesBefore: [], published: 0, skipped: t.skipped, skippedWarnings: t.skippedWarnings, fingerprints: t.fingerprints, duplicates: t.duplicates, moved: t.moved };
  if (all) {
    run.statesBefore = all;
    run.published = all.filter((s) => s.photoId !== null).length;
  } else if (store) {
    run.statesBefore = [...t.states.values()];
    // Rows that left the manifest: only looked for when the state has more prunable photos than the rows seen account for.
    const prunableSeen = t.skipped.length + run.statesBefore.filter((s) => s.photoId !== null && s.status !== "deleted" && s.status !== "missing").length;
    if (countPrunable(store) !== prunableSeen) for (const identifier of prunableIdentifiers(store)) if (!t.seen.has(identifier)) run.statesBefore.push(store.items.get(identifier)!);
    run.published = countWithPhoto(store);
  }
  collected.rows += t.skipped.length;
  collected.warnings += t.skippedWarnings;
  return { run, restart: skipping && (t.duplicates.size > 0 || t.duplicateFile) };
}

/**
 * Validate and map the manifest for publish or sync, skipping unchanged rows unless `full`.
 * A state that holds no fingerprints yet (older, or never fully pushed) maps every row, as before.
 */
export async function collectForRun(opened: OpenedManifest, store: StateStore | null, options: SkipOptions): Promise<CollectForRun> {
  const first = await collectPass(opened, store, options);
  if (!first.restart) return first.run;
  return (await collectPass(opened, store, { ...options, full: true })).run;
}

/** Put the rows that were not mapped back into the plan, as unchanged items in manifest order. */
export function withSkipped(plan: Plan, run: CollectForRun): Plan {
  if (run.skipped.length === 0) return plan;
  const items = [...plan.items, ...run.skipped];
  items.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  const counts = { ...plan.counts, unchanged: (plan.counts.unchanged ?? 0) + run.skipped.length };
  return { ...plan, items, counts };
}

/**
 * After a run: record the fingerprint of every mapped row whose item now has all its groups
 * pushed with exactly the values this run mapped, and no error. Such a row is skipped next time
 * until its cells, the settings or heritage change.
 */
export function recordPushedFingerprints(store: StateStore, run: CollectForRun): number {
  const records: { identifier: string; fingerprint: string; warnings: number }[] = [];
  for (const input of run.collected.inputs) {
    const mapped = run.fingerprints.get(input.identifier);
    if (!mapped || input.errors.length > 0 || run.duplicates.has(input.identifier)) continue;
    const state = store.items.get(input.identifier);
    if (!state || state.upload !== "done" || state.photoId === null || state.status !== "published" || state.replace !== "none") continue;
    if (!FIELD_GROUP_NAMES.every((g) => state.pushed[g]?.hash === groupHash(input.fields, g))) continue;
    records.push({ identifier: input.identifier, ...mapped });
  }
  store.transaction(() => run.moved.forEach((m) => store.items.ensure(m)));
  return recordRowFingerprints(store, records);
}

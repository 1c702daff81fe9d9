/**
 * What one publish or sync run holds while it goes: its options, the collection, the state,
 * and the connection (made on first need: a dry run of an unchanged collection makes none).
 * The phases `heritage sync` adds (src/sync/run.ts) see the run through this.
 */
import type { CommandIO } from "../command-io.js";
import type { Collection } from "../collection/open.js";
import type { Collected } from "../collection/collect.js";
import type { CollectForRun } from "../collection/skip-unchanged.js";
import type { ItemState } from "../state/item-state.js";
import type { StatePaths } from "../state/paths.js";
import type { StateStore } from "../state/store.js";
import type { Settings } from "../settings/schema.js";
import type { DriftMode, ItemDrift, Plan } from "../plan/types.js";
import type { ExecuteResult } from "./execute.js";
import type { Connection } from "./connect.js";
import type { SyncFindings } from "./summary.js";

export interface PipelineOptions {
  manifest: string;
  mode: "publish" | "sync";
  dryRun: boolean;
  /** Refuse the whole run if any row has an error. */
  strict: boolean;
  /** publish --retry-failed */
  retryFailed: boolean;
  json: boolean;
  /** Print every item's actions in the dry run (always on for sync). */
  details: boolean;
  state: string | null;
  /** Calls per rolling hour. @default 3600 */
  quota: number;
  concurrency: number;
  normalizeConcurrency: number;
  /** The Flickr endpoint, resolved by the command (--endpoint, else HERITAGE_FLICKR_ENDPOINT); null: Flickr. */
  endpoint: string | null;
  /** Run against an in-process sandbox (a rehearsal). */
  sandbox: boolean;
  /** --reconcile-grace; null: from the search lag `heritage doctor --probe` measured, else the default. */
  reconcileGraceSeconds: number | null;
  timeoutMs: number | null;
  /** Photos queued per album before one editPhotos. @default 500 */
  albumBatch?: number;
  prune: "hide" | "delete" | null;
  /** sync --prune-max: the largest share (percent) of the published collection one prune may remove. @default 5 */
  pruneMax?: number;
  yes: boolean;
  replaceTags: boolean;
  /** sync --force: validate and map every row, even those unchanged since their last push. */
  force?: boolean;
  /** sync --verify: read the live photos and detect edits made on Flickr. */
  verify?: boolean;
  /** sync --on-drift. @default "keep" */
  onDrift?: DriftMode;
  /** sync: read back what was changed. @default true for sync */
  readBack?: boolean;
  debug: boolean;
}

/** Collaborators a test or a simulation may replace. */
export interface PipelineDeps {
  /** Clock (ms) of the API budget and the retry backoff. @default Date.now */
  clock?: () => number;
  /** Sleep of the API budget and the retry backoff. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface RunSession {
  io: CommandIO;
  options: PipelineOptions;
  deps: PipelineDeps;
  /** When the run started. */
  now: Date;
  collection: Collection;
  settings: Settings;
  paths: StatePaths;
  /** The state; null in a dry run before anything was published (a dry run creates none). */
  store: StateStore | null;
  /** The items as the state recorded them before this run (rows skipped as unchanged aside). */
  statesBefore: ItemState[];
  collected: Collected;
  /** The rows skipped as unchanged since their last push, and the fingerprints to record after the run. */
  forRun: CollectForRun;
  /** Seconds an unknown upload is looked up before it may be sent again (flag, else measured, else default). */
  graceSeconds: number;
  /** `heritage doctor --probe` measured that Flickr takes date taken from the upload's EXIF on this account. */
  exifSetsDateTaken: boolean;
  /** The connection, made on the first call. */
  connect(): Promise<Connection>;
  /** A path as the user should see it (relative to where they are). */
  show(path: string): string;
}

/** Edits made on Flickr since the last push (sync --verify), for the planner and the report. */
export type DriftFindings = NonNullable<SyncFindings["drift"]> & { drift: ReadonlyMap<string, ItemDrift> };
export type Mismatch = NonNullable<SyncFindings["mismatches"]>[number];

/**
 * What `heritage sync` adds to a run (src/sync/run.ts); publish runs without them. Each phase
 * sees the run and may refuse it with a UserError.
 */
export interface RunPhases {
  /** Before planning (sync --verify): what Flickr holds now. */
  readDrift?(run: RunSession): Promise<DriftFindings | null>;
  /** After planning, before the plan is shown or run (the prune guard). */
  checkPlan?(plan: Plan, run: RunSession): Promise<void>;
  /** After the dry-run answer, before the first write (confirming a prune). */
  confirm?(plan: Plan, run: RunSession): Promise<void>;
  /** After the writes: fields that did not land as sent (sync's read-back). */
  afterRun?(plan: Plan, result: ExecuteResult, run: RunSession & { store: StateStore }): Promise<Mismatch[]>;
}

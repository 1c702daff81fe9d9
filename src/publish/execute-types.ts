/**
 * What the executor is given and what it returns, and the narrow view of it that each kind of
 * step (upload, replace, setters, albums, prune) works through.
 */
import type { Logger } from "../logger.js";
import type { StateStore } from "../state/store.js";
import type { PlanItem } from "../plan/types.js";
import type { RetryPolicy } from "./retry.js";
import type { RunStop } from "./failures.js";
import type { Classify, FlickrPort, PrepareCopy, ProgressReporter, RunLog } from "./ports.js";

export interface ExecuteOptions {
  /** Machine-tag namespace of the identifier tag. */
  namespace: string;
  /** Items in flight at once (uploads and metadata calls). @default 3 */
  concurrency: number;
  /** Upload copies made at once. @default 2 */
  normalizeConcurrency: number;
  retry: RetryPolicy;
  /**
   * After a lost upload answer, how long (seconds) a "not found" search is not trusted, since a
   * search index can lag behind a fresh upload. @default 60
   */
  reconcileGraceSeconds: number;
  /** Unused: --replace-tags is planned (PlanOptions.replaceTags); kept so callers need not change. */
  replaceTags?: boolean;
  /** Calls the run spends besides the items (preflight checks), for the progress ETA. */
  overheadCalls?: number;
  /** Photos queued per album before one photosets.editPhotos sends them. @default 500 */
  albumBatch?: number;
}

export interface ExecuteDeps {
  flickr: FlickrPort;
  classify: Classify;
  state: StateStore;
  prepareCopy: PrepareCopy;
  log: RunLog;
  logger: Logger;
  progress: ProgressReporter;
  /** Told on HTTP 429 / error 105: the budget slows down. */
  onThrottle: () => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  clock: () => number;
  signal: AbortSignal;
  runId: number;
  /** After Ctrl-C: let the album flushes that end the run through (the connection's budget otherwise refuses every call). */
  finishing?: () => void;
}

export interface ItemOutcome {
  identifier: string;
  row: number | null;
  photoId: string | null;
  result: "uploaded" | "adopted" | "updated" | "replaced" | "hidden" | "deleted" | "missing" | "forgotten" | "unchanged" | "failed" | "skipped" | "not-run";
  error?: { step: string; code: string; message: string; hint?: string; transient: boolean };
  warnings: string[];
}

export interface ExecuteResult {
  outcomes: ItemOutcome[];
  counts: Record<string, number>;
  stop: RunStop | null;
  interrupted: boolean;
}

/** Flickr's JSON answer to a REST call: read only through the small decoders beside each use. */
export type FlickrAnswer = unknown;

export interface About {
  identifier?: string | null;
  photoId?: string | null;
  idempotent?: boolean;
}

/** What a step sees of the executor. */
export interface StepContext {
  readonly deps: ExecuteDeps;
  readonly options: ExecuteOptions;
  /** Aborted on Ctrl-C and on a run stop. */
  readonly signal: AbortSignal;
  /** A REST call, retried per the method table; account-wide failures stop the run. */
  call(method: string, params: Record<string, string | number>, about?: About): Promise<FlickrAnswer>;
  /** Stop the run (every further item would fail the same way). */
  halt(stop: RunStop): never;
  /** The licence Flickr gives this account's uploads (read once, from the first photo uploaded). */
  accountDefaultLicense(photoId: string, identifier: string): Promise<number>;
  /** The plan let Flickr read date taken from the copy's EXIF: check it did, once per run (stops the run if not). */
  checkExifDate?(photoId: string, identifier: string, expected: string): Promise<void>;
}

/** One item while it runs: its plan, the photo id once known, and what to tell the user. */
export interface ItemRun {
  item: PlanItem;
  photoId: string | null;
  warnings: string[];
}

/**
 * The executor's collaborators, as narrow interfaces: the Flickr client, the copy maker, the
 * progress display and the run log. Production wires flickr-sdk (through the project
 * Transport), sharp and the terminal; tests can wire the sandbox or recording fakes.
 */
import type { FlickrFields } from "../flickr/fields.js";
import type { UploadAnswer } from "../flickr/port.js";
import type { UploadParams } from "../plan/types.js";

export type FlickrParams = Record<string, string | number | null | undefined>;

/** What an upload sends; built by the planner (plan/plan.ts `uploadParams`). */
export type { UploadParams } from "../plan/types.js";

/**
 * The executor's Flickr: REST calls (their JSON read only through `flickrReads` in
 * flickr/port.ts) and the two uploads, whose answers the adapter has decoded.
 */
export interface FlickrPort {
  /** A REST call; resolves to Flickr's JSON, rejects with whatever `classify` understands. */
  call(method: string, params: FlickrParams): Promise<unknown>;
  /** Upload the copy at `file`; `identifier` names the file for Flickr. */
  upload(file: string, params: UploadParams, identifier?: string): Promise<UploadAnswer>;
  replace(photoId: string, file: string, identifier?: string): Promise<UploadAnswer>;
}

/** How the executor sees a failure. */
export interface ClassifiedError {
  /** transient: retry; permanent: fail the item; unknown-outcome: a write that may have happened. */
  kind: "transient" | "permanent" | "unknown-outcome";
  /** Flickr's numeric error code, when there was one. */
  code: number | null;
  httpStatus: number | null;
  message: string;
  /** Upload error 9: the photo with the same bytes, when Flickr named it. */
  duplicatePhotoId?: string | null;
  /** HTTP Retry-After (seconds), when sent with a 429. */
  retryAfterSeconds?: number | null;
}

export type Classify = (error: unknown, method: string) => ClassifiedError;

export interface PreparedCopy {
  /** Path of the upload copy (in the copy cache). */
  path: string;
  sha256: string;
  bytes: number;
  /** The master the copy was made from. */
  source: { size: number; mtimeMs: number; sha256: string };
  /** Normalization notes (e.g. first page of a multi-page TIFF). */
  warnings: string[];
}

/** Makes (or finds in the cache) the upload copy of one item. */
export type PrepareCopy = (item: { identifier: string; file: string; fields: FlickrFields; /** Date taken to write as EXIF DateTimeOriginal. */ embedDate?: string }, signal?: AbortSignal) => Promise<PreparedCopy>;

export type Stage = "normalizing" | "uploading" | "metadata";

export interface ProgressEvent {
  stage: Stage;
  identifier: string;
  /** started | done | failed | skipped */
  status: "started" | "done" | "failed" | "skipped";
}

export interface ProgressReporter {
  start(totals: { items: number; uploads: number; calls: number }): void;
  event(event: ProgressEvent): void;
  /** Calls made so far and the budget's pace (calls/hour), for the ETA. */
  calls(made: number, ratePerHour: number): void;
  note(message: string): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = { start() {}, event() {}, calls() {}, note() {}, stop() {} };

/** An append-only JSON-lines log of every API mutation (no secrets). */
export interface RunLog {
  write(entry: Record<string, unknown>): void;
}

/**
 * What the state knows of one item, as plain types: the planner reads these (it may not import
 * the store, which does I/O), the store writes them.
 */
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";

export type UploadState = "none" | "intent" | "done";
export type ItemStatus = "pending" | "published" | "failed" | "withdrawn" | "deleted" | "missing";
export type ReplaceState = "none" | "needed" | "intent";

export interface PushedGroup {
  hash: string;
  /** The values last pushed for this group (a slice of FlickrFields). */
  value: Partial<FlickrFields>;
  pushedAt: number;
}

export interface ItemError {
  step: string;
  code: string;
  message: string;
  transient: boolean;
  at: number;
}

export interface ItemState {
  identifier: string;
  row: number;
  file: string;
  sourceSize: number | null;
  sourceMtimeMs: number | null;
  sourceSha256: string | null;
  copySha256: string | null;
  photoId: string | null;
  secret: string | null;
  upload: UploadState;
  /** Unix seconds when the upload intent was recorded (bounds the reconcile search). */
  uploadIntentAt: number | null;
  /** The fields the intended upload carried: adopted as pushed if the photo is found on Flickr. */
  intentFields: FlickrFields | null;
  replace: ReplaceState;
  replaceSha256: string | null;
  status: ItemStatus;
  attempts: number;
  error: ItemError | null;
  pushed: Partial<Record<FieldGroup, PushedGroup>>;
  createdAt: number;
  updatedAt: number;
}

/**
 * The preview model: everything the report shows, computed before any HTML is written. The
 * renderers turn it into a page; nothing in it needs the disk, the state or the clock again.
 */
import type { DateGranularity } from "../flickr/fields.js";
import type { Issue } from "../issues.js";
import type { ItemDisposition } from "../plan/types.js";

/** Worst validation severity of a row. */
export type ValidationStatus = "ok" | "warnings" | "errors";

/**
 * Where a row stands on Flickr, from the state: never published (or not finished), published
 * and in step with the manifest, published but changed since the last push, or failed.
 */
export type PublicationStatus = "pending" | "published" | "changed" | "failed";

export interface PreviewPublication {
  status: PublicationStatus;
  /** The state's own word for the item (published, failed, withdrawn, missing…); null when the state does not know it. */
  stateStatus: string | null;
  photoId: string | null;
  /** The photo page on Flickr. */
  url: string | null;
  /** The last failure, for failed items. */
  error: { step: string; code: string; message: string } | null;
  /** Field groups that differ from what was last pushed (sync would push them). */
  changes: string[];
  /** The master was rescanned since it was uploaded (sync would replace the image). */
  rescanned: boolean;
}

/** The picture of an item: display images in the report folder, or why there is none. */
export type PreviewImage =
  | {
      kind: "image";
      /** ~320 px, relative to index.html. */
      thumb: string;
      thumbWidth: number;
      thumbHeight: number;
      /** ~1024 px, relative to index.html. */
      view: string;
      width: number;
      height: number;
    }
  | {
      kind: "placeholder";
      /** Why there is no picture, in one sentence. */
      reason: string;
    };

/** What a run would do with one row. */
export interface PreviewItemPlan {
  mode: "publish" | "sync";
  disposition: ItemDisposition;
  /** API methods, one entry per call (e.g. "upload", "flickr.photos.setDates"). */
  calls: string[];
}

export interface PreviewItem {
  row: number;
  identifier: string | null;
  /** The file as written in the manifest. */
  file: string | null;
  /** The title Flickr gets (plain text; may be empty when it is missing). */
  title: string;
  /** The description as the photo page shows it (safe HTML). */
  descriptionHtml: string;
  /** User tags and extra tags, as Flickr stores them (raw). */
  tags: string[];
  /** `namespace:predicate=value` tags. */
  machineTags: string[];
  license: { id: number; name: string; url: string } | null;
  /** The rights value as written in the manifest (after defaults). */
  licenseStatement: string | null;
  /** The taken date as Flickr shows it ("circa 1920", "May 1923"); null without a date. */
  dateText: string | null;
  dateGranularity: DateGranularity | null;
  /** The date as the catalogue wrote it. */
  dateWritten: string | null;
  place: string | null;
  coordinates: { latitude: number; longitude: number; accuracy: number | null; mapUrl: string } | null;
  albums: string[];
  isPublic: boolean;
  /** The source row after settings defaults: manifest fields and extra columns, in column order. */
  values: [string, string][];
  issues: Issue[];
  validation: ValidationStatus;
  /** Null when nothing has been published from the manifest (no state). */
  publication: PreviewPublication | null;
  /** What publish (and, with a state, sync) would do with this row. */
  plans: PreviewItemPlan[];
  image: PreviewImage;
}

/** One run mode's plan, for the summary. */
export interface PreviewPlan {
  mode: "publish" | "sync";
  /** Items per disposition (new, resume, changed, unchanged, blocked, removed). */
  dispositions: Record<string, number>;
  /** Actions by kind (upload, set:date, album-add…). */
  actions: Record<string, number>;
  calls: number;
  callsByMethod: Record<string, number>;
  /** Seconds the calls take at the quota. */
  seconds: number;
  newAlbums: string[];
  /** Account settings that would save calls (plan/account-settings.ts), with the time saved at the quota. */
  savings?: { text: string }[];
}

export interface PreviewSummary {
  items: number;
  validation: Record<ValidationStatus, number>;
  issues: { errors: number; warnings: number; byCode: { code: string; severity: Issue["severity"]; title: string; count: number }[] };
  /** Null without a state. */
  publication: Record<PublicationStatus, number> | null;
  plans: PreviewPlan[];
  /** Calls per rolling hour the time estimates use. */
  quota: number;
  /** Licences in use, most used first; `id: null` counts rows whose licence could not be mapped. */
  licenses: { id: number | null; name: string; url: string | null; count: number }[];
  /** Rows per date granularity, plus `none` for rows published without a date. */
  dates: Record<"exact" | "month" | "year" | "circa" | "none", number>;
  withoutCoordinates: number;
  albums: { title: string; count: number }[];
}

export interface PreviewModel {
  schema: "heritage.preview/1";
  /** The manifest's name as the user gave it, e.g. manifests/sample.csv. */
  manifest: string;
  /** The collection folder, relative to where the command ran. */
  collection: string;
  institution: string | null;
  generatedAt: string;
  toolVersion: string;
  /** Issues of the manifest as a whole (columns, templates, settings). */
  collectionIssues: Issue[];
  /** A state exists: publication status is known. */
  hasState: boolean;
  summary: PreviewSummary;
  items: PreviewItem[];
}

import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import type { Issue } from "../issues.js";
import type { PlannedCall, SetterGroup } from "./calls.js";

/** What the planner knows of one manifest row (after validation and mapping). */
export interface PlanInput {
  row: number;
  identifier: string;
  file: string;
  fields: FlickrFields;
  /** Validation errors: an item with any is skipped. */
  errors: Issue[];
  /** Source fingerprint from the probe, when known (detects rescanned masters). */
  source: { size: number; mtimeMs: number; sha256: string } | null;
}

/** What one item's upload sends (the upload request carries the groups in UPLOAD_GROUPS). */
export interface UploadParams {
  title?: string;
  description?: string;
  tags?: string;
  is_public?: 0 | 1;
  is_friend?: 0 | 1;
  is_family?: 0 | 1;
  safety_level?: 1 | 2 | 3;
  content_type?: 1 | 2 | 3 | 4;
  hidden?: 1 | 2;
  /** 1: Flickr refuses bytes already on the account (upload error 9) instead of storing them twice. */
  dedup_check?: 1;
}

/**
 * One step of an item. Steps that talk to Flickr carry their calls (see calls.ts), built by the
 * planner; the executor sends exactly those and records the outcome.
 */
export type Action =
  /** An upload may have reached Flickr: look the photo up by its machine tag before anything else (search, then getInfo per candidate). */
  | { kind: "reconcile"; fields: FlickrFields; licenseFirst?: boolean }
  /**
   * Normalize the master and upload it (carries title, description, tags, perms, safety, content
   * type). `licenseFirst`: uploaded private until its licence lands (a setLicense, then a setPerms, follow).
   * `licenseProbe`: the account's default licence is not known yet and this row relies on it: uploaded
   * private (licenseFirst), its licence checked, then made public; `waitsForLicenseCheck`: a public
   * upload that relies on the unconfirmed default, sent only once that check has confirmed it.
   */
  | {
      kind: "upload";
      file: string;
      fields: FlickrFields;
      params: UploadParams;
      licenseFirst?: boolean;
      licenseProbe?: true;
      waitsForLicenseCheck?: true;
      /** Date taken written into the copy as EXIF DateTimeOriginal, for Flickr to read (no setDates follows). */
      embedDate?: string;
    }
  /** The master was rescanned: replace the photo's image, keeping its id, comments, faves and views. */
  | { kind: "replace"; photoId: string; file: string; fields: FlickrFields }
  /**
   * Push one field group. `holds` is what Flickr holds once `calls` succeed (the state records
   * it); `note` is said when the catalogue asks for something Flickr cannot do.
   */
  | {
      kind: "set";
      group: SetterGroup;
      from: Partial<FlickrFields> | null;
      to: Partial<FlickrFields>;
      calls: PlannedCall[];
      holds: Partial<FlickrFields>;
      note: string | null;
      /** sync --replace-tags: the first call reads the tags; each tag others added is removed (one removeTag each). */
      removeOthersTags?: boolean;
      /** The catalogue asks for what no call can do (a return to licence 7): warned about, not recorded. */
      flag?: string;
      /** The licence the plan took as the account's default (checked once the account is known). */
      assumesDefaultLicense?: number | null;
    }
  /** Nothing to send for this group (no date, no coordinates, licence = account default): record it as pushed. */
  | {
      kind: "record";
      group: FieldGroup;
      to: Partial<FlickrFields>;
      assumesDefaultLicense?: number | null;
      /** The date group: Flickr took it from the copy's EXIF (checked once per run on the first such photo). */
      fromExif?: true;
    }
  /**
   * Add to an album: create it with this photo as the cover when it does not exist yet (one
   * call); otherwise queue the photo for the album's next flush (no call of its own).
   */
  | { kind: "album-add"; album: string; create: boolean; calls: PlannedCall[] }
  | { kind: "album-remove"; album: string; calls: PlannedCall[] }
  /** Rows gone from the manifest: make the photo private, or delete it. */
  | { kind: "prune-hide"; calls: PlannedCall[] }
  | { kind: "prune-delete"; calls: PlannedCall[] }
  /** --on-drift adopt: take the value edited on Flickr as the pushed one (no call). */
  | { kind: "adopt"; group: FieldGroup; live: Partial<FlickrFields>; to: Partial<FlickrFields> }
  /** --verify found the photo deleted on Flickr: record it (keep), or forget it before uploading again (overwrite). */
  | { kind: "mark-missing" }
  | { kind: "forget-photo"; reupload: boolean }
  /** Everything is pushed but the state does not say so yet (a run was killed just before): record it. */
  | { kind: "mark-published" };

export type ItemDisposition =
  | "new" // never uploaded
  | "resume" // uploaded, some groups not yet pushed
  | "changed" // published; the manifest changed since the last push
  | "unchanged"
  | "blocked" // validation errors
  | "removed" // in the state, no longer in the manifest
  | "missing"; // published, but deleted on Flickr since

export interface PlanItem {
  identifier: string;
  row: number | null;
  file: string | null;
  photoId: string | null;
  disposition: ItemDisposition;
  actions: Action[];
  /** Groups that differ from the last push but that this mode does not touch (publish leaves them to sync). */
  pendingChanges: FieldGroup[];
  /** The master changed since it was uploaded (publish reports it; sync replaces). */
  rescanned: boolean;
  /** Estimated API calls for this item's actions. */
  calls: number;
  /** Fields edited on Flickr since the last push (sync --verify), and what the plan does about them. */
  drift: DriftNote[];
  errors: Issue[];
}

export type DriftMode = "keep" | "overwrite" | "adopt";

/** What sync --verify found on Flickr for one item. */
export interface ItemDrift {
  /** The photo is no longer on Flickr. */
  missing: boolean;
  groups: { group: FieldGroup; details: string[]; live: Partial<FlickrFields> }[];
}

export interface DriftNote {
  group: FieldGroup | "photo";
  details: string[];
  resolution: "kept" | "overwritten" | "adopted";
  /** The catalogue changed this group too: the two edits conflict. */
  conflict: boolean;
}

export interface Plan {
  mode: "publish" | "sync";
  /**
   * Calls made once, before the items: the empty-state guard's look-ups (photos.search, then
   * people.getPhotos) before the first upload into a state that records no photo, so a lost
   * state does not upload the collection again; and the account's albums (photosets.getList)
   * when an album must be created, so an album of the same title is adopted rather than made
   * twice. Each call's `purpose` says which.
   */
  prelude: PlannedCall[];
  items: PlanItem[];
  /** Albums the plan creates. */
  newAlbums: string[];
  /** Per album: the flushes (getPhotos reads, then one editPhotos) that put the queued photos in it. */
  albumFlushes: AlbumFlushPlan[];
  /** Account settings that would save this run calls (the default licence), and how many. */
  accountSavings: AccountSaving[];
  counts: Record<string, number>;
  calls: { total: number; byMethod: Record<string, number>; /** Calls whose number is known only at run time (removeTag per tag others added, the guard's further pages). */ perFinding: string[] };
}

/** The flushes a run makes for one album: getPhotos reads, then one editPhotos, per batch. */
export interface AlbumFlushPlan {
  album: string;
  /** Photos this run queues for the album, and those an earlier run left queued. */
  queued: number;
  carried: number;
  /** One entry per flush, in order: its calls (the reads, then the edit). */
  flushes: PlannedCall[][];
}


/** An account setting that would save this run calls (plan/account-settings.ts). */
export interface AccountSaving {
  setting: "default-license";
  /** The licence to make the account's default. */
  licenseId: number;
  name: string;
  /** Calls this run would not make (net of the photos that would then need a setLicense). */
  calls: number;
}


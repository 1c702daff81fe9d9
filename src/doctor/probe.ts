/**
 * `heritage doctor --probe`: upload one tiny private test image, measure what documents cannot
 * tell (measure.ts), and delete it again — in a `finally`, so a failed measurement still cleans
 * up. With only write permission the photo cannot be deleted by heritage; the result says where
 * it is (it stays private, hidden from search, titled "safe to delete").
 */
import { randomBytes } from "node:crypto";
import { loadSharp } from "../image/sharp-module.js";
import type { FlickrParams } from "../flickr/client.js";
import { flickrReads, type FlickrCall, type UploadAnswer } from "../flickr/port.js";
import {
  DATE_CALLS,
  DESCRIPTION_CALLS,
  GEO_CALLS,
  LICENSE_CALLS,
  measureDateFloor,
  measureDescription,
  measureGeo,
  measureLicenses,
  measureSearch,
  measureSetTags,
  SEARCH_CALLS,
  TAGS_CALLS,
  type DateFloorResult,
  type DescriptionResult,
  type LicenseResult,
  type SearchClock,
  type SearchResult,
} from "./measure.js";

/** upload + getInfo after it + delete, plus each measurement's bound. */
export const PROBE_CALLS = 3 + SEARCH_CALLS + GEO_CALLS + DATE_CALLS + LICENSE_CALLS + DESCRIPTION_CALLS + TAGS_CALLS;

/** The EXIF date the test image carries; Flickr reading it back means it sets date taken from EXIF. */
export const PROBE_EXIF_DATE = "1999:12:31 23:59:58";

export interface ProbeDeps extends SearchClock {
  /** Writes whose answer is not read, and reads decoded through flickrReads. */
  call: FlickrCall;
  /** The upload, its answer decoded (decodeUploadAnswer). */
  upload(file: Blob, params: FlickrParams): Promise<UploadAnswer>;
  /** One line of progress (stderr). */
  progress(line: string): void;
}

export interface ProbeResult {
  photoId: string;
  /** True when the test photo was deleted; false: `photoUrl` says where it is. */
  deleted: boolean;
  photoUrl: string;
  defaultLicense: number | null;
  exifSetsDateTaken: boolean;
  search: SearchResult;
  geo: { set: boolean; code: number | null };
  dateFloor: DateFloorResult;
  licenses: LicenseResult;
  description: DescriptionResult;
  setTagsKeepsAddedTags: boolean;
  calls: number;
}

/** A 16×16 JPEG with an EXIF DateTimeOriginal, different on every run (no duplicate detection). */
export async function probeImage(): Promise<Blob> {
  const sharp = await loadSharp();
  const [r, g, b] = [...randomBytes(3)] as [number, number, number];
  const bytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r, g, b } } })
    .jpeg({ quality: 70 })
    .withExif({ IFD0: { ImageDescription: "heritage doctor probe" }, IFD2: { DateTimeOriginal: PROBE_EXIF_DATE } })
    .toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
}

type Measured = Omit<ProbeResult, "photoId" | "deleted" | "photoUrl" | "calls"> & { calls: number };

async function measureAll(deps: ProbeDeps, id: string, tag: { namespace: string; predicate: string; value: string }, uploadedAt: number): Promise<Measured> {
  const info = await flickrReads(deps.call).getInfo(id);
  const exifDate = PROBE_EXIF_DATE.replace(/^(\d{4}):(\d{2}):(\d{2})/, "$1-$2-$3");
  const exifSetsDateTaken = (info.dates.taken ?? "").startsWith(exifDate) && !info.dates.takenUnknown;
  const license = info.license;
  deps.progress("searching for it by its machine tag…");
  const search = await measureSearch(deps.call, id, tag, uploadedAt, deps);
  deps.progress("geotagging it…");
  const geo = await measureGeo(deps.call, id);
  deps.progress("finding the earliest date taken Flickr accepts…");
  const dateFloor = await measureDateFloor(deps.call, id);
  deps.progress("setting each licence heritage may send…");
  const licenses = await measureLicenses(deps.call, id);
  deps.progress("sending a description with a link…");
  const description = await measureDescription(deps.call, id);
  deps.progress("checking what setTags does to a tag added in an earlier call…");
  const setTagsKeepsAddedTags = await measureSetTags(deps.call, id, [`${tag.namespace}:${tag.predicate}=${tag.value}`]);
  return {
    defaultLicense: Number.isInteger(license) ? license : null,
    exifSetsDateTaken,
    search,
    geo,
    dateFloor,
    licenses,
    description,
    setTagsKeepsAddedTags,
    calls: 1 + search.calls + GEO_CALLS + dateFloor.calls + LICENSE_CALLS + DESCRIPTION_CALLS + TAGS_CALLS,
  };
}

export async function runProbe(deps: ProbeDeps, account: { nsid: string; canDelete: boolean }): Promise<ProbeResult> {
  // Punctuation in the value tells normalised matching (A-1 = a1) from raw matching.
  const tag = { namespace: "heritagedoctor", predicate: "probe", value: `Probe-${randomBytes(3).toString("hex")}.A_1` };
  deps.progress("uploading the test image (private, hidden from search)…");
  const { id } = await deps.upload(await probeImage(), {
    title: "heritage doctor probe (safe to delete)",
    tags: `"${tag.namespace}:${tag.predicate}=${tag.value}"`,
    is_public: 0,
    is_friend: 0,
    is_family: 0,
    hidden: 2,
    safety_level: 1,
  });
  const uploadedAt = deps.now();
  const photoUrl = `https://www.flickr.com/photos/${account.nsid}/${id}/`;
  let measured: Measured | null = null;
  let failure: unknown = null;
  try {
    measured = await measureAll(deps, id, tag, uploadedAt);
  } catch (err) {
    failure = err;
  }
  // Clean up whatever happened above; a failed delete is reported, not thrown.
  let deleted = false;
  if (account.canDelete) {
    try {
      await deps.call("flickr.photos.delete", { photo_id: id });
      deleted = true;
      deps.progress("test photo deleted.");
    } catch {
      deps.progress(`could not delete the test photo: delete it on ${photoUrl}`);
    }
  }
  if (failure !== null || measured === null) {
    if (!deleted) deps.progress(`the private test photo is still on the account: ${photoUrl}`);
    throw failure;
  }
  return { ...measured, photoId: id, deleted, photoUrl, calls: measured.calls + 1 + (account.canDelete ? 1 : 0) };
}

/**
 * The probe's measurements, one function each, on one private test photo. Every function makes
 * a bounded number of calls (the `*_CALLS` constants add up to the number `heritage doctor`
 * prints before it starts) and turns Flickr's answers into data; none decides anything.
 */
import { FlickrApiError } from "../flickr/errors.js";
import { flickrReads, type FlickrCall } from "../flickr/port.js";
import { FLICKR_LICENSES, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";
import { sameDescription } from "../flickr/description-canonical.js";


const codeOf = (err: unknown): number | null => (err instanceof FlickrApiError && err.kind === "permanent" ? (err.code ?? null) : null);

/** A permanent Flickr refusal (with its code), or rethrow: the network's failures are not answers. */
async function refusal(run: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; code: number | null }> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    if (err instanceof FlickrApiError && err.kind === "permanent") return { ok: false, code: codeOf(err) };
    throw err;
  }
}

export const DATE_RANGE = { from: 1000, to: 1900 } as const;
const NOT_ABOUT_THE_YEAR = new Set([1, 2, 96, 97, 98, 99, 100, 105, 106]);
/** Two ends plus a bisection of 900 years down to one: 2 + ⌈log2 900⌉. */
export const DATE_CALLS = 2 + Math.ceil(Math.log2(DATE_RANGE.to - DATE_RANGE.from));

export interface DateFloorResult {
  /** Earliest year accepted (exact to the year), `DATE_RANGE.from` when even that was accepted, null when DATE_RANGE.to was refused. */
  year: number | null;
  /** The latest year refused, for the report. */
  refused: number | null;
  calls: number;
}

/** Bisect the earliest `date_taken` year setDates accepts between 1000 and 1900. */
export async function measureDateFloor(call: FlickrCall, photoId: string): Promise<DateFloorResult> {
  let calls = 0;
  const accepts = async (year: number): Promise<boolean> => {
    calls++;
    const params = { photo_id: photoId, date_taken: `${String(year).padStart(4, "0")}-06-15 12:00:00`, date_taken_granularity: 0 };
    const r = await refusal(() => call("flickr.photos.setDates", params));
    // 6 "Invalid Date Taken" is the expected refusal; a code that is about the call rather than
    // the year (photo gone, permission, arguments) would make the bisection meaningless.
    if (!r.ok && r.code !== null && NOT_ABOUT_THE_YEAR.has(r.code)) throw new Error(`setDates failed with error ${r.code} while measuring the date floor`);
    return r.ok;
  };
  if (await accepts(DATE_RANGE.from)) return { year: DATE_RANGE.from, refused: null, calls };
  if (!(await accepts(DATE_RANGE.to))) return { year: null, refused: DATE_RANGE.to, calls };
  let lo: number = DATE_RANGE.from; // refused
  let hi: number = DATE_RANGE.to; // accepted
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await accepts(mid)) hi = mid;
    else lo = mid;
  }
  return { year: hi, refused: lo, calls };
}

/** The licences heritage may send with setLicense: the open ones, but not 7 (that comes only as a Commons default). */
export const PROBED_LICENSES: readonly number[] = FLICKR_LICENSES.filter((l) => !l.restrictive && l.id !== NO_KNOWN_COPYRIGHT_RESTRICTIONS).map((l) => l.id);
export const LICENSE_CALLS = PROBED_LICENSES.length;

export interface LicenseResult {
  accepted: number[];
  refused: { id: number; code: number | null }[];
}

export async function measureLicenses(call: FlickrCall, photoId: string): Promise<LicenseResult> {
  const out: LicenseResult = { accepted: [], refused: [] };
  for (const id of PROBED_LICENSES) {
    const r = await refusal(() => call("flickr.photos.licenses.setLicense", { photo_id: photoId, license_id: id }));
    if (r.ok) out.accepted.push(id);
    else out.refused.push({ id, code: r.code });
  }
  return out;
}

/** Waits between searches, ms: about two minutes in all. */
export const SEARCH_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000] as const;
/** One search per wait, one before the first, one without the punctuation. */
export const SEARCH_CALLS = SEARCH_WAITS_MS.length + 2;

export interface SearchResult {
  /** Seconds from the upload's answer until the machine tag found the photo; null = not within the wait. */
  lagSeconds: number | null;
  /** Whether the value must be spelled with its punctuation; null when the photo was never found. */
  punctuationMatters: boolean | null;
  /** Searches until the photo was found (or all of them). */
  attempts: number;
  calls: number;
}

export interface SearchClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * How long until photos.search finds the photo by its machine tag, polling with growing waits;
 * then whether the value without its punctuation finds it too (normalised matching).
 */
export async function measureSearch(call: FlickrCall, photoId: string, tag: { namespace: string; predicate: string; value: string }, uploadedAt: number, clock: SearchClock): Promise<SearchResult> {
  let calls = 0;
  const finds = async (value: string): Promise<boolean> => {
    calls++;
    const list = await flickrReads(call).photoPage("flickr.photos.search", { user_id: "me", machine_tags: `${tag.namespace}:${tag.predicate}="${value}"`, per_page: 10 });
    // "total > 0 with an empty page" has been seen: only the photo in the list counts.
    return list.photos.some((p) => p.id === photoId);
  };
  let lagSeconds: number | null = null;
  let attempts = 0;
  for (let i = 0; i <= SEARCH_WAITS_MS.length; i++) {
    attempts++;
    if (await finds(tag.value)) {
      lagSeconds = Math.max(0, Math.round((clock.now() - uploadedAt) / 100) / 10);
      break;
    }
    if (i < SEARCH_WAITS_MS.length) await clock.sleep(SEARCH_WAITS_MS[i]!);
  }
  if (lagSeconds === null) return { lagSeconds, punctuationMatters: null, attempts, calls };
  const bare = tag.value.replace(/[^\p{L}\p{N}]/gu, "");
  const punctuationMatters = !(await finds(bare));
  return { lagSeconds, punctuationMatters, attempts, calls };
}

/** A description as a catalogue template writes it: a link showing its own (long) URL, and an `&`. */
export const PROBE_DESCRIPTION =
  'heritage doctor probe &amp; test. Catalogue: <a href="https://example.org/heritage/doctor/probe/a-rather-long-catalogue-record-address?id=1&amp;v=2">https://example.org/heritage/doctor/probe/a-rather-long-catalogue-record-address?id=1&amp;v=2</a>';
export const DESCRIPTION_CALLS = 2;

export interface DescriptionResult {
  sent: string;
  returned: string;
  sameMeaning: boolean;
}

export async function measureDescription(call: FlickrCall, photoId: string): Promise<DescriptionResult> {
  await call("flickr.photos.setMeta", { photo_id: photoId, title: "heritage doctor probe (safe to delete)", description: PROBE_DESCRIPTION });
  const info = await flickrReads(call).getInfo(photoId);
  const returned = info.description.replace(/\r\n/g, "\n");
  return { sent: PROBE_DESCRIPTION, returned, sameMeaning: sameDescription(PROBE_DESCRIPTION, returned) };
}

export const TAGS_CALLS = 3;
const ADDED_TAG = "heritagedoctoradded";

/** Does setTags keep a tag that addTags added in an earlier call? */
export async function measureSetTags(call: FlickrCall, photoId: string, keepRaw: readonly string[]): Promise<boolean> {
  await call("flickr.photos.addTags", { photo_id: photoId, tags: ADDED_TAG });
  await call("flickr.photos.setTags", { photo_id: photoId, tags: keepRaw.map((t) => `"${t}"`).join(" ") });
  const info = await flickrReads(call).getInfo(photoId);
  return info.tags.some((t) => t.raw === ADDED_TAG || t.normalized === ADDED_TAG);
}

export const GEO_CALLS = 1;

/** setLocation on the (private) probe photo: null when it worked, else the refusal code. */
export async function measureGeo(call: FlickrCall, photoId: string): Promise<{ set: boolean; code: number | null }> {
  const r = await refusal(() => call("flickr.photos.geo.setLocation", { photo_id: photoId, lat: "59.329300", lon: "18.068600", accuracy: 16 }));
  return r.ok ? { set: true, code: null } : { set: false, code: r.code };
}

/**
 * Finding a photo on Flickr by its identifier machine tag — the heart of exactly-once. After an
 * upload whose answer was lost (timeout, dropped connection, an HTML page, a crash), the photo may
 * or may not be on Flickr. Candidates come from photos.search by machine tag (Flickr matches
 * machine tags on their normalised form, so "A-1" and "A1" look alike there) and, when search
 * finds nothing, from people.getPhotos since the upload intent; getInfo's `raw` tags confirm the
 * exact identifier tag.
 *
 * Flickr's search is eventually consistent: a photo uploaded seconds ago may not be found yet,
 * and a search has been seen answering `total=1` with no photo. So one "not found" is never
 * trusted. `lookUpUpload` polls with backoff and believes "not found" only when the grace period,
 * counted from when the outcome became unknown (the start of the look-up), has passed with every
 * look clear; a look that cannot be trusted (total > 0, no photos) keeps it looking, and if it is
 * still unsure after twice the grace, the item fails as transient with its intent kept, so the
 * next run looks again instead of uploading.
 */
import { flickrReads, type FlickrCall, type FlickrReads, type PhotoPage } from "../flickr/port.js";
import { normalizeTag } from "../flickr/tag-syntax.js";
import { identifierTag, identifierTagQuery } from "../map/identifier-tag.js";
import { ItemFailure } from "./failures.js";


export interface FoundPhoto {
  id: string;
  secret: string | null;
  dateUploaded: number | null;
}

/** One look at Flickr: the confirmed photos, and whether "none" can be believed. */
export interface Look {
  found: FoundPhoto[];
  /** A list said it had matches but served none: this look proves nothing. */
  unsure: boolean;
}

/** Seconds before the intent that people.getPhotos also covers (clock skew between us and Flickr). */
const CLOCK_SLACK_SECONDS = 300;
/** Pages of people.getPhotos read per look (500 photos each). */
const MAX_LIST_PAGES = 20;

/** getInfo of one photo: the photo when its raw tags carry this identifier's tag, else null. */
export async function confirmPhoto(api: FlickrCall, photoId: string, namespace: string, identifier: string): Promise<FoundPhoto | null> {
  return confirmWith(flickrReads(api), photoId, namespace, identifier);
}

async function confirmWith(api: FlickrReads, photoId: string, namespace: string, identifier: string): Promise<FoundPhoto | null> {
  const wanted = identifierTag(namespace, identifier);
  const info = await api.getInfo(photoId);
  if (!info.tags.some((t) => t.raw === wanted)) return null;
  return { id: info.id, secret: info.secret || null, dateUploaded: info.dateUploaded || null };
}

async function confirmAll(api: FlickrReads, ids: Iterable<string>, namespace: string, identifier: string): Promise<FoundPhoto[]> {
  const found: FoundPhoto[] = [];
  for (const id of new Set(ids)) {
    const photo = await confirmWith(api, id, namespace, identifier);
    if (photo) found.push(photo);
  }
  // Oldest first: if Flickr holds two, the first one is the one to keep.
  return found.sort((a, b) => (a.dateUploaded ?? 0) - (b.dateUploaded ?? 0) || Number(a.id) - Number(b.id));
}

/** A list page that claims matches but holds none cannot be believed. */
function emptyButCounted(list: PhotoPage): boolean {
  return list.total > 0 && list.photos.length === 0;
}

/** Photos uploaded since `sinceSeconds` whose (normalised) machine tags include the identifier's tag. */
async function listSince(api: FlickrReads, namespace: string, identifier: string, sinceSeconds: number): Promise<{ ids: string[]; unsure: boolean }> {
  const wanted = normalizeTag(identifierTag(namespace, identifier));
  const ids: string[] = [];
  let unsure = false;
  for (let page = 1; page <= MAX_LIST_PAGES; page++) {
    const list = await api.photoPage("flickr.people.getPhotos", {
      user_id: "me",
      min_upload_date: Math.max(0, sinceSeconds - CLOCK_SLACK_SECONDS),
      extras: "machine_tags",
      per_page: 500,
      page,
    });
    if (emptyButCounted(list) && page === 1) unsure = true;
    for (const p of list.photos) {
      if ((p.machineTags ?? []).includes(wanted)) ids.push(p.id);
    }
    if (page >= list.pages) break;
  }
  return { ids, unsure };
}

/**
 * One look: search by machine tag; when that confirms nothing and the intent's time is known,
 * people.getPhotos since then (it does not depend on the search index).
 */
export async function lookOnce(call: FlickrCall, namespace: string, identifier: string, intentAt: number | null): Promise<Look> {
  const api = flickrReads(call);
  const search = await api.photoPage("flickr.photos.search", {
    user_id: "me",
    machine_tags: identifierTagQuery(namespace, identifier),
    per_page: 100,
    extras: "date_upload",
  });
  let unsure = emptyButCounted(search);
  const found = await confirmAll(api, search.photos.map((c) => c.id), namespace, identifier);
  if (found.length > 0 || intentAt === null) return { found, unsure };
  const listed = await listSince(api, namespace, identifier, intentAt);
  unsure ||= listed.unsure;
  return { found: await confirmAll(api, listed.ids, namespace, identifier), unsure };
}

/** Compatibility: one search-and-confirm, no waiting (used where no upload is in doubt). */
export async function findPhotosByIdentifier(api: FlickrCall, namespace: string, identifier: string): Promise<FoundPhoto[]> {
  return (await lookOnce(api, namespace, identifier, null)).found;
}

export interface LookUpOptions {
  namespace: string;
  identifier: string;
  /** When the upload intent was recorded (Unix seconds), for people.getPhotos; null = unknown. */
  intentAt: number | null;
  /** How long (seconds) "not found" must hold before it is believed. */
  graceSeconds: number;
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each wait (progress, debug log). */
  onWait?: (ms: number, look: Look) => void;
}

/** First wait between looks, and the longest. */
const FIRST_WAIT_MS = 2_000;
const MAX_WAIT_MS = 30_000;
/** Looks made even with no grace at all when a look was unsure. */
const MIN_UNSURE_LOOKS = 4;

/**
 * Look the upload up until it is found, or "not found" has held through the grace period.
 * Returns the confirmed photos (oldest first; more than one means Flickr holds duplicates) or []
 * when it is safe to upload. Throws a transient ItemFailure when Flickr kept giving answers that
 * cannot be believed.
 */
export async function lookUpUpload(api: FlickrCall, options: LookUpOptions): Promise<FoundPhoto[]> {
  const started = options.clock();
  const graceMs = Math.max(0, options.graceSeconds * 1000);
  let wait = Math.min(FIRST_WAIT_MS, Math.max(graceMs / 4, 250));
  for (let looks = 1; ; looks++) {
    const look = await lookOnce(api, options.namespace, options.identifier, options.intentAt);
    if (look.found.length > 0) return look.found;
    const elapsed = options.clock() - started;
    if (!look.unsure && elapsed >= graceMs) return [];
    if (look.unsure && elapsed >= 2 * graceMs && looks >= MIN_UNSURE_LOOKS) {
      throw new ItemFailure(
        "reconcile",
        "LOOKUP_UNSURE",
        `after its upload answer was lost, Flickr's search kept answering "${identifierTag(options.namespace, options.identifier)}" with matches but no photos; heritage uploads nothing until it can tell`,
        true,
        "Nothing was uploaded twice. Run the same command again later: the item is looked up again first.",
      );
    }
    const remaining = graceMs - elapsed;
    const next = look.unsure || remaining <= 0 ? wait : Math.min(wait, remaining);
    options.onWait?.(next, look);
    await options.sleep(next, options.signal);
    wait = Math.min(wait * 2, MAX_WAIT_MS);
  }
}

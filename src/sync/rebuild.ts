/**
 * `heritage state rebuild`: when the state is lost, find the collection on Flickr again by its
 * identifier machine tags and write a state a sync can trust.
 *
 * Finding: photos.search for `<namespace>:id=` (any value), in pages of 500 with the extras
 * that carry the fields. Search stops at 4,000 results per query, so when a query has more,
 * it is split into upload-date windows until each fits. The `machine_tags` extra gives
 * Flickr's normalised form ("T-001" → "t001"), so a normalised tag that two manifest
 * identifiers share is settled by getInfo's `raw` tags.
 *
 * Search lags behind uploads and edits (and has answered `total > 0` with an empty page), so the
 * search is completed with flickr.photos.recentlyUpdated over the last day (new and changed
 * photos, not read from the search index), and a page that comes back empty while the total says
 * it should hold photos is asked again with backoff; if it stays empty, rebuild stops without
 * writing anything rather than call published photos "not found" (a later sync would upload
 * them again).
 *
 * Recording: for each field group, when what Flickr holds matches the manifest, the manifest's
 * value is recorded as pushed (a later sync costs nothing for it); when it differs, Flickr's
 * value is recorded (a later sync pushes the manifest's). Safety level, hidden and content type
 * cannot be read from list extras and are taken to be as the manifest says.
 */
import { FIELD_GROUP_NAMES, type FieldGroup, type FlickrFields } from "../flickr/fields.js";
import { normalizeTag } from "../flickr/tag-syntax.js";
import { groupHash, groupSlice } from "../plan/groups.js";
import type { PlanInput } from "../plan/types.js";
import { recordAlbumMembers } from "../state/album-members.js";
import type { StateStore } from "../state/store.js";
import { compareGroup, VERIFIABLE_GROUPS } from "./compare.js";
import { LIST_EXTRAS, livePhotoFromList, readAlbumMembership, withAlbums, type LivePhoto } from "./live.js";
import { flickrReads, type FlickrCall, type PhotoPage } from "../flickr/port.js";
import { EXIT, UserError } from "../errors.js";
import { identifierTag, identifierTagPrefix } from "../map/identifier-tag.js";

export interface RebuildReport {
  /** Identifiers found exactly once and recorded. */
  adopted: number;
  /** Recorded, with fields that differ from the manifest (a sync will push them). */
  differing: { identifier: string; groups: FieldGroup[] }[];
  /** Identifiers with more than one photo on Flickr: not recorded. */
  duplicates: { identifier: string; photoIds: string[] }[];
  /** Manifest identifiers with no photo on Flickr (a sync uploads them). */
  notFound: string[];
  /** Photos with an identifier tag of this namespace that no manifest row has. */
  unknown: { photoId: string; tag: string }[];
  albums: number;
  /** Search queries made (windows included). */
  searches: number;
}


interface Found {
  live: LivePhoto;
  /** Normalised identifier tags on the photo (`ns:id=…`). */
  idTags: string[];
  uploaded: number;
}

/** How far back recentlyUpdated completes the search (seconds): far beyond any search lag seen. */
const RECENT_SECONDS = 86_400;
/** Times an empty page that should hold photos is asked again, and the first wait (ms). */
const EMPTY_PAGE_RETRIES = 4;
const EMPTY_PAGE_FIRST_WAIT_MS = 500;

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page that the total says holds photos (within what search serves), but holds none. */
function suspiciouslyEmpty(list: PhotoPage, page: number, perPage: number, cap: number): boolean {
  const expected = Math.min(list.total, cap) - (page - 1) * perPage;
  return expected > 0 && list.photos.length === 0;
}

function addFound(photos: Map<string, Found>, prefix: string, list: PhotoPage): void {
  for (const p of list.photos) {
    const machine = (p.machineTags ?? []).filter((t) => t.startsWith(prefix));
    if (machine.length > 0) photos.set(p.id, { live: livePhotoFromList(p), idTags: machine, uploaded: p.dateUpload ?? 0 });
  }
}

/** Photos of the caller uploaded or changed since `since` (not lagged like search), added to `photos`. */
async function addRecentlyUpdated(call: FlickrCall, prefix: string, since: number, photos: Map<string, Found>): Promise<number> {
  let calls = 0;
  for (let page = 1; page <= 200; page++) {
    calls++;
    const list = await flickrReads(call).photoPage("flickr.photos.recentlyUpdated", { min_date: since, extras: `${LIST_EXTRAS},date_upload`, per_page: 500, page });
    addFound(photos, prefix, list);
    if (page >= list.pages) break;
  }
  return calls;
}

/** Every photo carrying an identifier tag of `namespace`, beyond the 4,000-result cap. */
export async function searchByNamespace(call: FlickrCall, namespace: string, options: { cap?: number; now: number; sleep?: Sleep }): Promise<{ photos: Map<string, Found>; searches: number }> {
  const sleep = options.sleep ?? realSleep;
  const cap = options.cap ?? 4000;
  const photos = new Map<string, Found>();
  let searches = 0;
  const prefix = identifierTagPrefix(namespace.toLowerCase());
  const ask = async (min: number, max: number, page: number, perPage: number) => {
    searches++;
    return flickrReads(call).photoPage("flickr.photos.search", {
      user_id: "me",
      machine_tags: identifierTagPrefix(namespace),
      min_upload_date: min,
      max_upload_date: max,
      extras: `${LIST_EXTRAS},date_upload`,
      per_page: perPage,
      page,
      sort: "date-posted-asc",
    });
  };
  // An empty page the total says should hold photos is asked again; one that stays empty stops the rebuild.
  const query = async (min: number, max: number, page: number, perPage: number) => {
    let wait = EMPTY_PAGE_FIRST_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const list = await ask(min, max, page, perPage);
      if (!suspiciouslyEmpty(list, page, perPage, cap)) return list;
      if (attempt >= EMPTY_PAGE_RETRIES) {
        throw new UserError(`Flickr's search said ${list.total} photos carry ${namespace}:id= tags but kept serving page ${page} empty; nothing was written`, {
          code: "SEARCH_INCOMPLETE",
          exitCode: EXIT.USAGE,
          hint: "Flickr's search index is catching up. Run `heritage state rebuild` again in a few minutes.",
        });
      }
      await sleep(wait);
      wait *= 2;
    }
  };
  const windows: [number, number][] = [[0, options.now + 86_400]];
  while (windows.length > 0) {
    const [min, max] = windows.shift()!;
    const first = await query(min, max, 1, 500);
    const total = first.total;
    if (total > cap && max - min > 1) {
      // Too many for one query: split the upload-date window in two.
      const mid = Math.floor((min + max) / 2);
      windows.unshift([min, mid], [mid + 1, max]);
      continue;
    }
    const pages = first.pages;
    for (let page = 1; page <= pages; page++) {
      const list = page === 1 ? first : await query(min, max, page, 500);
      addFound(photos, prefix, list);
    }
  }
  // Photos uploaded or changed lately may not be in the search index yet.
  searches += await addRecentlyUpdated(call, prefix, options.now - RECENT_SECONDS, photos);
  return { photos, searches };
}

/** The photos found for each manifest identifier (more than one: a duplicate), and those no row has. */
async function matchIdentifiers(call: FlickrCall, photos: ReadonlyMap<string, Found>, inputs: readonly PlanInput[], namespace: string) {
  const byNormalized = new Map<string, PlanInput[]>();
  for (const input of inputs) {
    const key = normalizeTag(identifierTag(namespace, input.identifier));
    byNormalized.set(key, [...(byNormalized.get(key) ?? []), input]);
  }
  const candidates = new Map<string, Found[]>();
  const unknown: RebuildReport["unknown"] = [];
  for (const [photoId, found] of photos) {
    for (const tag of found.idTags) {
      const rows = byNormalized.get(tag);
      if (!rows) {
        unknown.push({ photoId, tag });
        continue;
      }
      let identifier = rows[0]!.identifier;
      if (rows.length > 1) {
        // Two identifiers normalise alike: ask Flickr for the raw tag.
        const raw = (await flickrReads(call).getInfo(photoId)).tags.map((t) => t.raw);
        identifier = rows.find((r) => raw.includes(identifierTag(namespace, r.identifier)))?.identifier ?? identifier;
      }
      candidates.set(identifier, [...(candidates.get(identifier) ?? []), found]);
    }
  }
  return { candidates, unknown };
}

interface AlbumFound {
  title: string;
  photosetId: string;
  primary: string;
}

/** The albums the manifest uses that exist on the account (the first of each title), from photosets.getList. */
async function findAlbums(call: FlickrCall, titles: ReadonlySet<string>): Promise<AlbumFound[]> {
  const sets: AlbumFound[] = [];
  for (let page = 1; page <= 100 && titles.size > 0; page++) {
    const list = await flickrReads(call).albumList({ page, per_page: 500 });
    for (const s of list.albums) {
      if (s.title && titles.has(s.title) && !sets.some((x) => x.title === s.title)) sets.push({ title: s.title, photosetId: s.id, primary: s.primary ?? "" });
    }
    if (page >= list.pages) break;
  }
  return sets;
}

/**
 * Record one found photo: per field group, the manifest's value when Flickr holds it (or more
 * tags than it: other people's), else Flickr's. Returns the groups that differ.
 */
function recordAdopted(store: StateStore, input: PlanInput, photo: LivePhoto): FieldGroup[] {
  store.items.ensure({ identifier: input.identifier, row: input.row, file: input.file });
  store.items.adoptPhoto(input.identifier, { photoId: photo.id, secret: null });
  if (input.source) store.items.recordSource(input.identifier, input.source);
  const differing: FieldGroup[] = [];
  for (const group of FIELD_GROUP_NAMES) {
    const wanted = groupSlice(input.fields, group);
    const diff = VERIFIABLE_GROUPS.includes(group) ? compareGroup(group, wanted, photo) : null;
    const inStep = diff === null || (group === "tags" && diff.details.every((d) => d.startsWith("tags added")));
    if (inStep) {
      store.items.recordPushed(input.identifier, group, wanted, groupHash(input.fields, group));
    } else {
      const liveFields = { ...input.fields, ...diff.live } as FlickrFields;
      store.items.recordPushed(input.identifier, group, groupSlice(liveFields, group), groupHash(liveFields, group));
      differing.push(group);
    }
  }
  store.items.setStatus(input.identifier, "published");
  // The albums Flickr lists it in are the state's record of its membership: without it, the
  // next album flush would take it for a photo added by hand and put it after the catalogue's.
  const albums = photo.albums ?? [];
  for (const title of albums) recordAlbumMembers(store, title, [{ photoId: photo.id, identifier: input.identifier }]);
  return differing;
}

/** Rebuild the state from Flickr. `store` must be empty (a new state). */
export async function rebuildState(call: FlickrCall, store: StateStore, inputs: readonly PlanInput[], options: { namespace: string; owner: string; now: number; searchCap?: number; sleep?: Sleep }): Promise<RebuildReport> {
  const { photos, searches } = await searchByNamespace(call, options.namespace, {
    now: options.now,
    ...(options.searchCap ? { cap: options.searchCap } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const { candidates, unknown } = await matchIdentifiers(call, photos, inputs, options.namespace);
  // Albums the manifest uses, and their members.
  const sets = await findAlbums(call, new Set(inputs.flatMap((i) => i.fields.albums)));
  const live = new Map([...photos].map(([id, f]) => [id, f.live]));
  if (sets.length) withAlbums(live, await readAlbumMembership(call, options.owner, sets));

  const report: RebuildReport = { adopted: 0, differing: [], duplicates: [], notFound: [], unknown, albums: sets.length, searches };
  store.transaction(() => {
    for (const s of sets) store.albums.recordCreated(s.title, s.photosetId, s.primary);
    for (const input of inputs) {
      const found = candidates.get(input.identifier) ?? [];
      if (found.length === 0) {
        report.notFound.push(input.identifier);
      } else if (found.length > 1) {
        report.duplicates.push({ identifier: input.identifier, photoIds: found.sort((a, b) => a.uploaded - b.uploaded).map((f) => f.live.id) });
      } else {
        const differing = recordAdopted(store, input, found[0]!.live);
        report.adopted++;
        if (differing.length) report.differing.push({ identifier: input.identifier, groups: differing });
      }
    }
  });
  return report;
}

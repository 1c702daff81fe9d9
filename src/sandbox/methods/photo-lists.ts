/**
 * flickr.photos.search, flickr.people.getPhotos and flickr.photos.recentlyUpdated.
 *
 * photos.search serves at most `searchResultCap` results per query (Flickr's widely reported
 * 4,000): `total` and `pages` still count every match, but pages past the cap come back empty,
 * so a client that needs everything must narrow the query (upload-date windows) or use
 * people.getPhotos, which has no cap. Results are newest first unless `sort` says otherwise.
 *
 * Search is eventually consistent, as Flickr's is seen to be (flickr-api.md §15): with
 * `searchLagSeconds` a new or changed photo stays out of search results for a seeded random
 * 0–N seconds after its last change, and with `searchEmptyPageRate` a search may answer its
 * real `total` with no photos on the page. people.getPhotos and recentlyUpdated are not lagged.
 */
import { ApiError } from "../api/errors.js";
import { extrasOf, me, paging, required, type ApiContext, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import { parseDateBound } from "../dates.js";
import type { PhotoRecord } from "../model.js";
import { photoListItem, photoPage } from "../serialize/photo-list.js";
import { createSeededRandom, type SeededRandom } from "../random.js";
import type { SandboxStore } from "../store.js";
import {
  contentTypesFilter,
  dateFilters,
  licenseFilter,
  machineTagFilter,
  privacyFilter,
  sortPhotos,
  tagFilter,
  textFilter,
  type PhotoPredicate,
} from "../search/photo-filter.js";

/** Parameters that make a search a search: without one, Flickr refuses it (error 3). */
const SEARCH_PARAMS = [
  "user_id", "tags", "text", "machine_tags", "min_upload_date", "max_upload_date", "min_taken_date", "max_taken_date",
  "license", "content_types", "is_commons", "group_id", "place_id", "bbox", "lat", "has_geo", "woe_id",
];

function resolveUser(ctx: ApiContext, userId: string | undefined): string | undefined {
  if (userId !== "me") return userId;
  return me(ctx).nsid;
}

const draws = new WeakMap<SandboxStore, { random: SeededRandom; searches: number }>();

function drawsFor(ctx: ApiContext): { random: SeededRandom; searches: number } {
  let d = draws.get(ctx.store);
  if (!d) draws.set(ctx.store, (d = { random: createSeededRandom(ctx.config.seed), searches: 0 }));
  return d;
}

/** Has the search index caught up with the photo's last change? (Keyed draw: same photo and change, same lag.) */
function searchable(ctx: ApiContext, photo: PhotoRecord): boolean {
  const lag = ctx.config.searchLagSeconds;
  if (lag <= 0) return true;
  const lagMs = drawsFor(ctx).random.unit(`search-lag:${photo.id}:${photo.lastUpdate}`) * lag * 1000;
  return ctx.now >= photo.lastUpdate * 1000 + lagMs;
}

function page(ctx: ApiContext, matches: PhotoRecord[], servedLimit: number, forceExtras: string[] = []): Record<string, unknown> {
  const { page: pageNo, perPage } = paging(ctx);
  const extras = extrasOf(ctx);
  for (const e of forceExtras) extras.add(e);
  const start = (pageNo - 1) * perPage;
  const end = Math.min(start + perPage, servedLimit, matches.length);
  const items = start < end ? matches.slice(start, end).map((p) => photoListItem(p, ctx.store.accounts.get(p.owner), extras)) : [];
  return { photos: photoPage(items, pageNo, perPage, matches.length) };
}

const search: MethodHandler = (ctx) => {
  const p = ctx.params;
  if (!SEARCH_PARAMS.some((name) => p[name] !== undefined && p[name] !== "")) {
    throw new ApiError(3, "Parameterless searches have been disabled. Please use flickr.photos.getRecent instead.");
  }
  const viewer = ctx.caller.account?.nsid ?? null;
  const userId = resolveUser(ctx, p.user_id || undefined);
  const machine = machineTagFilter(p.machine_tags, p.machine_tag_mode, ctx.config.machineTagMatch);
  const filters: PhotoPredicate[] = [(photo) => photo.isPublic === 1 || photo.owner === viewer, ...dateFilters(p)];
  if (userId) filters.push((photo) => photo.owner === userId);
  for (const f of [
    machine?.predicate ?? null,
    tagFilter(p.tags, p.tag_mode),
    textFilter(p.text),
    licenseFilter(p.license),
    contentTypesFilter(p.content_types),
    userId === viewer ? privacyFilter(p.privacy_filter) : null,
  ]) {
    if (f) filters.push(f);
  }
  if (p.is_commons === "1" || p.is_commons === "true") filters.push((photo) => ctx.store.accounts.get(photo.owner)?.commons === true);
  // An exact machine tag (the pipeline's "is this item already on Flickr?" lookup) is an index hit.
  const exact = machine && (machine.all || machine.queries.length === 1) ? machine.queries.find((q) => q.exact !== null) : undefined;
  const candidates = exact ? [...(ctx.store.tagIndex.get(exact.exact!) ?? [])].map((id) => ctx.store.photos.get(id)!) : [...ctx.store.photos.values()];
  const matches = sortPhotos(
    candidates.filter((photo) => filters.every((f) => f(photo)) && searchable(ctx, photo)),
    p.sort,
  );
  const d = drawsFor(ctx);
  const n = ++d.searches;
  // The index knows how many match but serves an empty page (seen as `total=1` and no photo).
  if (matches.length > 0 && ctx.config.searchEmptyPageRate > 0 && d.random.unit(`search-empty:${n}`) < ctx.config.searchEmptyPageRate) {
    return page(ctx, matches, 0);
  }
  return page(ctx, matches, ctx.config.searchResultCap);
};

const getPhotos: MethodHandler = (ctx) => {
  const userId = resolveUser(ctx, required(ctx, "user_id", 1, "User not found"))!;
  if (!ctx.store.accounts.has(userId)) throw new ApiError(1, "User not found");
  const viewer = ctx.caller.account?.nsid ?? null;
  const filters: PhotoPredicate[] = [(photo) => photo.owner === userId, (photo) => photo.isPublic === 1 || photo.owner === viewer, ...dateFilters(ctx.params)];
  const privacy = userId === viewer ? privacyFilter(ctx.params.privacy_filter) : null;
  if (privacy) filters.push(privacy);
  const content = contentTypesFilter(ctx.params.content_types);
  if (content) filters.push(content);
  const matches = sortPhotos(
    [...ctx.store.photos.values()].filter((photo) => filters.every((f) => f(photo))),
    "date-posted-desc",
  );
  return page(ctx, matches, Infinity);
};

const recentlyUpdated: MethodHandler = (ctx) => {
  const account = me(ctx);
  const minDate = parseDateBound(required(ctx, "min_date", 1, "Required argument missing"));
  if (minDate === null) throw new ApiError(2, "Not a valid date");
  const matches = sortPhotos(
    [...ctx.store.photos.values()].filter((photo) => photo.owner === account.nsid && photo.lastUpdate >= minDate),
    "lastupdate",
  );
  return page(ctx, matches, Infinity, ["last_update"]);
};

export const photoListMethods: Record<string, MethodSpec> = {
  "flickr.photos.search": { perm: "none", handler: search },
  "flickr.people.getPhotos": { perm: "none", handler: getPhotos },
  "flickr.photos.recentlyUpdated": { perm: "read", handler: recentlyUpdated },
};

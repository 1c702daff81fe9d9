/**
 * Albums: flickr.photosets.create, addPhoto, removePhoto, editMeta, editPhotos, delete, getList,
 * getPhotos, with the documented error codes (flickr-api.md §4). A new album goes first in the
 * user's order; addPhoto appends; an album whose last photo is removed disappears, as on Flickr.
 * editMeta without `description` keeps the old one (unconfirmed; the non-destructive choice).
 */
import { ApiError } from "../api/errors.js";
import { extrasOf, me, nowSeconds, paging, required, type ApiContext, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import type { PhotoRecord, PhotosetRecord } from "../model.js";
import { applyExtras } from "../serialize/photo-list.js";

function ownedSet(ctx: ApiContext): PhotosetRecord {
  const set = ctx.store.photosets.get(required(ctx, "photoset_id", 1, "Photoset not found"));
  if (!set || set.owner !== ctx.caller.account?.nsid) throw new ApiError(1, "Photoset not found");
  return set;
}

function ownPhoto(ctx: ApiContext, id: string | undefined, code: number, message = "Photo not found"): PhotoRecord {
  const photo = id === undefined ? undefined : ctx.store.photos.get(id);
  if (!photo || photo.owner !== ctx.caller.account?.nsid) throw new ApiError(code, message);
  return photo;
}

const create: MethodHandler = (ctx) => {
  const account = me(ctx);
  const title = required(ctx, "title", 1, "No title specified");
  const primary = ownPhoto(ctx, ctx.params.primary_photo_id, 2);
  const now = nowSeconds(ctx);
  const set: PhotosetRecord = {
    id: ctx.store.newPhotosetId(),
    owner: account.nsid,
    title,
    description: ctx.params.description ?? "",
    primary: primary.id,
    photos: [primary.id],
    created: now,
    updated: now,
  };
  ctx.store.photosets.set(set.id, set);
  ctx.store.markDirty("photoset", set.id);
  ctx.store.touchPhoto(primary, now);
  return { photoset: { id: set.id, url: `https://www.flickr.com/photos/${account.pathAlias ?? account.nsid}/sets/${set.id}/` } };
};

const addPhoto: MethodHandler = (ctx) => {
  const set = ownedSet(ctx);
  const photo = ownPhoto(ctx, ctx.params.photo_id, 2);
  if (set.photos.includes(photo.id)) throw new ApiError(3, "Photo already in set");
  if (set.photos.length >= ctx.config.maxPhotosPerSet) throw new ApiError(10, "Maximum number of photos in set");
  set.photos.push(photo.id);
  set.updated = nowSeconds(ctx);
  ctx.store.markDirty("photoset", set.id);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const removePhoto: MethodHandler = (ctx) => {
  const set = ownedSet(ctx);
  const photo = ownPhoto(ctx, ctx.params.photo_id, 2);
  if (!set.photos.includes(photo.id)) throw new ApiError(3, "Photo not in set");
  ctx.store.removeFromSet(set, photo.id, nowSeconds(ctx));
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const editMeta: MethodHandler = (ctx) => {
  const set = ownedSet(ctx);
  set.title = required(ctx, "title", 2, "No title specified");
  if (ctx.params.description !== undefined) set.description = ctx.params.description;
  set.updated = nowSeconds(ctx);
  ctx.store.markDirty("photoset", set.id);
  return {};
};

const editPhotos: MethodHandler = (ctx) => {
  const set = ownedSet(ctx);
  const primary = ownPhoto(ctx, ctx.params.primary_photo_id, 3, "Primary photo not found");
  const ids = (ctx.params.photo_ids ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new ApiError(5, "Empty photos list");
  for (const id of ids) ownPhoto(ctx, id, 2);
  if (!ids.includes(primary.id)) throw new ApiError(4, "Primary photo not in list");
  set.photos = [...new Set(ids)];
  set.primary = primary.id;
  set.updated = nowSeconds(ctx);
  ctx.store.markDirty("photoset", set.id);
  return {};
};

const deleteSet: MethodHandler = (ctx) => {
  const set = ownedSet(ctx);
  ctx.store.photosets.delete(set.id);
  ctx.store.markDirty("photoset", set.id);
  return {};
};

function setJson(ctx: ApiContext, set: PhotosetRecord): Record<string, unknown> {
  const primary = ctx.store.photos.get(set.primary);
  return {
    id: set.id,
    owner: set.owner,
    primary: set.primary,
    secret: primary?.secret ?? "",
    server: primary?.server ?? "0",
    farm: primary?.farm ?? 0,
    photos: set.photos.length,
    videos: 0,
    count_views: "0",
    count_comments: "0",
    can_comment: 0,
    date_create: String(set.created),
    date_update: String(set.updated),
    title: { _content: set.title },
    description: { _content: set.description },
  };
}

const getList: MethodHandler = (ctx) => {
  const userId = ctx.params.user_id || ctx.caller.account?.nsid;
  if (!userId || !ctx.store.accounts.has(userId)) throw new ApiError(1, "User not found");
  const sets = ctx.store.setsOf(userId);
  // Without per_page/page Flickr returns every album on one page.
  const paged = ctx.params.per_page !== undefined || ctx.params.page !== undefined;
  const { page, perPage } = paged ? paging(ctx, 500, 500) : { page: 1, perPage: Math.max(sets.length, 1) };
  const slice = sets.slice((page - 1) * perPage, page * perPage);
  return {
    photosets: {
      page,
      pages: Math.ceil(sets.length / perPage),
      perpage: perPage,
      total: sets.length,
      cancreate: 1,
      photoset: slice.map((s) => setJson(ctx, s)),
    },
  };
};

const getPhotos: MethodHandler = (ctx) => {
  const set = ctx.store.photosets.get(required(ctx, "photoset_id", 1, "Photoset not found"));
  if (!set) throw new ApiError(1, "Photoset not found");
  if (ctx.params.user_id && ctx.params.user_id !== set.owner) {
    throw ctx.store.accounts.has(ctx.params.user_id) ? new ApiError(1, "Photoset not found") : new ApiError(2, "User not found");
  }
  const viewer = ctx.caller.account?.nsid ?? null;
  const visible = set.photos.map((id) => ctx.store.photos.get(id)!).filter((p) => p && (p.isPublic === 1 || p.owner === viewer));
  const { page, perPage } = paging(ctx, 500, 500);
  const extras = extrasOf(ctx);
  const owner = ctx.store.accounts.get(set.owner);
  const photo = visible.slice((page - 1) * perPage, page * perPage).map((p) => {
    const item: Record<string, unknown> = {
      id: p.id,
      secret: p.secret,
      server: p.server,
      farm: p.farm,
      title: p.title,
      isprimary: p.id === set.primary ? "1" : "0",
      ispublic: p.isPublic,
      isfriend: p.isFriend,
      isfamily: p.isFamily,
    };
    applyExtras(p, owner, extras, item);
    return item;
  });
  return {
    photoset: {
      id: set.id,
      primary: set.primary,
      owner: set.owner,
      ownername: owner?.username ?? "",
      photo,
      page,
      per_page: perPage,
      perpage: perPage,
      pages: Math.ceil(visible.length / perPage),
      title: set.title,
      total: visible.length,
    },
  };
};

export const photosetMethods: Record<string, MethodSpec> = {
  "flickr.photosets.create": { perm: "write", handler: create },
  "flickr.photosets.addPhoto": { perm: "write", handler: addPhoto },
  "flickr.photosets.removePhoto": { perm: "write", handler: removePhoto },
  "flickr.photosets.editMeta": { perm: "write", handler: editMeta },
  "flickr.photosets.editPhotos": { perm: "write", handler: editPhotos },
  "flickr.photosets.delete": { perm: "write", handler: deleteSet },
  "flickr.photosets.getList": { perm: "none", handler: getList },
  "flickr.photosets.getPhotos": { perm: "none", handler: getPhotos },
};

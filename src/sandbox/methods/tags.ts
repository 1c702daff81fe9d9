/**
 * flickr.photos.setTags, addTags and removeTag. The `tags` parameter is read with Flickr's syntax
 * (readTagsParam: spaces separate, double quotes group). addTags is all or nothing at the cap.
 * Other users may add tags to a public photo (how "tags added by someone else" arise); only the
 * owner sets the list; a tag can be removed by the photo's owner or by the tag's author.
 * Error codes beyond addTags' documented 2 are unconfirmed: 1 photo not found, 2 too many tags,
 * 3 tag not found / not yours (removeTag).
 */
import { readTagsParam } from "../tag-param.js";
import { ApiError, photoNotFound } from "../api/errors.js";
import { me, nowSeconds, ownedPhoto, required, visiblePhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import { addTags as addTagsTo, removeTag as removeTagFrom, setOwnerTags } from "../tags.js";

const setTags: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  // Present but empty clears the owner's tags.
  if (ctx.params.tags === undefined) throw new ApiError(2, "Required parameter tags missing");
  setOwnerTags(ctx.store, photo, readTagsParam(ctx.params.tags), me(ctx), ctx.config.maxTagsPerPhoto, ctx.config.setTagsRemovesOthers);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const addTags: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  const tags = readTagsParam(required(ctx, "tags", 2, "Required parameter tags missing"));
  addTagsTo(ctx.store, photo, tags, me(ctx), ctx.config.maxTagsPerPhoto);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const removeTag: MethodHandler = (ctx) => {
  const tagId = required(ctx, "tag_id", 1, "Tag not found");
  // A tag id is <owner id>-<photo id>-<global tag id>: the photo is in the middle.
  const photo = ctx.store.photos.get(tagId.split("-")[1] ?? "");
  const caller = me(ctx);
  if (!photo || (photo.isPublic === 0 && photo.owner !== caller.nsid)) throw photoNotFound();
  const tag = photo.tags.find((t) => t.id === tagId);
  if (!tag || (photo.owner !== caller.nsid && tag.author !== caller.nsid)) throw new ApiError(3, "Tag not found");
  removeTagFrom(ctx.store, photo, tagId);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

export const tagMethods: Record<string, MethodSpec> = {
  "flickr.photos.setTags": { perm: "write", handler: setTags },
  "flickr.photos.addTags": { perm: "write", handler: addTags },
  "flickr.photos.removeTag": { perm: "write", handler: removeTag },
};

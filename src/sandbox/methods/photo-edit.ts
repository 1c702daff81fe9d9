/**
 * The owner's edits of one photo: setMeta, setDates, setPerms, setSafetyLevel, setContentType,
 * and photos.delete. Each needs the photo to be the caller's ("Photo not found" otherwise, as
 * Flickr words it) and moves `lastupdate` on.
 */
import { ApiError } from "../api/errors.js";
import { nowSeconds, optional, optionalInt, ownedPhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import { parseTakenDate } from "../dates.js";
import { reportedSafetyLevel } from "../serialize/photo-info.js";
import { asFlickrReturnsIt } from "../serialize/flickr-description.js";

const setMeta: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  // An explicitly empty value clears the field, so test for presence rather than emptiness.
  const { title, description } = ctx.params;
  if (title === undefined && description === undefined) throw new ApiError(2, "At least one of title or description must be set");
  if (title !== undefined) photo.title = title;
  if (description !== undefined) photo.description = ctx.config.flickrDescriptions ? asFlickrReturnsIt(description) : description;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const FLICKR_GRANULARITIES = new Set([0, 4, 6, 8]);

const setDates: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const takenText = optional(ctx, "date_taken");
  const postedText = optional(ctx, "date_posted");
  const granularityText = optional(ctx, "date_taken_granularity");
  if (takenText === undefined && postedText === undefined && granularityText === undefined) throw new ApiError(2, "Not enough arguments");
  let granularity: number | undefined;
  if (granularityText !== undefined) {
    granularity = Number(granularityText);
    const accepted = ctx.config.acceptAnyGranularity ? Number.isInteger(granularity) && granularity >= 0 && granularity <= 10 : FLICKR_GRANULARITIES.has(granularity);
    if (!accepted) throw new ApiError(3, "Invalid granularity");
  }
  let posted: number | undefined;
  if (postedText !== undefined) {
    posted = Number(postedText);
    if (!/^\d+$/.test(postedText) || posted > nowSeconds(ctx)) throw new ApiError(4, "Invalid date_posted");
  }
  let taken: string | undefined;
  if (takenText !== undefined) {
    const parsed = parseTakenDate(takenText);
    if (!parsed) throw new ApiError(5, "Invalid Date Taken Format");
    // A day of slack for time zones: taken dates are local time, the clock is UTC.
    if (parsed.ms > ctx.now + 86_400_000 || parsed.year < ctx.config.earliestTakenYear) throw new ApiError(6, "Invalid Date Taken");
    taken = parsed.text;
  }
  // Validate everything before changing anything: a failed call leaves the photo as it was.
  if (posted !== undefined) photo.posted = posted;
  if (taken !== undefined) {
    photo.taken = taken;
    photo.takenUnknown = 0;
  }
  if (granularity !== undefined) photo.takenGranularity = granularity;
  // 2013 responses read circa dates back as YYYY-00-01 (later ones as YYYY-01-01).
  if (ctx.config.circaZeroMonth && photo.takenGranularity === 8) photo.taken = `${photo.taken.slice(0, 4)}-00-01 00:00:00`;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const bit = (value: string | undefined): 0 | 1 | undefined => (value === "0" ? 0 : value === "1" ? 1 : undefined);

const setPerms: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const isPublic = bit(ctx.params.is_public);
  const isFriend = bit(ctx.params.is_friend);
  const isFamily = bit(ctx.params.is_family);
  if (isPublic === undefined || isFriend === undefined || isFamily === undefined) throw new ApiError(2, "Required arguments missing");
  const permComment = optionalInt(ctx, "perm_comment", 2);
  const permAddMeta = optionalInt(ctx, "perm_addmeta", 2);
  for (const p of [permComment, permAddMeta]) if (p !== undefined && (p < 0 || p > 3)) throw new ApiError(2, "Required arguments missing");
  Object.assign(photo, { isPublic, isFriend: isPublic ? 0 : isFriend, isFamily: isPublic ? 0 : isFamily });
  if (permComment !== undefined) photo.permComment = permComment;
  if (permAddMeta !== undefined) photo.permAddMeta = permAddMeta;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return { photoid: { _content: photo.id, secret: photo.secret, originalsecret: photo.originalsecret } };
};

const setSafetyLevel: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const levelText = optional(ctx, "safety_level");
  const hiddenText = optional(ctx, "hidden");
  if (levelText === undefined && hiddenText === undefined) throw new ApiError(2, "Invalid or missing arguments");
  const level = levelText === undefined ? undefined : Number(levelText);
  if (level !== undefined && level !== 1 && level !== 2 && level !== 3) throw new ApiError(2, "Invalid or missing arguments");
  if (hiddenText !== undefined && hiddenText !== "0" && hiddenText !== "1") throw new ApiError(2, "Invalid or missing arguments");
  const owner = ctx.store.accounts.get(photo.owner);
  if (level !== undefined && level > 1 && !owner?.pro) throw new ApiError(4, "Safety level not allowed");
  if (level !== undefined) photo.safetyLevel = level;
  // setSafetyLevel's hidden is 0/1; upload's is 1 (shown) / 2 (hidden).
  if (hiddenText !== undefined) photo.hidden = hiddenText === "1" ? 2 : 1;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  // Reported as getInfo reports it: 0-based.
  return { photo: { id: photo.id, safety_level: String(reportedSafetyLevel(photo)), hidden: photo.hidden === 2 ? "1" : "0" } };
};

const setContentType: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const type = Number(optional(ctx, "content_type") ?? NaN);
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) throw new ApiError(2, "Required arguments missing");
  photo.contentType = type;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return { photo: { id: photo.id, content_type: String(type) } };
};

const deletePhoto: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  ctx.store.deletePhoto(photo.id, nowSeconds(ctx));
  return {};
};

export const photoEditMethods: Record<string, MethodSpec> = {
  "flickr.photos.setMeta": { perm: "write", handler: setMeta },
  "flickr.photos.setDates": { perm: "write", handler: setDates },
  "flickr.photos.setPerms": { perm: "write", handler: setPerms },
  "flickr.photos.setSafetyLevel": { perm: "write", handler: setSafetyLevel },
  "flickr.photos.setContentType": { perm: "write", handler: setContentType },
  "flickr.photos.delete": { perm: "delete", handler: deletePhoto },
};

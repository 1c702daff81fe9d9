/**
 * flickr.photos.geo.setLocation and removeLocation. setLocation fails until the account has set
 * a default geo privacy (flickr-api.md §10); the code for that, 7, is unconfirmed. Coordinates
 * with more than 6 decimals are truncated, as Flickr documents.
 */
import { ApiError } from "../api/errors.js";
import { nowSeconds, ownedPhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";

const truncate6 = (n: number) => Math.trunc(n * 1e6) / 1e6;
const DECIMAL = /^-?\d+(\.\d+)?$/;

const setLocation: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const { lat, lon, accuracy, context } = ctx.params;
  if (lat === undefined || lon === undefined || lat === "" || lon === "") throw new ApiError(2, "Required arguments missing");
  const latitude = Number(lat);
  const longitude = Number(lon);
  if (!DECIMAL.test(lat.trim()) || latitude < -90 || latitude > 90) throw new ApiError(3, "Not a valid latitude");
  if (!DECIMAL.test(lon.trim()) || longitude < -180 || longitude > 180) throw new ApiError(4, "Not a valid longitude");
  const acc = accuracy === undefined || accuracy === "" ? 16 : Number(accuracy);
  if (!Number.isInteger(acc) || acc < 1 || acc > 16) throw new ApiError(5, "Not a valid accuracy");
  const ctxValue = context === undefined || context === "" ? 0 : Number(context);
  if (![0, 1, 2].includes(ctxValue)) throw new ApiError(2, "Required arguments missing");
  if (!ctx.store.accounts.get(photo.owner)?.geoPrivacyDefault) {
    throw new ApiError(ctx.config.geoPrivacyCode, "User has not configured default viewing settings for location data. Please do so at: https://www.flickr.com/account/geo/privacy/");
  }
  photo.geo = { latitude: truncate6(latitude), longitude: truncate6(longitude), accuracy: acc, context: ctxValue };
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const removeLocation: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  // Removing a location that is not there succeeds (unconfirmed; the harmless choice).
  photo.geo = null;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

export const geoMethods: Record<string, MethodSpec> = {
  "flickr.photos.geo.setLocation": { perm: "write", handler: setLocation },
  "flickr.photos.geo.removeLocation": { perm: "write", handler: removeLocation },
};

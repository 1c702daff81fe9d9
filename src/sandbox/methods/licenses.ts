/**
 * flickr.photos.licenses.getInfo (the live table, in Flickr's order) and setLicense, which
 * refuses 7 — "No known copyright restrictions" comes only from a Commons account's default
 * (flickr-api.md §7); the refusal code is configurable (`nkcrSetLicenseCode`).
 */
import { FLICKR_LICENSE_ORDER, licenseById, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../../flickr/licenses.js";
import { ApiError } from "../api/errors.js";
import { nowSeconds, ownedPhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";

const getInfo: MethodHandler = () => ({
  licenses: {
    license: FLICKR_LICENSE_ORDER.map((id) => {
      const l = licenseById(id)!;
      return { id: String(l.id), name: l.name, url: l.url };
    }),
  },
});

const setLicense: MethodHandler = (ctx) => {
  const photo = ownedPhoto(ctx);
  const text = ctx.params.license_id ?? "";
  const id = Number(text);
  if (!/^\d+$/.test(text) || !licenseById(id)) throw new ApiError(2, "License not found");
  if (id === NO_KNOWN_COPYRIGHT_RESTRICTIONS) {
    const code = ctx.config.nkcrSetLicenseCode;
    const commons = ctx.store.accounts.get(photo.owner)?.commons === true;
    if (code !== null || !commons) throw new ApiError(code ?? 4, code === 2 ? "License not found" : "License not available");
  }
  const owner = ctx.store.accounts.get(photo.owner);
  // Unconfirmed whether a Commons account may license photos one by one; the locked switch says no.
  if (ctx.config.commonsLicenseLocked && owner?.commons && id !== owner.defaultLicense && id !== NO_KNOWN_COPYRIGHT_RESTRICTIONS) {
    throw new ApiError(4, "License not available");
  }
  photo.license = id;
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

export const licenseMethods: Record<string, MethodSpec> = {
  "flickr.photos.licenses.getInfo": { perm: "none", handler: getInfo },
  "flickr.photos.licenses.setLicense": { perm: "write", handler: setLicense },
};

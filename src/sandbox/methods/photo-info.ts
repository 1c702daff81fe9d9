/** flickr.photos.getInfo. */
import { visiblePhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import { photoInfoJson } from "../serialize/photo-info.js";

const getInfo: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  return { photo: photoInfoJson(photo, ctx.store.accounts.get(photo.owner), ctx.caller.account?.nsid ?? null) };
};

export const photoInfoMethods: Record<string, MethodSpec> = {
  "flickr.photos.getInfo": { perm: "none", handler: getInfo },
};

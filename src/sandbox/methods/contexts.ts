/**
 * flickr.photos.getAllContexts: the albums (`set`) and group pools (`pool`) a photo is in, in the
 * shape of a real response (RAÄ 4700136932, 2013: set entries with string counts). The sandbox
 * has no groups, so `pool` is always empty; Flickr leaves out a key with nothing in it, and so
 * does this.
 */
import { visiblePhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";

const getAllContexts: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  const sets = [...ctx.store.photosets.values()].filter((s) => s.photos.includes(photo.id));
  if (sets.length === 0) return {};
  return {
    set: sets.map((s) => {
      const primary = ctx.store.photos.get(s.primary);
      return {
        id: s.id,
        title: s.title,
        primary: s.primary,
        secret: primary?.secret ?? "",
        server: primary?.server ?? "",
        farm: primary?.farm ?? 0,
        view_count: "0",
        comment_count: "0",
        count_photo: String(s.photos.length),
        count_video: 0,
      };
    }),
  };
};

export const contextMethods: Record<string, MethodSpec> = {
  "flickr.photos.getAllContexts": { perm: "none", handler: getAllContexts },
};

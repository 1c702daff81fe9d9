/**
 * The REST methods the sandbox speaks, each with the OAuth permission it needs (flickr-api.md §4,
 * "Perm"). Methods needing write or delete must come by POST, as flickr-sdk sends them and as
 * Flickr's docs require. Anything not in this table is error 112.
 */
import type { MethodSpec } from "./context.js";
import { testMethods } from "../methods/test.js";
import { photoInfoMethods } from "../methods/photo-info.js";
import { photoListMethods } from "../methods/photo-lists.js";
import { photoEditMethods } from "../methods/photo-edit.js";
import { tagMethods } from "../methods/tags.js";
import { licenseMethods } from "../methods/licenses.js";
import { geoMethods } from "../methods/geo.js";
import { photosetMethods } from "../methods/photosets.js";
import { commentMethods } from "../methods/comments.js";
import { commonsMethods } from "../methods/commons.js";
import { noteMethods } from "../methods/notes.js";
import { contextMethods } from "../methods/contexts.js";

export type { MethodSpec };

export const METHODS: Readonly<Record<string, MethodSpec>> = {
  ...testMethods,
  ...photoInfoMethods,
  ...photoListMethods,
  ...photoEditMethods,
  ...tagMethods,
  ...licenseMethods,
  ...geoMethods,
  ...photosetMethods,
  ...commentMethods,
  ...commonsMethods,
  ...noteMethods,
  ...contextMethods,
};

/** The method's spec; only the table's own entries (not `constructor`, `toString`… of every object). */
export const methodSpec = (name: string): MethodSpec | undefined => (Object.hasOwn(METHODS, name) ? METHODS[name] : undefined);

/** Writes go by POST (flickr-sdk's POST_REGEXP picks exactly the methods that need write/delete). */
export const requiresPost = (spec: MethodSpec): boolean => spec.perm === "write" || spec.perm === "delete";

/**
 * The executor's Flickr port over the project client (flickr-sdk + HeritageTransport), and the
 * classifier that turns the client's FlickrApiError into what the executor needs to decide.
 */
import { openAsBlob } from "node:fs";
import { FlickrApiError, classifyFlickrError } from "../flickr/errors.js";
import { asciiFileName, type FlickrClient } from "../flickr/client.js";
import type { Classify, FlickrPort } from "./ports.js";

/** An ASCII file name for Flickr made from the identifier (the copy's own name is a cache hash). */
export function uploadFileName(identifier: string): string {
  return `${asciiFileName(identifier)}.jpg`;
}

export function flickrPortFor(client: FlickrClient): FlickrPort {
  return {
    call: (method, params) => client.flickr(method, params),
    upload: async (file, params, identifier) => {
      const blob = identifier ? new File([await openAsBlob(file)], uploadFileName(identifier), { type: "image/jpeg" }) : file;
      const r = await client.upload(blob, { ...params });
      return { id: String(r.id), secret: r.secret ?? null };
    },
    replace: async (photoId, file, identifier) => {
      const blob = identifier ? new File([await openAsBlob(file)], uploadFileName(identifier), { type: "image/jpeg" }) : file;
      const r = await client.replace(photoId, blob);
      return { id: String(r.id), secret: r.secret ?? null };
    },
  };
}

export const classifyForExecutor: Classify = (error, method) => {
  const e = error instanceof FlickrApiError ? error : classifyFlickrError(error, method);
  return { kind: e.kind, code: e.code, httpStatus: e.httpStatus, message: e.message, duplicatePhotoId: e.duplicatePhotoId, retryAfterSeconds: e.retryAfterSeconds };
};

/**
 * The executor's Flickr port over the project client (flickr-sdk + HeritageTransport), and the
 * classifier that turns the client's FlickrApiError into what the executor needs to decide.
 */
import { openAsBlob } from "node:fs";
import { FlickrApiError, classifyFlickrError } from "../flickr/errors.js";
import { asciiFileName, type FlickrClient, type UploadResult } from "../flickr/client.js";
import { decodeUploadAnswer } from "../flickr/decode/upload.js";
import { FlickrResponseError, type UploadAnswer } from "../flickr/port.js";
import type { Classify, FlickrPort } from "./ports.js";

/** An ASCII file name for Flickr made from the identifier (the copy's own name is a cache hash). */
export function uploadFileName(identifier: string): string {
  return `${asciiFileName(identifier)}.jpg`;
}

/**
 * flickr-sdk reads `rsp.photoid._content` without looking: an `ok` answer without `<photoid>`
 * throws a TypeError inside the SDK, which would pass for a permanent failure (and the upload
 * intent be dropped). It is a malformed answer to a call that may have created the photo.
 */
async function answerOf(method: "upload" | "replace", send: () => Promise<UploadResult>): Promise<UploadAnswer> {
  let result: UploadResult;
  try {
    result = await send();
  } catch (err) {
    if (err instanceof FlickrApiError && err.kind === "permanent" && err.code === null && err.httpStatus === null && err.cause instanceof TypeError) {
      throw new FlickrResponseError(method, "photoid", "is missing");
    }
    throw err;
  }
  return decodeUploadAnswer(method, result);
}

export function flickrPortFor(client: FlickrClient): FlickrPort {
  const named = async (file: string, identifier: string | undefined) =>
    identifier ? new File([await openAsBlob(file)], uploadFileName(identifier), { type: "image/jpeg" }) : file;
  return {
    call: (method, params) => client.flickr<unknown>(method, params),
    upload: async (file, params, identifier) => {
      const blob = await named(file, identifier);
      return answerOf("upload", () => client.upload(blob, { ...params }));
    },
    replace: async (photoId, file, identifier) => {
      const blob = await named(file, identifier);
      return answerOf("replace", () => client.replace(photoId, blob));
    },
  };
}

/**
 * A malformed answer is an unknown outcome that retrying the same call will not cure: an upload
 * is looked up by its machine tag, anything else fails the item as transient (tried next run).
 */
export const classifyForExecutor: Classify = (error, method) => {
  if (error instanceof FlickrResponseError) return { kind: "unknown-outcome", code: null, httpStatus: null, message: error.message };
  const e = error instanceof FlickrApiError ? error : classifyFlickrError(error, method);
  return { kind: e.kind, code: e.code, httpStatus: e.httpStatus, message: e.message, duplicatePhotoId: e.duplicatePhotoId, retryAfterSeconds: e.retryAfterSeconds };
};

/**
 * The one table of the Flickr methods heritage calls: whether a call reads or writes, whether
 * sending it twice is harmless, and which error codes mean "already as wanted". The run log,
 * the retry policy, the error classification and the planner all ask this table; a method not
 * in it is judged by flickr-sdk's own list of POST methods (a write, not idempotent unless it
 * is a setter), so a new method is handled pessimistically until it is added here.
 */
import { POST_REGEXP } from "flickr-sdk";

export interface MethodTraits {
  access: "read" | "write";
  /** Repeating the call leaves Flickr as one call would (reads, setters, replace). */
  idempotent: boolean;
  /**
   * Error codes that mean the call's purpose is already met (delete: the photo is gone;
   * addPhoto: already in the album). Keyed by method: Flickr's codes are per method.
   */
  alreadyDone?: readonly number[];
}

const READ: MethodTraits = { access: "read", idempotent: true };
const SET: MethodTraits = { access: "write", idempotent: true };

export const FLICKR_METHODS: Readonly<Record<string, MethodTraits>> = {
  "flickr.test.login": READ,
  "flickr.auth.oauth.checkToken": READ,
  "flickr.photos.getInfo": READ,
  "flickr.photos.search": READ,
  "flickr.photos.recentlyUpdated": READ,
  "flickr.photos.licenses.getInfo": READ,
  "flickr.photos.comments.getList": READ,
  "flickr.people.getPhotos": READ,
  "flickr.people.getUploadStatus": READ,
  "flickr.photosets.getList": READ,
  "flickr.photosets.getPhotos": READ,
  "flickr.commons.getInstitutions": READ,
  "flickr.photos.upload.checkTickets": READ,

  upload: { access: "write", idempotent: false },
  replace: SET,
  "flickr.photos.setMeta": SET,
  "flickr.photos.setTags": SET,
  "flickr.photos.addTags": SET,
  // Removing a tag that is gone already is what was wanted (code unconfirmed: any "not found").
  "flickr.photos.removeTag": SET,
  "flickr.photos.setDates": SET,
  "flickr.photos.setPerms": SET,
  "flickr.photos.setSafetyLevel": SET,
  "flickr.photos.setContentType": SET,
  "flickr.photos.licenses.setLicense": SET,
  "flickr.photos.geo.setLocation": SET,
  // Code 2 "no location" (unconfirmed for removeLocation; geo.setPerms uses it): none was wanted.
  "flickr.photos.geo.removeLocation": { ...SET, alreadyDone: [2] },
  // Code 1: the photo is gone (deleted on flickr.com, or our own attempt whose answer was lost).
  "flickr.photos.delete": { ...SET, alreadyDone: [1] },
  "flickr.photos.comments.addComment": { access: "write", idempotent: false },
  "flickr.photos.comments.deleteComment": SET,
  "flickr.photosets.create": { access: "write", idempotent: false },
  // Code 3: already in the set.
  "flickr.photosets.addPhoto": { ...SET, alreadyDone: [3] },
  // Code 1 set gone, 3 not in the set (probable): the photo is out of it either way.
  "flickr.photosets.removePhoto": { ...SET, alreadyDone: [1, 3] },
  "flickr.photosets.editMeta": SET,
  "flickr.photosets.editPhotos": SET,
  "flickr.photosets.delete": SET,
};

const CREATES_SOMETHING = /\.(create|add(Comment|Photo|Testimonial)?|postPhoto|join|suggestLocation)$/;

export function methodTraits(method: string): MethodTraits {
  const known = FLICKR_METHODS[method];
  if (known) return known;
  if (!POST_REGEXP.test(method)) return READ;
  return { access: "write", idempotent: !CREATES_SOMETHING.test(method) };
}

/** Calls that change something on Flickr. */
export function isWriteMethod(method: string): boolean {
  return methodTraits(method).access === "write";
}

/** Repeating the call leaves Flickr as one call would (reads, setters, replace). */
export function isIdempotent(method: string): boolean {
  return methodTraits(method).idempotent;
}

/** Does this error code mean the call's purpose was already met? */
export function isAlreadyDone(method: string, code: number | null): boolean {
  return code !== null && (methodTraits(method).alreadyDone ?? []).includes(code);
}

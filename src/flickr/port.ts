/**
 * The one seam between heritage and Flickr's REST answers. Everything that talks to Flickr
 * (the executor's retried calls, the connection's checks and reads, `heritage doctor`) hands
 * over a `FlickrCall` — a method and its parameters in, Flickr's JSON out, typed `unknown`
 * because nothing about it is known until it is decoded. `flickrReads` puts the decoders
 * (./decode/) in front of it: every answer heritage reads is checked at this edge, and a
 * missing or malformed field is a FlickrResponseError (FLICKR_RESPONSE_MALFORMED) naming the
 * method and the field. Writes keep the `unknown` answer: nothing in it is read.
 */
import { decodeCheckToken, decodeInstitutions, decodeLogin, type Login, type TokenInfo } from "./decode/account.js";
import { decodePhotoInfo, type PhotoInfo } from "./decode/photo-info.js";
import { decodePhotoPage, type PhotoListMethod, type PhotoPage } from "./decode/photo-page.js";
import { decodePhotosetList, type AlbumPage } from "./decode/photosets.js";
import type { UploadAnswer } from "./decode/upload.js";

export type { InfoTag, PhotoInfo } from "./decode/photo-info.js";
export type { ListedPhoto, PhotoListMethod, PhotoPage } from "./decode/photo-page.js";
export { isPhotoListMethod } from "./decode/photo-page.js";
export type { Login, TokenInfo, TokenPerms } from "./decode/account.js";
export type { AlbumPage, ListedAlbum } from "./decode/photosets.js";
export type { UploadAnswer } from "./decode/upload.js";
export { FlickrResponseError, FLICKR_RESPONSE_MALFORMED } from "./decode/fields.js";

export type FlickrCallParams = Readonly<Record<string, string | number>>;

/** A REST call: Flickr's JSON answer, not yet read (decode it through `flickrReads`). */
export type FlickrCall = (method: string, params: FlickrCallParams) => Promise<unknown>;

/** The REST answers heritage reads, decoded. */
export interface FlickrReads {
  getInfo(photoId: string): Promise<PhotoInfo>;
  /** One page of a photo list (search, people.getPhotos, recentlyUpdated, photosets.getPhotos). */
  photoPage(method: PhotoListMethod, params: FlickrCallParams): Promise<PhotoPage>;
  albumList(params: FlickrCallParams): Promise<AlbumPage>;
  login(): Promise<Login>;
  checkToken(): Promise<TokenInfo>;
  commonsInstitutions(): Promise<string[]>;
}

export function flickrReads(call: FlickrCall): FlickrReads {
  return {
    getInfo: async (photoId) => decodePhotoInfo(await call("flickr.photos.getInfo", { photo_id: photoId })),
    photoPage: async (method, params) => decodePhotoPage(method, await call(method, params)),
    albumList: async (params) => decodePhotosetList(await call("flickr.photosets.getList", params)),
    login: async () => decodeLogin(await call("flickr.test.login", {})),
    checkToken: async () => decodeCheckToken(await call("flickr.auth.oauth.checkToken", {})),
    commonsInstitutions: async () => decodeInstitutions(await call("flickr.commons.getInstitutions", {})),
  };
}


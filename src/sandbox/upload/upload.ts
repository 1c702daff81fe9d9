/**
 * Upload and replace (flickr-api.md §3). The file is checked as Flickr checks it — present (2),
 * not empty (4), within the size limit (8), a JPEG/PNG/GIF/TIFF by its bytes (5) — then the
 * account's limits: free accounts hold at most `freeAccountPhotoLimit` items (6) and Safe content
 * only (15); replace needs Pro (1). The photo gets the account's default licence (7 for Commons
 * members, 0 otherwise) and the date taken in its EXIF, or without one taken = upload time and
 * `takenunknown` 1.
 *
 * `dedup_check=1|2`: when a photo of the account has the same file bytes, error 9 naming it
 * (`duplicate_photo_id`, as an element beside `<err>` or an attribute of it, or not at all), or
 * the parameter is ignored — `config.dedupCheck`, since whether the API honours it is unconfirmed.
 *
 * Documented choices where Flickr's behaviour is unconfirmed: more than `maxTagsPerPhoto` tags on
 * upload are cut to the first ones (no error); an upload without `title` gets an empty title;
 * `async` is ignored (flickr-sdk 7.1 cannot read a ticket anyway); replace of a photo that is not
 * the caller's is error 7 "Photo not found".
 */
import { createHash } from "node:crypto";
import { readTagsParam } from "../tag-param.js";
import { ApiError, UPLOAD_ERRORS } from "../api/errors.js";
import { me, nowSeconds, type ApiContext } from "../api/context.js";
import { formatMysqlDate } from "../dates.js";
import type { FileRecord, PhotoRecord } from "../model.js";
import { addTags, newTags } from "../tags.js";
import { sniffImage } from "./sniff.js";
import { asFlickrReturnsIt } from "../serialize/flickr-description.js";

export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  /** The date taken embedded in the file (EXIF), read before the (synchronous) handler runs. */
  exifTaken?: string | null;
}

const uploadError = (code: keyof typeof UPLOAD_ERRORS) => new ApiError(code, UPLOAD_ERRORS[code]);

/** Upload error 9, naming the photo that has the same bytes (how it is named: `config.dedupCheck`). */
export class DuplicatePhotoError extends ApiError {
  constructor(
    readonly photoId: string,
    readonly style: "element" | "attribute" | "bare",
  ) {
    super(9, UPLOAD_ERRORS[9]);
  }
}

function checkDuplicate(ctx: ApiContext, owner: string, sha256: string): void {
  const asked = ctx.params.dedup_check === "1" || ctx.params.dedup_check === "2";
  if (!asked || ctx.config.dedupCheck === "ignored") return;
  for (const photo of ctx.store.photos.values()) {
    if (photo.owner === owner && photo.file?.sha256 === sha256) throw new DuplicatePhotoError(photo.id, ctx.config.dedupCheck);
  }
}

/** Check the bytes and describe them, or throw the upload error Flickr would give. */
function checkFile(ctx: ApiContext, file: UploadedFile | null): FileRecord {
  if (!file) throw uploadError(2);
  if (file.bytes.length === 0) throw uploadError(4);
  if (file.bytes.length > ctx.config.maxUploadBytes) throw uploadError(8);
  const image = sniffImage(file.bytes);
  if (!image) throw uploadError(5);
  return {
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    bytes: file.bytes.length,
    width: image.width,
    height: image.height,
    format: image.format,
    filename: file.filename,
  };
}

/** `0`/`1`, with anything else (absent, `9`) meaning the account default. */
const flag = (value: string | undefined, fallback: 0 | 1): 0 | 1 => (value === "1" ? 1 : value === "0" ? 0 : fallback);

function oneOf<T extends number>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  const n = Number(value);
  return (allowed as readonly number[]).includes(n) ? (n as T) : fallback;
}

/** Store a new photo; returns its id. */
export function uploadPhoto(ctx: ApiContext, file: UploadedFile | null): PhotoRecord {
  const account = me(ctx);
  const fileRecord = checkFile(ctx, file);
  checkDuplicate(ctx, account.nsid, fileRecord.sha256);
  const p = ctx.params;
  // "Left out or invalid → account default" (Safe) for safety_level.
  const safetyLevel = oneOf(p.safety_level, [1, 2, 3] as const, 1);
  // upload documents content_type 1–3 only; 4 exists for setContentType.
  if (ctx.config.uploadRefusesContentType4 && p.content_type === "4") throw new ApiError(3, "General upload failure: content_type 4 is not accepted by upload");
  if (!account.pro) {
    if (ctx.store.countPhotos(account.nsid) >= ctx.config.freeAccountPhotoLimit) throw uploadError(6);
    if (safetyLevel > 1) throw uploadError(15);
  }
  const now = nowSeconds(ctx);
  const id = ctx.store.newPhotoId();
  const isPublic = flag(p.is_public, 1);
  const photo: PhotoRecord = {
    id,
    owner: account.nsid,
    secret: ctx.store.newSecret(id, 0, "secret"),
    originalsecret: ctx.store.newSecret(id, 0, "originalsecret"),
    server: "65535",
    farm: 66,
    title: p.title ?? "",
    description: ctx.config.flickrDescriptions ? asFlickrReturnsIt(p.description ?? "") : (p.description ?? ""),
    isPublic,
    isFriend: isPublic ? 0 : flag(p.is_friend, 0),
    isFamily: isPublic ? 0 : flag(p.is_family, 0),
    safetyLevel,
    contentType: oneOf(p.content_type, [1, 2, 3, 4] as const, 1),
    hidden: oneOf(p.hidden, [1, 2] as const, 1),
    license: account.defaultLicense,
    posted: now,
    taken: (ctx.config.exifDateTaken ? file?.exifTaken : null) ?? formatMysqlDate(now),
    takenGranularity: 0,
    takenUnknown: ctx.config.exifDateTaken && file?.exifTaken ? 0 : 1,
    lastUpdate: now,
    permComment: 3,
    permAddMeta: 2,
    geo: null,
    tags: [],
    comments: [],
    views: 0,
    file: fileRecord,
    replaced: 0,
  };
  const tags = newTags(photo, readTagsParam(p.tags ?? "")).slice(0, ctx.config.maxTagsPerPhoto);
  addTags(ctx.store, photo, tags, account, ctx.config.maxTagsPerPhoto);
  ctx.store.addPhoto(photo);
  return photo;
}

/** Replace a photo's file: same id, new secrets, new hash/size/dimensions. */
export function replacePhoto(ctx: ApiContext, file: UploadedFile | null): PhotoRecord {
  const account = me(ctx);
  if (!file) throw uploadError(2);
  if (!account.pro) throw new ApiError(1, "Not a pro account");
  const photo = ctx.store.photos.get(ctx.params.photo_id ?? "");
  if (!photo || photo.owner !== account.nsid) throw new ApiError(7, "Photo not found");
  photo.file = checkFile(ctx, file);
  photo.replaced += 1;
  photo.secret = ctx.store.newSecret(photo.id, photo.replaced, "secret");
  photo.originalsecret = ctx.store.newSecret(photo.id, photo.replaced, "originalsecret");
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return photo;
}

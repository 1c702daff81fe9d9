/**
 * The harvest's plan, pure: which photos need reading after the listing, and what a harvest
 * costs. One people.getPhotos page (500 photos, with last_update and the counts) covers 500
 * photos. A photo is read (getInfo: tags with authors, notes) only when it is new to the harvest,
 * its last_update moved (tags, notes and comments bump it) or its comment count changed; its
 * comments are read (comments.getList) only when the comment count changed. A fave or a view
 * adds no contribution, so it costs nothing beyond the listing (the counts are still recorded).
 *
 * last_update counts whole seconds: a tag or note added in the same second as the listing that
 * recorded a photo's last_update, after it, leaves last_update where it was, and the photo would
 * never be read for it. So a photo whose last_update was within SETTLE_SECONDS of the listing
 * harvest's start (or after it) is read once more by the next harvest, which then records a
 * last_update far enough in the past. This machine's clock is compared with Flickr's: a clock
 * up to SETTLE_SECONDS ahead of Flickr's is still safe; one behind it only costs more reads.
 */
import type { Baseline } from "../state/community.js";
import { PAGE_SIZE, type ListedPhoto } from "./read.js";

export interface PhotoWork {
  photo: ListedPhoto;
  identifier: string;
  info: boolean;
  comments: boolean;
}

/** How close to a harvest a photo's last_update must be for the next harvest to read it again. */
export const SETTLE_SECONDS = 15 * 60;

/** The photo changed so close to the listing that something added in the same second may not show in last_update. */
export function unsettled(baseline: Baseline): boolean {
  return baseline.listedFrom != null && baseline.lastUpdate >= baseline.listedFrom - SETTLE_SECONDS;
}

export function planPhoto(photo: ListedPhoto, identifier: string, baseline: Baseline | undefined, full: boolean): PhotoWork {
  const known = photo.comments !== null;
  if (!baseline) return { photo, identifier, info: true, comments: known && photo.comments! > 0 };
  const commentsChanged = known && photo.comments !== baseline.comments;
  const info = full || commentsChanged || photo.lastUpdate !== baseline.lastUpdate || unsettled(baseline);
  return { photo, identifier, info, comments: commentsChanged || (full && known && photo.comments! > 0) };
}

/**
 * Without a comment count in the listing, getInfo's count decides (a new comment moves
 * last_update, so the photo was read): the comment list is read when that count moved.
 */
export function commentsAfterInfo(work: PhotoWork, infoCount: number | null, baseline: Baseline | undefined): { read: boolean; count: number } {
  if (work.photo.comments !== null) return { read: work.comments, count: work.photo.comments };
  const count = infoCount ?? baseline?.comments ?? 0;
  return { read: infoCount !== null && count !== (baseline?.comments ?? 0), count };
}

export interface HarvestCost {
  calls: number;
  byMethod: Record<string, number>;
  /** Seconds at the quota (calls spread evenly over the hour, as the budget paces them). */
  seconds: number;
}

/** What a harvest of `photos` costs when `read` of them need getInfo and `commented` a comment list. */
export function harvestCost(photos: number, read: number, commented: number, perHour: number, overhead: Record<string, number> = {}): HarvestCost {
  const byMethod: Record<string, number> = { ...overhead, "flickr.people.getPhotos": Math.max(1, Math.ceil(photos / PAGE_SIZE)) };
  if (read > 0) byMethod["flickr.photos.getInfo"] = read;
  if (commented > 0) byMethod["flickr.photos.comments.getList"] = commented;
  const calls = Object.values(byMethod).reduce((a, b) => a + b, 0);
  return { calls, byMethod, seconds: Math.ceil((calls * 3600) / perHour) };
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `${h} h ${m} min`;
}

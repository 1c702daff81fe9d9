/**
 * The date taken written into an upload copy as EXIF DateTimeOriginal (issue 12), so that Flickr
 * sets date taken from the file and no setDates call is needed. Only a date exact to the day
 * (granularity 0) can travel this way: Flickr reads EXIF as exact, and a year or a circa date
 * needs setDates' granularity. Whether Flickr reads it on an account is measured by
 * `heritage doctor --probe` (calibration `exifSetsDateTaken`); the planner decides (plan/exif-date.ts).
 */
import { asciiEntry, type WriteEntry } from "./tiff-write.js";

/** EXIF tag DateTimeOriginal (in the Exif IFD). */
export const DATE_TIME_ORIGINAL = 0x9003;

const MYSQL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** "1923-05-17 00:00:00" → "1923:05:17 00:00:00" (EXIF's form); null for anything else. */
export function exifDateTime(dateTaken: string): string | null {
  const m = MYSQL.exec(dateTaken);
  return m ? `${m[1]}:${m[2]}:${m[3]} ${m[4]}:${m[5]}:${m[6]}` : null;
}

/** The DateTimeOriginal entry for an EXIF date ("YYYY:MM:DD HH:MM:SS"). */
export function dateTimeOriginalEntry(exifDate: string): WriteEntry {
  return asciiEntry(DATE_TIME_ORIGINAL, exifDate);
}

/**
 * Whether a date can travel in the upload copy's EXIF instead of a setDates call (issue 12): only
 * a date exact to the day (granularity 0; Flickr reads EXIF as exact, a year or circa needs
 * setDates' granularity), and only when `heritage doctor --probe` measured that Flickr sets date
 * taken from EXIF DateTimeOriginal on this account. The copy writes it (image/exif-date.ts).
 */
const MYSQL_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The date the copy carries for Flickr to read, or null. */
export function embeddableDate(fields: { date_taken: string | null; date_taken_granularity: number | null }, exifSetsDateTaken: boolean): string | null {
  if (!exifSetsDateTaken || !fields.date_taken || (fields.date_taken_granularity ?? 0) !== 0) return null;
  return MYSQL_DATE_TIME.test(fields.date_taken) ? fields.date_taken : null;
}

/**
 * Flickr's date formats (flickr-api.md §9): taken dates are MySQL datetimes in the photo's local
 * time, possibly truncated (`2004-04` → `2004-04-01 00:00:00`); posted dates and search bounds
 * are Unix seconds, and search bounds may also be MySQL datetimes. Pure functions.
 */

const TAKEN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[ T](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?$/;

export interface TakenDate {
  /** Padded to `YYYY-MM-DD HH:MM:SS`. */
  text: string;
  year: number;
  /** Unix ms of the date read as UTC (for the "future" check). */
  ms: number;
}

/** Parse a `date_taken` value; null when it is not a (valid, calendar-correct) MySQL datetime. */
export function parseTakenDate(value: string): TakenDate | null {
  const m = TAKEN.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2] ?? "01", m[3] ?? "01", m[4] ?? "00", m[5] ?? "00", m[6] ?? "00"].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 2020-02-30 over to March: a rolled-over date was not a real one.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return { text: `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`, year, ms };
}

/** Unix seconds → `YYYY-MM-DD HH:MM:SS` (UTC; the sandbox's "local time" is UTC). */
export function formatMysqlDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * A search bound (`min_upload_date` …): Unix seconds, or a MySQL datetime read as UTC.
 * Returns Unix seconds, or null when unreadable.
 */
export function parseDateBound(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const taken = parseTakenDate(v);
  return taken ? Math.floor(taken.ms / 1000) : null;
}

/** Compare two MySQL datetimes (they sort as text because they are zero-padded). */
export function compareMysqlDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

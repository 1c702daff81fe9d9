/**
 * Catalogue date → Flickr `date_taken` + `date_taken_granularity`.
 *
 * Flickr can show four things (flickr-api.md §9): an exact date-time (granularity 0), a month
 * (4), a year (6) and "circa" a year (8). Decisions:
 * - an exact day is granularity 0 at 00:00:00 (Flickr has no day granularity), or with the time
 *   when one is written;
 * - a month is 4, a year is 6, a season is its year (6, lossy: the season is not shown);
 * - approximate or uncertain (`ca 1920`, `1920~`, `[1915?]`, `troligen 1666`) is circa (8) of
 *   that year, and not lossy: circa is exactly what it says;
 * - a decade, century, part of one, range or alternative is circa (8) of its *start* year
 *   ("1920-talet" → circa 1920; "1890-1900" → circa 1890), lossy. RAÄ put the middle of the
 *   span on Flickr ("1880s" → 1885); a start never claims a year the catalogue did not write;
 * - a span that is exactly one day, month or year is that day, month or year, without loss
 *   (K-samsök's "1949-07-01 - 1949-07-31" is July 1949);
 * - every lossy mapping is a `DATE_LOSSY` warning saying what was done; an open range
 *   ("före 1880") is published without a date, with the same warning;
 * - unreadable → `DATE_UNPARSEABLE` warning and no date; a date after `now` → `DATE_FUTURE`, before
 *   `earliestYear` (or before year 1) → `DATE_OUT_OF_RANGE`, both without a date. A date is
 *   never invented;
 * - empty and the words for "unknown" (okänd, unknown, odaterad, n.d., u.å.…) → no date, no issue.
 * The original expression is kept as `display`, for the description ("Date: 1880s").
 */
import { warning, type Issue } from "../issues.js";
import type { DateGranularity } from "../flickr/fields.js";
import { readDateExpression, tidyDateText } from "./date-read.js";
import type { DateSpan } from "./date-span.js";

/** The result of `parseDate`. */
export interface DateResult {
  /** `YYYY-MM-DD HH:MM:SS`, as flickr.photos.setDates takes it, or null (published without a date). */
  date_taken: string | null;
  granularity: DateGranularity | null;
  /** The original expression, trimmed; null when empty. */
  display: string | null;
  issues: Issue[];
}

/** Options of `parseDate`. */
export interface ParseDateOptions {
  /** The present: later dates are refused. Passed in, never read from the clock. */
  now: Date;
  /** Dates before this year are refused (settings.date.earliest_year). */
  earliestYear: number;
}

/** Ways of writing "the date is unknown" (compared lower-case, without brackets, dots and spaces). */
export const UNKNOWN_DATE_WORDS: readonly string[] = [
  "okänd", "okänt", "okänd datering", "odaterad", "odaterat", "ej daterad", "utan år", "uå", "u.å.", "s.d.", "sd",
  "unknown", "undated", "not dated", "date unknown", "n.d.", "nd", "no date", "?", "-", "--",
];

const UNKNOWN_KEYS = new Set(UNKNOWN_DATE_WORDS.map(unknownKey));

function unknownKey(text: string): string {
  return tidyDateText(text).replace(/[\s.[\]()]/g, "");
}

/** The hint of DATE_UNPARSEABLE: what heritage reads. */
export const ACCEPTED_DATE_FORMS =
  'Accepted: 1923-05-17, 1923-05, 1923, 17 maj 1923, May 17, 1923, 17.5.1923, ca 1920, [1915?], 1920-talet, 1920s, ' +
  '1890-1900, 1893-94, vår 1932, spring 1932, slutet av 1640-talet, and EDTF (1920~, 192X, 1890/1900). ' +
  'Leave the cell empty, or write "okänd"/"unknown", when the date is not known.';

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

function flickrValue(span: DateSpan): { date_taken: string; granularity: DateGranularity } {
  const { y, m, d } = span.start;
  if (span.approximate) return { date_taken: `${pad(y, 4)}-01-01 00:00:00`, granularity: 8 };
  if (span.precision === "year") return { date_taken: `${pad(y, 4)}-01-01 00:00:00`, granularity: 6 };
  if (span.precision === "month") return { date_taken: `${pad(y, 4)}-${pad(m)}-01 00:00:00`, granularity: 4 };
  return { date_taken: `${pad(y, 4)}-${pad(m)}-${pad(d)} ${span.time ?? "00:00:00"}`, granularity: 0 };
}

function startMillis(span: DateSpan): number {
  const date = new Date(0);
  date.setUTCFullYear(span.start.y, span.start.m - 1, span.start.d);
  const [h, mi, s] = (span.time ?? "00:00:00").split(":").map(Number) as [number, number, number];
  date.setUTCHours(h, mi, s);
  return date.getTime();
}

const none = (display: string | null, issues: Issue[] = []): DateResult => ({ date_taken: null, granularity: null, display, issues });

/**
 * Read a catalogue date expression and decide what Flickr gets. Pure: `now` is passed in.
 * Issues carry `field: "date"` and the expression as `value`; they are all warnings, because a
 * photo without a date is still publishable.
 */
export function parseDate(expression: string | undefined, options: ParseDateOptions): DateResult {
  const display = expression?.trim() || null;
  if (display === null || UNKNOWN_KEYS.has(unknownKey(display))) return none(display);
  const field = "date";
  const reading = readDateExpression(display);

  if (reading === null || reading.kind === "invalid") {
    return none(display, [
      warning("DATE_UNPARSEABLE", {
        field,
        value: display,
        message: `"${display}" could not be read as a date${reading ? ` (${reading.reason})` : ""}; the photo is published without a date`,
        hint: ACCEPTED_DATE_FORMS,
      }),
    ]);
  }
  if (reading.kind === "unknown") return none(display);
  if (reading.kind === "open") {
    return none(display, [
      warning("DATE_LOSSY", {
        field,
        value: display,
        message: `${display} (${reading.what}) is published without a date`,
        hint: "Flickr shows a day, a month, a year or circa a year; write the year it is nearest to as 'ca <year>' if you know it.",
      }),
    ]);
  }

  const span = reading.span;
  // Flickr's MySQL datetime has no year 0 or BCE, whatever the setting says.
  if (span.start.y < Math.max(options.earliestYear, 1)) {
    return none(display, [
      warning("DATE_OUT_OF_RANGE", {
        field,
        value: display,
        message: `${display} is before ${options.earliestYear}; the photo is published without a date`,
        hint: `The date floor is ${options.earliestYear} (settings.date.earliest_year, else what \`heritage doctor --probe\` measured on the account, else 1800). Flickr's earliest accepted date is unconfirmed: \`heritage doctor --probe\` would settle it.`,
      }),
    ]);
  }
  if (startMillis(span) > options.now.getTime()) {
    return none(display, [
      warning("DATE_FUTURE", {
        field,
        value: display,
        message: `${display} lies after today (${options.now.toISOString().slice(0, 10)}); the photo is published without a date`,
        hint: "Check the year for a typing error (e.g. 2923 for 1923).",
      }),
    ]);
  }

  const value = flickrValue(span);
  const issues: Issue[] = [];
  if (span.loss) {
    issues.push(
      warning("DATE_LOSSY", {
        field,
        value: display,
        message: `${display} (${span.loss}) is published as ${formatFlickrDate(value.date_taken, value.granularity)}`,
        hint: `Flickr shows a day, a month, a year or circa a year; the date as written stays in the description.`,
      }),
    );
  }
  return { date_taken: value.date_taken, granularity: value.granularity, display, issues };
}

const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * The English text Flickr shows for a taken date: "circa 1920", "1923", "May 1923",
 * "May 17, 1923". Null without a date.
 */
export function formatFlickrDate(date_taken: string | null, granularity: DateGranularity | null): string | null {
  if (date_taken === null || granularity === null) return null;
  const m = /^(-?\d+)-(\d{2})-(\d{2})/.exec(date_taken);
  if (!m) return null;
  const year = String(Number(m[1]));
  const month = MONTHS_EN[Number(m[2]) - 1] ?? "";
  switch (granularity) {
    case 8:
      return `circa ${year}`;
    case 6:
      return year;
    case 4:
      return `${month} ${year}`;
    case 0:
      return `${month} ${Number(m[3])}, ${year}`;
  }
}

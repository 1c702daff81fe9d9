/**
 * Catalogue date → Flickr `date_taken` + `date_taken_granularity`.
 *
 * Flickr can show four things (flickr-api.md §9): an exact date-time (granularity 0), a month
 * (4), a year (6) and "circa" a year (8). The grammar of date-read.ts reads the expression into
 * a span of days; this module decides what Flickr gets:
 * - an exact day is granularity 0 at 00:00:00 (Flickr has no day granularity), or with the time
 *   when one is written;
 * - a month is 4, a year is 6, a season is its year (6, lossy: the season is not shown);
 * - approximate or uncertain (`ca 1920`, `1920~`, `[1915?]`, `troligen 1666`) is circa (8) of
 *   that year, and not lossy: circa is exactly what it says;
 * - a span of years — a range, decade, century or part of one — is circa (8) of its **midpoint**
 *   by default, as RAÄ published "1940-1959" (circa 1950) and "1880s" (circa 1885), or of its
 *   start with `date.ranges: start`; lossy. The midpoint is rounded half up;
 * - alternatives and lists ("1557 eller 1558", "1927, 1931") are circa the earliest written
 *   year, never a midpoint (which would be a year nobody wrote); lossy;
 * - a span wider than `date.max_span` years (default 100) is published without a date;
 * - a span that is exactly one day, month or year is that day, month or year, without loss
 *   (K-samsök's "1949-07-01 - 1949-07-31" is July 1949);
 * - every loss is a `DATE_LOSSY` warning saying what was done; an open range ("före 1880",
 *   "1815-") is published without a date, with the same warning; birth and death years
 *   ("*1890", "1809* - 1870+") are a life, not a photo date: `DATE_LIFE`, without a date;
 * - unreadable → `DATE_UNPARSEABLE`; read, but before the floor Flickr accepts
 *   (`earliestYear`: `date.earliest_year` or the measured floor; never before year 1) →
 *   `DATE_OUT_OF_RANGE` ("not accepted by Flickr"); after `now` → `DATE_FUTURE`. All without
 *   a date; a date is never invented;
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

/** How a span of years becomes one circa year (settings.date.ranges). */
export type RangePolicy = "midpoint" | "start";

/** Options of `parseDate`. */
export interface ParseDateOptions {
  /** The present: later dates are refused. Passed in, never read from the clock. */
  now: Date;
  /** The floor: dates before this year are not accepted by Flickr (settings.date.earliest_year or the measured floor). */
  earliestYear: number;
  /** A span of years is circa its midpoint (default) or its start. */
  ranges?: RangePolicy;
  /** Spans wider than this many years are published without a date (default 100). */
  maxSpan?: number;
}

export const DEFAULT_RANGE_POLICY: RangePolicy = "midpoint";
export const DEFAULT_MAX_SPAN = 100;

/** Ways of writing "the date is unknown" (compared lower-case, without brackets, dots and spaces). */
export const UNKNOWN_DATE_WORDS: readonly string[] = [
  "okänd", "okänt", "okänd datering", "odaterad", "odaterat", "ej daterad", "utan år", "uå", "u.å.", "s.d.", "sd",
  "unknown", "undated", "not dated", "date unknown", "n.d.", "nd", "no date", "?", "-", "--",
  "okänt år", "okänd tid", "saknas", "uppgift saknas", "ingen uppgift", "unbekannt", "undatiert", "o.j.", "oj", "ohne jahr",
  "ukjent", "ukjent dato", "ukendt", "udatert", "udateret", "tuntematon", "ei tiedossa",
];

const UNKNOWN_KEYS = new Set(UNKNOWN_DATE_WORDS.map(unknownKey));

function unknownKey(text: string): string {
  return tidyDateText(text).replace(/[\s.[\]()]/g, "");
}

/** The hint of DATE_UNPARSEABLE: what heritage reads. */
export const ACCEPTED_DATE_FORMS =
  'Accepted: 1923-05-17, 1923-05, 1923, 17 maj 1923, May 17, 1923, 17.5.1923, ca 1920, 1920 ca, [1915?], 1920-talet, 1920s, ' +
  '19th century, 18. Jh., slutet av 1640-talet, andra hälften av 1700-talet, 1890-1900, 1893-94, vår 1932, spring 1932, ' +
  'före 1854, 1815-, 1927, 1931, and EDTF (1920~, 192X, 1890/1900). ' +
  'Leave the cell empty, or write "okänd"/"unknown", when the date is not known.';

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** A span of several years published as one circa year: which year, and in words how it was chosen. */
function circaYear(span: DateSpan, policy: RangePolicy): { year: number; how: string } | null {
  if (span.end.y === span.start.y || !span.approximate) return null;
  if (span.choice) return { year: span.start.y, how: "the earliest date written" };
  if (policy === "start") return { year: span.start.y, how: "its start" };
  return { year: Math.floor((span.start.y + span.end.y + 1) / 2), how: "its midpoint" };
}

function flickrValue(span: DateSpan, policy: RangePolicy): { date_taken: string; granularity: DateGranularity } {
  const { y, m, d } = span.start;
  const circa = circaYear(span, policy);
  if (span.approximate) return { date_taken: `${pad(circa?.year ?? y, 4)}-01-01 00:00:00`, granularity: 8 };
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
const KEPT = "the date as written stays in the description.";

/**
 * Read a catalogue date expression and decide what Flickr gets. Pure: `now` is passed in.
 * Issues carry `field: "date"` and the expression as `value`; they are all warnings, because a
 * photo without a date is still publishable.
 */
export function parseDate(expression: string | undefined, options: ParseDateOptions): DateResult {
  const display = expression?.trim() || null;
  if (display === null || UNKNOWN_KEYS.has(unknownKey(display))) return none(display);
  const field = "date";
  const value = display;
  const reading = readDateExpression(display);

  if (reading === null || reading.kind === "invalid") {
    return none(display, [
      warning("DATE_UNPARSEABLE", {
        field,
        value,
        message: `"${display}" could not be read as a date${reading ? ` (${reading.reason})` : ""}; the photo is published without a date`,
        hint: ACCEPTED_DATE_FORMS,
      }),
    ]);
  }
  if (reading.kind === "unknown") return none(display);
  if (reading.kind === "open") {
    const hint = "Flickr shows a day, a month, a year or circa a year; write the year it is nearest to as 'ca <year>' if you know it.";
    return none(display, [warning("DATE_LOSSY", { field, value, message: `${display} (${reading.what}) is published without a date`, hint })]);
  }
  if (reading.kind === "life") {
    return none(display, [
      warning("DATE_LIFE", {
        field,
        value,
        message: `${display} is ${reading.what}, not when the photo was made; the photo is published without a date`,
        hint: `Birth (*) and death (+, †) years belong with the person; put the photo's own date in the date column. ${KEPT}`,
      }),
    ]);
  }
  return publish(reading.span, display, options);
}

function publish(span: DateSpan, display: string, options: ParseDateOptions): DateResult {
  const field = "date";
  const value = display;
  const policy = options.ranges ?? DEFAULT_RANGE_POLICY;
  const maxSpan = options.maxSpan ?? DEFAULT_MAX_SPAN;
  // "1800-1900" spans 100 years, as a cataloguer counts: the difference of the years.
  const years = span.end.y - span.start.y;
  if (span.approximate && years > maxSpan) {
    return none(display, [
      warning("DATE_LOSSY", {
        field,
        value,
        message: `${display} (${span.loss ?? "a span"}, ${years} years) is published without a date: wider than date.max_span (${maxSpan} years)`,
        hint: `Raise settings.date.max_span to publish such spans as circa a year; ${KEPT}`,
      }),
    ]);
  }
  const flickr = flickrValue(span, policy);
  const shown = formatFlickrDate(flickr.date_taken, flickr.granularity);
  const publishedYear = Number(flickr.date_taken.slice(0, 4));
  // Flickr's MySQL datetime has no year 0 or BCE, whatever the setting says.
  const floor = Math.max(options.earliestYear, 1);
  if (span.start.y < 1 || publishedYear < floor) {
    return none(display, [
      warning("DATE_OUT_OF_RANGE", {
        field,
        value,
        message: `${display} is read as ${span.start.y < 1 ? "a year before 1 CE" : shown}, but not accepted by Flickr (nothing before ${floor}); the photo is published without a date`,
        hint: `The floor is ${options.earliestYear}: settings.date.earliest_year, else the year 'heritage doctor --probe' measured on the account, else 1800 (Flickr's earliest accepted date is unconfirmed); ${KEPT}`,
      }),
    ]);
  }
  if (startMillis(span) > options.now.getTime()) {
    return none(display, [
      warning("DATE_FUTURE", {
        field,
        value,
        message: `${display} lies after today (${options.now.toISOString().slice(0, 10)}); the photo is published without a date`,
        hint: "Check the year for a typing error (e.g. 2923 for 1923).",
      }),
    ]);
  }
  const issues: Issue[] = [];
  if (span.loss) {
    const circa = circaYear(span, policy);
    issues.push(
      warning("DATE_LOSSY", {
        field,
        value,
        message: `${display} (${span.loss}) is published as ${shown}${circa ? `, ${circa.how}` : ""}`,
        hint: `Flickr shows a day, a month, a year or circa a year; ${KEPT}`,
      }),
    );
  }
  return { date_taken: flickr.date_taken, granularity: flickr.granularity, display, issues };
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

/**
 * The intermediate form of a date expression: the span of days it covers, how precisely its
 * start is known, and — when Flickr cannot show it exactly — what is lost. Readers
 * (date-read.ts) produce spans; parseDate (date.ts) turns a span into Flickr's date and
 * granularity. Keeping the span (not just a year) lets "1949-07-01 - 1949-07-31" become the
 * month it is, without loss.
 */

/** A calendar day; month and day count from 1. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** The days an expression covers and how Flickr can show them. */
export interface DateSpan {
  /** First day covered. */
  start: Ymd;
  /** Last day covered (inclusive). */
  end: Ymd;
  /** How precisely the start is known. */
  precision: "day" | "month" | "year";
  /** `HH:MM:SS` when the expression gave a time of day. */
  time: string | null;
  /** Circa: approximate or uncertain, or a span wider than one day/month/year. */
  approximate: boolean;
  /** What Flickr's value loses compared with the expression ("a decade"), or null. */
  loss: string | null;
  /** One of the written dates, not every year between ("1557 eller 1558"): no midpoint. */
  choice?: boolean;
}

/** What a reader makes of an expression. */
export type Reading =
  | { kind: "span"; span: DateSpan }
  /** Understood, but nothing Flickr can show: "före 1880", "1900/..". */
  | { kind: "open"; what: string }
  /** Birth or death years ("*1890", "1809* - 1870+"): a life, not when the photo was made. */
  | { kind: "life"; what: string }
  /** Understood as a date, but impossible: "1923-02-30", a range that ends before it starts. */
  | { kind: "invalid"; reason: string }
  /** Says the date is unknown ("XXXX"). */
  | { kind: "unknown" };

/** Days in month `m` (1–12) of year `y`, proleptic Gregorian. */
export function daysInMonth(y: number, m: number): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(y, m, 0);
  return date.getUTCDate();
}

/** Whether y-m-d is a real calendar day. */
export function isValidDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** One day, optionally with a time of day. */
export function daySpan(y: number, m: number, d: number, time: string | null = null): DateSpan {
  return { start: { y, m, d }, end: { y, m, d }, precision: "day", time, approximate: false, loss: null };
}

/** A whole month. */
export function monthSpan(y: number, m: number): DateSpan {
  return { start: { y, m, d: 1 }, end: { y, m, d: daysInMonth(y, m) }, precision: "month", time: null, approximate: false, loss: null };
}

/** A whole year. */
export function yearSpan(y: number): DateSpan {
  return { start: { y, m: 1, d: 1 }, end: { y, m: 12, d: 31 }, precision: "year", time: null, approximate: false, loss: null };
}

/** Whole years `from`–`to`, shown as circa `from`; `loss` says what the expression was. */
export function yearsSpan(from: number, to: number, loss: string): DateSpan {
  return { start: { y: from, m: 1, d: 1 }, end: { y: to, m: 12, d: 31 }, precision: "year", time: null, approximate: true, loss };
}

const PRECISION_NOUN = { day: "date", month: "month", year: "year" } as const;

/** Circa or "probably": Flickr's circa says the year; a finer start is lost. */
export function qualify(span: DateSpan, how: "approximate" | "uncertain"): DateSpan {
  if (span.approximate && span.loss) return span;
  const loss = span.loss ?? (span.precision === "year" ? null : `${how === "approximate" ? "an approximate" : "an uncertain"} ${PRECISION_NOUN[span.precision]}`);
  return { ...span, approximate: true, loss, time: null };
}

function isWholeYears(start: Ymd, end: Ymd): boolean {
  return start.m === 1 && start.d === 1 && end.m === 12 && end.d === 31;
}

/** Name a span of whole years the way a cataloguer would recognise it. */
function describeYears(start: Ymd, end: Ymd): string {
  if (isWholeYears(start, end) && start.y % 10 === 0 && end.y === start.y + 9) return "a decade";
  if (isWholeYears(start, end) && start.y % 100 === 0 && end.y === start.y + 99) return "a century";
  return "a range";
}

/**
 * A range from `from` to `to`. Exactly one day, month or year is that day, month or year
 * (K-samsök writes a month as "1949-07-01 - 1949-07-31"); a range inside one month or year keeps
 * that month or year; anything wider is circa its start year.
 */
export function rangeSpan(from: DateSpan, to: DateSpan): Reading {
  const start = from.start;
  const end = to.end;
  if (compareYmd(end, start) < 0) return { kind: "invalid", reason: "the range ends before it starts" };
  const exact = !from.approximate && !to.approximate && from.loss === null && to.loss === null;
  if (exact && start.y === end.y) {
    if (compareYmd(start, end) === 0) return { kind: "span", span: daySpan(start.y, start.m, start.d, from.time === to.time ? from.time : null) };
    if (start.m === end.m && start.d === 1 && end.d === daysInMonth(end.y, end.m)) return { kind: "span", span: monthSpan(start.y, start.m) };
    if (isWholeYears(start, end)) return { kind: "span", span: yearSpan(start.y) };
    if (start.m === end.m) return { kind: "span", span: { ...monthSpan(start.y, start.m), loss: "a range within a month" } };
    return { kind: "span", span: { ...yearSpan(start.y), loss: "a range within a year" } };
  }
  return { kind: "span", span: { start, end, precision: "year", time: null, approximate: true, loss: describeYears(start, end) } };
}

/** "1557 eller 1558": one of the dates, shown as circa the earlier. */
export function eitherSpan(a: DateSpan, b: DateSpan, loss: string): DateSpan {
  const [first, second] = compareYmd(a.start, b.start) <= 0 ? [a, b] : [b, a];
  return { start: first.start, end: compareYmd(first.end, second.end) >= 0 ? first.end : second.end, precision: "year", time: null, approximate: true, loss, choice: true };
}

/**
 * How well the date grammar reads real catalogue dates: each expression is read with parseDate
 * and judged
 * - **acceptable**: published with a date that lies inside the source's own machine range (when
 *   it has one), or read and deliberately published without one (open range, a life, wider than
 *   date.max_span, before Flickr's floor, "unknown") — the warning says why;
 * - **unread**: DATE_UNPARSEABLE;
 * - **wrong**: published with a year outside the source's machine range, where that range holds
 *   what the text itself says (the grammar, or its policy, got it wrong);
 * - **disagrees**: published outside the source's machine range, where that range does not hold
 *   what the text says ("1747" catalogued as 1774–1774, "1600-t" as 1600–1600): the source
 *   contradicts itself. Listed, to be checked by hand, never counted as acceptable.
 * Shared by bench/dates.ts (figures) and test/map/date-real.test.ts (assertions).
 */
import { parseDate, type DateResult, type ParseDateOptions } from "../../src/map/date.js";
import { readDateExpression } from "../../src/map/date-read.js";

export interface RealDate {
  count: number;
  source: string;
  value: string;
  /** The source's machine range in years, when it has one. */
  earliest: number | null;
  latest: number | null;
}

export type Verdict = "acceptable" | "unread" | "wrong" | "disagrees";

/** Parse the fixture format of scripts/extract-dates.ts. */
export function parseRealDates(text: string): RealDate[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [count, source, value, earliest, latest] = line.split("\t");
      const year = (s: string | undefined) => (s && /^-?\d{1,4}/.test(s) ? Number(/^-?\d{1,4}/.exec(s)![0]) : null);
      const from = year(earliest);
      const to = year(latest);
      // "1768 - 80" has latestDate 80 at Nationalmuseum: a bound that ends before it starts is no bound.
      return { count: Number(count), source: source ?? "", value: value ?? "", earliest: from, latest: to !== null && from !== null && to < from ? null : to };
    });
}

export function judge(date: RealDate, result: DateResult): Verdict {
  if (result.issues.some((i) => i.code === "DATE_UNPARSEABLE")) return "unread";
  if (result.date_taken === null) return "acceptable";
  const year = Number(result.date_taken.slice(0, 4));
  const outside = (date.earliest !== null && year < date.earliest) || (date.latest !== null && year > date.latest);
  if (!outside) return "acceptable";
  const reading = readDateExpression(date.value);
  const said = reading?.kind === "span" ? reading.span : null;
  const holds = said !== null && (date.earliest === null || date.earliest <= said.start.y) && (date.latest === null || said.end.y <= date.latest);
  return holds ? "wrong" : "disagrees";
}

export interface Coverage {
  occurrences: number;
  distinct: number;
  acceptable: number;
  unread: number;
  wrong: number;
  disagrees: number;
  /** Shares of occurrences, in percent. */
  acceptablePercent: number;
  unreadPercent: number;
  unreadValues: string[];
  wrongValues: string[];
  /** "value (earliest–latest) → published year", for checking by hand. */
  disagreeing: string[];
}

export function coverage(dates: readonly RealDate[], options: ParseDateOptions): Coverage {
  const tally = { acceptable: 0, unread: 0, wrong: 0, disagrees: 0 };
  const unreadValues: string[] = [];
  const wrongValues: string[] = [];
  const disagreeing: string[] = [];
  for (const date of dates) {
    const result = parseDate(date.value, options);
    const verdict = judge(date, result);
    tally[verdict] += date.count;
    if (verdict === "unread") unreadValues.push(date.value);
    if (verdict === "wrong") wrongValues.push(date.value);
    if (verdict === "disagrees") disagreeing.push(`${date.value} (${date.earliest ?? ""}–${date.latest ?? ""}) → ${result.date_taken?.slice(0, 4)}`);
  }
  const occurrences = tally.acceptable + tally.unread + tally.wrong + tally.disagrees;
  const percent = (n: number) => Math.round((n / Math.max(occurrences, 1)) * 10_000) / 100;
  return {
    occurrences,
    distinct: dates.length,
    ...tally,
    acceptablePercent: percent(tally.acceptable),
    unreadPercent: percent(tally.unread),
    unreadValues,
    wrongValues,
    disagreeing,
  };
}

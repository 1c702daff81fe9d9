/**
 * The date grammar on every real date of the public catalogue exports copied into
 * test/fixtures/dates/real-dates.txt (sources in its README): at least 98% read acceptably, none
 * wrong (a published year outside the source's own machine range), and a hand-checked sample.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { coverage, judge, parseRealDates } from "../../bench/lib/date-coverage.js";
import { parseDate } from "../../src/map/date.js";
import type { DateGranularity } from "../../src/flickr/fields.js";

const REAL = parseRealDates(readFileSync(new URL("../fixtures/dates/real-dates.txt", import.meta.url), "utf8"));
const OPTIONS = { now: new Date("2025-06-19T12:00:00Z"), earliestYear: 1 };

test("real dates: the list holds every source", (t) => {
  const sources = new Set(REAL.map((d) => d.source.split("/")[0]));
  t.deepEqual([...sources].sort(), ["europeana-swedish-fashion", "nationalmuseum-lido", "nordiska-museet-portraits-ksamsok", "raa-kulturmiljobild-ksamsok"]);
  t.true(REAL.reduce((n, d) => n + d.count, 0) > 900);
});

test("real dates: at least 98% read acceptably, none wrong", (t) => {
  const result = coverage(REAL, OPTIONS);
  t.true(result.acceptablePercent >= 98, `${result.acceptablePercent}% acceptable; unread: ${JSON.stringify(result.unreadValues)}`);
  t.deepEqual(result.wrongValues, []);
});

test("real dates: the judge calls a year outside the source's range wrong", (t) => {
  const date = { count: 1, source: "x", value: "1890", earliest: 1900, latest: 1910 };
  t.is(judge(date, parseDate("1890", OPTIONS)), "wrong");
  t.is(judge({ ...date, earliest: 1880, latest: 1890 }, parseDate("1890", OPTIONS)), "acceptable");
  t.is(judge(date, parseDate("hello", OPTIONS)), "unread");
});

/** Hand-checked: [as written, date_taken or null, granularity, issue codes]. */
const SAMPLE: [string, string | null, DateGranularity | null, string[]][] = [
  // Nordiska museet fromTime - toTime: a span of years is circa its midpoint; one day is that day.
  ["1740-01-01 - 1800-01-01", "1770-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1780-01-01 - 1800-01-01", "1790-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1850-01-01 - 1850-01-01", "1850-01-01 00:00:00", 0, []],
  // K-samsök timeLabel: a whole month is the month; RAÄ's "1940-1959" is circa 1950, as RAÄ published it.
  ["1949-07-01 - 1949-07-31", "1949-07-01 00:00:00", 4, []],
  ["1940-01-01 - 1959-12-31", "1950-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["2000-08-23 - 2000-08-23", "2000-08-23 00:00:00", 0, []],
  // Europeana descriptions: a season is its year; German "um" is circa.
  ["1924 höst", "1924-01-01 00:00:00", 6, ["DATE_LOSSY"]],
  ["Um 1786", "1786-01-01 00:00:00", 8, []],
  // Nationalmuseum LIDO display dates.
  ["Executed circa 1665/1670", "1668-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Utf. efter 1643", null, null, ["DATE_LOSSY"]],
  ["before 1880", null, null, ["DATE_LOSSY"]],
  ["Made ca 1635 och 1940", null, null, ["DATE_LOSSY"]],
  ["Sign. 1880-02", "1880-02-01 00:00:00", 4, []],
  ["Utg. år: ca 1890 - 1896", "1893-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Executed in the late 1650’s", "1657-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Made second half of 18th Century (?)", "1775-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Utf. 1768 - 80", "1774-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Sign. påbörjad 1919, avslutad 1922", "1921-01-01 00:00:00", 8, ["DATE_LOSSY"]],
];

for (const [input, date, granularity, codes] of SAMPLE) {
  test(`real dates, hand-checked: ${JSON.stringify(input)}`, (t) => {
    t.true(
      REAL.some((d) => d.value === input),
      "the sample is taken from the real list",
    );
    const result = parseDate(input, OPTIONS);
    t.is(result.date_taken, date);
    t.is(result.granularity, granularity);
    t.deepEqual(
      result.issues.map((i) => i.code),
      codes,
    );
  });
}

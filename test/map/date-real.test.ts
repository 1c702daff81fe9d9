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
import { fixturePath } from "../helpers/paths.js";

const REAL = parseRealDates(readFileSync(fixturePath("dates", "real-dates.txt"), "utf8"));
const OPTIONS = { now: new Date("2025-06-19T12:00:00Z"), earliestYear: 1 };

test("real dates: the list holds every source", (t) => {
  const sources = new Set(REAL.map((d) => d.source.split("/")[0]));
  t.deepEqual([...sources].sort(), [
    "europeana-swedish-fashion",
    "lsh-skokloster-lido",
    "lsh-tables",
    "nationalmuseum-lido",
    "nordiska-museet-portraits-ksamsok",
    "raa-kulturmiljobild-ksamsok",
  ]);
  t.true(REAL.reduce((n, d) => n + d.count, 0) > 6000);
});

/**
 * Rows whose machine range contradicts their own text, checked by hand: the published year
 * follows the text. (LSH: an event dated 1677-07-14 with the machine year 1632; "1500 c-1554 c"
 * with 1550–1554, most likely 1550 mistyped; "1570 c, 1603-1643" whose machine range covers only
 * the second date, while a list is published at its earliest.)
 */
const SOURCE_CONTRADICTS_ITSELF = ["1677-07-14 (1632–1632) → 1677", "1500 c-1554 c (1550–1554) → 1527", "1570 c, 1603-1643 (1610–1640) → 1570"];

test("real dates: at least 98% read acceptably, none wrong", (t) => {
  const result = coverage(REAL, OPTIONS);
  t.true(result.acceptablePercent >= 98, `${result.acceptablePercent}% acceptable; unread: ${JSON.stringify(result.unreadValues)}`);
  t.deepEqual(result.wrongValues, []);
  t.deepEqual(result.disagreeing, SOURCE_CONTRADICTS_ITSELF);
});

test("real dates: the judge calls a year outside the source's range wrong", (t) => {
  const date = { count: 1, source: "x", value: "1890-1899", earliest: 1890, latest: 1899 };
  // A published year outside a range that holds what is written is the grammar's fault.
  const outside = { ...parseDate("1890-1899", OPTIONS), date_taken: "1900-01-01 00:00:00" };
  t.is(judge(date, outside), "wrong");
  t.is(judge(date, parseDate("1890-1899", OPTIONS)), "acceptable");
  t.is(judge(date, parseDate("hello", OPTIONS)), "unread");
  // "1747" catalogued as 1774: the text and the machine year disagree, not the grammar.
  t.is(judge({ ...date, value: "1747", earliest: 1774, latest: 1774 }, parseDate("1747", OPTIONS)), "disagrees");
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
  // Skokloster Castle LIDO (no machine dates): checked against the words.
  ["1600-tal", "1650-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1650 cirka", "1650-01-01 00:00:00", 8, []],
  ["1600-talets mitt", "1650-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1700-talets första fjärdedel", "1712-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["Omkring år 1700", "1700-01-01 00:00:00", 8, []],
  ["1640-tal?", "1645-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1650-1700 cirka", "1675-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1705 efter", null, null, ["DATE_LOSSY"]],
  ["SILUR", null, null, ["DATE_UNPARSEABLE"]],
  // LSH artist datings: remarks as written, and lives.
  ["1800-t mitt", "1850-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1775-1800 c", "1788-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1700-", "1750-01-01 00:00:00", 8, ["DATE_LOSSY"]],
  ["1599*c-1660+c", null, null, ["DATE_LIFE"]],
  ["1871*-", null, null, ["DATE_LIFE"]],
  ["333-335", "0334-01-01 00:00:00", 8, ["DATE_LOSSY"]],
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

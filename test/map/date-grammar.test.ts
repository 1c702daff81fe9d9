/**
 * The date grammar, shape by shape (issue 13, "Reading dates as catalogues write them"): a core
 * (day, month, year, season, decade, century in Swedish, English and German), parts of it,
 * ranges, open ranges, qualifiers before or after in any spelling, birth and death years, lists;
 * forgiving of stray spaces, non-breaking spaces, doubled letters and typos, never guessing a
 * number that is not written. Then the policies: midpoint or start, date.max_span, and the floor
 * Flickr accepts.
 */
import test from "ava";
import { parseDate, type ParseDateOptions } from "../../src/map/date.js";
import type { DateGranularity } from "../../src/flickr/fields.js";
import type { IssueCode } from "../../src/issues.js";

const NOW = new Date("2025-06-19T12:00:00Z");
const OPTIONS: ParseDateOptions = { now: NOW, earliestYear: 1000 };

/** [input, date_taken's year(-month(-day)) or null, granularity, issue codes, words a message must hold] */
type Row = [string, string | null, DateGranularity | null, IssueCode[]?, string?];

function taken(short: string | null): string | null {
  if (short === null) return null;
  if (/^\d{4}$/.test(short)) return `${short}-01-01 00:00:00`;
  if (/^\d{4}-\d{2}$/.test(short)) return `${short}-01 00:00:00`;
  return `${short} 00:00:00`;
}

/** The input as a title, with invisible spaces made visible (NBSP is not a space to a reader). */
const name = (input: string) => JSON.stringify(input).replace(/[\u00a0\u2000-\u200b\u202f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

function table(title: string, rows: Row[], options: ParseDateOptions = OPTIONS): void {
  for (const [input, date, granularity, codes = [], says] of rows) {
    test(`${title}: ${name(input)}`, (t) => {
      const result = parseDate(input, options);
      t.is(result.date_taken, taken(date), "date_taken");
      t.is(result.granularity, granularity, "granularity");
      t.deepEqual(
        result.issues.map((i) => i.code),
        codes,
        "issue codes",
      );
      t.is(result.display, input.trim(), "the date as written is kept for the description");
      if (says) t.true(result.issues.some((i) => i.message.includes(says)), `"${result.issues[0]?.message}" says "${says}"`);
      for (const issue of result.issues) t.truthy(issue.hint);
    });
  }
}

const LOSSY: IssueCode[] = ["DATE_LOSSY"];

table("core: day, month, year, season", [
  ["1923-05-17", "1923-05-17", 0],
  ["17 maj 1923", "1923-05-17", 0],
  ["17. Mai 1923", "1923-05-17", 0],
  ["17/5-1923", "1923-05-17", 0],
  ["1923-05-00", "1923-05", 4],
  ["Mai 1923", "1923-05", 4],
  ["märz 1923", "1923-03", 4],
  ["1923", "1923", 6],
  ["1923-00-00", "1923", 6],
  ["Herbst 1923", "1923", 6, LOSSY, "(a season)"],
  ["1926 vår", "1926", 6, LOSSY, "(a season)"],
]);

table("core: decades and centuries, Swedish, English, German", [
  ["1920-talet", "1925", 8, LOSSY, "(a decade) is published as circa 1925, its midpoint"],
  ["1920-tal", "1925", 8, LOSSY],
  ["1920-talen", "1925", 8, LOSSY],
  ["1900-tal", "1950", 8, LOSSY, "(a century)"],
  ["1800-t", "1850", 8, LOSSY, "(a century)"],
  ["1920s", "1925", 8, LOSSY, "(a decade)"],
  ["1920er Jahre", "1925", 8, LOSSY, "(a decade)"],
  ["19th century", "1850", 8, LOSSY, "(a century)"],
  ["19th c.", "1850", 8, LOSSY, "(a century)"],
  ["18. Jh.", "1750", 8, LOSSY, "(a century)"],
  ["18. Jahrhundert", "1750", 8, LOSSY],
  ["17:e århundradet", "1650", 8, LOSSY],
  ["1920-30-talet", "1930", 8, LOSSY, "(a range of decades)"],
  ["1880-90-tal", "1890", 8, LOSSY],
  ["1920/30-talet", "1930", 8, LOSSY],
]);

table("parts of a decade or century", [
  ["början av 1900-talet", "1910", 8, LOSSY, "(part of a century)"],
  ["mitten av 1800-talet", "1850", 8, LOSSY],
  ["slutet av 1800-talet", "1890", 8, LOSSY],
  ["i slutet av 1920-talet", "1927", 8, LOSSY, "(part of a decade)"],
  ["första hälften av 1800-talet", "1825", 8, LOSSY],
  ["första hälft av 1800-talet", "1825", 8, LOSSY],
  ["andra hälft av 1800-talet", "1875", 8, LOSSY],
  ["1800-talets andra hälft", "1875", 8, LOSSY],
  ["första fjärdedelen av 1700-talet", "1712", 8, LOSSY],
  ["andra fjärdedelen av 1700-talet", "1737", 8, LOSSY],
  ["tredje fjärdedelen av 1700-talet", "1762", 8, LOSSY],
  ["sista fjärdedelen av 1700-talet", "1787", 8, LOSSY],
  ["1700-talets sista fjärdedel", "1787", 8, LOSSY],
  ["early 1920s", "1922", 8, LOSSY],
  ["mid-19th century", "1850", 8, LOSSY],
  ["late 19th century", "1890", 8, LOSSY],
  ["Ende des 18. Jh.", "1790", 8, LOSSY],
  ["18. Jh., Ende", "1790", 8, LOSSY],
  ["19. Jh., 2. Hälfte", "1875", 8, LOSSY],
  ["2. Hälfte 19. Jh.", "1875", 8, LOSSY],
]);

table("ranges of parts, turns of centuries", [
  ["mid-to-late 19th century", "1870", 8, LOSSY],
  ["mitten-slutet av 1800-talet", "1870", 8, LOSSY],
  ["1920-talets slut/1930-talets början", "1929", 8, LOSSY],
  ["1800-talets första årtionde", "1805", 8, LOSSY],
  ["sekelskiftet 1900", "1900", 8, LOSSY, "(the turn of a century)"],
  ["sekelskiftet 1800-1900", "1900", 8, LOSSY],
]);

table("ranges", [
  ["1890-1900", "1895", 8, LOSSY, "(a range) is published as circa 1895, its midpoint"],
  ["1890 – 1900", "1895", 8, LOSSY],
  ["1890\u00a0–\u00a01900", "1895", 8, LOSSY],
  ["1890 bis 1900", "1895", 8, LOSSY],
  ["zwischen 1890 und 1900", "1895", 8, LOSSY],
  ["1939-07-25--1939-08-07", "1939", 6, LOSSY, "(a range within a year) is published as 1939"],
  ["1939-07-25/1939-08-07", "1939", 6, LOSSY],
  ["1890/1900", "1895", 8, LOSSY],
  ["1940-1959", "1950", 8, LOSSY],
  ["17-18 maj 1923", "1923-05", 4, LOSSY, "(a range within a month)"],
  ["maj-juni 1923", "1923", 6, LOSSY, "(a range within a year)"],
  ["1920-talet - 1930-talet", "1930", 8, LOSSY],
]);

table("open ranges: no date Flickr can show", [
  ["före 1854", null, null, LOSSY, "(an open-ended range) is published without a date"],
  ["1854 före", null, null, LOSSY],
  ["efter 1632", null, null, LOSSY],
  ["1815-", null, null, LOSSY],
  ["-1847", null, null, LOSSY, "-1847 (an open-ended range)"],
  ["– 1847", null, null, LOSSY],
  ["vor 1900", null, null, LOSSY],
  ["nach 1900", null, null, LOSSY],
  ["1923 or earlier", null, null, LOSSY],
]);

// "ca", "ca.", "c.", "c", "C", "c:a", "cirka", "omkring", "omkr.", "omkring år", "um", before or after.
const CIRCA_WORDS = ["ca", "ca.", "c.", "c", "C", "c:a", "Ca", "CA.", "cirka", "circa", "omkring", "omkr.", "omkring år", "um", "Um", "etwa"];
table("qualifiers before", CIRCA_WORDS.map((w): Row => [`${w} 1920`, "1920", 8]));
table("qualifiers after", CIRCA_WORDS.filter((w) => !w.includes(" ")).map((w): Row => [`1920 ${w}`, "1920", 8]));
table("uncertainty and brackets", [
  ["troligen 1920", "1920", 8],
  ["1920 troligen", "1920", 8],
  ["vermutlich 1920", "1920", 8],
  ["1920?", "1920", 8],
  ["1920 ?", "1920", 8],
  ["1920 (?)", "1920", 8],
  ["1920 [?]", "1920", 8],
  ["?1920", "1920", 8],
  ["[1920]", "1920", 6],
  ["[ca 1920]", "1920", 8],
  ["1920 (ca)", "1920", 8],
  ["c1920", "1920", 8],
  ["c.1920", "1920", 8],
  ["ca 1920-talet", "1925", 8, LOSSY],
  ["troligen slutet av 1640-talet", "1647", 8, LOSSY],
  ["ca 1890 - ca 1900", "1895", 8, LOSSY],
  ["omkring år 1650 (?)", "1650", 8],
]);

table("birth and death years: a life, not a photo date", [
  ["*1890", null, null, ["DATE_LIFE"], "a year of birth"],
  ["* 1890", null, null, ["DATE_LIFE"]],
  ["+1486", null, null, ["DATE_LIFE"], "a year of death"],
  ["†1486", null, null, ["DATE_LIFE"]],
  ["1809* - 1870+", null, null, ["DATE_LIFE"], "a lifespan"],
  ["*1809 †1870", null, null, ["DATE_LIFE"]],
  ["född 1890", null, null, ["DATE_LIFE"]],
]);

table("lists and alternatives: the earliest date written", [
  ["1927, 1931", "1927", 8, LOSSY, "(several dates) is published as circa 1927, the earliest date written"],
  ["1927; 1931", "1927", 8, LOSSY],
  ["1927, 1931 och 1935", "1927", 8, LOSSY],
  ["1557 eller 1558", "1557", 8, LOSSY, "(one of two dates)"],
  ["1915 el. 1916", "1915", 8, LOSSY],
  ["1660 or 1668", "1660", 8, LOSSY],
  ["1960- och 1970-talen", "1960", 8, LOSSY],
]);

table("forgiving: spaces, NBSP, doubled letters, typos", [
  ["  ca  1920 ", "1920", 8],
  ["ca\u00a01920", "1920", 8],
  ["1920\u202f-\u202f1930", "1925", 8, LOSSY],
  ["cirrka 1920", "1920", 8],
  ["cirak 1920", "1920", 8],
  ["omkrring 1920", "1920", 8],
  ["1920-tallet", "1925", 8, LOSSY],
  ["1920 - talet", "1925", 8, LOSSY],
  ["slutett av 1800-talet", "1890", 8, LOSSY],
  ["troligan 1666", "1666", 8],
  ["Septemer 1923", "1923-09", 4],
  ["1800-talets andra hälften", "1875", 8, LOSSY],
]);

// The shapes of LSH's exports (Livrustkammaren, Skokloster, Hallwyl), as measured.
table("LSH shapes", [
  ["1800-t mitt", "1850", 8, LOSSY],
  ["1600-t början", "1610", 8, LOSSY],
  ["1700-", "1750", 8, LOSSY, "(a century)"],
  ["1775-1800 c", "1788", 8, LOSSY],
  ["1580 c-", null, null, LOSSY, "(an open-ended range)"],
  ["*1.1.1666", null, null, ["DATE_LIFE"], "a year of birth"],
  ["1599*c-1660+c", null, null, ["DATE_LIFE"], "a lifespan"],
  ["1871*-", null, null, ["DATE_LIFE"]],
  ["d. ca. 1634", null, null, ["DATE_LIFE"], "a year of death"],
  ["1929-05-27 - 28", "1929-05", 4, LOSSY],
  ["1767-09-05--09", "1767-09", 4, LOSSY],
  ["1955 och framåt", null, null, LOSSY],
  ["1803 februari", "1803-02", 4],
  ["Omkring \u00a8år 1600-tal", "1650", 8, LOSSY],
]);

table(
  "years before the floor, and other eras",
  [
    ["333-335", null, null, ["DATE_OUT_OF_RANGE"], "read as circa 334, but not accepted by Flickr"],
    ["117", null, null, ["DATE_OUT_OF_RANGE"]],
    ["7 f.Kr.", null, null, ["DATE_OUT_OF_RANGE"], "a year before 1 CE"],
    ["347 - 407 f.Kr", null, null, ["DATE_OUT_OF_RANGE"]],
    ["100-talet e.Kr.", null, null, ["DATE_OUT_OF_RANGE"], "circa 150"],
    ["1900-talet e.Kr.", "1950", 8, LOSSY],
  ],
  { ...OPTIONS, earliestYear: 1800 },
);

// Nordic exports (DigitaltMuseum, Finna) write the same shapes in Norwegian, Danish and Finnish.
table("Norwegian, Danish, Finnish", [
  ["1920-tallet", "1925", 8, LOSSY],
  ["1920-årene", "1925", 8, LOSSY],
  ["1920'erne", "1925", 8, LOSSY],
  ["1920-luku", "1925", 8, LOSSY],
  ["1800-tallets slutt", "1890", 8, LOSSY],
  ["slutten av 1800-tallet", "1890", 8, LOSSY],
  ["midten af 1800-tallet", "1850", 8, LOSSY],
  ["første halvdel av 1900-tallet", "1925", 8, LOSSY],
  ["1800-luvun loppu", "1890", 8, LOSSY],
  ["mellom 1920 og 1930", "1925", 8, LOSSY],
  ["fra 1920 til 1930", "1925", 8, LOSSY],
  ["før 1900", null, null, LOSSY],
  ["1900 jälkeen", null, null, LOSSY],
  ["noin 1920", "1920", 8],
  ["trolig 1920", "1920", 8],
  ["høsten 1920", "1920", 6, LOSSY],
  ["desember 1920", "1920-12", 4],
  ["ukjent", null, null],
]);

const UNREADABLE: IssueCode[] = ["DATE_UNPARSEABLE"];
table("never a number that is not written", [
  ["19??", null, null, UNREADABLE],
  ["192-", null, null, UNREADABLE],
  ["20er Jahre", null, null, UNREADABLE],
  ["90-talet", null, null, UNREADABLE],
  ["ca 20-talet", null, null, UNREADABLE],
  ["'23", null, null, UNREADABLE],
  ["5/6/1923", null, null, UNREADABLE],
  ["1O23", null, null, UNREADABLE],
  ["sekelskiftet", null, null, UNREADABLE],
  ["1920 1930", null, null, UNREADABLE],
  // A description pasted into the date column is not read as a date, however many years it names.
  [`Taget i Stockholm ${"1920, ".repeat(20)}av okänd fotograf`, null, null, UNREADABLE],
  // A long run of hyphens is read (every split is tried once), not left to backtrack for hours.
  [Array.from({ length: 12 }, (_, i) => 1900 + i).join("-"), "1906", 8, LOSSY],
]);

// ---- policies ----------------------------------------------------------------------------------

table(
  "date.ranges: start",
  [
    ["1890-1900", "1890", 8, LOSSY, "is published as circa 1890, its start"],
    ["1920-talet", "1920", 8, LOSSY],
    ["slutet av 1800-talet", "1880", 8, LOSSY],
    ["1557 eller 1558", "1557", 8, LOSSY],
    ["ca 1920", "1920", 8],
  ],
  { ...OPTIONS, ranges: "start" },
);

table("date.max_span: wider spans have no date", [
  ["1800-talet", "1850", 8, LOSSY],
  ["1800-1900", "1850", 8, LOSSY],
  ["1800-1901", null, null, LOSSY, "(a range, 101 years) is published without a date: wider than date.max_span (100 years)"],
  ["1700-1800-talet", null, null, LOSSY, "wider than date.max_span"],
  ["ca 1635 eller ca 1940", null, null, LOSSY],
  ["1000-1200", null, null, LOSSY],
]);

table("date.max_span: 10", [["1920-1930", "1925", 8, LOSSY], ["1920-1931", null, null, LOSSY, "(a range, 11 years)"]], { ...OPTIONS, maxSpan: 10 });

table(
  "the floor Flickr accepts: read, then 'not accepted by Flickr'",
  [
    ["1799", null, null, ["DATE_OUT_OF_RANGE"], "1799 is read as 1799, but not accepted by Flickr (nothing before 1800)"],
    ["ca 1650", null, null, ["DATE_OUT_OF_RANGE"], "read as circa 1650, but not accepted by Flickr"],
    ["1700-talet", null, null, ["DATE_OUT_OF_RANGE"], "read as circa 1750"],
    ["18. Jh.", null, null, ["DATE_OUT_OF_RANGE"]],
    ["1800", "1800", 6],
    ["1799-1801", "1800", 8, LOSSY],
    // Unreadable stays unreadable, whatever the floor.
    ["17xx-talet", null, null, ["DATE_UNPARSEABLE"]],
  ],
  { ...OPTIONS, earliestYear: 1800 },
);

test("the floor is a parameter: a measured floor of 1900 refuses what 1800 takes", (t) => {
  t.is(parseDate("1850", { ...OPTIONS, earliestYear: 1800 }).date_taken, "1850-01-01 00:00:00");
  const refused = parseDate("1850", { ...OPTIONS, earliestYear: 1900 });
  t.is(refused.date_taken, null);
  t.deepEqual(
    refused.issues.map((i) => i.code),
    ["DATE_OUT_OF_RANGE"],
  );
  t.true(refused.issues[0]!.message.includes("nothing before 1900"));
});

test("'could not read' and 'not accepted by Flickr' are different codes and say different things", (t) => {
  const unread = parseDate("hello", { ...OPTIONS, earliestYear: 1800 }).issues[0]!;
  const refused = parseDate("1700", { ...OPTIONS, earliestYear: 1800 }).issues[0]!;
  t.not(unread.code, refused.code);
  t.regex(unread.message, /could not be read/);
  t.regex(refused.message, /not accepted by Flickr/);
  t.notRegex(refused.message, /could not be read/);
});

/**
 * Reading the date expressions catalogues contain, Swedish and English, into a `DateSpan`.
 *
 * An expression is read in two steps:
 * 1. **Qualifiers are peeled off**, repeatedly: brackets (`[1915?]`), event verbs from LIDO
 *    exports (`Utf.`, `Sign.`, `Executed`, `Utg. år:` — they say what happened, not when),
 *    circa words (`ca`, `c.`, `omkring`, `about`…) and uncertainty (`troligen`, `probably`,
 *    a trailing `?` or `(?)`).
 * 2. **The core is read** by the first reader in `READERS` that recognises it: EDTF levels 0–1
 *    (the `edtf` package), numeric and month-name dates, seasons, decades and centuries, parts of
 *    them ("slutet av 1640-talet", "last quarter of 1600s"), and ranges, alternatives and open
 *    ranges whose sides are read again recursively.
 *
 * The words (months, seasons, verbs, qualifiers, parts of periods) are tables in date-words.ts.
 * English "1900s" is read as a century (the common reading, and what LIDO's "1600s" means);
 * Swedish "1900-talet" is a century, "1920-talet" a decade.
 */
import { parse as parseEdtf, type EdtfDateNode, type EdtfNode } from "edtf";
import {
  daySpan,
  eitherSpan,
  isValidDay,
  monthSpan,
  qualify,
  rangeSpan,
  yearSpan,
  yearsSpan,
  type DateSpan,
  type Reading,
} from "./date-span.js";
import { APPROXIMATE_RE, EVENT_RE, PARTS_AFTER, PARTS_AFTER_RE, PARTS_BEFORE, PARTS_BEFORE_RE, UNCERTAIN_RE, MONTH_NAMES, SEASON_NAMES, type Part } from "./date-words.js";

// ---- step 1: qualifiers ------------------------------------------------------------------------

interface Qualified {
  core: string;
  approximate: boolean;
  uncertain: boolean;
}

/** Lower-case, NFC, one space, ASCII hyphen and apostrophe. */
export function tidyDateText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function stripQualifiers(text: string): Qualified {
  let core = text;
  let approximate = false;
  let uncertain = false;
  for (;;) {
    const before = core;
    core = core.trim().replace(/(\d)\.$/, "$1");
    const bracketed = /^\[(.*)\]$/.exec(core) ?? /^\((.*)\)$/.exec(core);
    if (bracketed) core = bracketed[1]!.trim();
    core = core.replace(EVENT_RE, "");
    if (APPROXIMATE_RE.test(core)) {
      approximate = true;
      core = core.replace(APPROXIMATE_RE, "");
    } else if (/^c(?=\d)/.test(core)) {
      approximate = true; // "c1920"
      core = core.slice(1);
    }
    if (UNCERTAIN_RE.test(core)) {
      uncertain = true;
      core = core.replace(UNCERTAIN_RE, "");
    }
    const question = /\s*(?:\(\?\)|\[\?\]|\?)$/.exec(core);
    if (question && question.index > 0) {
      uncertain = true;
      core = core.slice(0, question.index);
    }
    if (core === before) return { core, approximate, uncertain };
  }
}

function applyQualifiers(reading: Reading, q: Qualified): Reading {
  if (reading.kind !== "span") return reading;
  let span = reading.span;
  if (q.approximate) span = qualify(span, "approximate");
  if (q.uncertain) span = qualify(span, "uncertain");
  return { kind: "span", span };
}

// ---- step 2: readers ---------------------------------------------------------------------------

type Reader = (core: string) => Reading | null;

const pad2 = (n: number) => String(n).padStart(2, "0");

function day(y: number, m: number, d: number, time: string | null = null): Reading {
  if (!isValidDay(y, m, d)) return { kind: "invalid", reason: `there is no day ${d} in month ${m} of ${y}` };
  return { kind: "span", span: daySpan(y, m, d, time) };
}

function time(h: number, mi: number, s: number): string | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

function fromEdtfDate(node: EdtfDateNode): Reading {
  const [y, m0, d, h, mi, s] = node.values as [number, number?, number?, number?, number?, number?];
  let reading: Reading;
  if (node.type === "Year") reading = { kind: "span", span: yearSpan(y) };
  else if (node.type === "Season") reading = { kind: "span", span: { ...yearSpan(y), loss: "a season" } };
  else {
    const unspecified = node.unspecified ?? 0;
    const yearDigits = unspecified & 15;
    if (yearDigits === 15) return { kind: "unknown" };
    if (yearDigits === 8) reading = { kind: "span", span: yearsSpan(y, y + 9, "a decade") };
    else if (yearDigits === 12) reading = { kind: "span", span: yearsSpan(y, y + 99, "a century") };
    else if (yearDigits !== 0) reading = { kind: "span", span: yearsSpan(y, y + 999, "a millennium") };
    else if (m0 === undefined || unspecified & 48) reading = { kind: "span", span: yearSpan(y) };
    else if (d === undefined || unspecified & 192) reading = { kind: "span", span: monthSpan(y, m0 + 1) };
    else if (h === undefined) reading = day(y, m0 + 1, d);
    else {
      const t = time(h, mi ?? 0, s ?? 0);
      reading = t ? day(y, m0 + 1, d, t) : { kind: "invalid", reason: "the time of day is out of range" };
    }
  }
  return applyQualifiers(reading, { core: "", approximate: Boolean(node.approximate), uncertain: Boolean(node.uncertain) });
}

function fromEdtf(node: EdtfNode): Reading | null {
  if (node.type === "Interval") {
    const [from, to] = node.values;
    // An open end ("..") comes back as Infinity, an unknown end (empty) as null.
    if (typeof from !== "object" || from === null || typeof to !== "object" || to === null) return { kind: "open", what: "an open-ended range" };
    const a = fromEdtfDate(from);
    const b = fromEdtfDate(to);
    if (a.kind !== "span") return a;
    if (b.kind !== "span") return b;
    return rangeSpan(a.span, b.span);
  }
  if (node.type === "Date" || node.type === "Year" || node.type === "Season") return fromEdtfDate(node);
  return null;
}

/** EDTF levels 0 and 1: 1923-05-17, 1923-05, 1923, 1920~, 1920?, 192X, 1932-21, 1890/1900, 1923-05-17T10:20:30. */
const readEdtf: Reader = (core) => {
  if (!/^[\dxtzyes~?%/.:+-]+$/.test(core)) return null;
  let node: EdtfNode;
  try {
    node = parseEdtf(core.toUpperCase(), { level: 1 });
  } catch {
    return null; // not EDTF: the phrase readers try next
  }
  return fromEdtf(node);
};

/** 1923-05-17 14:30(:00), also EXIF's 1923:05:17 14:30:00. */
const readDateTime: Reader = (core) => {
  const m = /^(\d{4})[-:](\d{2})[-:](\d{2})[ t](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(core);
  if (!m) return null;
  const t = time(Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return t ? day(Number(m[1]), Number(m[2]), Number(m[3]), t) : { kind: "invalid", reason: "the time of day is out of range" };
};

/** 1923-5-7 (no zero padding). */
const readLooseYmd: Reader = (core) => {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(core);
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
};

/** 17.5.1923 (Nordic day.month.year) and 17/5 1923. */
const readDayMonthYear: Reader = (core) => {
  const m = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/.exec(core) ?? /^(\d{1,2})\/(\d{1,2}) (\d{4})$/.exec(core);
  return m ? day(Number(m[3]), Number(m[2]), Number(m[1])) : null;
};

/** 17 maj 1923, den 17:e maj 1923, 17th May 1923, 17 May, 1923. */
const readDayMonthName: Reader = (core) => {
  const m = /^(?:den )?(\d{1,2})(?:\.|:e|:a|st|nd|rd|th)? (?:of )?(\p{L}+)\.?,? (\d{4})$/u.exec(core);
  const month = m ? MONTH_NAMES[m[2]!] : undefined;
  return m && month ? day(Number(m[3]), month, Number(m[1])) : null;
};

/** May 17, 1923; maj 17 1923. */
const readMonthNameDay: Reader = (core) => {
  const m = /^(\p{L}+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/u.exec(core);
  const month = m ? MONTH_NAMES[m[1]!] : undefined;
  return m && month ? day(Number(m[3]), month, Number(m[2])) : null;
};

/** maj 1923, May 1923, Sept. 1923. */
const readMonthName: Reader = (core) => {
  const m = /^(\p{L}+)\.?,? (\d{4})$/u.exec(core);
  const month = m ? MONTH_NAMES[m[1]!] : undefined;
  return m && month ? { kind: "span", span: monthSpan(Number(m[2]), month) } : null;
};

/** vår 1932, våren 1932, 1922 höst, summer 1932: Flickr has no seasons, so the year. */
const readSeason: Reader = (core) => {
  const m = /^(\p{L}+) (\d{4})$/u.exec(core) ?? /^(\d{4}) (\p{L}+)$/u.exec(core);
  if (!m) return null;
  const [word, year] = /^\d/.test(m[1]!) ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
  return SEASON_NAMES[word] ? { kind: "span", span: { ...yearSpan(Number(year)), loss: "a season" } } : null;
};

interface Period {
  start: number;
  length: 10 | 100;
}

/** 1920-talet, 1920-tal, 1920s, 1920's, 1600-talet, 1600s, 17th century, 17:e århundradet. */
function readPeriod(text: string): Period | null {
  const decade = /^(\d{2,3}0) ?-?(?:tal(?:et|ets)?|'?s)$/.exec(text);
  if (decade) {
    const start = Number(decade[1]);
    return { start, length: start % 100 === 0 ? 100 : 10 };
  }
  const century = /^(\d{1,2})(?:st|nd|rd|th|:e|:a) (?:century|cent\.?|c\.|århundradet|seklet)$/.exec(text);
  if (century) return { start: (Number(century[1]) - 1) * 100, length: 100 };
  return null;
}

const periodName = (p: Period) => (p.length === 10 ? "a decade" : "a century");

const readDecadeOrCentury: Reader = (core) => {
  const period = readPeriod(core.replace(/^the /, ""));
  return period ? { kind: "span", span: yearsSpan(period.start, period.start + period.length - 1, periodName(period)) } : null;
};


const readPartOfPeriod: Reader = (core) => {
  let part: Part | undefined;
  let period: Period | null = null;
  const before = PARTS_BEFORE_RE.exec(core);
  if (before) {
    part = PARTS_BEFORE[before[1]!.replace(/\s+/g, " ")];
    period = readPeriod(before[2]!);
  } else {
    const after = PARTS_AFTER_RE.exec(core);
    if (after) {
      part = PARTS_AFTER[after[2]!.replace(/\s+/g, " ")];
      period = readPeriod(after[1]!);
    }
  }
  if (!part || !period) return null;
  const [from, to] = part(period.length);
  return { kind: "span", span: yearsSpan(period.start + from, period.start + to, `part of ${periodName(period)}`) };
};

/** "1920-30-talet": the 1920s to the 1930s. */
const readDecadeRange: Reader = (core) => {
  const m = /^(\d{3})0 ?- ?(\d{1,3})0 ?-?tal(?:et)?$/.exec(core);
  if (!m) return null;
  const from = Number(m[1]) * 10;
  const short = m[2]!;
  const to = short.length === 3 ? Number(short) * 10 : Math.floor(from / 100) * 100 + Number(short) * 10;
  return to > from ? { kind: "span", span: yearsSpan(from, to + 9, "a range of decades") } : null;
};

function readSide(text: string): Reading | null {
  return readDateText(text);
}

/** "1893-94", "1768 - 80": the end written with the last digits of the start's year. */
function expandShortEnd(from: string, to: string): string {
  const year = /(\d{4})$/.exec(from);
  if (!year || !/^\d{1,2}$/.test(to)) return to;
  const y = Number(year[1]);
  const unit = to.length === 2 ? 100 : 10;
  // No wrapping into the next century: "1923-13" is a mistake, not 1923–2013.
  return String(Math.floor(y / unit) * unit + Number(to));
}

function readTwo(fromText: string, toText: string, combine: (a: DateSpan, b: DateSpan) => Reading): Reading | null {
  const a = readSide(fromText);
  const b = readSide(expandShortEnd(fromText, toText));
  if (!a || !b) return null;
  if (a.kind !== "span") return a.kind === "invalid" ? a : null;
  if (b.kind !== "span") return b.kind === "invalid" ? b : null;
  return combine(a.span, b.span);
}

const range = (a: DateSpan, b: DateSpan) => rangeSpan(a, b);

/** "före 1880", "after 1643", "senast 1900": no start Flickr could show. */
const readOpenEnded: Reader = (core) => {
  const m = /^(?:före|innan|senast|tidigast|efter|before|prior to|after|not before|not after|no later than|no earlier than) (.+)$/.exec(core);
  const inner = m ? readSide(m[1]!) : null;
  return inner?.kind === "span" ? { kind: "open", what: "an open-ended range" } : null;
};

const readBetween: Reader = (core) => {
  const m = /^(?:mellan|between) (.+?) (?:och|and|&) (.+)$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, range) : null;
};

const readBegunFinished: Reader = (core) => {
  const m = /^(?:påbörjad|påbörjat|begun|started|från|from) (.+?),? (?:avslutad|avslutat|fullbordad|accomplished|completed|finished|till|to|until) (.+)$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, range) : null;
};

const readEither: Reader = (core) => {
  const m = /^(.+?) (?:eller|or) (.+)$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, (a, b) => ({ kind: "span", span: eitherSpan(a, b, "one of two dates") })) : null;
};

const readBoth: Reader = (core) => {
  const m = /^(.+?) (?:och|and|&) (.+)$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, (a, b) => ({ kind: "span", span: eitherSpan(a, b, "two dates") })) : null;
};

/** "1920 till 1930", "1725 - 1730", "1920-01-01 - 1959-12-31" (K-samsök), "1890 – 1900". */
const readSpacedRange: Reader = (core) => {
  const m = /^(.+?) (?:-|till|to|until) (.+)$/.exec(core) ?? /^(.+?\d) ?- (.+)$/.exec(core) ?? /^(.+?) -(\d.*)$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, range) : null;
};

/** "1890-1900", "1893-94", "1665/70". */
const readYearRange: Reader = (core) => {
  const m = /^(\d{4})[-/](\d{1,4})$/.exec(core);
  return m ? readTwo(m[1]!, m[2]!, range) : null;
};

/**
 * The readers, in order: the first that recognises the core wins. Single dates come before
 * ranges, so "1923-05" is May 1923 (EDTF), and "1893-94" a range only because 94 is no month.
 */
export const READERS: readonly { name: string; read: Reader }[] = [
  { name: "EDTF level 0–1", read: readEdtf },
  { name: "date and time", read: readDateTime },
  { name: "year-month-day without zero padding", read: readLooseYmd },
  { name: "day.month.year", read: readDayMonthYear },
  { name: "day month-name year", read: readDayMonthName },
  { name: "month-name day, year", read: readMonthNameDay },
  { name: "month-name year", read: readMonthName },
  { name: "season and year", read: readSeason },
  { name: "decade or century", read: readDecadeOrCentury },
  { name: "range of decades", read: readDecadeRange },
  { name: "part of a decade or century", read: readPartOfPeriod },
  { name: "open-ended", read: readOpenEnded },
  { name: "between … and …", read: readBetween },
  { name: "begun … finished …", read: readBegunFinished },
  { name: "… or …", read: readEither },
  { name: "… and …", read: readBoth },
  { name: "… - … / … till …", read: readSpacedRange },
  { name: "year-year", read: readYearRange },
];

function readDateText(text: string): Reading | null {
  const qualified = stripQualifiers(text);
  if (qualified.core === "") return null;
  for (const reader of READERS) {
    const reading = reader.read(qualified.core);
    if (reading) return applyQualifiers(reading, qualified);
  }
  return null;
}

// Catalogues repeat the same date phrasings thousands of times, and the EDTF parser rebuilds its
// grammar on every call: remember recent readings (a Reading is never mutated by its users).
const READINGS = new Map<string, Reading | null>();
const READINGS_MAX = 20_000;

/** Read a date expression; null when no reader recognises it. */
export function readDateExpression(expression: string): Reading | null {
  const known = READINGS.get(expression);
  if (known !== undefined || READINGS.has(expression)) return known ?? null;
  const reading = readDateText(tidyDateText(expression));
  if (READINGS.size >= READINGS_MAX) READINGS.delete(READINGS.keys().next().value!);
  READINGS.set(expression, reading);
  return reading;
}

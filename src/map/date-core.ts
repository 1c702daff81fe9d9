/**
 * The core of a date expression, after the grammar (date-read.ts) has taken off qualifiers,
 * ranges and lists: a day, a month, a year, a season, a decade or century, or a part of a decade
 * or century. Input is canonical text (date-text.ts). EDTF levels 0–1 are read by the `edtf`
 * package; everything else by the small readers below, each for one kind of thing.
 */
import { parse as parseEdtf, type EdtfDateNode, type EdtfNode } from "edtf";
import { daySpan, isValidDay, monthSpan, qualify, rangeSpan, yearSpan, yearsSpan, type Reading } from "./date-span.js";
import {
  alternation,
  CENTURY_WORDS,
  DECADE_SUFFIXES,
  MONTH_NAMES,
  ORDINALS,
  PART_UNITS,
  PARTS_AFTER,
  PARTS_BEFORE,
  SEASON_NAMES,
  type Part,
} from "./date-words.js";

const pad2 = (n: number) => String(n).padStart(2, "0");

export function day(y: number, m: number, d: number, time: string | null = null): Reading {
  if (!isValidDay(y, m, d)) return { kind: "invalid", reason: `there is no day ${d} in month ${m} of ${y}` };
  return { kind: "span", span: daySpan(y, m, d, time) };
}

function time(h: number, mi: number, s: number): string | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

// ---- EDTF --------------------------------------------------------------------------------------

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
  if (reading.kind !== "span") return reading;
  let span = reading.span;
  if (node.approximate) span = qualify(span, "approximate");
  if (node.uncertain) span = qualify(span, "uncertain");
  return { kind: "span", span };
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

/** EDTF levels 0 and 1: 1923-05-17, 1923-05, 1923, 1920~, 192X, 1932-21, 1890/1900, ../1900. */
function readEdtf(core: string): Reading | null {
  if (!/^[\dxtzyes~?%/.:+-]+$/.test(core)) return null;
  // "-1847" is "until 1847" in a catalogue (date-read.ts), never the year 1848 BCE; EDTF's
  // negative years are only taken zero-padded ("-0500").
  if (/^-[1-9]\d{3}$/.test(core)) return null;
  try {
    return fromEdtf(parseEdtf(core.toUpperCase(), { level: 1 }));
  } catch {
    return null;
  }
}

// ---- days, months, seasons ---------------------------------------------------------------------

const MONTH = `(${alternation(Object.keys(MONTH_NAMES))})`;
const ORDINAL_SUFFIX = "(?:\\.|:e|:a|st|nd|rd|th)?";
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})${ORDINAL_SUFFIX} (?:of )?${MONTH},? (\\d{4})$`);
const MONTH_DAY_YEAR = new RegExp(`^${MONTH} (\\d{1,2})${ORDINAL_SUFFIX},? (\\d{4})$`);
const MONTH_YEAR = new RegExp(`^${MONTH},? (\\d{4})$`);
const YEAR_MONTH = new RegExp(`^(\\d{4}),? ${MONTH}$`);
const SEASON = `(${alternation(Object.keys(SEASON_NAMES))})`;
const SEASON_YEAR = new RegExp(`^${SEASON} (\\d{4})$`);
const YEAR_SEASON = new RegExp(`^(\\d{4}),? ${SEASON}$`);

function readDays(core: string): Reading | null {
  let m = /^(\d{4})[-:](\d{2})[-:](\d{2})[ t](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(core);
  if (m) {
    const t = time(Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    return t ? day(Number(m[1]), Number(m[2]), Number(m[3]), t) : { kind: "invalid", reason: "the time of day is out of range" };
  }
  // ISO with fractions of a second or a zone, which EDTF does not take: the local date and time as written.
  m = /^(\d{4})-(\d{2})-(\d{2})t(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?$/.exec(core);
  if (m) {
    const t = time(Number(m[4]), Number(m[5]), Number(m[6]));
    return t ? day(Number(m[1]), Number(m[2]), Number(m[3]), t) : { kind: "invalid", reason: "the time of day is out of range" };
  }
  // A zero day or month says "not known" (K-samsök, and Flickr's own "1950-00-01").
  if ((m = /^(\d{4})-00(?:-0[01])?$/.exec(core))) return { kind: "span", span: yearSpan(Number(m[1])) };
  if ((m = /^(\d{4})-(\d{2})-00$/.exec(core))) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { kind: "span", span: monthSpan(Number(m[1]), month) } : { kind: "invalid", reason: `there is no month ${month}` };
  }
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(core))) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  // Nordic and German day.month.year, and 17/5 1923, 17/5-1923 (Swedish); never 5/17/1923.
  if ((m = /^(\d{1,2})\. ?(\d{1,2})\. ?(\d{4})$/.exec(core) ?? /^(\d{1,2})\/(\d{1,2})(?: |-| - )(\d{4})$/.exec(core))) {
    return day(Number(m[3]), Number(m[2]), Number(m[1]));
  }
  if ((m = DAY_MONTH_YEAR.exec(core))) return day(Number(m[3]), MONTH_NAMES[m[2]!]!, Number(m[1]));
  if ((m = MONTH_DAY_YEAR.exec(core))) return day(Number(m[3]), MONTH_NAMES[m[1]!]!, Number(m[2]));
  if ((m = MONTH_YEAR.exec(core))) return { kind: "span", span: monthSpan(Number(m[2]), MONTH_NAMES[m[1]!]!) };
  if ((m = YEAR_MONTH.exec(core))) return { kind: "span", span: monthSpan(Number(m[1]), MONTH_NAMES[m[2]!]!) };
  if ((m = SEASON_YEAR.exec(core))) return { kind: "span", span: { ...yearSpan(Number(m[2])), loss: "a season" } };
  if ((m = YEAR_SEASON.exec(core))) return { kind: "span", span: { ...yearSpan(Number(m[1])), loss: "a season" } };
  return null;
}

// ---- decades, centuries and their parts --------------------------------------------------------

export interface Period {
  start: number;
  length: 10 | 100;
}

const DECADE = new RegExp(`^(\\d{2,3}0) ?-? ?'?(?:${alternation(DECADE_SUFFIXES)})$`);
const CENTURY = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th|:e|:a|e|\\.)? ?(?:${alternation(CENTURY_WORDS)})$`);

/**
 * 1920-talet, 1920-tal, 1920 talet, 1800-t, 1920s, 1920's, 1920er (Jahre), 1600-talet, 1600s,
 * 17th century, 17:e århundradet, 18. Jh. A round hundred with a decade suffix is a century
 * (Swedish "1900-talet", and what "1600s" means in LIDO).
 */
export function readPeriod(text: string): Period | null {
  const t = text.replace(/^(?:the|des|of the|av|af) /, "");
  const decade = DECADE.exec(t);
  if (decade) {
    const start = Number(decade[1]);
    return { start, length: start % 100 === 0 ? 100 : 10 };
  }
  const century = CENTURY.exec(t);
  if (century && Number(century[1]) >= 1) return { start: (Number(century[1]) - 1) * 100, length: 100 };
  return null;
}

export const periodName = (p: Period) => (p.length === 10 ? "a decade" : "a century");

const ORDINAL = `(${alternation(Object.keys(ORDINALS))})`;
const UNIT = `(${alternation(Object.keys(PART_UNITS))})`;
const ORDINAL_PART = new RegExp(`^${ORDINAL} ?${UNIT}(?: (?:av|af|på|of|des|of the))?$`);

/** "andra hälften", "sista fjärdedel", "first decade": the k-th of n equal parts. */
function ordinalPart(words: string): Part | null {
  const m = ORDINAL_PART.exec(words);
  if (!m) return null;
  const n = PART_UNITS[m[2]!]!;
  const ordinal = ORDINALS[m[1]!]!;
  const k = ordinal === "last" ? n : ordinal;
  if (k > n) return null;
  return (length) => {
    if (n === 10 && length === 10) return [0, 9]; // "the first decade of the 1920s" is the 1920s
    const size = length / n;
    return [Math.floor((k - 1) * size), Math.floor(k * size) - 1];
  };
}

const PART_BEFORE = new RegExp(`^(?:(?:i|in) )?(?:the )?(${alternation(Object.keys(PARTS_BEFORE))})(?: av| af| på| of| des)?(?: |-)(.+)$`);

/** A part named before its period, or after it in the Swedish genitive ("1800-talets slut"). */
function readPartOfPeriod(core: string): Reading | null {
  let part: Part | null = null;
  let period: Period | null = null;
  // Swedish, Norwegian, Danish genitive -s ("1800-talets slut"), Finnish -n ("1800-luvun loppu").
  const genitive = /^(.+?)s (.+)$/.exec(core) ?? /^(.+?n) (.+)$/.exec(core);
  if (genitive && (period = readPeriod(genitive[1]!))) {
    part = PARTS_AFTER[genitive[2]!] ?? ordinalPart(genitive[2]!);
  }
  // LSH writes the part after the period without the genitive: "1800-t mitt", "1600-talet slut".
  const after = /^(\S+) (.+)$/.exec(core);
  if (!part && after && (period = readPeriod(after[1]!))) {
    part = PARTS_AFTER[after[2]!] ?? ordinalPart(after[2]!);
  }
  // German inverted: "19. Jh., 2. Hälfte", "18. Jh., Ende".
  const inverted = /^(.+?), (.+)$/.exec(core);
  if (!part && inverted && (period = readPeriod(inverted[1]!))) {
    part = PARTS_AFTER[inverted[2]!] ?? PARTS_BEFORE[inverted[2]!] ?? ordinalPart(inverted[2]!);
  }
  if (!part) {
    const named = PART_BEFORE.exec(core);
    if (named) {
      part = PARTS_BEFORE[named[1]!]!;
      period = readPeriod(named[2]!);
    } else {
      const ordinal = /^(?:(?:i|in) )?(?:the )?(\S+ \S+(?: av| af| på| of| des| of the)?) (.+)$/.exec(core);
      part = ordinal ? ordinalPart(ordinal[1]!) : null;
      period = ordinal ? readPeriod(ordinal[2]!) : null;
    }
  }
  if (!part || !period) return null;
  const [from, to] = part(period.length);
  return { kind: "span", span: yearsSpan(period.start + from, period.start + to, `part of ${periodName(period)}`) };
}

/** "1920-30-talet": the 1920s to the 1930s; "1700-1800-talet": the 18th and 19th centuries. */
function readDecadeRange(core: string): Reading | null {
  const m = /^(\d{3})0 ?[-/] ?(\d{1,3})0 ?-? ?(tal|talet|talen|t|s|er|tallet|tall|årene)$/.exec(core);
  if (!m) return null;
  const short = m[2]!;
  const fromYear = Number(m[1]) * 10;
  const toYear = short.length === 3 ? Number(short) * 10 : Math.floor(fromYear / 100) * 100 + Number(short) * 10;
  const from = readPeriod(`${fromYear}-${m[3]}`);
  const to = readPeriod(`${toYear}-${m[3]}`);
  if (!from || !to || to.start <= from.start) return null;
  const what = from.length === 100 && to.length === 100 ? "a range of centuries" : "a range of decades";
  return { kind: "span", span: yearsSpan(from.start, to.start + to.length - 1, what) };
}

/** "sekelskiftet 1900", "sekelskiftet 1800-1900", "Jahrhundertwende 1900": circa the round year. */
function readTurnOfCentury(core: string): Reading | null {
  const m = /^(?:sekelskiftet|jahrhundertwende|the turn of the century) (?:(\d{2})00 ?[-/] ?)?(\d{2})00$/.exec(core);
  if (!m || (m[1] !== undefined && Number(m[2]) !== Number(m[1]) + 1)) return null;
  const year = Number(m[2]) * 100;
  return { kind: "span", span: { ...yearSpan(year), approximate: true, loss: "the turn of a century" } };
}

/** A year of three digits (AD 100–999: LSH dates Roman coins "117", "333-335"); never one or two. */
function readShortYear(core: string): Reading | null {
  return /^[1-9]\d{2}$/.test(core) ? { kind: "span", span: yearSpan(Number(core)) } : null;
}

/** The core readers, most specific first. */
export const CORE_READERS: readonly { name: string; read: (core: string) => Reading | null }[] = [
  { name: "EDTF level 0–1", read: readEdtf },
  { name: "year of three digits", read: readShortYear },
  { name: "day, month or season", read: readDays },
  {
    name: "decade or century",
    read: (core) => {
      const p = readPeriod(core);
      return p ? { kind: "span", span: yearsSpan(p.start, p.start + p.length - 1, periodName(p)) } : null;
    },
  },
  { name: "range of decades", read: readDecadeRange },
  { name: "part of a decade or century", read: readPartOfPeriod },
  { name: "turn of a century", read: readTurnOfCentury },
];

export function readCore(core: string): Reading | null {
  for (const reader of CORE_READERS) {
    const reading = reader.read(core);
    if (reading) return reading;
  }
  return null;
}

/**
 * The grammar of catalogue dates, Swedish, English and German. An expression is
 *
 *   expression  := life | qualified
 *   qualified   := qualifier* body qualifier*          (qualifiers before or after, any order)
 *   body        := core | between | range | open | list
 *   between     := "mellan" side "och" side | "from" side "to" side | "påbörjad" side, "avslutad" side …
 *   range       := side ("-" | "--" | "–" | "/" | "till" | "to" | "bis") side
 *   open        := before-word side | side before-word | "-" side | side "-" …  (no date Flickr can show)
 *   list        := side ("," | ";" | "och" | "eller" | "or" …) side …
 *   side        := qualified (without lists)
 *   core        := day | month | year | season | period | part period | period part  (date-core.ts)
 *   life        := "*" year | "+" year | "†" year | year "*" … (birth and death years, not a photo date)
 *
 * Qualifiers are circa words (`ca`, `c.`, `c:a`, `cirka`, `omkring år`, `um`…), uncertainty
 * (`troligen`, `probably`, `?`, `(?)`), brackets (`[1915]`), event verbs of LIDO display dates
 * (`Utf.`, `Sign.`, `Executed`) and fillers (`år`, `in`). The text is made canonical first
 * (date-text.ts), so doubled letters, typos, non-breaking spaces and abbreviation dots are
 * already gone; the words themselves are the lexicon of date-words.ts.
 */
import { canonicalDateText, tidyDateText } from "./date-text.js";
import { readCore, CORE_READERS } from "./date-core.js";
import { eitherSpan, qualify, rangeSpan, yearSpan, type DateSpan, type Reading } from "./date-span.js";
import {
  AFTER_WORDS,
  alternation,
  APPROXIMATE_PREFIXES,
  BEFORE_WORDS,
  BETWEEN_PAIRS,
  BOTH_WORDS,
  BOUND_AFTER_WORDS,
  EITHER_WORDS,
  EVENT_PREFIXES,
  FILLER_PREFIXES,
  RANGE_WORDS,
  UNCERTAIN_PREFIXES,
} from "./date-words.js";

export { tidyDateText };

// ---- qualifiers --------------------------------------------------------------------------------

interface Qualified {
  body: string;
  approximate: boolean;
  uncertain: boolean;
}

const words = (list: readonly string[]) => alternation(list);
const LEADING = (list: readonly string[]) => new RegExp(`^(?:${words(list)})(?:\\s+|(?=\\d)|$)`);
const TRAILING = (list: readonly string[]) => new RegExp(`(?:^|\\s+|(?<=\\d))(?:${words(list)})$`);
const EVENT_LEAD = LEADING(EVENT_PREFIXES);
const FILLER_LEAD = new RegExp(`^(?:${words(FILLER_PREFIXES)})\\s+(?=\\d|${words([...APPROXIMATE_PREFIXES, ...UNCERTAIN_PREFIXES])})`);
const APPROX_LEAD = LEADING(APPROXIMATE_PREFIXES);
const APPROX_TRAIL = TRAILING(APPROXIMATE_PREFIXES);
const UNCERTAIN_LEAD = LEADING(UNCERTAIN_PREFIXES);
const UNCERTAIN_TRAIL = TRAILING(UNCERTAIN_PREFIXES);
const QUESTION_TRAIL = /\s*(?:\(\?\)|\[\?\]|\?)$/;
const QUESTION_LEAD = /^\?\s*(?=\d)/;
/** "1920 (ca)", "1920 [troligen]": a qualifier in brackets after the date. */
const BRACKETED_TRAIL = new RegExp(`\\s*[([](${words([...APPROXIMATE_PREFIXES, ...UNCERTAIN_PREFIXES])})[)\\]]$`);

/** Take qualifiers off both ends, repeatedly, until none is left. */
function peel(text: string): Qualified {
  let body = text;
  let approximate = false;
  let uncertain = false;
  for (;;) {
    const before = body;
    body = body.trim().replace(/(\d)\.$/, "$1").replace(/[,;:]$/, "").trim();
    const bracketed = /^\[(.*)\]$/.exec(body) ?? /^\((.*)\)$/.exec(body);
    if (bracketed) body = bracketed[1]!.trim();
    body = body.replace(EVENT_LEAD, "").replace(FILLER_LEAD, "").replace(BRACKETED_TRAIL, " $1");
    if (APPROX_LEAD.test(body) || APPROX_TRAIL.test(body)) {
      approximate = true;
      body = body.replace(APPROX_LEAD, "").replace(APPROX_TRAIL, "");
    }
    if (UNCERTAIN_LEAD.test(body) || UNCERTAIN_TRAIL.test(body)) {
      uncertain = true;
      body = body.replace(UNCERTAIN_LEAD, "").replace(UNCERTAIN_TRAIL, "");
    }
    const question = QUESTION_TRAIL.exec(body);
    if (question && question.index > 0) {
      uncertain = true;
      body = body.slice(0, question.index);
    }
    if (QUESTION_LEAD.test(body)) {
      uncertain = true;
      body = body.replace(QUESTION_LEAD, "");
    }
    if (body === before) return { body, approximate, uncertain };
  }
}

function qualifyReading(reading: Reading, q: Qualified): Reading {
  if (reading.kind !== "span") return reading;
  let span = reading.span;
  if (q.approximate) span = qualify(span, "approximate");
  if (q.uncertain) span = qualify(span, "uncertain");
  return { kind: "span", span };
}

// ---- ranges, open ranges, lists ----------------------------------------------------------------

/** "1893-94", "1768 - 80", "1929-05-27 - 28": the end written with the last digits of the start. */
function expandShortEnd(from: string, to: string): string {
  const day = /(\d{4}-\d{2}-)\d{2}$/.exec(from);
  if (day && /^\d{1,2}$/.test(to)) return `${day[1]}${to.padStart(2, "0")}`;
  const year = /(\d{4})$/.exec(from);
  if (!year || !/^\d{1,2}$/.test(to)) return to;
  const unit = to.length === 2 ? 100 : 10;
  // No wrapping into the next century: "1923-13" is a mistake, not 1923–2013.
  return String(Math.floor(Number(year[1]) / unit) * unit + Number(to));
}

/**
 * The start as written, or — when it has no year of its own ("maj-juni 1923", "17-18 maj 1923",
 * "18th-19th century") — completed with the words it shares with the end, shortest first.
 */
function borrow(fromText: string, toText: string): Reading | null {
  const own = readSide(fromText);
  if (own || /\d{4}/.test(fromText)) return own;
  const words = toText.trim().split(" ");
  for (let i = words.length - 1; i >= 1; i--) {
    const reading = readSide(`${fromText.trim()} ${words.slice(i).join(" ")}`);
    if (reading) return reading;
  }
  return null;
}

/** Both sides read (each with its own qualifiers), combined; an impossible side wins. */
function two(fromText: string, toText: string, combine: (a: DateSpan, b: DateSpan) => Reading): Reading | null {
  const a = borrow(fromText, toText);
  const b = readSide(expandShortEnd(fromText.trim(), toText.trim()));
  if (!a || !b) return null;
  if (a.kind === "invalid") return a;
  if (b.kind === "invalid") return b;
  if (a.kind !== "span" || b.kind !== "span") return null;
  return combine(a.span, b.span);
}

const BETWEEN = BETWEEN_PAIRS.map(([open, join]) => new RegExp(`^${open},? (.+?),? ${join} (.+)$`));

function readBetween(body: string): Reading | null {
  for (const re of BETWEEN) {
    const m = re.exec(body);
    if (m) return two(m[1]!, m[2]!, rangeSpan);
  }
  return null;
}

const SPACED_RANGE = new RegExp(`^(.+?) (?:-|--|${words(RANGE_WORDS)}) (.+)$`);

/** Split points of a closed range: spaced connectors first, then every hyphen or slash between digits. */
function readRange(body: string): Reading | null {
  const spaced = SPACED_RANGE.exec(body) ?? /^(.+?\d) ?-- ?(.+)$/.exec(body);
  if (spaced) {
    const reading = two(spaced[1]!, spaced[2]!, rangeSpan);
    if (reading) return reading;
  }
  // "1580 c -1650 c", "1763 c- 1765": one space beside the hyphen.
  const loose = /^(.+?[\d\p{L}?]) ?- (.+)$/u.exec(body) ?? /^(.+?) -(\d.*)$/.exec(body);
  if (loose) {
    const reading = two(loose[1]!, loose[2]!, rangeSpan);
    if (reading) return reading;
  }
  // "1890-1900", "1665/70", "1939-07-25-1939-08-07", "maj-juni 1923": try each hyphen or slash in turn.
  for (const m of body.matchAll(/(?<=[\p{L}\d'?])[-/](?=[\p{L}\d])/gu)) {
    const reading = two(body.slice(0, m.index), body.slice(m.index + 1), rangeSpan);
    if (reading) return reading;
  }
  return null;
}

const OPEN_BEFORE = new RegExp(`^(?:${words([...BEFORE_WORDS, ...AFTER_WORDS])}),? (.+)$`);
const OPEN_AFTER = new RegExp(`^(.+?),? (?:${words(BOUND_AFTER_WORDS)})$`);

/**
 * "före 1880", "1854 före", "efter 1632", "1815-", "1580 c-", "-1847": a bound, nothing Flickr can
 * show. A round hundred with a hyphen ("1700-") is LSH's short form of "1700-talet", a century.
 */
function readOpen(body: string): Reading | null {
  const century = /^(\d{2})00\s?-$/.exec(body);
  if (century) return readCore(`${century[1]}00-talet`);
  const m = OPEN_BEFORE.exec(body) ?? OPEN_AFTER.exec(body) ?? /^-\s?(\d.*)$/.exec(body) ?? /^(.*?[\d\p{L}])\s?-+$/u.exec(body);
  // "192-" is a decade with its last digit missing, not "from the year 192".
  if (!m || !/\d{4}/.test(m[1]!)) return null;
  const inner = readSide(m[1]!);
  if (inner?.kind === "invalid") return inner;
  return inner?.kind === "span" ? { kind: "open", what: "an open-ended range" } : null;
}

const EITHER = new RegExp(`^(.+?) (?:${words(EITHER_WORDS)}) (.+)$`);
const BOTH = new RegExp(`^(.+?) (?:${words(BOTH_WORDS)}) (.+)$`);
const LIST_SEPARATOR = new RegExp(`\\s*[,;]\\s*|\\s+(?:${words(BOTH_WORDS)})\\s+`);

/** "1557 eller 1558", "1927, 1931", "1927; 1931 och 1935": one of the dates written. */
function readList(body: string): Reading | null {
  const either = EITHER.exec(body);
  if (either) return two(either[1]!, either[2]!, (a, b) => ({ kind: "span", span: eitherSpan(a, b, "one of two dates") }));
  const items = body.split(LIST_SEPARATOR);
  if (items.length < 2) return null;
  const spans: DateSpan[] = [];
  for (const item of items) {
    const reading = readSide(item);
    if (reading?.kind === "invalid") return reading;
    if (reading?.kind !== "span") return null;
    spans.push(reading.span);
  }
  const loss = BOTH.test(body) && items.length === 2 ? "two dates" : "several dates";
  return { kind: "span", span: spans.slice(1).reduce((acc, s) => eitherSpan(acc, s, loss), spans[0]!) };
}

// ---- birth and death years ---------------------------------------------------------------------

const LIFE_WORDS = /^(?:född|född år|död|död år|f|d|born|b|died|geb|gest|geboren|gestorben)\s+(?=(?:ca\s+|c\s+)?\d{4}\b)/;
/** A birth or death mark next to a date, with LSH's circa between: "*1890", "1809*", "1599*c", "1590+c", "*1.1.1666". */
const LIFE_MARK = /(?:^|[\s,;(/-])[*†+]\s?c?\s?\d|\d\s?c?\s?[*†+](?=$|[\s,;)/c-])/;

/** "*1890", "+1486", "1809* - 1870+", "1871*-", "född 1890": a life. Read to be sure it is dates. */
function readLife(text: string): Reading | null {
  if (!(LIFE_MARK.test(text) || LIFE_WORDS.test(text)) || /\d[t ]\d{1,2}:\d{2}/.test(text)) return null; // "+01:00" is a time zone
  const bare = text
    .replace(/[*†+]/g, " ")
    .replace(/^\s*(?:född|död|born|died|geb|gest|f|d|b)\s+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(\d{4}) (\d{4})$/, "$1 - $2"); // "*1809 †1870"
  const inner = readExpression(bare);
  if (inner?.kind !== "span" && inner?.kind !== "open") return null; // "1871*-": born 1871, alive
  const birth = /\*|^(?:född|born|b|f|geb)\b/.test(text);
  const death = /[†+]|^(?:död|d|died|gest)\b/.test(text);
  const span = inner.kind === "span" && inner.span.end.y > inner.span.start.y;
  return { kind: "life", what: (birth && death) || span ? "a lifespan" : birth ? "a year of birth" : "a year of death" };
}

// ---- the expression ----------------------------------------------------------------------------

function readStructure(body: string, lists: boolean): Reading | null {
  return readBetween(body) ?? readRange(body) ?? readOpen(body) ?? (lists ? readList(body) : null);
}

/**
 * The core of the whole text first ("19th c." is a century before "c." is taken for circa),
 * then qualifiers off, then the structure (range, open range, list) of what is left, so
 * "Sign. 1880-02" is February 1880 and not a range from "Sign. 1880".
 */
function readQualified(text: string, lists: boolean): Reading | null {
  // Ranges and lists try every split point and read both sides: without remembering the sides
  // already read, a long run of hyphens would take exponential time.
  const key = `${lists ? "L" : "S"}${text}`;
  if (SIDES.has(key)) return SIDES.get(key) ?? null;
  const reading = readQualifiedOnce(text, lists);
  SIDES.set(key, reading);
  return reading;
}

/** Readings of the parts of the expression being read (cleared for each expression). */
const SIDES = new Map<string, Reading | null>();

function readQualifiedOnce(text: string, lists: boolean): Reading | null {
  const trimmed = text.trim();
  const core = readCore(trimmed);
  if (core) return core;
  const q = peel(trimmed);
  if (q.body === "") return null;
  if (q.body !== trimmed) {
    const reading = readQualified(q.body, lists);
    return reading ? qualifyReading(reading, q) : null;
  }
  return readEra(trimmed, lists) ?? readStructure(trimmed, lists);
}

const AD = /^(.+?)\s?(?:e\.? ?kr|e\.? ?chr|ad|a\.d|n\.? ?chr|nach christus|efter kristus)$/;
const BC = /^(.+?)\s?(?:f\.? ?kr|bc|bce|b\.c|v\.? ?chr|vor christus|före kristus)$/;

/** "100-talet e.Kr." is the 100s; "347 - 407 f.Kr." is before year 1, which Flickr cannot show. */
function readEra(text: string, lists: boolean): Reading | null {
  const ad = AD.exec(text);
  if (ad) return readQualified(ad[1]!, lists);
  const bc = BC.exec(text);
  // A year of one or two digits is read only when the era is written beside it: "7 f.Kr.".
  const inner = bc ? (/^\d{1,2}$/.test(bc[1]!) ? { kind: "span" as const, span: yearSpan(Number(bc[1])) } : readQualified(bc[1]!, lists)) : null;
  if (inner?.kind !== "span") return inner;
  const { start, end } = inner.span;
  return { kind: "span", span: { ...inner.span, start: { y: -end.y, m: 1, d: 1 }, end: { y: -start.y, m: 12, d: 31 }, precision: "year" } };
}

function readSide(text: string): Reading | null {
  return readQualified(text, false);
}

/** "1960- och 1970-talen": the suffix the first period shares with the second, written out. */
function unsuspend(text: string): string {
  return text.replace(/(\d{3}0)- (och|og|eller|till|til|and|or|to|und|oder|bis) (\d{3}0) ?-? ?(talet|talen|tal|t|er|årene)\b/g, "$1-$4 $2 $3-$4");
}

function readExpression(text: string): Reading | null {
  const t = unsuspend(text);
  return readLife(t) ?? readQualified(t, true);
}

/** The grammar's parts, named, for documentation and the tests that list what is read. */
export const READERS: readonly { name: string }[] = [
  ...CORE_READERS.map(({ name }) => ({ name })),
  { name: "between … and …" },
  { name: "range" },
  { name: "open range" },
  { name: "list or alternatives" },
  { name: "birth and death years" },
];

// Catalogues repeat the same date phrasings thousands of times, and the EDTF parser rebuilds its
// grammar on every call: remember recent readings (a Reading is never mutated by its users).
const READINGS = new Map<string, Reading | null>();
const READINGS_MAX = 20_000;
const MAX_LENGTH = 120;

/** Read a date expression; null when the grammar does not recognise it. */
export function readDateExpression(expression: string): Reading | null {
  const known = READINGS.get(expression);
  if (known !== undefined || READINGS.has(expression)) return known ?? null;
  const text = canonicalDateText(expression);
  SIDES.clear();
  // A date is a few words; a long text is a description in the wrong column.
  const reading = text.length > MAX_LENGTH ? null : readExpression(text);
  SIDES.clear();
  if (READINGS.size >= READINGS_MAX) READINGS.delete(READINGS.keys().next().value!);
  READINGS.set(expression, reading);
  return reading;
}

/**
 * The words of date expressions, Swedish and English: month and season names, the verbs and
 * qualifiers that come before a date, and the parts of a decade or century ("slutet av",
 * "first half of"). Tables, so adding a word is adding a row.
 */

/** Swedish and English month names and abbreviations → month 1–12. */
export const MONTH_NAMES: Readonly<Record<string, number>> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, february: 2, feb: 2,
  mars: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  maj: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  augusti: 8, august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

/** Season words → EDTF season codes (21 spring … 24 winter). */
export const SEASON_NAMES: Readonly<Record<string, number>> = {
  vår: 21, våren: 21, spring: 21,
  sommar: 22, sommaren: 22, summer: 22,
  höst: 23, hösten: 23, autumn: 23, fall: 23,
  vinter: 24, vintern: 24, winter: 24,
};

/** Verbs of LIDO display dates and catalogue labels: they name the event, not the date. */
export const EVENT_PREFIXES = [
  "utf.", "utförd", "utfört", "sign.", "signerad", "signerat", "dat.", "daterad", "daterat", "stämplad", "stämplat",
  "utg. år:", "utg.år:", "utgiven", "tryckt", "fotograferad", "fotograferat", "tagen", "datering:", "datum:",
  "executed", "made", "signed", "dated", "marked", "stamped", "publ. year:", "published", "printed", "photographed",
  "taken", "created", "date:",
];
/** Words before a date that mean circa. */
export const APPROXIMATE_PREFIXES = ["approximately", "approx.", "approx", "cirka", "circa", "omkring", "omkr.", "ungefär", "around", "about", "abt.", "ca.", "ca", "c."];
/** Words before a date that mean it is uncertain (shown as circa too). */
export const UNCERTAIN_PREFIXES = ["troligen", "troligtvis", "förmodligen", "sannolikt", "möjligen", "kanske", "probably", "possibly", "perhaps", "presumably", "likely"];

/** A word list entry as a regular expression: metacharacters escaped, spaces optional. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s*");
const prefixRe = (words: readonly string[]) =>
  new RegExp(`^(?:${[...words].sort((a, b) => b.length - a.length).map(escapeRe).join("|")})(?=[\\s\\d]|$)\\s*`);
/** Prefix matchers: a word of the list at the start, followed by a space, a digit or the end. */
export const EVENT_RE = prefixRe(EVENT_PREFIXES);
export const APPROXIMATE_RE = prefixRe(APPROXIMATE_PREFIXES);
export const UNCERTAIN_RE = prefixRe(UNCERTAIN_PREFIXES);

/** Which years of a decade (10) or century (100) a part covers, as offsets from its start. */
export type Part = (length: 10 | 100) => [number, number];
const early: Part = (l) => (l === 10 ? [0, 3] : [0, 19]);
const mid: Part = (l) => (l === 10 ? [3, 7] : [40, 59]);
const late: Part = (l) => (l === 10 ? [5, 9] : [80, 99]);
const half = (n: 1 | 2): Part => (l) => [((n - 1) * l) / 2, (n * l) / 2 - 1];
const quarter = (n: 1 | 2 | 3 | 4): Part => (l) => [Math.floor(((n - 1) * l) / 4), Math.floor((n * l) / 4) - 1];
const decadeOf = (n: "first" | "last"): Part => (l) => (l === 10 ? [0, 9] : n === "first" ? [0, 9] : [90, 99]);

/** "början av 1600-talet", "late 1650's", "first half of the 17th century", "last quarter of 1600s". */
export const PARTS_BEFORE: Readonly<Record<string, Part>> = {
  "början av": early, tidigt: early, tidiga: early, early, "beginning of": early, "start of": early,
  "mitten av": mid, mid, "middle of": mid,
  "slutet av": late, sent: late, sena: late, late, "end of": late,
  "första hälften av": half(1), "first half of": half(1),
  "andra hälften av": half(2), "senare hälften av": half(2), "second half of": half(2), "latter half of": half(2),
  "första fjärdedelen av": quarter(1), "första fjärdedel av": quarter(1), "first quarter of": quarter(1),
  "andra fjärdedelen av": quarter(2), "second quarter of": quarter(2),
  "tredje fjärdedelen av": quarter(3), "third quarter of": quarter(3),
  "sista fjärdedelen av": quarter(4), "sista fjärdedel av": quarter(4), "fjärde fjärdedelen av": quarter(4),
  "last quarter of": quarter(4), "fourth quarter of": quarter(4),
  "första decenniet av": decadeOf("first"), "first decade of": decadeOf("first"),
  "sista decenniet av": decadeOf("last"), "last decade of": decadeOf("last"),
};

/** Swedish genitive: "1600-talets första decennium", "1800-talets slut". */
export const PARTS_AFTER: Readonly<Record<string, Part>> = {
  början: early, mitt: mid, slut: late,
  "första hälft": half(1), "andra hälft": half(2), "senare hälft": half(2),
  "första fjärdedel": quarter(1), "sista fjärdedel": quarter(4),
  "första decennium": decadeOf("first"), "första decenniet": decadeOf("first"), "sista decennium": decadeOf("last"),
};

/** "<part> <period>", optionally after "in"/"the". */
export const PARTS_BEFORE_RE = new RegExp(
  `^(?:in )?(?:the )?(${Object.keys(PARTS_BEFORE).sort((a, b) => b.length - a.length).map(escapeRe).join("|")})(?: |-)(?:the )?(.+)$`,
);
/** "<period>s <part>" (Swedish genitive). */
export const PARTS_AFTER_RE = new RegExp(`^(.+?)s (${Object.keys(PARTS_AFTER).sort((a, b) => b.length - a.length).map(escapeRe).join("|")})$`);

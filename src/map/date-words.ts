/**
 * The lexicon of the date grammar (date-read.ts): the words catalogues use in Swedish, English
 * and German (with the Norwegian, Danish and Finnish words of Nordic exports where they differ), grouped by the role they play — month, season, period unit, part of a period,
 * qualifier, event verb, open-range word, connector. The grammar combines roles; it never
 * lists whole phrasings, so "troligen andra fjärdedelen av 1700-talet" reads without a row of
 * its own. Every word here is also the canonical spelling date-text.ts corrects a misspelt or
 * doubled-letter word to.
 */

/** Month names and abbreviations → month 1–12. */
export const MONTH_NAMES: Readonly<Record<string, number>> = {
  januari: 1, january: 1, januar: 1, jan: 1, jänner: 1,
  februari: 2, february: 2, februar: 2, feb: 2, febr: 2,
  mars: 3, march: 3, märz: 3, mar: 3,
  april: 4, apr: 4,
  maj: 5, may: 5, mai: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  augusti: 8, august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dezember: 12, desember: 12, dec: 12, dez: 12, des: 12,
};

/** Season words → EDTF season codes (21 spring … 24 winter). Flickr shows the year. */
export const SEASON_NAMES: Readonly<Record<string, number>> = {
  vår: 21, våren: 21, spring: 21, frühling: 21, frühjahr: 21, forår: 21, foråret: 21, kevät: 21, keväällä: 21,
  sommar: 22, sommaren: 22, summer: 22, sommer: 22, sommeren: 22, kesä: 22, kesällä: 22,
  höst: 23, hösten: 23, autumn: 23, fall: 23, herbst: 23, høst: 23, høsten: 23, efterår: 23, efteråret: 23, syksy: 23, syksyllä: 23,
  vinter: 24, vintern: 24, winter: 24, vinteren: 24, talvi: 24, talvella: 24,
};

/** Verbs and labels of LIDO display dates and catalogue fields: they name the event, not the date. */
export const EVENT_PREFIXES = [
  "utf", "utförd", "utfört", "sign", "signerad", "signerat", "dat", "daterad", "daterat", "stämplad", "stämplat",
  "utg år", "utgiven", "tryckt", "fotograferad", "fotograferat", "tagen", "datering", "datum", "tillkomsttid", "tillktid",
  "executed", "made", "signed", "dated", "marked", "stamped", "publ year", "published", "printed", "photographed",
  "taken", "created", "date", "datiert", "entstanden", "aufgenommen", "fotodatum", "tid", "årtal", "period", "dating",
  "datert", "dateret", "fotografert", "fotograferet", "ajoitus",
];
/** Words before or after a date that mean circa. */
export const APPROXIMATE_PREFIXES = [
  "approximately", "approx", "cirka", "circa", "zirka", "omkring år", "omkring", "omkr", "ungefär", "ung",
  "around", "about", "abt", "ca", "c", "kring", "runt", "um", "etwa", "gegen", "omtrent", "noin",
];
/** Words before or after a date that mean it is uncertain (shown as circa too). */
export const UNCERTAIN_PREFIXES = [
  "troligen", "troligtvis", "trol", "förmodligen", "sannolikt", "möjligen", "kanske",
  "probably", "possibly", "perhaps", "presumably", "likely", "vermutlich", "wahrscheinlich", "wohl",
  "trolig", "sannsynligvis", "antagelig", "antakelig", "muligens", "muligvis", "formentlig", "todennäköisesti", "luultavasti",
];
/** Words before a date that add nothing: "år 1900", "in 1920", "den 17 maj", "im Jahr 1900". */
export const FILLER_PREFIXES = ["år", "anno", "i", "in", "im jahr", "im jahre", "im", "den", "the", "on", "am"];

/** Open ranges: the date is a bound, not a date ("före 1880", "after 1643", "1854 före"). */
export const BEFORE_WORDS = ["före", "innan", "senast", "before", "prior to", "not after", "no later than", "vor", "until", "till", "fram till", "bis", "før", "inntil", "ennen"];
export const AFTER_WORDS = ["efter", "tidigast", "sedan", "after", "not before", "no earlier than", "since", "nach", "seit", "ab", "från", "from", "etter", "fra"];
/** Bounds written after the date: "1923 or earlier", "1923 eller senare", "1955 och framåt". */
export const BOUND_AFTER_WORDS = ["eller tidigare", "eller senare", "och framåt", "och senare", "framåt", "or earlier", "or later", "and later", "onwards",
  "und später", "oder früher", "oder später", "före", "efter", "før", "etter", "jälkeen", "ennen"];

/** Connectors of a closed range, between its two sides. */
export const RANGE_WORDS = ["till", "to", "until", "bis", "til"];
/** "mellan A och B" and its kin: opening word, joining word. */
export const BETWEEN_PAIRS: readonly (readonly [string, string])[] = [
  ["mellan", "och"], ["between", "and"], ["zwischen", "und"], ["från", "till"], ["from", "to"], ["von", "bis"],
  ["mellom", "og"], ["mellem", "og"], ["fra", "til"],
  ["påbörjad", "avslutad"], ["påbörjat", "avslutat"], ["påbörjad", "fullbordad"], ["begun", "accomplished"],
  ["begun", "completed"], ["begun", "finished"], ["started", "finished"], ["started", "completed"],
];
/** Connectors of alternatives ("1557 eller 1558") and of lists of dates ("1927, 1931"). */
export const EITHER_WORDS = ["eller", "el", "or", "oder", "tai"];
export const BOTH_WORDS = ["och", "and", "und", "&", "og", "ja"];

/** Period units after a number: decades and centuries ("1920-talet", "1920s", "18. Jh."). */
export const DECADE_SUFFIXES = ["talet", "tal", "talets", "talen", "t", "s", "er", "er jahre", "jahre", "årene", "åra", "erne", "luku", "luvulla", "luvun"];
export const CENTURY_WORDS = ["century", "cent", "c", "århundradet", "århundrade", "seklet", "sekel", "jh", "jhdt", "jahrhundert", "jahrhunderts"];

/** Ordinals of parts: which of n equal parts. "last" is the last whatever n is. */
export const ORDINALS: Readonly<Record<string, number | "last">> = {
  första: 1, förra: 1, "1:a": 1, "1.": 1, first: 1, erste: 1, ersten: 1, erstes: 1, første: 1,
  andra: 2, "2:a": 2, "2.": 2, second: 2, zweite: 2, zweiten: 2, zweites: 2, andre: 2, anden: 2,
  tredje: 3, "3:e": 3, "3.": 3, third: 3, dritte: 3, dritten: 3, drittes: 3,
  fjärde: 4, "4:e": 4, "4.": 4, fourth: 4, vierte: 4, vierten: 4, viertes: 4, fjerde: 4,
  sista: "last", last: "last", senare: "last", latter: "last", letzte: "last", letzten: "last", letztes: "last", siste: "last", sidste: "last",
};
/** Units of parts → how many of them make the period. A decade of a century is one of 10. */
export const PART_UNITS: Readonly<Record<string, 2 | 4 | 10>> = {
  hälften: 2, hälft: 2, halvan: 2, half: 2, hälfte: 2, halvdel: 2, halvdelen: 2,
  fjärdedelen: 4, fjärdedel: 4, kvartalet: 4, quarter: 4, viertel: 4, fjerdedel: 4, fjerdedelen: 4, kvartal: 4,
  decenniet: 10, decennium: 10, årtiondet: 10, årtionde: 10, decade: 10, jahrzehnt: 10, tiår: 10, tiåret: 10,
};

/** Which years of a decade (10) or century (100) a part covers, as offsets from its start. */
export type Part = (length: 10 | 100) => [number, number];
export const early: Part = (l) => (l === 10 ? [0, 3] : [0, 19]);
export const mid: Part = (l) => (l === 10 ? [3, 7] : [40, 59]);
export const late: Part = (l) => (l === 10 ? [5, 9] : [80, 99]);

/** Parts named by one word or phrase ("början av", "mid", "Ende"), before or after the period. */
export const PARTS_BEFORE: Readonly<Record<string, Part>> = {
  "början av": early, början: early, tidigt: early, tidiga: early, early, "beginning of": early, "start of": early,
  anfang: early, "anfang des": early, frühes: early, frühen: early, begynnelsen: early, begyndelsen: early, tidlig: early, tidlige: early,
  "mitten av": mid, mitten: mid, mid, "middle of": mid, mitte: mid, "mitte des": mid, midten: mid,
  "slutet av": late, slutet: late, sent: late, sena: late, late, "end of": late, ende: late, "ende des": late, spätes: late, späten: late,
  slutten: late, slutningen: late,
};
/** Swedish genitive: "1800-talets slut", "1600-talets början" (ordinal parts are composed). */
export const PARTS_AFTER: Readonly<Record<string, Part>> = {
  början: early, mitt: mid, mitten: mid, slut: late, slutet: late, "senare del": late, "senare delen": late,
  begynnelse: early, begyndelse: early, midte: mid, slutning: late, alku: early, puoliväli: mid, loppu: late,
  alkupuoli: (l) => [0, l / 2 - 1], loppupuoli: (l) => [l / 2, l - 1],
};

/** Every word of the lexicon, for the spelling corrections of date-text.ts. */
export function lexiconWords(): string[] {
  const phrases = [
    ...Object.keys(MONTH_NAMES), ...Object.keys(SEASON_NAMES), ...EVENT_PREFIXES, ...APPROXIMATE_PREFIXES,
    ...UNCERTAIN_PREFIXES, ...FILLER_PREFIXES, ...BEFORE_WORDS, ...AFTER_WORDS, ...BOUND_AFTER_WORDS, ...RANGE_WORDS, ...BETWEEN_PAIRS.flat(),
    ...EITHER_WORDS, ...BOTH_WORDS, ...DECADE_SUFFIXES, ...CENTURY_WORDS, ...Object.keys(ORDINALS), ...Object.keys(PART_UNITS),
    ...Object.keys(PARTS_BEFORE), ...Object.keys(PARTS_AFTER), "av", "af", "på", "of", "des", "the", "sekelskiftet", "jahrhundertwende",
  ];
  return [...new Set(phrases.flatMap((p) => p.split(" ")).filter((w) => /^\p{L}+$/u.test(w)))];
}

/** A word list as a regular-expression alternation, longest first, spaces matching one space. */
export const alternation = (words: readonly string[]) =>
  [...words].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");

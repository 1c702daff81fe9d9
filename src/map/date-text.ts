/**
 * The forgiving first step of reading a date: one spelling for what catalogues type many ways.
 * Case, Unicode forms, non-breaking and thin spaces, dashes and apostrophes are unified; the
 * dots and colons of abbreviations ("ca.", "Utg. år:", "c:a") are dropped; and every word is
 * corrected to the lexicon's spelling when it is a doubled-letter or one-typo variant of exactly
 * one lexicon word ("cirrka", "omkrng", "1920-tallet"). Only letters are corrected: digits are
 * never changed, so no number that is not written is ever read.
 */
import { lexiconWords } from "./date-words.js";

/** Lower-case, NFC, one ASCII space, ASCII hyphen and apostrophe. */
export function tidyDateText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, " ")
    .replace(/\u00a8/g, "") // a stray diaeresis, typed for an umlaut that did not come: "Omkring ¨år 1600"
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** The key two spellings share when they differ only by doubled letters or diacritics. */
function foldKey(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/(\p{L})\1+/gu, "$1");
}

/** Damerau–Levenshtein distance, stopping early above 1 (all this module needs). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number) => a.slice(x) === b.slice(y);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2));
}

const LEXICON = lexiconWords();
const LEXICON_SET = new Set(LEXICON);
const BY_KEY = new Map<string, string[]>();
for (const word of LEXICON) BY_KEY.set(foldKey(word), [...(BY_KEY.get(foldKey(word)) ?? []), word]);
const CORRECTIONS = new Map<string, string | null>();

/**
 * The lexicon word `word` stands for, or the word itself. A typo is corrected only for words of
 * five letters or more and only when exactly one lexicon word is that close: short words
 * ("maj"/"mai", "juni"/"juli") are too close to each other to guess.
 */
export function correctWord(word: string): string {
  if (LEXICON_SET.has(word)) return word;
  const known = CORRECTIONS.get(word);
  if (known !== undefined) return known ?? word;
  const key = foldKey(word);
  let found: string | null = null;
  const same = BY_KEY.get(key);
  if (same?.length === 1) found = same[0]!;
  else if (!same && key.length >= 5) {
    const near = [...BY_KEY.entries()].filter(([k]) => k.length >= 5 && withinOneEdit(key, k));
    if (near.length === 1 && near[0]![1].length === 1) found = near[0]![1][0]!;
  }
  CORRECTIONS.set(word, found);
  return found ?? word;
}

/**
 * Tidy, then drop abbreviation dots and label colons after letters ("ca." → "ca", "Utg. år:" →
 * "utg år") and correct each word. "c:a" is the Swedish abbreviation of cirka.
 */
export function canonicalDateText(text: string): string {
  return tidyDateText(text)
    .replace(/\bc:a\b/g, "ca")
    .replace(/(\p{L})-(to|till|bis)-(?=\p{L})/gu, "$1 $2 ")
    .replace(/(\p{L})[.:](?=\s|$|\d|-|,|;|\)|\])/gu, "$1 ")
    .replace(/ +,/g, ",")
    .replace(/\p{L}+/gu, (w) => correctWord(w))
    .replace(/\s+/g, " ")
    .trim();
}

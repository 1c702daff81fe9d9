/**
 * CSV delimiter detection. Excel writes commas, or semicolons where the decimal separator is a
 * comma (Swedish, German, French settings); "Unicode Text" and .tsv files use tabs. The header
 * line decides, because headers rarely contain a delimiter character themselves.
 */

export const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The first line of `text`, ending at the first line break outside double quotes, or null
 * when `text` has no such line break yet (the caller reads more, or takes it all at EOF).
 */
export function firstLine(text: string): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) return text.slice(0, i);
  }
  return null;
}

/**
 * The delimiter that occurs most often outside quotes in the header line. Ties and a line with
 * none of them (a one-column file) give `preferred`: comma, or tab for a .tsv file.
 */
export function detectDelimiter(headerLine: string, preferred: Delimiter = ","): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c as Delimiter)) counts.set(c as Delimiter, counts.get(c as Delimiter)! + 1);
  }
  const best = Math.max(...counts.values());
  if (best === 0) return preferred;
  const winners = DELIMITERS.filter((d) => counts.get(d) === best);
  return winners.includes(preferred) ? preferred : winners[0]!;
}

/** How a delimiter is named to people. */
export function delimiterName(d: string): string {
  return d === "\t" ? "tab" : d === ";" ? "semicolon" : d === "," ? "comma" : JSON.stringify(d);
}

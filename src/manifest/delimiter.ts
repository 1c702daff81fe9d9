/**
 * CSV delimiter detection. Excel writes commas, or semicolons where the decimal separator is a
 * comma (Swedish, German, French settings); "Unicode Text" and .tsv files use tabs; several
 * collection systems write `|`, some of them in UTF-16. The header line decides, because headers
 * rarely contain a delimiter character themselves.
 */

export const DELIMITERS = [",", ";", "\t", "|"] as const;
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
  const counts = delimiterCounts(headerLine);
  const best = Math.max(...counts.values());
  if (best === 0) return preferred;
  const winners = DELIMITERS.filter((d) => counts.get(d) === best);
  return winners.includes(preferred) ? preferred : winners[0]!;
}

/** How often each delimiter occurs outside double quotes in a line. */
export function delimiterCounts(line: string): Map<Delimiter, number> {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c as Delimiter)) counts.set(c as Delimiter, counts.get(c as Delimiter)! + 1);
  }
  return counts;
}

/**
 * The delimiter the header was probably meant to be split at when the one used found no known
 * column: the other delimiter occurring most often in the header line, at least as often as the
 * one used (null when none does).
 */
export function suspectDelimiter(headerLine: string, used: string): Delimiter | null {
  const counts = delimiterCounts(headerLine);
  let best: Delimiter | null = null;
  // A comma inside one header ("Ort, foto") of a pipe-separated file is no reason to doubt the pipe.
  let bestCount = Math.max(0, (counts.get(used as Delimiter) ?? 0) - 1);
  for (const [d, n] of counts) {
    if (d !== used && n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** How a delimiter is named to people. */
export function delimiterName(d: string): string {
  return d === "\t" ? "tab" : d === ";" ? "semicolon" : d === "," ? "comma" : d === "|" ? "pipe (|)" : JSON.stringify(d);
}

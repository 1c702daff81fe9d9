/**
 * Every CSV heritage writes goes through here: RFC 4180 quoting, and cells a spreadsheet would
 * run as a formula neutralised. Catalogue text and public comments may start with `=`, `+`, `-`,
 * `@`, a tab or a carriage return; Excel and LibreOffice treat such a cell as a formula
 * (`=HYPERLINK(…)`, `@SUM(…)`, DDE), so a prefixing apostrophe makes it text again (OWASP's
 * advice for CSV injection). Numbers are written as numbers: `-33.7` from a number stays `-33.7`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula, made text again with a leading `'`. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One cell: strings that could be read as a formula get a leading `'`; quoted when needed —
 * also around `;` and tabs, so a spreadsheet set to another list separator keeps the cell whole.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? neutralise(value) : String(value);
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: UTF-8 with a BOM (so Excel opens åäö correctly) and CRLF line ends. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly (string | number | boolean | null | undefined)[]>): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

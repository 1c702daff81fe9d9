/**
 * Checks every reader applies to a finished row, whatever the format.
 */
import { warning, type Issue } from "../issues.js";
import { findMojibake } from "./mojibake.js";
import type { ManifestItem } from "./types.js";

/** The row's identifier as text, for issue context (null when it has none). */
export function identifierOf(item: ManifestItem): string | null {
  const id = item.values.identifier;
  return typeof id === "string" ? id : null;
}

/**
 * A warning when a value of the row looks garbled by an earlier wrong decode ("GÃ¶teborg").
 * One per row, naming the first such value: the fix is the same for the whole row, and often
 * for the whole export.
 */
/** Every garbled pattern has one of these letters: most rows need no closer look. */
const MOJIBAKE_LEAD = /[ÂÃâ]/;

function mayBeGarbled(item: ManifestItem): boolean {
  for (const value of Object.values(item.values)) {
    if (typeof value === "string" ? MOJIBAKE_LEAD.test(value) : value?.some((v) => MOJIBAKE_LEAD.test(v))) return true;
  }
  for (const value of Object.values(item.extra)) if (MOJIBAKE_LEAD.test(value)) return true;
  return false;
}

export function mojibakeIssue(item: ManifestItem): Issue | null {
  if (!mayBeGarbled(item)) return null;
  const cells: Array<[string, string]> = [];
  for (const [field, value] of Object.entries(item.values)) {
    for (const v of Array.isArray(value) ? value : [value]) cells.push([field, v]);
  }
  for (const [header, value] of Object.entries(item.extra)) cells.push([header, value]);
  for (const [field, value] of cells) {
    const found = findMojibake(value);
    if (!found) continue;
    const should = found.repaired !== undefined ? ` It probably should read “${found.repaired}”.` : "";
    return warning("MANIFEST_ENCODING", {
      row: item.row,
      identifier: identifierOf(item),
      field,
      value,
      message: `“${found.found}” in ${field} looks like text that was garbled by an earlier export read with the wrong encoding.${should}`,
      hint: "Fix the text in the catalogue or the spreadsheet; if the whole export looks like this, export it again as UTF-8.",
    });
  }
  return null;
}

/** Whole-file warnings for headers (or keys) garbled by an earlier wrong decode ("AnmÃ¤rkning"). */
export function headerMojibakeIssues(headers: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  for (const header of new Set(headers)) {
    const found = findMojibake(header);
    if (!found) continue;
    const should = found.repaired !== undefined ? ` It probably should read “${found.repaired}”.` : "";
    issues.push(
      warning("MANIFEST_ENCODING", {
        field: header,
        value: header,
        message: `The header “${header}” looks garbled by an earlier export read with the wrong encoding.${should}`,
        hint: "Fix the header; if the values look like this too, export the file again as UTF-8.",
      }),
    );
  }
  return issues;
}

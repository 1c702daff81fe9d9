/**
 * Validation reports for people and for programs. The human report groups issues by kind
 * (errors first), folds identical ones, and prints each hint once; the JSON report follows
 * the documented `heritage.validate/1` schema and is written as a stream.
 */
import { ISSUE_CODES, type Issue } from "../issues.js";
import type { FlickrFields } from "../flickr/fields.js";
import { licenseById } from "../flickr/licenses.js";
import { formatFlickrDate } from "../map/date.js";
import type { ValidatedItem, ValidationSummary } from "./validate.js";

export const VALIDATE_SCHEMA = "heritage.validate/1";

export interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  green(s: string): string;
}

const plain: Style = { bold: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, green: (s) => s };
const ansi = (code: number, reset: number) => (s: string) => `\u001b[${code}m${s}\u001b[${reset}m`;
const colours: Style = { bold: ansi(1, 22), red: ansi(31, 39), yellow: ansi(33, 39), dim: ansi(2, 22), green: ansi(32, 39) };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Style {
  return stream.isTTY && !env.NO_COLOR ? colours : plain;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/** One issue on one line (two with a file); the hint is printed once per group, not here. */
export function formatIssue(issue: Issue, style: Style = plain): string {
  const where = [issue.row !== null ? `row ${issue.row}` : null, issue.identifier].filter(Boolean).join("  ");
  const what = issue.field ? `${issue.field}${issue.value !== null ? ` = ${quote(issue.value)}` : ""}: ` : issue.value !== null ? `${quote(issue.value)}: ` : "";
  const lines = [`  ${where ? `${style.bold(where)}  ` : ""}${what}${issue.message}`];
  if (issue.file) lines.push(`      ${style.dim(`file: ${issue.file}`)}`);
  return lines.join("\n");
}

/** Row numbers as ranges: 2–40, 42, 45–600 (at most `maxParts` parts, then "…"). */
export function rowRanges(rows: readonly number[], maxParts = Infinity): string {
  const sorted = [...new Set(rows)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.length > maxParts ? `${parts.slice(0, maxParts).join(", ")}, …` : parts.join(", ");
}

export interface ReportOptions {
  /** List every issue of a group (otherwise the first few, then the rows compactly). */
  verbose?: boolean;
}

/** Issues listed one per line in a group before the rest are summarised by row number. */
const LISTED_PER_GROUP = 5;

/** Issues grouped by code, errors before warnings, in manifest order within a group. */
export function groupIssues(issues: readonly Issue[]): { code: string; severity: Issue["severity"]; issues: Issue[] }[] {
  const groups = new Map<string, { code: string; severity: Issue["severity"]; issues: Issue[] }>();
  for (const issue of issues) {
    const key = `${issue.severity}:${issue.code}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { code: issue.code, severity: issue.severity, issues: [] }));
    group.issues.push(issue);
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? a.code.localeCompare(b.code) : a.severity === "error" ? -1 : 1));
}

/**
 * The human report: per code, a heading with the count, then the issues — identical ones
 * (same field, value and message, e.g. one missing licence default on 558 rows) as one line
 * with their rows as ranges, the rest one per line up to a few, then the remaining rows as
 * ranges — and each distinct hint once. `--verbose` lists every issue; `--json` has them all.
 */
export function formatIssueReport(issues: readonly Issue[], style: Style = plain, options: ReportOptions = {}): string {
  const out: string[] = [];
  for (const group of groupIssues(issues)) {
    const label = group.severity === "error" ? style.red("error") : style.yellow("warning");
    const title = ISSUE_CODES[group.code as keyof typeof ISSUE_CODES] ?? group.code;
    out.push(`${label} ${style.bold(group.code)} — ${title} (${group.issues.length})`);
    out.push(...groupLines(group.issues, style, options));
    for (const hint of new Set(group.issues.map((i) => i.hint).filter((h): h is string => Boolean(h)))) out.push(`      ${style.dim(`→ ${hint}`)}`);
    out.push("");
  }
  return out.join("\n");
}

/** The lines of one group: identical issues folded into one line, others listed up to a limit. */
function groupLines(issues: readonly Issue[], style: Style, options: ReportOptions): string[] {
  const same = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = JSON.stringify([issue.field, issue.value, issue.message, issue.file ?? null]);
    const list = same.get(key);
    if (list) list.push(issue);
    else same.set(key, [issue]);
  }
  const lines: string[] = [];
  const rest: Issue[] = [];
  let listed = 0;
  for (const list of same.values()) {
    const first = list[0]!;
    if (list.length > 1 && !options.verbose) {
      const rows = list.map((i) => i.row).filter((r): r is number => r !== null);
      const what = first.field ? `${first.field}${first.value !== null ? ` = ${quote(first.value)}` : ""}: ` : "";
      lines.push(`  ${style.bold(`${list.length} rows`)} (${rowRanges(rows, 12)}): ${what}${first.message}`);
    } else if (options.verbose || listed < LISTED_PER_GROUP) {
      for (const issue of list) lines.push(formatIssue(issue, style));
      listed += list.length;
    } else rest.push(...list);
  }
  if (rest.length > 0) {
    const rows = rest.map((i) => i.row).filter((r): r is number => r !== null);
    lines.push(`  ${style.dim(`… and ${rest.length} more${rows.length ? ` (rows ${rowRanges(rows, 12)})` : ""}; --verbose lists them all, --json has every detail`)}`);
  }
  return lines;
}

export function formatSummary(summary: ValidationSummary, style: Style = plain): string {
  const counts = `${summary.items} item${summary.items === 1 ? "" : "s"}: ${summary.errors} error${summary.errors === 1 ? "" : "s"}, ${summary.warnings} warning${summary.warnings === 1 ? "" : "s"}.`;
  if (summary.errors > 0) return `${counts} ${style.red("Fix the errors before publishing")} (rows with errors are skipped by publish; --strict refuses the run).`;
  return `${counts} ${style.green("Ready to publish.")}`;
}

/** One item as Flickr will show it, for `validate --items`. */
export function formatItemPreview(item: ValidatedItem, style: Style = plain): string {
  const f = item.mapped.fields;
  const lic = f.license_id !== null ? licenseById(f.license_id) : undefined;
  const lines = [
    `${style.bold(`row ${item.row}`)}  ${item.identifier ?? "(no identifier)"}  ${style.dim(item.file ?? "")}`,
    `  title:       ${f.title || style.red("(none)")}`,
    `  licence:     ${lic ? `${lic.name} (${lic.id})` : style.red("(none)")}`,
    `  date taken:  ${formatFlickrDate(f.date_taken, f.date_taken_granularity) ?? "(no date)"}`,
    `  place:       ${f.latitude !== null ? `${f.latitude}, ${f.longitude} (accuracy ${f.accuracy})` : "(no coordinates)"}`,
    `  albums:      ${f.albums.length ? f.albums.join(", ") : "(none)"}`,
    `  tags:        ${f.tags.join(" · ")}`,
    `  description: ${f.description.split("\n").join("\n               ")}`,
  ];
  return lines.join("\n");
}

/** The `flickr` object of an item in the JSON report: null where a field does not apply. */
export function flickrJson(f: FlickrFields): Record<string, unknown> {
  return {
    title: f.title === "" ? null : f.title,
    description: f.description === "" ? null : f.description,
    tags: f.tags,
    license_id: f.license_id,
    date_taken: f.date_taken,
    date_taken_granularity: f.date_taken_granularity,
    latitude: f.latitude,
    longitude: f.longitude,
    accuracy: f.accuracy,
    albums: f.albums,
    is_public: f.is_public,
    hidden: f.hidden,
    safety_level: f.safety_level,
    content_type: f.content_type,
    perm_comment: f.perm_comment ?? null,
    perm_addmeta: f.perm_addmeta ?? null,
  };
}

export function issueJson(i: Issue): Record<string, unknown> {
  return {
    severity: i.severity,
    code: i.code,
    row: i.row,
    identifier: i.identifier,
    field: i.field,
    value: i.value,
    message: i.message,
    hint: i.hint ?? null,
    file: i.file ?? null,
  };
}

export function itemJson(v: ValidatedItem): Record<string, unknown> {
  return { row: v.row, identifier: v.identifier, file: v.file, flickr: flickrJson(v.mapped.fields) };
}

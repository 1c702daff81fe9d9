/**
 * A small template language for titles and descriptions, written by archivists in the settings.
 *
 *     {description}
 *
 *     Photograph by: {creator}
 *     Date: {date}
 *     Persistent URL: <a href="{source_url}">{source_url}</a>
 *
 * - `{field}` is replaced by the field's value. Field names are case-insensitive: canonical
 *   fields (`title`, `creator`, `date`, `place`…), computed ones (`institution`, `date_display`,
 *   `license_name`, `license_url`) and every extra column by its header as written
 *   (`{Parish (socken)}`).
 * - **A line is left out when any `{field}` on it is empty**, so "Photograph by: {creator}"
 *   disappears for a row without a creator: no stray labels.
 * - `{field?}` may be empty without taking its line with it; a line whose fields are all empty
 *   is left out, and separators left dangling by an empty `{field?}` are removed
 *   ("{Ort?}, {Socken?}, {Land?}" never reads "Larnaca, , Cypern").
 * - Any column name works, including ones with commas, spaces and dots (`{Ort, foto}`,
 *   `{metadata.title.sv}`).
 * - A placeholder inside an HTML tag (`<a href="{source_url}">`) must hold an http(s) URL:
 *   otherwise the line is left out with a URL_INVALID warning (also when the field is
 *   optional: an empty link is no use). Its value is escaped for the attribute.
 * - `{{` and `}}` write literal braces.
 * - Runs of blank lines become one blank line; spaces at line ends and around the whole text are
 *   removed.
 * Values are inserted as written; a description is then reduced to the HTML Flickr allows
 * (description.ts).
 */
import { error, warning, type Issue } from "../issues.js";

interface Placeholder {
  kind: "field";
  /** As written, trimmed. */
  name: string;
  optional: boolean;
  /** Inside `<…>`: an attribute value. */
  inTag: boolean;
}
type Segment = { kind: "text"; text: string } | Placeholder;

const TOKEN = /\{\{|\}\}|\{([^{}\n]+?)\}/g;

/** Split one template line into literal text and placeholders. */
function parseLine(line: string): Segment[] {
  const segments: Segment[] = [];
  let literal = "";
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    literal += line.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === "{{" || m[0] === "}}") {
      literal += m[0][0];
      continue;
    }
    const inner = m[1]!.trim();
    const optional = inner.endsWith("?");
    const name = (optional ? inner.slice(0, -1) : inner).trim();
    if (name === "") {
      literal += m[0];
      continue;
    }
    const before = segments.map((s) => (s.kind === "text" ? s.text : "x")).join("") + literal;
    if (literal !== "") segments.push({ kind: "text", text: literal });
    literal = "";
    segments.push({ kind: "field", name, optional, inTag: before.lastIndexOf("<") > before.lastIndexOf(">") });
  }
  literal += line.slice(last);
  if (literal !== "") segments.push({ kind: "text", text: literal });
  return segments;
}

/**
 * Parsed templates by their text. A collection has one title and one description template, each
 * rendered for every row; parsing them once instead of per row is a measurable part of mapping
 * 10,000 rows. Bounded, since a long-lived process (the sandbox, tests) sees many settings files.
 */
const parsed = new Map<string, readonly (readonly Segment[])[]>();
const PARSED_LIMIT = 64;

function parseTemplate(template: string): readonly (readonly Segment[])[] {
  let lines = parsed.get(template);
  if (lines === undefined) {
    lines = template.replace(/\r\n?/g, "\n").split("\n").map(parseLine);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(template, lines);
  }
  return lines;
}

/** The field names a template uses, as first written, each once (case-insensitive). */
export function templateFields(template: string): string[] {
  const seen = new Map<string, string>();
  for (const line of parseTemplate(template)) {
    for (const s of line) if (s.kind === "field" && !seen.has(s.name.toLowerCase())) seen.set(s.name.toLowerCase(), s.name);
  }
  return [...seen.values()];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Check that every field a template uses exists (TEMPLATE_FIELD_UNKNOWN, an error: a typo would
 * silently remove a line from every photo). `knownFields` compares case-insensitively.
 */
export function checkTemplate(template: string, knownFields: Set<string>): Issue[] {
  const known = [...knownFields];
  const lower = new Set(known.map((f) => f.toLowerCase()));
  return templateFields(template)
    .filter((name) => !lower.has(name.toLowerCase()))
    .map((name) => {
      const close = known.filter((f) => distance(f.toLowerCase(), name.toLowerCase()) <= 2);
      return error("TEMPLATE_FIELD_UNKNOWN", {
        field: name,
        value: `{${name}}`,
        message: `The template uses {${name}}, which is neither a field nor a column of the manifest`,
        hint: `${close.length > 0 ? `Did you mean {${close[0]}}? ` : ""}Known fields: ${known.sort().join(", ")}.`,
      });
    });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Result of `renderTemplate`. */
export interface RenderedTemplate {
  text: string;
  /** URL_INVALID warnings for link placeholders that did not hold an http(s) URL. */
  issues: Issue[];
}

/** One piece of a rendered line: literal text, or a value (`dropped` when an empty `{field?}`). */
interface Piece {
  text: string;
  value: boolean;
  dropped: boolean;
}

const TRAILING_SEPARATOR = /\s*(?:[,;/|·]|\s[-–—])\s*$/;
const LEADING_SEPARATOR = /^\s*(?:[,;/|·]|[-–—]\s)\s*/;

/**
 * Separators left around an empty `{field?}` are removed, so "{Ort?}, {Socken?}, {Land}" with
 * an empty Socken reads "Larnaca, Cypern", not "Larnaca, , Cypern"; "({år?})" disappears with
 * its brackets. Labels ("Plats: ") are not separators and stay.
 */
function collapseEmptyOptionals(pieces: Piece[]): string {
  for (let i = 0; i < pieces.length; i++) {
    if (!pieces[i]!.dropped) continue;
    const prev = i > 0 && !pieces[i - 1]!.value ? pieces[i - 1]! : null;
    const next = i + 1 < pieces.length && !pieces[i + 1]!.value ? pieces[i + 1]! : null;
    const valueBefore = pieces.slice(0, i).some((p) => p.value && !p.dropped && p.text !== "");
    if (prev && next && /\s*[([]$/.test(prev.text) && /^[)\]]/.test(next.text)) {
      prev.text = prev.text.replace(/\s*[([]$/, "");
      next.text = next.text.slice(1);
    } else if (!valueBefore && next) {
      next.text = next.text.replace(LEADING_SEPARATOR, "");
      if (prev && prev.text.trim() === "") prev.text = "";
    } else if (prev && (next === null || LEADING_SEPARATOR.test(next.text) || next.text === "")) {
      prev.text = prev.text.replace(TRAILING_SEPARATOR, "");
    }
  }
  return pieces.map((p) => (p.dropped ? "" : p.text)).join("");
}

/**
 * Fill a template with a row's values (keys compared case-insensitively; a missing key is an
 * empty value). See the module comment for the rules.
 */
export function renderTemplate(template: string, values: Record<string, string>): RenderedTemplate {
  const lookup = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v.replace(/\r\n?/g, "\n")]));
  const issues: Issue[] = [];
  const lines: string[] = [];
  for (const line of parseTemplate(template)) {
    const pieces: Piece[] = [];
    let keep = true;
    let fields = 0;
    let filled = 0;
    for (const segment of line) {
      if (segment.kind === "text") {
        pieces.push({ text: segment.text, value: false, dropped: false });
        continue;
      }
      fields++;
      const value = (lookup.get(segment.name.toLowerCase()) ?? "").trim();
      if (value !== "") filled++;
      if (segment.inTag) {
        const url = value !== "" && isHttpUrl(value);
        if (value !== "" && !url) {
          issues.push(
            warning("URL_INVALID", {
              field: segment.name,
              value,
              message: `{${segment.name}} is used in a link, but ${JSON.stringify(value)} is not an http(s) URL; the line was left out`,
              hint: "Write the full address, starting with https:// or http://.",
            }),
          );
        }
        if (!url) keep = false;
        pieces.push({ text: escapeAttribute(value), value: true, dropped: false });
        continue;
      }
      if (value === "" && !segment.optional) keep = false;
      pieces.push({ text: value, value: true, dropped: value === "" });
    }
    // A line of only optional fields, all of them empty, has nothing to say.
    if (fields > 0 && filled === 0) keep = false;
    if (keep) lines.push(...collapseEmptyOptionals(pieces).split("\n").map((l) => l.trimEnd()));
  }
  const text = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text, issues };
}

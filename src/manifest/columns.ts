/**
 * Headers (CSV) and keys (JSON/YAML) → canonical fields. A catalogue export from Primus,
 * Carlotta or K-samsök names its columns its own way; Dublin Core names and the settings'
 * `columns` map them to the canonical fields, everything else is kept as an extra column.
 */
import { DEFAULT_COLUMN_ALIASES, isCanonicalField, REQUIRED_FIELDS, type CanonicalField } from "../fields.js";
import { error, warning, type Issue } from "../issues.js";

export interface ResolvedColumn {
  /** 0-based position in the header (or in the list of keys). */
  index: number;
  /** The header as written, trimmed: the key in `extra` for unknown columns. */
  header: string;
  /** The canonical field, or null for an extra (unknown or unnamed) column. */
  field: CanonicalField | null;
  /** Why it maps: the field's own name, a built-in alias, a settings alias; null when it does not. */
  via: "canonical" | "alias" | "settings" | null;
}

/**
 * How headers are compared: trimmed, case-insensitive, and runs of spaces or hyphens read as
 * one underscore, so "Source URL" and "geo-accuracy" find `source_url` and `geo_accuracy`.
 */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

function normalizedTable(table: Readonly<Record<string, CanonicalField>>): Map<string, CanonicalField> {
  return new Map(Object.entries(table).map(([k, v]) => [normalizeHeader(k), v]));
}

const DEFAULT_ALIASES = normalizedTable(DEFAULT_COLUMN_ALIASES);

/**
 * Map each header to a canonical field or mark it extra. Settings aliases win over the
 * canonical names and the built-in Dublin Core aliases (so an export whose "title" column
 * holds something else can be redirected).
 */
export function resolveColumns(headers: readonly string[], aliases: Readonly<Record<string, CanonicalField>> = {}): ResolvedColumn[] {
  const fromSettings = normalizedTable(aliases);
  return headers.map((raw, index) => {
    const header = raw.trim();
    const key = normalizeHeader(header);
    if (key === "") return { index, header, field: null, via: null };
    const configured = fromSettings.get(key);
    if (configured) return { index, header, field: configured, via: "settings" };
    if (isCanonicalField(key)) return { index, header, field: key, via: "canonical" };
    const alias = DEFAULT_ALIASES.get(key);
    if (alias) return { index, header, field: alias, via: "alias" };
    return { index, header, field: null, via: null };
  });
}

/** Spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** How a column is named in messages: `column C ("Inventarienr")` for CSV, `key "x"` otherwise. */
export type ColumnNamer = (column: ResolvedColumn) => string;
export const csvColumnName: ColumnNamer = (c) => `column ${columnLetter(c.index)} (“${c.header}”)`;
export const keyName: ColumnNamer = (c) => `key “${c.header}”`;

/** One warning per unknown column: it is kept and usable in templates, but may be a typo. */
export function unknownColumnIssues(columns: readonly ResolvedColumn[], name: ColumnNamer): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const c of columns) {
    if (c.field !== null || c.header === "" || seen.has(c.header)) continue;
    seen.add(c.header);
    issues.push(
      warning("MANIFEST_UNKNOWN_COLUMN", {
        field: c.header,
        value: c.header,
        message: `${name(c)} is not a known field; it is kept and can be used in templates as {${c.header}}.`,
        hint: `If it holds one of the fields, map it in the settings: columns: { "${c.header}": <field> }. Known fields: identifier, file, title, description, creator, date, place, latitude, longitude, geo_accuracy, tags, license, album, source_url, is_public, hidden, safety_level, content_type, can_comment, can_add_meta.`,
      }),
    );
  }
  return issues;
}

/**
 * Two columns for one field is an error (which one should be published?); two extra columns
 * with the same header is a warning (only the first one is usable in templates).
 */
export function duplicateColumnIssues(columns: readonly ResolvedColumn[], name: ColumnNamer): Issue[] {
  const issues: Issue[] = [];
  const byField = new Map<CanonicalField, ResolvedColumn>();
  const byHeader = new Map<string, ResolvedColumn>();
  for (const c of columns) {
    if (c.field) {
      const first = byField.get(c.field);
      if (first) {
        issues.push(
          error("MANIFEST_DUPLICATE_COLUMN", {
            field: c.field,
            value: c.header,
            message: `${name(c)} and ${name(first)} both name the field “${c.field}”; only ${name(first)} is read.`,
            hint: "Delete or rename one of them, or map one to another field in the settings' columns.",
          }),
        );
      } else byField.set(c.field, c);
    } else if (c.header !== "") {
      const key = normalizeHeader(c.header);
      const first = byHeader.get(key);
      if (first) {
        issues.push(
          warning("MANIFEST_DUPLICATE_COLUMN", {
            field: c.header,
            value: c.header,
            message: `${name(c)} repeats the header of ${name(first)}; only the first is usable in templates.`,
            hint: "Give the columns different headers.",
          }),
        );
      } else byHeader.set(key, c);
    }
  }
  return issues;
}

/** Required fields no column provides and no default supplies. */
export function missingColumnIssues(columns: readonly ResolvedColumn[], defaults: Readonly<Partial<Record<CanonicalField, string>>>): Issue[] {
  const present = new Set(columns.map((c) => c.field));
  return REQUIRED_FIELDS.filter((f) => !present.has(f) && !defaults[f]).map((f) =>
    error("MANIFEST_MISSING_COLUMN", {
      field: f,
      message: `There is no “${f}” column.`,
      hint:
        f === "identifier"
          ? "Add an “identifier” column (the stable catalogue number of each image; also read as dc:identifier or id), or map your number column to it in the settings' columns."
          : "Add a “file” column with each image's path relative to the collection folder (also read as filename or path), or map your file-name column to it in the settings' columns.",
    }),
  );
}

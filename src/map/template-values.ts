/**
 * What a template can use for one row: the canonical fields (lists joined with ", "), the extra
 * columns by their header, and a few computed fields.
 */
import { CANONICAL_FIELDS, LIST_FIELDS, type CanonicalField } from "../fields.js";
import type { FieldValue } from "../manifest/types.js";
import { splitList } from "./tags.js";

/** Fields templates get besides the canonical ones and the extra columns. */
export const COMPUTED_TEMPLATE_FIELDS = {
  institution: "settings.institution (or the row's own institution column)",
  date_display: 'the date as Flickr shows it: "circa 1920", "1923", "May 1923", "May 17, 1923"',
  license_name: 'the Flickr licence name, e.g. "Public Domain Mark"',
  license_url: "the Flickr licence URL",
} as const;

/** Every field name a template may use, for `checkTemplate`: canonical, computed, extra headers. */
export function knownTemplateFields(extraHeaders: Iterable<string>): Set<string> {
  return new Set([...CANONICAL_FIELDS, ...Object.keys(COMPUTED_TEMPLATE_FIELDS), ...extraHeaders]);
}

/** Input of `buildTemplateValues`. */
export interface TemplateValuesInput {
  /** Canonical values after defaults. */
  values: Partial<Record<CanonicalField, FieldValue>>;
  /** Extra columns by original header. */
  extra: Record<string, string>;
  /** settings.institution. */
  institution: string | undefined;
  dateDisplay: string | null;
  licenseName: string | null;
  licenseUrl: string | null;
  /**
   * settings.columns (header → field): a template may name a mapped column by its header as
   * the export writes it (`{Ort, foto}` for the column mapped to `place`).
   */
  columnAliases?: Readonly<Record<string, string>>;
}

/**
 * The values a template sees. Canonical fields win over computed ones, and both over extra
 * columns of the same name, except `institution`: a row's own institution column wins over the
 * settings (a manifest can mix collections).
 */
export function buildTemplateValues(input: TemplateValuesInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [header, value] of Object.entries(input.extra)) out[header.toLowerCase()] = value;
  const own = out.institution?.trim();
  out.institution = own ? own : (input.institution ?? "");
  out.date_display = input.dateDisplay ?? "";
  out.license_name = input.licenseName ?? "";
  out.license_url = input.licenseUrl ?? "";
  for (const field of CANONICAL_FIELDS) {
    const value = input.values[field];
    if (value === undefined) continue;
    out[field] = (LIST_FIELDS as readonly string[]).includes(field) ? splitList(value).join(", ") : Array.isArray(value) ? value.join("; ") : value;
  }
  for (const [header, field] of Object.entries(input.columnAliases ?? {})) {
    const key = header.trim().toLowerCase();
    if (out[key] === undefined && out[field] !== undefined) out[key] = out[field];
  }
  return out;
}

/**
 * A row's fingerprint: one hash of everything that decides how the row maps to Flickr's
 * fields — its cells as read, the problems found reading them, and the run's mapping context
 * (the settings, templates included; the collection folder; the manifest's format; the mapping
 * code's version). When a row's fingerprint equals the one recorded after its groups were last
 * pushed, mapping it again would give the same fields, so sync need not map it (issue 12).
 * Pure: no I/O.
 */
import { createHash, hash } from "node:crypto";
import type { Issue } from "../issues.js";
import type { ManifestItem, ManifestSource } from "../manifest/types.js";

/** Keys sorted at every level, so two equal settings objects give one text whatever their key order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/**
 * The part of the fingerprint every row shares, worked out once per run. `toolVersion` is
 * heritage's version: a new release may map differently, so its first sync maps every row.
 */
export function mappingContext(source: Pick<ManifestSource, "settings" | "collection" | "format">, toolVersion: string): string {
  return createHash("sha256")
    .update(stableJson({ mapping: MAPPING_VERSION, tool: toolVersion, format: source.format, collection: source.collection, settings: source.settings }))
    .digest("base64url");
}

/**
 * Bump when the mapping changes in a way the package version would not show (a fix made
 * between releases), or when the fingerprint's own text changes: every recorded fingerprint
 * then stops matching and each row is mapped again (once).
 * 2: length-prefixed text instead of JSON (issue 12: half the cost per row).
 */
export const MAPPING_VERSION = 2;

/**
 * A flat record of text or lists of text as unambiguous text: each key and value prefixed by its
 * length (a list by its count), so no two different records give one text, whatever characters
 * the cells hold, and nothing needs escaping. In the record's own key order, which is the
 * export's column order: an export whose columns were reordered maps every row once more
 * (sorting every row's keys cost a fifth of the fingerprint's time: most rows leave out
 * different empty cells, so their keys differ from the row before).
 */
function flatText(record: Readonly<Record<string, unknown>>): string {
  let out = "";
  for (const key in record) {
    const value = record[key];
    if (value === undefined) continue;
    out += `${key.length}:${key}`;
    if (typeof value === "string") out += `${value.length}:${value}`;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      out += `[${value.length}`;
      for (const v of value as string[]) out += `${v.length}:${v}`;
    } else {
      const json = stableJson(value);
      out += `{${json.length}:${json}`;
    }
  }
  return out;
}

/**
 * The fingerprint of one row as read (cells and read issues) under a mapping context: the
 * SHA-256 of the context and the length-prefixed text of its values, its other cells and its
 * read issues. Every row of a 100,000-row sync pays for it, so the text is built directly.
 */
export function rowFingerprint(item: ManifestItem, readIssues: readonly Issue[], context: string): string {
  let text = `${context}\u0000${flatText(item.values)}\u0000${flatText(item.extra)}\u0000${readIssues.length}`;
  for (const i of readIssues) text += JSON.stringify([i.code, i.severity, i.field ?? null, i.value ?? null]);
  return hash("sha256", text, "base64url").slice(0, 32);
}

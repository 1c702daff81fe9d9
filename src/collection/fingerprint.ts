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

/**
 * Bump when the mapping changes in a way the package version would not show (a fix made
 * between releases): every recorded fingerprint then stops matching and each row is mapped again.
 */
export const MAPPING_VERSION = 1;

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

/** Text JSON.stringify would escape (quotes, backslashes, controls, surrogates); other text is quoted as it is. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const quoted = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

/** `stableJson` of a flat record of text or lists of text, without the intermediate arrays (the same text). */
function flatJson(record: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(record).sort();
  let out = "{";
  for (const key of keys) {
    const value = record[key];
    if (value === undefined) continue;
    const json = typeof value === "string" ? quoted(value) : Array.isArray(value) && value.every((v) => typeof v === "string") ? JSON.stringify(value) : stableJson(value);
    out += `${out.length > 1 ? "," : ""}${quoted(key)}:${json}`;
  }
  return `${out}}`;
}

/**
 * The fingerprint of one row as read (cells and read issues) under a mapping context: the
 * SHA-256 of `context`, a NUL and stableJson({ values, extra, issues }), built directly (every
 * row of a 100,000-row sync pays for it; the text, hence the fingerprint, is the same).
 */
export function rowFingerprint(item: ManifestItem, readIssues: readonly Issue[], context: string): string {
  let issues = "[";
  for (const i of readIssues) issues += `${issues.length > 1 ? "," : ""}${JSON.stringify([i.code, i.severity, i.field ?? null, i.value ?? null])}`;
  const text = `${context}\u0000{"extra":${flatJson(item.extra)},"issues":${issues}],"values":${flatJson(item.values)}}`;
  return hash("sha256", text, "base64url").slice(0, 32);
}

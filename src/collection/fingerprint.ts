/**
 * A row's fingerprint: one hash of everything that decides how the row maps to Flickr's
 * fields — its cells as read, the problems found reading them, and the run's mapping context
 * (the settings, templates included; the collection folder; the manifest's format; the mapping
 * code's version). When a row's fingerprint equals the one recorded after its groups were last
 * pushed, mapping it again would give the same fields, so sync need not map it (issue 12).
 * Pure: no I/O.
 */
import { createHash } from "node:crypto";
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

/** The fingerprint of one row as read (cells and read issues) under a mapping context. */
export function rowFingerprint(item: ManifestItem, readIssues: readonly Issue[], context: string): string {
  const issues = readIssues.map((i) => [i.code, i.severity, i.field ?? null, i.value ?? null]);
  return createHash("sha256")
    .update(context)
    .update("\u0000")
    .update(stableJson({ values: item.values, extra: item.extra, issues }))
    .digest("base64url")
    .slice(0, 32);
}

/**
 * photos.search `machine_tags` (flickr-api.md §4): a comma list of queries with wildcards
 *
 *   ns:               any tag in namespace ns
 *   ns:pred=          any value of ns:pred
 *   ns:pred="value"   that value (the quotes are optional)
 *   *:pred=           predicate pred in any namespace
 *   ns:*="value"      any predicate of ns with that value
 *   *:*="value"       that value anywhere
 *
 * matched against the *normalised* form of each tag: namespace and predicate compare
 * case-insensitively, and a value is normalised as a tag value is (lower case, spaces and
 * punctuation dropped) before comparing. Flickr does not say whether it matches raw or normalised
 * values; the normalised form is the one it indexes, and the pipeline confirms with getInfo's
 * `raw`. Queries that are exact (`ns:pred=value`) become index lookups.
 */
import { normalizeTag } from "../../flickr/tag-syntax.js";

export interface MachineTagQuery {
  /** null = wildcard. */
  namespace: string | null;
  predicate: string | null;
  value: string | null;
  /** The whole normalised tag when the query names namespace, predicate and value. */
  exact: string | null;
  /** The value as written in the query (quotes removed), for raw matching. */
  rawValue: string | null;
}

const QUERY = /^([A-Za-z0-9_]+|\*):(?:([A-Za-z0-9_]+|\*)(?:=(.*))?)?$/s;

/** Split on commas outside double quotes. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function normalizeValue(value: string): string {
  // Normalise as the value part of a machine tag is normalised.
  return normalizeTag(`x:x=${value}`).slice(4);
}

/** Parse the `machine_tags` parameter; entries that are not machine-tag queries are skipped. */
export function parseMachineTagQueries(param: string): MachineTagQuery[] {
  const out: MachineTagQuery[] = [];
  for (const part of splitList(param)) {
    const m = QUERY.exec(part);
    if (!m) continue;
    const namespace = m[1] === "*" ? null : m[1]!.toLowerCase();
    const predicate = m[2] === undefined || m[2] === "*" ? null : m[2].toLowerCase();
    let value: string | null = m[3] === undefined ? null : m[3].replace(/^"(.*)"$/s, "$1");
    if (value === "") value = null;
    const normalized = value === null ? null : normalizeValue(value);
    out.push({
      rawValue: value,
      namespace,
      predicate,
      value: normalized,
      exact: namespace && predicate && normalized !== null ? `${namespace}:${predicate}=${normalized}` : null,
    });
  }
  return out;
}

const TAG = /^([a-z0-9_]+):([a-z0-9_]+)=(.*)$/s;

/**
 * Raw matching (the `machineTagMatch: "raw"` switch): the value must equal the tag's raw value,
 * case-insensitively, punctuation included.
 */
export function matchesRawMachineTag(query: MachineTagQuery, raw: string): boolean {
  const m = /^([A-Za-z0-9_]+):([A-Za-z0-9_]+)=(.*)$/s.exec(raw);
  if (!m) return false;
  const value = m[3]!.replace(/^"(.*)"$/s, "$1");
  return (
    (query.namespace === null || query.namespace === m[1]!.toLowerCase()) &&
    (query.predicate === null || query.predicate === m[2]!.toLowerCase()) &&
    (query.rawValue === null || query.rawValue.toLowerCase() === value.toLowerCase())
  );
}

/** Does one normalised machine tag satisfy the query? */
export function matchesMachineTag(query: MachineTagQuery, normalizedTag: string): boolean {
  if (query.exact !== null) return normalizedTag === query.exact;
  const m = TAG.exec(normalizedTag);
  if (!m) return false;
  return (
    (query.namespace === null || query.namespace === m[1]) &&
    (query.predicate === null || query.predicate === m[2]) &&
    (query.value === null || query.value === m[3])
  );
}

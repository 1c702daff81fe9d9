/**
 * The shapes JSON (and YAML) exports come in, reduced to flat records. Besides a list of items,
 * collection systems write an object whose values are the records, keyed by their id
 * (`{ "F 1234": {…}, … }`: the key becomes the column `_key`), and nest their fields
 * (`{ "metadata": { "title": { "sv": "…" } }, "creators": [ { "name": "…" } ] }`): a nested
 * value becomes a column named by its dotted path (`metadata.title.sv`, `creators.0.name`), so
 * settings `columns:` and templates can name it. A list of texts stays a list (shown as a
 * `;`-separated list).
 */

/** The column that holds a keyed record's key. */
export const KEY_COLUMN = "_key";

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * The records of an object keyed by id, each with its key as `_key` first; null when the object
 * is not that shape (empty, or some value is not a mapping).
 */
export function keyedRecords(top: Record<string, unknown>): Array<Record<string, unknown>> | null {
  const entries = Object.entries(top);
  if (entries.length === 0 || !entries.every(([, v]) => isPlainObject(v))) return null;
  return entries.map(([key, value]) => ({ [KEY_COLUMN]: key, ...(value as Record<string, unknown>) }));
}

/**
 * A record with nested mappings and lists of mappings spread into dotted-path columns. Lists of
 * scalars are kept as lists; a list mixing mappings and texts is spread by position.
 */
export function flattenRecord(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw;
  const out: Record<string, unknown> = {};
  spread(raw, "", out, 0);
  return out;
}

/** Deeper than this, a record is not a catalogue record: the rest is kept as one value. */
const MAX_DEPTH = 16;

function spread(value: Record<string, unknown> | unknown[], prefix: string, out: Record<string, unknown>, depth: number): void {
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(v) && v.length === 0) continue;
    if (depth >= MAX_DEPTH) out[path] = JSON.stringify(v);
    else if (isPlainObject(v)) spread(v, path, out, depth + 1);
    else if (Array.isArray(v) && !v.every(isScalar)) spread(v, path, out, depth + 1);
    else if (!(path in out)) out[path] = v;
  }
}

/** Whether a column name is a dotted path into a nested record (`metadata.title.sv`). */
export function isNestedPath(column: string): boolean {
  return /\S\.\S/.test(column) && !/\s/.test(column);
}

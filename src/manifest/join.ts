/**
 * A second file joined to the manifest by key (settings `join:`). Museums often export the
 * filename mapping or the photographer table separately from the records; heritage reads both
 * as they are instead of asking for a merged spreadsheet. The joined file is a lookup table, so
 * it is read whole (a mapping of 100,000 photo numbers is a few megabytes).
 */
import { readFile } from "node:fs/promises";
import { extname, resolve, dirname } from "node:path";
import { parse } from "csv-parse/sync";
import { UserError } from "../errors.js";
import { decodeWholeFile } from "./decode.js";
import { detectDelimiter, firstLine } from "./delimiter.js";
import { flattenRecord, keyedRecords } from "./json-records.js";
import { parseJsonText } from "./parse-text.js";
import { cleanValue } from "./text-value.js";

/** The joined file: its columns in order, and its records by key. */
export interface JoinTable {
  path: string;
  columns: string[];
  /** Key (trimmed) → the record's non-empty values by column. The first record with a key wins. */
  byKey: Map<string, Record<string, string>>;
}

export interface JoinSettings {
  file: string;
  on: string;
  key?: string | undefined;
}

/** Read the joined file named by `join.file` (relative to the manifest's folder). */
export async function readJoinTable(manifestPath: string, join: JoinSettings): Promise<JoinTable> {
  const path = resolve(dirname(manifestPath), join.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UserError(`Cannot read the joined file ${path} (settings join.file): ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, {
      code: "JOIN_UNREADABLE",
      hint: "join.file is relative to the manifest's folder; check the name and that you may read it.",
      cause: err,
    });
  }
  const { text } = await decodeWholeFile(bytes, path);
  const records = extname(path).toLowerCase() === ".json" ? jsonRecords(text, path) : csvRecords(text, path);
  const keyColumn = join.key ?? join.on;
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (records.length > 0 && !columns.includes(keyColumn)) {
    throw new UserError(`The joined file ${path} has no column “${keyColumn}” to match on.`, {
      code: "JOIN_UNREADABLE",
      hint: `Its columns are: ${columns.join(", ")}. Set join.key to the one that holds the values of the manifest's “${join.on}”.`,
    });
  }
  const byKey = new Map<string, Record<string, string>>();
  for (const record of records) {
    const key = record[keyColumn];
    if (key !== undefined && key !== "" && !byKey.has(key)) byKey.set(key, record);
  }
  return { path, columns, byKey };
}

function csvRecords(text: string, path: string): Array<Record<string, string>> {
  const body = text.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(firstLine(body) ?? body, extname(path).toLowerCase() === ".tsv" ? "\t" : ",");
  let rows: string[][];
  try {
    rows = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  } catch (err) {
    throw new UserError(`Cannot parse the joined file ${path}: ${err instanceof Error ? err.message : String(err)}.`, { code: "JOIN_UNREADABLE", cause: err });
  }
  const [header, ...data] = rows;
  if (!header) return [];
  const names = header.map((h) => cleanValue(h));
  return data.map((cells) => {
    const record: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = cleanValue(cells[i] ?? "");
      if (name !== "" && value !== "" && !(name in record)) record[name] = value;
    });
    return record;
  });
}

function jsonRecords(text: string, path: string): Array<Record<string, string>> {
  const value = parseJsonText(text, path);
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === "object"
      ? Array.isArray((value as Record<string, unknown>)["items"])
        ? ((value as Record<string, unknown>)["items"] as unknown[])
        : (keyedRecords(value as Record<string, unknown>) ?? [])
      : [];
  return list.map((raw) => {
    const record: Record<string, string> = {};
    const flat = flattenRecord(raw);
    if (flat === null || typeof flat !== "object") return record;
    for (const [k, v] of Object.entries(flat)) {
      const text = Array.isArray(v) ? v.map((x) => String(x)).join("; ") : v === null || v === undefined ? "" : String(v);
      if (cleanValue(text) !== "") record[k] = cleanValue(text);
    }
    return record;
  });
}

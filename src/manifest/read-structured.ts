/**
 * JSON and YAML manifests: `{ "settings": {…}, "items": [ {…}, … ] }`, a bare list of items, or
 * an object of records keyed by id; nested records are spread into dotted-path columns
 * (json-records.ts).
 * They are parsed whole (only CSV has to stream); rows are built lazily, per `rows()` call.
 * An item's row number is its 1-based position in `items`.
 */
import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { UserError } from "../errors.js";
import { LIST_FIELDS, type CanonicalField } from "../fields.js";
import { error, type Issue } from "../issues.js";
import { closest, collectionPath, loadSettings, requireCollection } from "../settings/load.js";
import { keyName, missingColumnIssues, resolveColumns, unknownColumnIssues, type ResolvedColumn } from "./columns.js";
import { decodeWholeFile, encodingIssues } from "./decode.js";
import { parseJsonText, parseYamlText, yamlPlainText, yamlToJs } from "./parse-text.js";
import { flattenRecord, isNestedPath, keyedRecords } from "./json-records.js";
import { headerMojibakeIssues, identifierOf, mojibakeIssue } from "./row-checks.js";
import { cleanValue } from "./text-value.js";
import type { ManifestItem, OpenedManifest, ReadRow } from "./types.js";

const TOP_LEVEL_KEYS = ["$schema", "settings", "items"];
const SETTINGS_LOOKING_KEYS = ["collection", "institution", "namespace", "defaults", "columns", "templates", "licenses"];

/** The parts of a structured manifest: the raw settings (undefined when absent) and the raw items. */
export interface StructuredDocument {
  settings: unknown;
  items: unknown[];
}

/** Open a JSON or YAML manifest: decode, parse, read settings, check keys and the collection. */
export async function openStructuredManifest(path: string, format: "json" | "yaml"): Promise<OpenedManifest> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UserError(`Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, { code: "MANIFEST_UNREADABLE", cause: err });
  }
  const { text, decision } = await decodeWholeFile(bytes, path);
  const parsed = text.trim() === "" ? { settings: undefined, items: [] } : parseStructured(text, format, path);
  const doc = { settings: parsed.settings, items: parsed.items.map(flattenRecord) };
  const { settings, settingsPath } = await loadSettings(path, doc.settings);

  const keys = keysInOrder(doc.items);
  const columns = resolveColumns(keys, settings.columns);
  const byKey = new Map(columns.map((c) => [keys[c.index]!, c]));
  const issues: Issue[] = [...encodingIssues(decision, path)];
  if (doc.items.length === 0) {
    issues.push(error("MANIFEST_EMPTY", { message: `${path} has no items.`, hint: 'List one item per image under "items", each with at least identifier and file.' }));
  } else {
    // Nested values (dotted paths) are many and mostly unused: they are not each worth a warning,
    // unless they sit under a field's own name (`place: { name: … }` leaves `place` empty).
    const warnable = columns.filter((c) => !isNestedPath(c.header) || resolveColumns([c.header.split(".")[0]!], settings.columns)[0]!.field !== null);
    issues.push(...headerMojibakeIssues(keys), ...missingColumnIssues(columns, settings.defaults), ...unknownColumnIssues(warnable, keyName));
  }

  const collection = collectionPath(path, settings);
  await requireCollection(collection, path, settingsPath);
  const items = doc.items;
  return {
    source: { path, format, collection, settings, settingsPath, issues, encoding: decision.encoding, columns: keys },
    async *rows(): AsyncGenerator<ReadRow> {
      for (let i = 0; i < items.length; i++) yield buildStructuredRow(i + 1, items[i], byKey);
    },
  };
}

/** Split parsed JSON/YAML into settings and items; a wrong top-level shape is a UserError. */
export function parseStructured(text: string, format: "json" | "yaml", path: string): StructuredDocument {
  if (format === "json") return splitTopLevel(parseJsonText(text, path), path);
  const doc = parseYamlText(text, path);
  const contents = doc.contents;
  const plain = yamlPlainText(doc, path);
  if (YAML.isMap(contents)) {
    // Settings keep their YAML types (true, 16); items keep the text as written (0012 stays "0012").
    const top: Record<string, unknown> = {};
    for (const pair of contents.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      top[key] = key === "settings" ? (YAML.isNode(pair.value) ? yamlToJs(pair.value, doc, path) : pair.value) : plain(pair.value);
    }
    return splitTopLevel(top, path);
  }
  return splitTopLevel(plain(contents), path);
}

function splitTopLevel(value: unknown, path: string): StructuredDocument {
  if (Array.isArray(value)) return { settings: undefined, items: value };
  if (value === null || typeof value !== "object") {
    throw new UserError(`${path} is not a manifest: it holds ${value === null ? "nothing" : `a single ${typeof value}`}, not a list of items.`, {
      code: "MANIFEST_PARSE",
      hint: 'A manifest is { "settings": {…}, "items": [ { "identifier": …, "file": … }, … ] }, or just the list of items.',
    });
  }
  const top = value as Record<string, unknown>;
  const unknown = Object.keys(top).filter((k) => !TOP_LEVEL_KEYS.includes(k));
  const keyed = "items" in top || "settings" in top ? null : keyedRecords(top);
  if (keyed) return { settings: undefined, items: keyed };
  if (!("items" in top)) {
    const looksLikeSettings = Object.keys(top).some((k) => SETTINGS_LOOKING_KEYS.includes(k));
    throw new UserError(`${path} has no "items" list.`, {
      code: "MANIFEST_PARSE",
      hint: looksLikeSettings
        ? "This looks like a settings file. Open the manifest it belongs to instead (the settings are found beside it)."
        : 'A manifest is { "settings": {…}, "items": [ … ] }, or just the list of items.',
    });
  }
  if (unknown.length > 0) {
    const described = unknown.map((k) => {
      const guess = closest(k, TOP_LEVEL_KEYS);
      return guess ? `“${k}” (did you mean “${guess}”?)` : `“${k}”`;
    });
    throw new UserError(`${path} has unknown top-level key${unknown.length > 1 ? "s" : ""} ${described.join(", ")}.`, {
      code: "MANIFEST_PARSE",
      hint: 'At the top of a manifest only "settings", "items" and "$schema" are allowed; item fields go inside each item, collection settings inside "settings".',
    });
  }
  if (!Array.isArray(top["items"])) {
    throw new UserError(`"items" in ${path} is not a list.`, { code: "MANIFEST_PARSE", hint: 'Write "items" as a list: one entry per image.' });
  }
  const settings = top["settings"] === null ? {} : top["settings"];
  return { settings, items: top["items"] };
}

/** Every key used by any item, in order of first appearance. */
function keysInOrder(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (item !== null && typeof item === "object" && !Array.isArray(item)) for (const key of Object.keys(item)) seen.add(key);
  }
  return [...seen];
}

const isListField = (field: CanonicalField | null): boolean => field !== null && (LIST_FIELDS as readonly string[]).includes(field);

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function describe(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a nested mapping";
  if (typeof value === "string") return `text (“${value}”)`;
  return `a ${typeof value} (${String(value)})`;
}

/**
 * One JSON/YAML item → a row. Numbers and booleans become text; lists are accepted for tags
 * and album; anything nested is a ROW_INVALID_VALUE issue. When two keys name one field, the
 * first key in the item wins.
 */
export function buildStructuredRow(row: number, raw: unknown, columns: ReadonlyMap<string, ResolvedColumn>): ReadRow {
  const item: ManifestItem = { row, values: {}, extra: {} };
  const issues: Issue[] = [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    issues.push(
      error("MANIFEST_ROW_SHAPE", {
        row,
        value: Array.isArray(raw) ? "(a list)" : raw,
        message: `Item ${row} is ${describe(raw)}, not a mapping of fields.`,
        hint: 'Each item is a mapping such as { "identifier": "…", "file": "…", "title": "…" }.',
      }),
    );
    return { item, issues };
  }
  const keyOfField = new Map<CanonicalField, string>();
  const pending: Array<() => Issue> = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const column = columns.get(key) ?? { index: -1, header: key.trim(), field: null, via: null };
    const field = column.field;
    const name = field ?? column.header;
    if (value === null || value === undefined) continue;
    const invalid = (message: string, hint: string) =>
      pending.push(() => error("ROW_INVALID_VALUE", { row, identifier: identifierOf(item), field: name, value: JSON.stringify(value), message, hint }));
    let text: string | string[];
    if (Array.isArray(value)) {
      if (!value.every(isScalar)) {
        invalid(`“${key}” of item ${row} is a list with nested lists or mappings.`, `Write ${name} as a list of texts, e.g. ["Stockholm", "harbour"].`);
        continue;
      }
      text = value.map((v) => cleanValue(String(v))).filter((v) => v !== "");
      if (text.length === 0) continue;
      // A list in a text field (creators, subjects) reads as a `;` list, as a CSV cell would.
      if (!isListField(field)) text = text.join("; ");
    } else if (isScalar(value)) {
      if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        invalid(`“${key}” of item ${row} is a number too large to be read exactly (${String(value)}).`, `Write it in quotes, as text: "${key}": "…".`);
        continue;
      }
      text = cleanValue(String(value));
      if (text === "") continue;
    } else {
      invalid(`“${key}” of item ${row} is a nested mapping; expected text.`, "Write the value as text; only tags and album take lists, and no field takes a mapping.");
      continue;
    }
    if (field) {
      const first = keyOfField.get(field);
      if (first !== undefined) {
        pending.push(() =>
          error("MANIFEST_DUPLICATE_COLUMN", {
            row,
            identifier: identifierOf(item),
            field,
            value: key,
            message: `Item ${row} has both “${first}” and “${key}”, which both name the field “${field}”; only “${first}” is read.`,
            hint: "Keep one of the two keys.",
          }),
        );
        continue;
      }
      keyOfField.set(field, key);
      item.values[field] = text;
    } else {
      item.extra[column.header] = Array.isArray(text) ? text.join("; ") : text;
    }
  }
  // Issues are built after the loop so they carry the identifier even when it comes last.
  issues.push(...pending.map((make) => make()));
  const garbled = mojibakeIssue(item);
  if (garbled) issues.push(garbled);
  return { item, issues };
}

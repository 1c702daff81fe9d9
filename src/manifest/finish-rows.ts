/**
 * What settings do to every row after it is read, whatever the format: a second file joined by
 * key (`join`), the file name built from the row (`file_template`), list separators per column
 * (`lists`), and the file found when it is not there as written. Each step that changes or
 * cannot complete a row says so as an issue of that row.
 */
import { UserError } from "../errors.js";
import { LIST_FIELDS, type CanonicalField } from "../fields.js";
import { warning, type Issue } from "../issues.js";
import { renderTemplate } from "../map/template.js";
import type { Settings } from "../settings/schema.js";
import { resolveColumns } from "./columns.js";
import { plainFilePath, substituteFile, type ListingCache } from "./file-candidates.js";
import { StatWorker, type FileFacts } from "./stat-worker.js";
import { readJoinTable, type JoinTable } from "./join.js";
import { identifierOf } from "./row-checks.js";
import { flattenBatches, rowBatches } from "./batches.js";
import type { ManifestItem, OpenedManifest, ReadRow } from "./types.js";

const isListField = (field: CanonicalField | null): boolean => field !== null && (LIST_FIELDS as readonly string[]).includes(field);

/** The canonical field a column name maps to (settings aliases, canonical names, built-in aliases). */
function fieldOf(column: string, settings: Settings): CanonicalField | null {
  return resolveColumns([column], settings.columns)[0]?.field ?? null;
}

/** How rows are finished: computed once per manifest from its settings and source. */
interface Finisher {
  settings: Settings;
  collection: string;
  join: JoinTable | null;
  /** List field → separator (from `lists`). */
  separators: Map<CanonicalField, string>;
  /** The column the tags come from, for hints. */
  tagsColumn: string;
  /** Columns mapped to canonical fields, so `file_template` can name them as the export does. */
  mapped: Array<[string, CanonicalField]>;
}

/**
 * Apply the row-finishing settings to an opened manifest. The joined file is read here (a
 * UserError when it cannot be); whole-file "missing column" errors for what the join or
 * `file_template` supply are dropped.
 */
export async function finishManifest(opened: OpenedManifest): Promise<OpenedManifest> {
  const { source } = opened;
  const settings = source.settings;
  if (settings.join) requireJoinColumn(settings.join.on, source.columns ?? [], settings);
  const join = settings.join ? await readJoinTable(source.path, settings.join) : null;
  const columns = [...(source.columns ?? []), ...(join?.columns ?? []).filter((c) => !(source.columns ?? []).includes(c))];
  const supplied = new Set<string>(join ? join.columns.map((c) => fieldOf(c, settings)).filter((f) => f !== null) : []);
  if (settings.file_template) supplied.add("file");
  const separators = new Map<CanonicalField, string>();
  for (const [column, separator] of Object.entries(settings.lists)) {
    const field = fieldOf(column, settings);
    if (field && isListField(field)) separators.set(field, separator);
  }
  const mapped = resolveColumns(columns, settings.columns).flatMap((c): Array<[string, CanonicalField]> => (c.field ? [[c.header, c.field]] : []));
  const finisher: Finisher = { settings, collection: source.collection, join, separators, tagsColumn: mapped.find(([, f]) => f === "tags")?.[0] ?? "tags", mapped };
  const issues = source.issues.filter((i) => !(i.code === "MANIFEST_MISSING_COLUMN" && i.field !== null && supplied.has(i.field)));
  return {
    source: { ...source, issues, columns },
    batches: () => finishedBatches(opened, finisher),
    rows: () => flattenBatches(finishedBatches(opened, finisher)),
  };
}

/**
 * The rows of each batch finished. Whether each batch's files exist as written is asked (of a
 * worker thread, src/manifest/stat-worker.ts) before the previous batch is handed on, so the
 * files are stat'ed on another core while the caller works (issue 12: at 100,000 rows the stats
 * were a sixth of a sync's main-thread time). A reader error further on still hands on the rows
 * before it first.
 */
async function* finishedBatches(opened: OpenedManifest, finisher: Finisher): AsyncGenerator<ReadRow[]> {
  const cache: ListingCache = new Map();
  const worker = new StatWorker();
  let ahead: Promise<ReadRow[]> | null = null;
  let failure: { error: unknown } | null = null;
  try {
    try {
      for await (const batch of rowBatches(opened)) {
        const next = finishBatch(batch, finisher, cache, worker);
        // Handled when its turn comes; until then a rejection must not count as unhandled.
        next.catch(() => undefined);
        if (ahead) yield await ahead;
        ahead = next;
      }
    } catch (error) {
      // The reader failed further on (a bad byte, an unclosed quote): the rows before it are still handed on first.
      failure = { error };
    }
    if (ahead) yield await ahead;
    if (failure) throw failure.error;
  } finally {
    worker.close();
  }
}

async function finishBatch(batch: readonly ReadRow[], f: Finisher, cache: ListingCache, files: StatWorker): Promise<ReadRow[]> {
  const rows = batch.map((row) => prepareRow(row, f));
  const written = await files.stat(rows.map(({ item }) => (typeof item.values.file === "string" ? plainFilePath(f.collection, item.values.file) : null)));
  const finished: ReadRow[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const facts = written[k];
    // The usual case, without an await per row: the file is there as written.
    if (facts && typeof row.item.values.file === "string") {
      fileFacts.set(row.item, facts);
      finished.push(row);
    } else finished.push(await finishFile(row, f, cache));
  }
  return finished;
}

/** `join.on` must name a column of the manifest (or a field one maps to): a typo would unmatch every row. */
function requireJoinColumn(on: string, columns: readonly string[], settings: Settings): void {
  const field = fieldOf(on, settings);
  const found = columns.some((c) => c.trim().toLowerCase() === on.trim().toLowerCase() || (field !== null && fieldOf(c, settings) === field));
  if (found || columns.length === 0) return;
  throw new UserError(`The settings' join.on names “${on}”, which is not a column of the manifest.`, {
    code: "SETTINGS_INVALID",
    hint: `Name the manifest column whose values the joined file looks up. The manifest's columns: ${columns.slice(0, 30).join(", ")}${columns.length > 30 ? ", …" : ""}.`,
  });
}

/**
 * What was found of a finished row's file when checking that it exists as written: sync's
 * unchanged-row check (size and mtime) reuses it, so a 100,000-row sync stats each master once.
 * A WeakMap: the facts go with their rows (a Map cleared per batch measured 50 MB more peak RSS at 100,000 rows).
 */
const fileFacts = new WeakMap<ManifestItem, FileFacts>();

/** The facts taken while finishing this row, when its file existed as written (else undefined). */
export function statOfRowFile(item: ManifestItem): FileFacts | undefined {
  return fileFacts.get(item);
}

/** The settings' steps that need no I/O: the join, `file_template`, list separators. */
function prepareRow(row: ReadRow, f: Finisher): ReadRow {
  const item: ManifestItem = { row: row.item.row, values: { ...row.item.values }, extra: { ...row.item.extra } };
  const issues: Issue[] = [...row.issues];
  if (f.join) issues.push(...joinRow(item, f.join, f.settings));
  if (f.settings.file_template && item.values.file === undefined) {
    const file = renderTemplate(f.settings.file_template, templateValues(item, f.mapped)).text;
    if (file !== "") item.values.file = file;
  }
  issues.push(...splitLists(item, f));
  return { item, issues };
}

/** A row whose file is not there as written: another found and reported, or the row as it is. */
async function finishFile(row: ReadRow, f: Finisher, cache: ListingCache): Promise<ReadRow> {
  const { item, issues } = row;
  const file = item.values.file;
  if (typeof file !== "string") return row;
  const used = await substituteFile(f.collection, file, cache, { exists: false });
  if (used !== null) {
    item.values.file = used;
    issues.push(
      warning("FILE_SUBSTITUTED", {
        row: item.row,
        identifier: identifierOf(item),
        field: "file",
        value: file,
        message: `“${file}” was not found as written; “${used}” is used instead.`,
        hint: "If that is the right image, correct the file name in the export (or settings file_template) to silence this; otherwise add the missing file.",
      }),
    );
  }
  return row;
}

/** The row's values by lower-case name, as `file_template` sees them. */
function templateValues(item: ManifestItem, mapped: ReadonlyArray<[string, CanonicalField]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item.extra)) out[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(item.values)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join("; ") : v;
  for (const [header, field] of mapped) if (out[header.toLowerCase()] === undefined && out[field] !== undefined) out[header.toLowerCase()] = out[field]!;
  return out;
}

/** Merge the joined record into the row; the row's own values win. */
function joinRow(item: ManifestItem, join: JoinTable, settings: Settings): Issue[] {
  const on = settings.join!.on;
  const onField = fieldOf(on, settings);
  const raw = onField ? item.values[onField] : (item.extra[on] ?? Object.entries(item.extra).find(([k]) => k.toLowerCase() === on.toLowerCase())?.[1]);
  const key = (Array.isArray(raw) ? raw.join("; ") : (raw ?? "")).trim();
  const record = key === "" ? undefined : join.byKey.get(key);
  if (!record) {
    return [
      warning("JOIN_UNMATCHED", {
        row: item.row,
        identifier: identifierOf(item),
        field: on,
        value: key,
        message: key === "" ? `The row has no “${on}”, so nothing of ${join.path} is joined to it.` : `No record of ${join.path} has “${settings.join!.key ?? on}” = “${key}”; its columns stay empty for this row.`,
        hint: "Check that both files write the key the same way (leading zeros, spaces), or add the record to the joined file.",
      }),
    ];
  }
  for (const [column, value] of Object.entries(record)) {
    const field = fieldOf(column, settings);
    if (field) {
      if (item.values[field] === undefined) item.values[field] = value;
    } else if (item.extra[column] === undefined) item.extra[column] = value;
  }
  return [];
}

function splitter(separator: string): RegExp | string {
  const core = separator.trim();
  if (core === "") return /\s+/;
  return new RegExp(`\\s*${core.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*`);
}

/**
 * Split list fields at their configured separator; without one, a tag containing ", " is most
 * likely a whole keyword list read as one tag, which deserves a warning with the fix.
 */
function splitLists(item: ManifestItem, f: Finisher): Issue[] {
  for (const [field, separator] of f.separators) {
    const value = item.values[field];
    if (typeof value === "string") item.values[field] = value.split(splitter(separator)).map((v) => v.trim()).filter((v) => v !== "");
  }
  const tags = item.values.tags;
  if (f.separators.has("tags") || typeof tags !== "string") return [];
  const long = tags.includes(", ") ? tags.split(";").find((t) => t.includes(", ")) : undefined;
  if (long === undefined) return [];
  return [
    warning("TAG_LIST_SEPARATOR", {
      row: item.row,
      identifier: identifierOf(item),
      field: "tags",
      value: long.trim(),
      message: `The tag “${long.trim()}” contains “, ”: if it is a list of keywords, it becomes one long tag.`,
      hint: `Tags are split at “;”. If “${f.tagsColumn}” separates keywords with “, ”, set lists: { "${f.tagsColumn}": ", " } in the settings.`,
    }),
  ];
}

/**
 * CSV (and TSV / Excel "Unicode Text") manifests, read as a stream: bytes → decodeChunks →
 * csv-tokenizer → a batch of rows per chunk, so a 100,000-row manifest is never held in memory.
 *
 * Row numbers are record numbers as a spreadsheet shows them: the header is row 1, the first
 * record row 2. A quoted cell with line breaks is one record, so it does not shift the numbers
 * of later rows; a blank line is a (skipped) record, so it does.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { CsvSyntaxError, CsvTokenizer } from "./csv-tokenizer.js";
import { UserError } from "../errors.js";
import type { CanonicalField } from "../fields.js";
import { error, warning, type Issue } from "../issues.js";
import { collectionPath, loadSettings, requireCollection } from "../settings/load.js";
import { csvColumnName, columnLetter, duplicateColumnIssues, missingColumnIssues, resolveColumns, unknownColumnIssues, type ResolvedColumn } from "./columns.js";
import { decodeChunks, encodingIssues, encodingRefused, HEAD_BYTES, sniffEncoding, type EncodingDecision } from "./decode.js";
import { delimiterName, detectDelimiter, firstLine, suspectDelimiter, type Delimiter } from "./delimiter.js";
import { headerMojibakeIssues, identifierOf, mojibakeIssue } from "./row-checks.js";
import { cleanValue } from "./text-value.js";
import { flattenBatches } from "./batches.js";
import type { ManifestItem, OpenedManifest, ReadRow } from "./types.js";

/** A record longer than this is an unclosed quote swallowing the file, not a real row. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;

/** One non-blank record of the file, with its row number. */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/** Open a CSV manifest: sniff the encoding, read settings and header, check the collection. */
export async function openCsvManifest(path: string): Promise<OpenedManifest> {
  const head = await readHead(path);
  const sniffed = sniffEncoding(head.bytes, head.complete);
  if (!sniffed.ok) throw encodingRefused(path, sniffed.refusal);
  const decision = sniffed.decision;
  const { settings, settingsPath } = await loadSettings(path);
  const detected = await detectFileDelimiter(path, decision, extname(path).toLowerCase() === ".tsv" ? "\t" : ",");
  const delimiter = settings.delimiter ?? detected.delimiter;

  let header: CsvRecord | null = null;
  let hasRows = false;
  for await (const record of readCsvRecords(path, decision, delimiter)) {
    if (header) {
      hasRows = true;
      break;
    }
    header = record;
  }

  const columns = resolveColumns(header?.cells ?? [], settings.columns);
  const issues: Issue[] = [...encodingIssues(decision, path)];
  if (!header || !hasRows) {
    issues.push(
      error("MANIFEST_EMPTY", {
        message: header ? `${path} has a header row but no rows below it.` : `${path} is empty: it has no header row and no rows.`,
        hint: "A CSV manifest has a header row (identifier, file, title, …) and one row per image.",
      }),
    );
  }
  if (header) {
    const missing = missingColumnIssues(columns, settings.defaults);
    issues.push(
      ...headerMojibakeIssues(header.cells),
      ...(columns.every((c) => c.field === null) ? missing.map((i) => withDelimiterNote(i, detected.headerLine, delimiter, columns.length)) : missing),
      ...duplicateColumnIssues(columns, csvColumnName),
      ...unknownColumnIssues(columns, csvColumnName),
    );
  }

  const collection = collectionPath(path, settings);
  await requireCollection(collection, path, settingsPath);
  const headerCells = header?.cells ?? [];
  return {
    source: { path, format: "csv", collection, settings, settingsPath, issues, encoding: decision.encoding, delimiter, columns: headerNames(columns) },
    batches: () => csvRowBatches(path, decision, delimiter, headerCells, columns),
    rows: () => flattenBatches(csvRowBatches(path, decision, delimiter, headerCells, columns)),
  };
}

/** The rows below the header, a parsed chunk at a time; the header must still be the one read at opening. */
async function* csvRowBatches(path: string, decision: EncodingDecision, delimiter: Delimiter, headerCells: readonly string[], columns: readonly ResolvedColumn[]): AsyncGenerator<ReadRow[]> {
  let seenHeader = false;
  for await (const records of readCsvRecordBatches(path, decision, delimiter)) {
    const rows: ReadRow[] = [];
    for (const record of records) {
      if (seenHeader) {
        rows.push(buildCsvRow(record.row, record.cells, columns, delimiter));
        continue;
      }
      seenHeader = true;
      if (record.cells.join("\u0000") !== headerCells.join("\u0000")) {
        throw new UserError(`${path} changed while it was being read: its header row is not the same as when it was opened.`, {
          code: "MANIFEST_CHANGED",
          hint: "Do not edit the manifest while heritage reads it; run the command again.",
        });
      }
    }
    if (rows.length > 0) yield rows;
  }
}

async function readHead(path: string): Promise<{ bytes: Uint8Array; complete: boolean }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read the manifest ${path}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(err))}.`, {
      code: "MANIFEST_UNREADABLE",
      hint: "Check that you may read the file.",
      cause: err,
    });
  }
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const { size } = await handle.stat();
    return { bytes: buffer.subarray(0, bytesRead), complete: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

function decodedFile(path: string, decision: EncodingDecision): AsyncGenerator<string> {
  return decodeChunks(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), decision, path);
}

/** Read decoded text up to the end of the header line and detect the delimiter from it. */
async function detectFileDelimiter(path: string, decision: EncodingDecision, preferred: Delimiter): Promise<{ delimiter: Delimiter; headerLine: string }> {
  let text = "";
  for await (const chunk of decodedFile(path, decision)) {
    text = (text + chunk).replace(/^[\s\uFEFF]+/, "");
    const line = firstLine(text);
    if (line !== null) return { delimiter: detectDelimiter(line, preferred), headerLine: line };
    if (text.length > MAX_RECORD_BYTES) break;
  }
  return { delimiter: detectDelimiter(text, preferred), headerLine: text };
}

/**
 * When no header cell is a known column, the delimiter is the likeliest culprit: say which one
 * was used, and which one the header line suggests instead.
 */
function withDelimiterNote(issue: Issue, headerLine: string, used: string, count: number): Issue {
  const suspect = suspectDelimiter(headerLine, used);
  const split = `The header was split at the ${delimiterName(used)} into ${count} column${count === 1 ? "" : "s"}`;
  const note = suspect
    ? `${split}; it also contains the ${delimiterName(suspect)}, so the file may be ${delimiterName(suspect)}-separated.`
    : `${split}.`;
  const hint = suspect ? `If the file is separated by the ${delimiterName(suspect)}, set delimiter: "${suspect === "\t" ? "\\t" : suspect}" in the settings. ${issue.hint ?? ""}` : issue.hint;
  return { ...issue, message: `${issue.message} ${note}`, ...(hint !== undefined ? { hint: hint.trim() } : {}) };
}

/** The named columns of a header, as templates may use them (empty ones included). */
function headerNames(columns: readonly ResolvedColumn[]): string[] {
  return columns.filter((c) => c.header !== "").map((c) => c.header);
}

/**
 * The file's non-blank records with their row numbers (blank records are counted, not
 * yielded). Stopping early (break) closes the file.
 */
export async function* readCsvRecords(path: string, decision: EncodingDecision, delimiter: string): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvRecordBatches(path, decision, delimiter)) yield* batch;
}

/**
 * The file's non-blank records, one array per decoded chunk of the file (about 64 KiB: hundreds
 * of rows), in order, with exact row numbers; a record that spans chunks comes in the batch of
 * the chunk that ends it. Tokenized by csv-tokenizer.ts (csv-parse's rules, without its cost per
 * byte). Stopping early (break) closes the file.
 */
export async function* readCsvRecordBatches(path: string, decision: EncodingDecision, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const tokenizer = new CsvTokenizer(delimiter, MAX_RECORD_BYTES);
  let records = 0;
  let lastLine = 0;
  let batch: CsvRecord[] = [];
  const sink = (cells: string[], line: number) => {
    records++;
    lastLine = line;
    if (cells.some((cell) => cell.trim() !== "")) batch.push({ row: records, cells });
  };
  const take = () => {
    const out = batch;
    batch = [];
    return out;
  };
  try {
    for await (const text of decodedFile(path, decision)) {
      tokenizer.feed(text, false, sink);
      if (batch.length > 0) yield take();
    }
    tokenizer.feed("", true, sink);
    if (batch.length > 0) yield take();
  } catch (err) {
    throw csvSyntaxError(err, path, records + 1, lastLine + 1, delimiter);
  }
}

function csvSyntaxError(err: unknown, path: string, row: number, startLine: number, delimiter: string): unknown {
  if (!(err instanceof CsvSyntaxError)) {
    const errno = err as NodeJS.ErrnoException;
    if (errno && typeof errno.syscall === "string") {
      return new UserError(`Cannot read ${path}: ${errno.code ?? errno.message}.`, { code: "MANIFEST_UNREADABLE", cause: err });
    }
    return err;
  }
  const line = err.lines;
  const where = `row ${row} (from line ${startLine})`;
  const messages: Partial<Record<string, [string, string]>> = {
    CSV_QUOTE_NOT_CLOSED: [
      `a quoted cell in ${where} is never closed: the file ends inside quotes`,
      'Find the cell that starts with a double quote and add the closing quote; a double quote inside a quoted cell is written twice ("").',
    ],
    CSV_MAX_RECORD_SIZE: [
      `${where} is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB: most likely a quote that is never closed`,
      'Find the cell that starts with a double quote and add the closing quote; a double quote inside a quoted cell is written twice ("").',
    ],
    CSV_INVALID_CLOSING_QUOTE: [
      `a quoted cell on line ${line} has text after its closing quote`,
      `Inside a quoted cell, write a double quote twice: "10"" x 8""". A quoted cell ends at the ${delimiterName(delimiter)} or the end of the line.`,
    ],
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: [
      `a quoted cell on line ${line} has text after its closing quote`,
      `Inside a quoted cell, write a double quote twice: "10"" x 8""". A quoted cell ends at the ${delimiterName(delimiter)} or the end of the line.`,
    ],
  };
  const [detail, hint] = messages[err.code] ?? [`${err.message} (${where})`, "Check the CSV syntax around that line; saving the file again from a spreadsheet program usually repairs it."];
  return new UserError(`Cannot parse ${path}: ${detail}.`, { code: "MANIFEST_PARSE", hint, cause: err });
}

/**
 * Where each column's cell goes: a canonical field, an extra column, nowhere but a warning
 * (a value under no header), or nowhere (a later column of a field or header already read:
 * the first one wins, and the duplicate is a whole-file issue). The same for every row, so
 * worked out once per header, not per row (issue 12: two Sets per row at 100,000 rows).
 */
interface CellTarget {
  field?: CanonicalField;
  header?: string;
  unnamed?: true;
}

interface CsvLayout {
  targets: readonly CellTarget[];
  /** Cells a row should have: trailing columns without a header ("a;b;c;") do not count. */
  width: number;
}

const layouts = new WeakMap<readonly ResolvedColumn[], CsvLayout>();

function layoutOf(columns: readonly ResolvedColumn[]): CsvLayout {
  let layout = layouts.get(columns);
  if (layout) return layout;
  const seenFields = new Set<string>();
  const seenExtras = new Set<string>();
  const targets = columns.map((column): CellTarget => {
    if (column.field) {
      if (seenFields.has(column.field)) return {};
      seenFields.add(column.field);
      return { field: column.field };
    }
    if (column.header === "") return { unnamed: true };
    if (seenExtras.has(column.header)) return {};
    seenExtras.add(column.header);
    return { header: column.header };
  });
  layout = { targets, width: columns.reduce((w, c) => (c.header !== "" ? c.index + 1 : w), 0) };
  layouts.set(columns, layout);
  return layout;
}

/**
 * One CSV record → a row: values trimmed, empty cells left out, canonical fields in `values`,
 * other columns in `extra`. When two columns name the same field (or header), the first wins
 * (and the duplicate is a whole-file issue). Cell-count problems are issues of the row.
 */
export function buildCsvRow(row: number, cells: readonly string[], columns: readonly ResolvedColumn[], delimiter = ","): ReadRow {
  const item: ManifestItem = { row, values: {}, extra: {} };
  const issues: Issue[] = [];
  const { targets, width } = layoutOf(columns);
  let unnamed: string[] | null = null;
  let overflow: string[] | null = null;
  for (let i = 0; i < cells.length; i++) {
    const value = cleanValue(cells[i]!);
    if (value === "") continue;
    const target = targets[i];
    if (target === undefined) (overflow ??= []).push(`${columnLetter(i)}: “${value}”`);
    else if (target.field !== undefined) item.values[target.field] = value;
    else if (target.header !== undefined) item.extra[target.header] = value;
    else if (target.unnamed) (unnamed ??= []).push(`${columnLetter(i)}: “${value}”`);
  }
  const identifier = identifierOf(item);
  if (cells.length < width) {
    issues.push(
      error("MANIFEST_ROW_SHAPE", {
        row,
        identifier,
        value: cells.join(delimiter),
        message: `Row ${row} has ${cells.length} cell${cells.length === 1 ? "" : "s"}, but the header has ${width} columns; values may have moved into the wrong columns.`,
        hint: `A cell with a line break or a ${delimiterName(delimiter)} that is not in double quotes, or a row cut short, causes this; quote the cell or complete the row.`,
      }),
    );
  }
  if (overflow !== null) {
    issues.push(
      error("MANIFEST_ROW_SHAPE", {
        row,
        identifier,
        value: overflow.join(", "),
        message: `Row ${row} has ${cells.length} cells, but the header has ${columns.length} columns; the values beyond the last column (${overflow.join(", ")}) are not read.`,
        hint: `A ${delimiterName(delimiter)} inside a cell that is not in double quotes splits it in two: put the cell in quotes, or give the extra column a header.`,
      }),
    );
  }
  if (unnamed !== null) {
    issues.push(
      warning("MANIFEST_ROW_SHAPE", {
        row,
        identifier,
        value: unnamed.join(", "),
        message: `Row ${row} has values in columns without a header (${unnamed.join(", ")}); they are ignored.`,
        hint: "Give the column a header to keep its values, or delete them.",
      }),
    );
  }
  const garbled = mojibakeIssue(item);
  if (garbled) issues.push(garbled);
  return { item, issues };
}

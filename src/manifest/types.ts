import type { CanonicalField } from "../fields.js";
import type { Issue } from "../issues.js";
import type { Settings } from "../settings/schema.js";

export type ManifestFormat = "csv" | "json" | "yaml" | "lido";

/** A field value after reading: text, or a list for `tags`/`album` given as an array in JSON/YAML. */
export type FieldValue = string | string[];

/** One manifest row, with headers resolved to canonical fields. */
export interface ManifestItem {
  /** Row as the user sees it: CSV header = row 1, first data row = 2; JSON/YAML items count from 1. */
  row: number;
  /** Canonical fields; values trimmed, whitespace-only cells absent. Defaults not yet applied. */
  values: Partial<Record<CanonicalField, FieldValue>>;
  /** Columns that are not canonical fields, by their original header: kept for templates. */
  extra: Record<string, string>;
}

/** Everything known about a manifest before its rows are read. */
export interface ManifestSource {
  /** Absolute path of the manifest file. */
  path: string;
  format: ManifestFormat;
  /** Absolute path of the collection folder (from settings or the default). */
  collection: string;
  settings: Settings;
  /** Where the settings came from (sidecar file, embedded, or defaults). */
  settingsPath: string | null;
  /** Whole-file issues found while opening (encoding, unknown columns, bad settings…). */
  issues: Issue[];
  /** The text encoding the file was decoded from, e.g. "utf-8", "windows-1252". */
  encoding?: string;
  /** CSV only: the delimiter detected from the header line ("," ";" "\t" or "|"), or set in the settings. */
  delimiter?: string;
  /**
   * Every column (header or key) of the export, including those empty in every row and those
   * mapped to canonical fields: a template may use any of them.
   */
  columns?: string[];
}

/** One row as read: the item, and the problems found while reading it (cell count, encoding…). */
export interface ReadRow {
  item: ManifestItem;
  issues: Issue[];
}

/** An opened manifest: what is known up front, and its rows as a stream that can be read again. */
export interface OpenedManifest {
  source: ManifestSource;
  /**
   * The rows in manifest order. Each call reads the file again from the start, so a 100,000-row
   * CSV is never held in memory; breaking out of the loop closes the file.
   */
  rows(): AsyncIterable<ReadRow>;
  /**
   * The same rows in manifest order, in arrays (a CSV reader hands on each parsed chunk's rows
   * together): one await per batch, not per row. Optional: `rowBatches` (batches.ts) gathers
   * `rows()` for readers without it.
   */
  batches?(): AsyncIterable<ReadRow[]>;
}

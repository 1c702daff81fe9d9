/**
 * The entry point for reading a manifest: `openManifest` checks the file, picks the reader by
 * extension and returns what is known up front (`source`) and the rows as a re-readable stream.
 * Whatever stops the manifest from being read at all is a UserError (exit 2); problems with
 * parts of it are issues.
 */
import { readdir, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { UserError } from "../errors.js";
import { finishManifest } from "./finish-rows.js";
import { openCsvManifest } from "./read-csv.js";
import { openStructuredManifest } from "./read-structured.js";
import type { ManifestFormat, OpenedManifest } from "./types.js";

export interface OpenManifestOptions {
  /** Directory a relative manifest path is resolved from. Default: process.cwd(). */
  cwd?: string;
}

/** File extension → format. `.txt` is what Excel's "Unicode Text" (tab-separated UTF-16) is saved as. */
export const MANIFEST_EXTENSIONS: Readonly<Record<string, ManifestFormat>> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".txt": "csv",
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".xml": "lido",
};

const SPREADSHEET_EXTENSIONS = [".xlsx", ".xlsm", ".xls", ".ods", ".numbers"];

/**
 * Open a manifest (CSV, TSV, JSON or YAML) with its settings. Throws a UserError for a missing,
 * unreadable or unsupported file, an encoding that cannot be read safely, a syntax error,
 * invalid settings or a missing collection folder.
 */
export async function openManifest(path: string, options: OpenManifestOptions = {}): Promise<OpenedManifest> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, path);
  await requireManifestFile(absolute, cwd);
  const format = manifestFormat(absolute);
  const opened = format === "csv" ? await openCsvManifest(absolute) : format === "lido" ? await openLido(absolute) : await openStructuredManifest(absolute, format);
  return finishManifest(opened);
}

/** The format of a manifest by its extension; a UserError saying which extensions work otherwise. */
export function manifestFormat(path: string): ManifestFormat {
  const ext = extname(path).toLowerCase();
  const format = MANIFEST_EXTENSIONS[ext];
  if (format) return format;
  const accepted = Object.keys(MANIFEST_EXTENSIONS).join(", ");
  const spreadsheet = SPREADSHEET_EXTENSIONS.includes(ext);
  throw new UserError(`Cannot read ${path}: ${ext ? `“${ext}” files are not` : "a file without an extension is not"} a manifest format heritage reads (${accepted}).`, {
    code: "MANIFEST_FORMAT",
    hint: spreadsheet
      ? "Save the sheet as CSV: in Excel, File → Save As → CSV UTF-8 (Comma delimited) (*.csv); in LibreOffice, Save As → Text CSV with character set UTF-8."
      : "Export the records as CSV (UTF-8), or write a JSON/YAML manifest (see schema/manifest.schema.json); if the file already is one of these, rename it to the matching extension.",
  });
}

async function requireManifestFile(path: string, cwd: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      const nearby = await manifestsIn(dirname(path));
      throw new UserError(`Manifest not found: ${path}`, {
        code: "MANIFEST_NOT_FOUND",
        hint: `Check the path (a relative path is resolved from ${cwd}).${nearby.length ? ` Manifests in ${dirname(path)}: ${nearby.join(", ")}.` : ""}`,
      });
    }
    throw new UserError(`Cannot read the manifest ${path}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(err))}.`, {
      code: "MANIFEST_UNREADABLE",
      hint: "Check that the file exists and that you may read it.",
      cause: err,
    });
  }
  if (info.isDirectory()) {
    const inside = await manifestsIn(path);
    throw new UserError(`${path} is a folder, not a manifest file.`, {
      code: "MANIFEST_NOT_FOUND",
      hint: inside.length ? `Name one of the manifests in it: ${inside.join(", ")}.` : "Name the manifest file itself, e.g. manifests/postcards.csv.",
    });
  }
}

/** Up to five manifest-looking files in a folder, for hints (none when it cannot be read). */
async function manifestsIn(folder: string): Promise<string[]> {
  try {
    const names = await readdir(folder);
    return names
      .filter((n) => MANIFEST_EXTENSIONS[extname(n).toLowerCase()] !== undefined && !/\.settings\.(ya?ml|json)$/i.test(n))
      .sort()
      .slice(0, 5);
  } catch {
    return [];
  }
}

/** The LIDO reader and its XML parser are loaded only for a LIDO manifest (most are CSV). */
async function openLido(path: string): Promise<OpenedManifest> {
  const { openLidoManifest } = await import("./read-lido.js");
  return openLidoManifest(path);
}

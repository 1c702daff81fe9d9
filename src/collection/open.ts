/**
 * Opening a collection: the manifest (its encoding, format and columns) and the settings
 * beside it, read once; the rows are then read as a stream as many times as asked.
 */
import { openManifest } from "../manifest/open.js";
import type { ManifestSource, OpenedManifest } from "../manifest/types.js";
import type { Settings } from "../settings/schema.js";
import { CollectionRows, type ReadRowsOptions } from "./rows.js";

export interface Collection {
  source: ManifestSource;
  settings: Settings;
  /** The manifest as opened (its raw rows, for readers that do not validate). */
  manifest: OpenedManifest;
  /** A new stream of the validated rows (each one reads the manifest from the start). */
  rows(options?: ReadRowsOptions): CollectionRows;
}

/** Open the manifest named on the command line (relative to `cwd`). Throws a UserError when it cannot be read. */
export async function openCollection(manifest: string, options: { cwd: string }): Promise<Collection> {
  const opened = await openManifest(manifest, { cwd: options.cwd });
  return {
    source: opened.source,
    settings: opened.source.settings,
    manifest: opened,
    rows: (rowOptions = {}) => new CollectionRows(opened, rowOptions),
  };
}

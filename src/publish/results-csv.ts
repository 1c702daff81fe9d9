/**
 * The result a catalogue can import: identifier → Flickr photo id and page URL, one row per
 * published item, as RFC 4180 CSV (UTF-8 with BOM so Excel opens åäö correctly).
 */
import { writeFileSync, renameSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { csvDocument } from "../csv-write.js";
import type { ItemState } from "../state/store.js";

export function photoPageUrl(photoId: string, owner: string | null): string {
  return owner ? `https://www.flickr.com/photos/${owner}/${photoId}/` : `https://www.flickr.com/photo.gne?id=${photoId}`;
}

export function resultsCsv(items: readonly ItemState[], owner: string | null): string {
  const header = ["identifier", "row", "file", "status", "flickr_photo_id", "flickr_url", "error_code", "error_message"];
  return csvDocument(
    header,
    items.map((i) => [i.identifier, i.row, i.file, i.status, i.photoId, i.photoId ? photoPageUrl(i.photoId, owner) : null, i.error?.code ?? null, i.error?.message ?? null]),
  );
}

/** Write atomically: a reader never sees half a file. */
export function writeResultsCsv(path: string, items: readonly ItemState[], owner: string | null): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, resultsCsv(items, owner));
  renameSync(tmp, path);
}

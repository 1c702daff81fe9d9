/**
 * Rows whose master cannot be shown are not decoded at all: validation has already said why
 * (the file is missing, outside the collection, not an image, corrupt, too large…), and that
 * sentence is what the placeholder shows. A file outside the collection is never read.
 */
import type { Issue, IssueCode } from "../issues.js";

/** Issues that mean the master cannot (or must not) be opened for a picture. */
export const UNVIEWABLE_CODES: ReadonlySet<IssueCode> = new Set<IssueCode>([
  "FILE_MISSING",
  "FILE_EMPTY",
  "FILE_OUTSIDE_COLLECTION",
  "FILE_NOT_IMAGE",
  "IMAGE_CORRUPT",
  "IMAGE_UNSUPPORTED",
  "IMAGE_TOO_MANY_PIXELS",
]);

/**
 * Why a row has no picture, or null when its master can be opened. A row without a resolved
 * path or a content hash has none either (the issue about its file says why).
 */
export function unviewableReason(item: { file: string | null; path: string | null; source: { sha256: string } | null; issues: readonly Issue[] }): string | null {
  const blocking = item.issues.find((i) => UNVIEWABLE_CODES.has(i.code));
  if (blocking) return blocking.message;
  if (item.file === null) return "The row names no image file.";
  if (item.path === null) return "The file could not be found in the collection folder.";
  if (item.source === null) return "The file could not be read.";
  return null;
}

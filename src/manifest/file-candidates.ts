/**
 * When a row's file is not found as written, the usual reasons are the case (`F123.TIF` on a
 * case-sensitive disk) and the extension (the export says `.tif`, the scans are `.jpg`). The
 * file used instead is always reported (FILE_SUBSTITUTED), never silently swapped. Paths that
 * leave the collection are not searched: resolve-path refuses them as they are.
 */
import { statSync, type Stats } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join, sep } from "node:path";

/** Extensions tried, in this order, when the file is not found with its own. */
export const USUAL_EXTENSIONS = [".tif", ".tiff", ".jpg", ".jpeg", ".png"];

/** One stat, undefined when the path cannot be stat'ed (missing, a dangling link, no permission). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Directory listings of one pass over the rows, so 100,000 substitutions read each folder once. */
export type ListingCache = Map<string, Promise<string[] | null>>;

function listing(cache: ListingCache, dir: string): Promise<string[] | null> {
  let names = cache.get(dir);
  if (!names) {
    names = readdir(dir).catch(() => null);
    cache.set(dir, names);
  }
  return names;
}

/**
 * The path `file` names in `collection` when it is a plain relative path, else null (absolute,
 * a drive, "..", a NUL: resolve-path refuses those, and no other name is searched for them).
 * Its segments are plain names (no ".", ".." or empty ones), so they are joined by hand,
 * without path.join's normalizing.
 */
export function plainFilePath(collection: string, file: string): string | null {
  const segments = plainSegments(file);
  return segments === null ? null : `${collection}${sep}${segments.join(sep)}`;
}

function plainSegments(file: string): string[] | null {
  const slashed = file.trim().replace(/\\/g, "/");
  const segments = slashed.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0 || slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed) || segments.includes("..") || slashed.includes("\0")) return null;
  return segments;
}

/**
 * The file (relative to `collection`, `/`-separated) to use for `file` when it does not exist as
 * written: a name differing only in case, or the same name with another usual extension. Null
 * when the file exists, when nothing matches, or when `file` is not a plain relative path.
 * `taken` says whether `file` exists as written when the caller has looked already (at
 * plainFilePath); without it the file is stat'ed here.
 */
export async function substituteFile(collection: string, file: string, cache: ListingCache, taken?: { exists: boolean }): Promise<string | null> {
  const segments = plainSegments(file);
  if (segments === null) return null;
  const exists = taken ? taken.exists : statOf(`${collection}${sep}${segments.join(sep)}`) !== undefined;
  if (exists) return null;
  let dir = collection;
  const foundSegments: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    const names = await listing(cache, dir);
    const match = names?.find((n) => n === segment) ?? names?.find((n) => n.toLowerCase() === segment.toLowerCase());
    if (match === undefined) return null;
    foundSegments.push(match);
    dir = join(dir, match);
  }
  const names = await listing(cache, dir);
  if (!names) return null;
  const base = segments[segments.length - 1]!;
  const ext = extname(base);
  const stem = USUAL_EXTENSIONS.includes(ext.toLowerCase()) ? base.slice(0, -ext.length) : base;
  const wanted = [base, ...(ext ? [stem + ext] : []), ...USUAL_EXTENSIONS.map((e) => stem + e)].map((n) => n.toLowerCase());
  for (const candidate of wanted) {
    const match = names.find((n) => n.toLowerCase() === candidate);
    const result = match === undefined ? null : [...foundSegments, match].join("/");
    if (result !== null && result !== segments.join("/")) return result;
  }
  return null;
}

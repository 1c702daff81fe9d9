/**
 * Turn a manifest's `file` value into a path inside the collection folder, refusing anything
 * that would read outside it: absolute paths, `..` escapes, and symbolic links (to files or
 * folders) whose target lies elsewhere. A manifest is data from a catalogue export; it must
 * not be able to make heritage publish /etc/passwd or a colleague's home folder.
 */
import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { error, type Issue } from "../issues.js";

export type ResolvedPath = { path: string } | { issue: Issue };

const RELATIVE_HINT = "Write the path relative to the collection folder, e.g. box1/item-001.tif.";

/** Windows exports write `box1\item.tif`; `\` is never part of a sane file name, so it is a separator. */
function toSlashes(file: string): string {
  return file.replace(/\\/g, "/");
}

function isAbsoluteLike(file: string): boolean {
  return file.startsWith("/") || /^[A-Za-z]:\//.test(file) || /^[A-Za-z]:$/.test(file);
}

const isInside = (root: string, candidate: string) => {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/**
 * Find `segments` under `root` ignoring case, for the FILE_MISSING hint (on Linux `Foo.TIF`
 * and `foo.tif` are different files; exports from Windows or macOS often get the case wrong).
 */
async function findIgnoringCase(root: string, segments: readonly string[]): Promise<string | null> {
  let dir = root;
  const found: string[] = [];
  for (const segment of segments) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return null;
    }
    const match = names.find((n) => n === segment) ?? names.find((n) => n.toLowerCase() === segment.toLowerCase());
    if (match === undefined) return null;
    found.push(match);
    dir = path.join(dir, match);
  }
  return found.join("/");
}

/** Resolves manifest `file` values against one collection folder (see createCollectionResolver). */
export interface CollectionResolver {
  /** The file's real path inside the collection, or the issue refusing it (as resolveCollectionPath). */
  resolve(file: string): Promise<ResolvedPath>;
  /**
   * Where the file is if its last component is not a symbolic link: its folders resolved (each
   * once), the file itself not touched. Only for a caller that then opens it without following
   * a link (O_NOFOLLOW) and calls `resolve` when that open fails, which checks the link.
   */
  locate(file: string): Promise<ResolvedPath>;
}

const collectionMissing = (collectionDir: string, at: { field: string; value: string; file: string }): { issue: Issue } => ({
  issue: error("COLLECTION_MISSING", {
    ...at,
    value: collectionDir,
    message: `The collection folder ${collectionDir} does not exist`,
    hint: "Set `collection` in the settings, or create the folder next to the manifest.",
  }),
});
/** The relative path, or the issue refusing it (absolute, `..` escape, empty, NUL), before any disk access. */
function checkWritten(root: string, file: string, at: { field: string; value: string; file: string }): { normalized: string } | { issue: Issue } {
  const slashed = toSlashes(file.trim());
  if (slashed === "" || slashed.includes("\0")) {
    return { issue: error("FILE_MISSING", { ...at, message: "The file name is empty or contains a NUL character", hint: RELATIVE_HINT }) };
  }
  if (isAbsoluteLike(slashed) || slashed.startsWith("//")) {
    // An absolute path that happens to point inside the collection still ties the manifest to one machine.
    const inside = slashed.startsWith("/") && isInside(root, path.resolve(slashed)) ? path.relative(root, path.resolve(slashed)) : null;
    return {
      issue: error("FILE_OUTSIDE_COLLECTION", {
        ...at,
        message: "The path is absolute; files must be named relative to the collection folder",
        hint: inside ? `Write it as ${inside.split(path.sep).join("/")}.` : RELATIVE_HINT,
      }),
    };
  }
  const normalized = path.posix.normalize(slashed);
  if (normalized === ".." || normalized.startsWith("../")) {
    return {
      issue: error("FILE_OUTSIDE_COLLECTION", {
        ...at,
        message: "The path climbs out of the collection folder with ..",
        hint: "Move the file into the collection folder, or point the collection setting at a folder that contains it.",
      }),
    };
  }
  return { normalized };
}

async function missingIssue(root: string, normalized: string, at: { field: string; value: string; file: string }): Promise<{ issue: Issue }> {
  const segments = normalized.split("/").filter((s) => s !== "" && s !== ".");
  const similar = await findIgnoringCase(root, segments);
  return {
    issue: error("FILE_MISSING", {
      ...at,
      message: "The file does not exist in the collection folder",
      hint: similar
        ? `A file with different letter case exists: ${similar}. File names are case-sensitive here; fix the manifest or rename the file.`
        : "Check the spelling and the letter case: on Linux Foo.TIF and foo.tif are different files.",
    }),
  };
}

const outside = (real: string, at: { field: string; value: string; file: string }): { issue: Issue } => ({
  issue: error("FILE_OUTSIDE_COLLECTION", {
    ...at,
    message: `The path is a symbolic link (or goes through one) to ${real}, outside the collection folder`,
    hint: "Copy the file into the collection folder instead of linking to it.",
  }),
});

/**
 * A resolver for one collection folder. The folder's real path is taken once, and so is each
 * sub-folder's (memoised for the resolver's life, one validation run): a row then costs one
 * `lstat` of its file (`resolve`), or nothing (`locate`), instead of two `realpath` walks. The
 * protection is the same: a folder on the way that is (or goes through) a symlink leading out
 * is caught by its real path, and a file that is itself a symlink is followed with `realpath`
 * and refused when it lands outside.
 */
export function createCollectionResolver(collectionDir: string): CollectionResolver {
  const rootReal = realpath(collectionDir).catch(() => null);
  const dirs = new Map<string, Promise<string | null>>();
  const dirReal = (root: string, rel: string): Promise<string | null> => {
    let found = dirs.get(rel);
    if (!found) dirs.set(rel, (found = rel === "." ? Promise.resolve(root) : realpath(path.join(root, ...rel.split("/"))).catch(() => null)));
    return found;
  };
  type Located = { root: string; normalized: string; path: string } | { issue: Issue };
  const locateIn = async (file: string, at: { field: string; value: string; file: string }): Promise<Located> => {
    const root = await rootReal;
    if (root === null) return collectionMissing(collectionDir, at);
    const checked = checkWritten(root, file, at);
    if ("issue" in checked) return checked;
    const { normalized } = checked;
    const dir = await dirReal(root, path.posix.dirname(normalized));
    if (dir === null) return missingIssue(root, normalized, at);
    if (!isInside(root, dir)) return outside(dir, at);
    return { root, normalized, path: path.join(dir, path.posix.basename(normalized)) };
  };
  return {
    locate: async (file) => {
      const located = await locateIn(file, { field: "file", value: file, file });
      return "issue" in located ? located : { path: located.path };
    },
    resolve: async (file) => {
      const at = { field: "file", value: file, file };
      const located = await locateIn(file, at);
      if ("issue" in located) return located;
      const { root, normalized, path: candidate } = located;
      const link = await lstat(candidate).catch(() => null);
      if (link === null) return missingIssue(root, normalized, at);
      if (!link.isSymbolicLink()) return { path: candidate };
      const real = await realpath(candidate).catch(() => null);
      if (real === null) return missingIssue(root, normalized, at);
      return isInside(root, real) ? { path: real } : outside(real, at);
    },
  };
}

/**
 * Resolve `file` (as written in the manifest, `/` or `\` separators) against `collectionDir`.
 * Returns the real path of the file, or one issue on the `file` field:
 * FILE_OUTSIDE_COLLECTION for absolute paths, `..` escapes and symlinks leading out;
 * FILE_MISSING when nothing is there (naming a file that differs only in case, if one exists);
 * COLLECTION_MISSING when the collection folder itself does not exist.
 * For many files of one collection, use createCollectionResolver (the root is resolved once).
 */
export async function resolveCollectionPath(collectionDir: string, file: string): Promise<ResolvedPath> {
  return createCollectionResolver(collectionDir).resolve(file);
}

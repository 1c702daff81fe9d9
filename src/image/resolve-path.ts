/**
 * Turn a manifest's `file` value into a path inside the collection folder, refusing anything
 * that would read outside it: absolute paths, `..` escapes, and symbolic links (to files or
 * folders) whose target lies elsewhere. A manifest is data from a catalogue export; it must
 * not be able to make heritage publish /etc/passwd or a colleague's home folder.
 */
import { readdir, realpath } from "node:fs/promises";
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

/**
 * Resolve `file` (as written in the manifest, `/` or `\` separators) against `collectionDir`.
 * Returns the real path of the file, or one issue on the `file` field:
 * FILE_OUTSIDE_COLLECTION for absolute paths, `..` escapes and symlinks leading out;
 * FILE_MISSING when nothing is there (naming a file that differs only in case, if one exists);
 * COLLECTION_MISSING when the collection folder itself does not exist.
 */
export async function resolveCollectionPath(collectionDir: string, file: string): Promise<ResolvedPath> {
  const at = { field: "file", value: file, file };
  const slashed = toSlashes(file.trim());
  if (slashed === "" || slashed.includes("\0")) {
    return { issue: error("FILE_MISSING", { ...at, message: "The file name is empty or contains a NUL character", hint: RELATIVE_HINT }) };
  }
  let root: string;
  try {
    root = await realpath(collectionDir);
  } catch {
    return {
      issue: error("COLLECTION_MISSING", {
        ...at,
        value: collectionDir,
        message: `The collection folder ${collectionDir} does not exist`,
        hint: "Set `collection` in the settings, or create the folder next to the manifest.",
      }),
    };
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
  const joined = path.join(root, ...normalized.split("/"));
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
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
  if (!isInside(root, real)) {
    return {
      issue: error("FILE_OUTSIDE_COLLECTION", {
        ...at,
        message: `The path is a symbolic link (or goes through one) to ${real}, outside the collection folder`,
        hint: "Copy the file into the collection folder instead of linking to it.",
      }),
    };
  }
  return { path: real };
}

/**
 * Where a manifest may send heritage for its images. A settings file beside the manifest is the
 * archivist's own configuration and may name any folder. Settings embedded in a JSON/YAML
 * manifest travel with the data — an export, a file received from elsewhere — so they may only
 * name a folder under the manifest's own folder or under the project's `collections/` folder
 * (the documented layout, `../collections/<name>/`): `"collection": "/"` once published a
 * system image. Links are resolved first, so a symlink cannot lead outside either.
 */
import { realpath } from "node:fs/promises";
import { dirname, relative, resolve, sep, isAbsolute } from "node:path";
import { UserError } from "../errors.js";

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

async function real(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/** The folders a manifest's embedded settings may point into. */
export async function embeddedCollectionRoots(manifestPath: string): Promise<string[]> {
  const folder = dirname(resolve(manifestPath));
  return [await real(folder), await real(resolve(folder, "..", "collections"))];
}

/**
 * Throw a UserError (exit 2) when settings embedded in the manifest itself name a collection
 * folder outside the allowed roots. `settingsPath` is where the settings came from.
 */
export async function requireTrustedCollection(collection: string, manifestPath: string, settingsPath: string | null): Promise<void> {
  if (settingsPath === null || resolve(settingsPath) !== resolve(manifestPath)) return;
  const target = await real(collection);
  const roots = await embeddedCollectionRoots(manifestPath);
  if (roots.some((root) => inside(target, root))) return;
  throw new UserError(
    `The "collection" in ${manifestPath}'s own settings points outside its folders: ${collection}${target !== resolve(collection) ? ` (${target})` : ""}.`,
    {
      code: "COLLECTION_OUTSIDE",
      hint:
        `Settings inside a manifest may only name a folder under ${roots[0]} or ${roots[1]}. ` +
        `If this folder is really the collection, move the "settings" section into a settings file beside the manifest ` +
        `(${manifestPath.replace(/\.(json|ya?ml)$/i, "")}.settings.yaml), which may name any folder.`,
    },
  );
}

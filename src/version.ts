import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface PackageJson {
  name?: string;
  version: string;
  bugs?: { url?: string };
}

/**
 * heritage's package.json: the nearest one up from this module whose name is heritage. Found by
 * walking up rather than by a fixed "../package.json" because the same source runs from dist/
 * (one level down) and from the tests' build/src/ (two levels down).
 */
function ownPackage(): PackageJson {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (existsSync(path)) {
      const pkg = JSON.parse(readFileSync(path, "utf8")) as PackageJson;
      if (pkg.name === "heritage") return pkg;
    }
    if (dirname(dir) === dir) throw new Error(`heritage's package.json is not in any folder above ${import.meta.dirname}`);
  }
}

const pkg = ownPackage();

/** heritage's version, from package.json (recorded in every run of the state). */
export const VERSION: string = pkg.version;
export const BUGS_URL: string | undefined = pkg.bugs?.url;

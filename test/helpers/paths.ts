/**
 * Where the repository and the test fixtures are, wherever this module runs from: the tests run
 * compiled (build/test/…, see package.json's "ava"), so a path relative to a test's own file
 * would point inside build/. The root is the nearest folder up with heritage's package.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "heritage") return dir;
    if (dirname(dir) === dir) throw new Error(`no heritage package.json above ${from}`);
  }
}

export const REPO_ROOT = findRoot(import.meta.dirname);
export const FIXTURES_DIR = join(REPO_ROOT, "test", "fixtures");

/** A file or folder under test/fixtures. */
export const fixturePath = (...parts: string[]): string => join(FIXTURES_DIR, ...parts);

/**
 * Typed seams (issue 10): nothing in src/ answers `Promise<any>` (Flickr's answers are decoded at
 * the edge by src/flickr/decode/) and nothing forces a type with `as unknown as`. A cast like that
 * hides exactly the missing field the decoders exist to report.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";

const ROOT = REPO_ROOT;
const RULES: { what: string; pattern: RegExp }[] = [
  { what: "an answer typed Promise<any>", pattern: /Promise<any>/ },
  { what: "a forced cast (as unknown as)", pattern: /\bas unknown as\b/ },
];

function offences(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .flatMap((e) => {
      const file = relative(ROOT, join(e.parentPath, e.name)).split("\\").join("/");
      return readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (/^\s*(\*|\/\/)/.test(line) ? [] : RULES.filter((r) => r.pattern.test(line)).map((r) => `${file}:${i + 1}: ${r.what}: ${line.trim()}`)));
    });
}

test("src/ has no Promise<any> and no `as unknown as`", (t) => {
  t.deepEqual(offences("src"), []);
});

test("the check sees what it forbids", (t) => {
  const line = "const x = y as unknown as Z; type F = () => Promise<any>;";
  t.deepEqual(RULES.filter((r) => r.pattern.test(line)).length, 2);
});

// The tests run compiled from build/test/: a path made from a test's own location would point
// inside build/, so fixtures and the repository are found through test/helpers/paths.ts.
test("no test finds files relative to its own location (import.meta), except test/helpers/paths.ts", (t) => {
  const found = readdirSync(join(ROOT, "test"), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !join(e.parentPath, e.name).includes(`${join("test", "fixtures")}`))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split("\\").join("/"))
    .filter((file) => file !== "test/helpers/paths.ts" && file !== "test/source/typed-seams.test.ts" && /import\.meta\.(url|dirname|filename)/.test(readFileSync(join(ROOT, file), "utf8")));
  t.deepEqual(found, []);
});

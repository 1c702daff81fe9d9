/**
 * The human validate report stays readable on a big collection: one heading per code, the
 * identical issues of many rows folded into one line with their rows as ranges, each hint
 * printed once; --verbose lists every issue, --json has every issue with its hint.
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCollection } from "../helpers/collection.js";
import { runCli } from "../helpers/cli.js";
import { rowRanges } from "../../src/validate/format.js";

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function bigManifest(t: Parameters<typeof makeCollection>[0]) {
  const c = await makeCollection(t, 1);
  // 60 rows, none with a licence and no default: LICENSE_MISSING on every row; every file
  // missing, each with its own value: FILE_MISSING 60 times, all different.
  const lines = ["identifier,file,title,license"];
  for (let i = 1; i <= 60; i++) lines.push(`B-${i},missing-${i}.jpg,Title ${i},`);
  writeFileSync(join(c.dir, "manifests", "test.csv"), `${lines.join("\n")}\n`);
  return c;
}

test("identical issues fold into one line with row ranges, different ones are cut after a few; each hint once", async (t) => {
  const c = await bigManifest(t);
  const run = await runCli(["validate", "manifests/test.csv"], { cwd: c.dir, env: { NO_COLOR: "1" } });
  t.is(run.code, 1, run.stderr);
  const out = run.stdout;
  t.regex(out, /^error LICENSE_MISSING — .* \(60\)$/m);
  t.regex(out, /^ {2}60 rows \(2–61\): /m);
  t.regex(out, /^error FILE_MISSING — .* \(60\)$/m);
  t.is(count(out, 'file = "missing-'), 5, "the first few different issues are listed");
  t.regex(out, /… and 55 more \(rows 7–61\); --verbose lists them all/);
  // Each hint printed once, not once per row.
  const hints = out.split("\n").filter((l) => l.trim().startsWith("→"));
  t.is(hints.length, new Set(hints).size);
  t.true(hints.length <= 4, hints.join("\n"));
  t.true(out.split("\n").length < 40, `a short report (${out.split("\n").length} lines)`);
});

test("--verbose lists every issue; --json has every issue with its hint", async (t) => {
  const c = await bigManifest(t);
  const verbose = await runCli(["validate", "manifests/test.csv", "--verbose"], { cwd: c.dir, env: { NO_COLOR: "1" } });
  t.is(count(verbose.stdout, 'file = "missing-'), 60);
  t.is(count(verbose.stdout, "row 61  B-60"), 2, "row 61 listed for both codes");
  const json = await runCli(["validate", "manifests/test.csv", "--json"], { cwd: c.dir });
  const doc = JSON.parse(json.stdout) as { issues: { code: string; hint: string | null }[] };
  const missing = doc.issues.filter((i) => i.code === "LICENSE_MISSING");
  t.is(missing.length, 60);
  t.true(missing.every((i) => typeof i.hint === "string" && i.hint.length > 0));
});

test("row ranges", (t) => {
  t.is(rowRanges([5, 2, 3, 4, 9, 11, 12]), "2–5, 9, 11–12");
  t.is(rowRanges([1, 3, 5, 7], 2), "1, 3, …");
  t.is(rowRanges([]), "");
});

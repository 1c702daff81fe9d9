/**
 * Documents built to exhaust memory or stack — a YAML alias bomb ("billion laughs"), JSON or
 * YAML nested 100,000 levels — are refused as the user's input (exit 2, a code and a hint),
 * in a manifest, in its embedded settings and in a settings file; never an internal error
 * (exit 70) and never a run that eats gigabytes. A document using anchors sensibly still reads.
 */
import test from "ava";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCollection } from "../helpers/collection.js";
import { runCli } from "../helpers/cli.js";

/** Nine levels of nine aliases: 9^9 ≈ 387 million leaves from a few hundred bytes. */
function aliasBomb(indent = ""): string {
  const lines = [`${indent}a0: &a0 ["lol"]`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
  return lines.join("\n");
}

async function validate(t: Parameters<typeof makeCollection>[0], files: Record<string, string>, manifest: string) {
  const c = await makeCollection(t, 1);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(c.dir, "manifests", name), text);
  return runCli(["validate", join("manifests", manifest)], { cwd: c.dir });
}

function refused(t: import("ava").ExecutionContext, run: { code: number; stderr: string }, code: string) {
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, new RegExp(`^code: ${code}$`, "m"));
  t.regex(run.stderr, /^hint: .+/m);
  t.notRegex(run.stderr, /internal error|a bug/i);
}

const ITEM = "items:\n  - identifier: T-001\n    file: img-001.jpg\n    title: A title\n    license: CC0\n";

test("a YAML manifest with an alias bomb in its items is refused by the alias guard", async (t) => {
  const run = await validate(t, { "bomb.yaml": `${ITEM}  - identifier: T-002\n    file: img-001.jpg\n    bomb:\n${aliasBomb("      ")}\n` }, "bomb.yaml");
  refused(t, run, "MANIFEST_ALIAS_LIMIT");
  t.regex(run.stderr, /alias/i);
});

test("an alias bomb in a manifest's embedded settings is refused", async (t) => {
  const run = await validate(t, { "bomb.yaml": `settings:\n  templates:\n${aliasBomb("    ")}\n${ITEM}` }, "bomb.yaml");
  refused(t, run, "MANIFEST_ALIAS_LIMIT");
});

test("an alias bomb in a settings file is refused (was exit 70)", async (t) => {
  const run = await validate(t, { "test.settings.yaml": `namespace: testns\ninstitution: Test Archive\nextra:\n${aliasBomb("  ")}\n` }, "test.csv");
  refused(t, run, "MANIFEST_ALIAS_LIMIT");
});

test("a JSON manifest nested 100,000 levels is refused (was exit 70)", async (t) => {
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  const run = await validate(t, { "deep.json": `{"items": [{"identifier": "T-001", "file": "img-001.jpg", "x": ${deep}}]}` }, "deep.json");
  refused(t, run, "MANIFEST_TOO_DEEP");
  t.regex(run.stderr, /line 1, column \d+/);
});

test("a JSON settings file nested 100,000 levels is refused", async (t) => {
  const c = await makeCollection(t, 1);
  rmSync(join(c.dir, "manifests", "test.settings.yaml"));
  writeFileSync(join(c.dir, "manifests", "test.settings.json"), `{"namespace": "testns", "x": ${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`);
  refused(t, await runCli(["validate", "manifests/test.csv"], { cwd: c.dir }), "MANIFEST_TOO_DEEP");
});

test("YAML nested 10,000 levels by indentation or by brackets is refused before parsing", async (t) => {
  const block = `items:\n${Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i)}- `).join("\n")}x\n`;
  refused(t, await validate(t, { "deep.yaml": block }, "deep.yaml"), "MANIFEST_TOO_DEEP");
  const flow = `items: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
  refused(t, await validate(t, { "deep.yaml": flow }, "deep.yaml"), "MANIFEST_TOO_DEEP");
});

test("anchors used sensibly still read: a licence written once and repeated by aliases", async (t) => {
  const c = await makeCollection(t, 3);
  const items = c.rows.map((r, i) => `  - {identifier: ${r.identifier}, file: ${r.file}, title: "${r.title}", license: ${i === 0 ? "&rights CC0" : "*rights"}}`);
  writeFileSync(join(c.dir, "manifests", "test.yaml"), `items:\n${items.join("\n")}\n`);
  const run = await runCli(["validate", "manifests/test.yaml", "--json", "--items"], { cwd: c.dir });
  t.not(run.code, 2, run.stderr);
  t.notRegex(run.stdout, /ALIAS|TOO_DEEP|MANIFEST_PARSE/);
  const doc = JSON.parse(run.stdout) as { items: { identifier: string; flickr: { license_id: number } }[] };
  t.deepEqual(
    doc.items.map((i) => [i.identifier, i.flickr.license_id]),
    c.rows.map((r) => [r.identifier, 9]), // CC0 is Flickr licence 9 on every item, aliased or not
  );
});

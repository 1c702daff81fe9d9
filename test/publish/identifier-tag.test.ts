/**
 * Identifiers that heritage tidies before writing them as a machine tag (inner runs of spaces,
 * a non-breaking space, a tab, a double quote) must be looked up tidied too: after a lost
 * upload answer the photo is found and adopted, never uploaded again, and `state rebuild`
 * finds it. Validation warns, naming the tag that will be written.
 */
import test from "ava";
import { rmSync, writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv, type Row } from "../helpers/collection.js";
import { statePathsFor } from "../../src/state/paths.js";

const ODD = ["KMB  1234", "KMB\u00a01235", "KMB\t1236", 'KMB "1237"'];
const TAGS = ["testns:id=KMB 1234", "testns:id=KMB 1235", "testns:id=KMB 1236", "testns:id=KMB 1237"];
const FAST = ["--quota", "100000", "--reconcile-grace", "0", "--timeout", "3000"];

/** Every cell quoted, so tabs and quotes inside identifiers survive the CSV. */
function writeQuoted(manifest: string, rows: Row[]): void {
  const columns = ["identifier", "file", "title", "license"] as const;
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  writeFileSync(manifest, `${columns.join(",")}\n${rows.map((r) => columns.map((c) => cell(r[c])).join(",")).join("\n")}\n`);
}

async function oddCollection(t: Parameters<typeof makeCollection>[0]) {
  const c = await makeCollection(t, ODD.length);
  const rows = c.rows.map((r, i) => ({ ...r, identifier: ODD[i]! }));
  writeQuoted(c.manifest, rows);
  return c;
}

test("identifiers tidied into their machine tag are found after lost upload answers: one photo each, and state rebuild finds them", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oddCollection(t);
  const env = sandboxEnv(credentials, c.dir);
  // Every upload is stored, and every answer is lost.
  sandbox.faults.set("lost-upload=1");
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "1"], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  sandbox.faults.clear();
  const photos = sandbox.photos();
  t.is(photos.length, ODD.length, "one photo per identifier, no copies");
  t.is(sandbox.calls().byMethod.upload, ODD.length, "no upload was sent twice");
  t.deepEqual(photos.map((p) => p.tags.find((x) => x.raw.startsWith("testns:id="))?.raw).sort(), [...TAGS].sort());

  rmSync(statePathsFor(c.manifest).dir, { recursive: true, force: true });
  const rebuild = await runCli(["state", "rebuild", c.manifest, "--endpoint", url, "--quota", "100000", "--json"], { env, cwd: c.dir });
  t.is(rebuild.code, 0, rebuild.stdout + rebuild.stderr);
  const report = JSON.parse(rebuild.stdout);
  t.is(report.adopted, ODD.length);
  t.deepEqual(report.notFound, []);
  t.deepEqual(report.unknown, []);
});

test("validation warns about each identifier that is tidied, naming the machine tag that will be written", async (t) => {
  const c = await oddCollection(t);
  const run = await runCli(["validate", c.manifest, "--json"], { cwd: c.dir });
  const report = JSON.parse(run.stdout);
  const warnings = (report.issues as { code: string; field: string; identifier: string; message: string; severity: string }[]).filter((i) => i.field === "identifier");
  t.is(warnings.length, ODD.length, JSON.stringify(report.issues, null, 1));
  for (const [i, tag] of TAGS.entries()) {
    const w = warnings.find((x) => x.message.includes(tag));
    t.truthy(w, `a warning names ${tag}`);
    t.is(w?.severity, "warning");
  }
  // An identifier that needs no tidying gets no such warning.
  const plain = await makeCollection(t, 2);
  const ok = JSON.parse((await runCli(["validate", plain.manifest, "--json"], { cwd: plain.dir })).stdout);
  t.deepEqual((ok.issues as { field: string }[]).filter((i) => i.field === "identifier"), []);
});

test("uploads go under an ASCII file name, whatever the identifier's letters (Flickr has answered 401 to others)", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 3);
  const ids = ["Åbo–ö 1", "Ærø/ø 2", "東京 3"];
  writeQuoted(c.manifest, c.rows.map((r, i) => ({ ...r, identifier: ids[i]! })));
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  const names = sandbox.photos().map((p) => p.file.filename);
  t.is(names.length, 3);
  for (const name of names) t.regex(name, /^[A-Za-z0-9 ._-]+\.jpg$/, name);
  t.true(names.includes("Abo_o 1.jpg"), names.join(" "));
});

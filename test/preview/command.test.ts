import test from "ava";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import sharp from "sharp";
import { runCli } from "../helpers/cli.js";
import { generatePreview } from "../../src/preview/preview.js";
import { copyCollection, writeState } from "./helpers.js";

function reportPath(stdout: string): string {
  const m = /^Report: (.+)$/m.exec(stdout);
  if (!m) throw new Error(`no "Report:" line in ${stdout}`);
  return m[1]!;
}

test("preview of the sample writes index.html and two pictures per row into <state>/preview, and exits 0", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const run = await runCli(["preview", manifest], { cwd: dir });
  t.is(run.code, 0, run.stderr);
  const index = join(dir, "manifests/.heritage/sample/preview/index.html");
  t.is(reportPath(run.stdout), "manifests/.heritage/sample/preview/index.html");
  t.true(run.stdout.trimEnd().endsWith("Report: manifests/.heritage/sample/preview/index.html"), "the path is the last line");
  t.regex(run.stdout, /^5 rows: 4 without issues, 1 with warnings only, 0 with errors\.$/m);
  t.regex(run.stdout, /^publish: \d+ API calls, about \d+ s at 3,600 calls\/hour\.$/m);
  t.regex(run.stdout, /^Pictures: 5 made, 0 reused, 0 placeholders\.$/m);
  const html = await readFile(index, "utf8");
  t.true(html.includes("Preview of sample.csv"));
  const thumbs = await readdir(join(dir, "manifests/.heritage/sample/preview/thumbs"));
  t.is(thumbs.filter((n) => /^[0-9a-f]{32}\.jpg$/.test(n)).length, 10);
});

test("a second preview reuses every picture", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const out = join(dir, "report");
  t.is((await runCli(["preview", manifest, "--out", out, "--json"], { cwd: dir })).code, 0);
  const again = await runCli(["preview", manifest, "--out", out, "--json"], { cwd: dir });
  t.is(again.code, 0);
  const json = JSON.parse(again.stdout);
  t.like(json, { schema: "heritage.preview/1", index: join(out, "index.html"), has_state: false, images: { made: 0, cached: 5, failed: 0, placeholders: 0, pruned: 0 } });
  t.true(existsSync(json.index));
});

test("--out and --state choose the folders; a rescanned master gets new pictures and the old ones go", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const state = join(dir, "elsewhere");
  const first = await runCli(["preview", manifest, "--state", state, "--json"], { cwd: dir });
  t.is(JSON.parse(first.stdout).index, join(state, "preview/index.html"));
  // "Rescan" one master: same file name, different content.
  const master = join(dir, "collections/sample/events/outdoor-screening.tif");
  await writeFile(master, await sharp(master).negate().tiff().toBuffer());
  const second = JSON.parse((await runCli(["preview", manifest, "--state", state, "--json"], { cwd: dir })).stdout);
  t.like(second.images, { made: 1, cached: 4, pruned: 2 });
});

test("the broken collection still exits 0: the report is the product; the counts match validate", async (t) => {
  const { dir, manifest } = await copyCollection(t, "broken");
  const run = await runCli(["preview", manifest, "--out", join(dir, "report"), "--json"], { cwd: dir });
  t.is(run.code, 0, run.stderr);
  const preview = JSON.parse(run.stdout);
  const validate = JSON.parse((await runCli(["validate", manifest, "--json"], { cwd: dir })).stdout);
  const rowsWithErrors = new Set(validate.issues.filter((i: { severity: string; row: number | null }) => i.severity === "error" && i.row !== null).map((i: { row: number }) => i.row));
  t.is(preview.summary.items, validate.items.length);
  t.is(preview.summary.validation.errors, rowsWithErrors.size);
  t.is(preview.summary.issues.errors, validate.summary.errors);
  t.is(preview.summary.issues.warnings, validate.summary.warnings);
  t.true(preview.images.placeholders >= 10, "missing, empty, outside, not-an-image, corrupt, unsupported and too-large masters");
});

test("after publishing, the summary counts published, changed and failed rows and plans sync too", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  await writeState(manifest, { "SLNSW-a845001": "published", "SLNSW-a845001-1": "changed", "BONTON-1914-05-46": "failed" });
  const run = await runCli(["preview", manifest, "--json"], { cwd: dir });
  const json = JSON.parse(run.stdout);
  t.true(json.has_state);
  t.deepEqual(json.summary.publication, { published: 1, changed: 1, failed: 1, pending: 2 });
  t.deepEqual(json.summary.plans.map((p: { mode: string }) => p.mode), ["publish", "sync"]);
  const text = await runCli(["preview", manifest], { cwd: dir });
  t.regex(text.stdout, /^On Flickr: 1 published, 1 changed since the last push, 1 failed, 2 not published yet\.$/m);
});

test("a manifest that cannot be read is a usage error (exit 2) with a hint", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "heritage-preview-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const run = await runCli(["preview", join(dir, "nope.csv")], { cwd: dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /nope\.csv/);
  t.false(existsSync(join(dir, ".heritage")), "nothing written");
});

for (const [flag, value] of [["--quota", "0"], ["--quota", "-5"], ["--concurrency", "0"]] as const) {
  test(`${flag} ${value} is refused (exit 2)`, async (t) => {
    const { dir, manifest } = await copyCollection(t, "sample");
    const run = await runCli(["preview", manifest, flag, value], { cwd: dir });
    t.is(run.code, 2);
    t.regex(run.stderr, new RegExp(flag));
  });
}

test("--quota changes the time estimate", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const out = join(dir, "r");
  const normal = JSON.parse((await runCli(["preview", manifest, "--out", out, "--json"], { cwd: dir })).stdout);
  const slow = JSON.parse((await runCli(["preview", manifest, "--out", out, "--json", "--quota", "360"], { cwd: dir })).stdout);
  t.is(slow.summary.plans[0].seconds, normal.summary.plans[0].seconds * 10);
  t.is(slow.summary.quota, 360);
});

/** A folder with a fake opener (xdg-open and open) that records what it was asked to open. */
async function fakeOpener(dir: string): Promise<{ bin: string; log: string }> {
  const bin = join(dir, "bin");
  const log = join(dir, "opened.txt");
  await mkdir(bin);
  for (const name of ["xdg-open", "open"]) {
    await writeFile(join(bin, name), `#!/bin/sh\nprintf '%s' "$1" > "${log}"\n`);
    await chmod(join(bin, name), 0o755);
  }
  return { bin, log };
}

test("--open hands index.html to the platform's opener", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const { bin, log } = await fakeOpener(dir);
  const run = await runCli(["preview", manifest, "--open", "--out", join(dir, "r")], { cwd: dir, env: { PATH: bin } });
  t.is(run.code, 0, run.stderr);
  t.is(run.stderr, "");
  // The opener runs detached: wait (bounded) for it to have written.
  for (let i = 0; i < 100 && !(await stat(log).catch(() => null)); i++) await sleep(50);
  t.is(await readFile(log, "utf8"), join(dir, "r/index.html"));
});

test("--open without an opener says so and still exits 0", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const empty = join(dir, "empty-bin");
  await mkdir(empty);
  const run = await runCli(["preview", manifest, "--open", "--out", join(dir, "r")], { cwd: dir, env: { PATH: empty } });
  t.is(run.code, 0);
  t.regex(run.stderr, /Could not open the report \((xdg-open|open|cmd) was not found\); open .*index\.html in a web browser\./);
  t.true(existsSync(join(dir, "r/index.html")));
});

test("an interrupted preview writes no report and makes no more pictures", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  const controller = new AbortController();
  controller.abort(new Error("SIGINT"));
  const out = join(dir, "r");
  const result = await generatePreview({ manifest, cwd: dir, out, toolVersion: "test", signal: controller.signal });
  t.deepEqual(result, { interrupted: true, outDir: out, made: 0 });
  t.false(existsSync(join(out, "index.html")));
});

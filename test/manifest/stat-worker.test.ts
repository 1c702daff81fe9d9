import test from "ava";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { StatWorker, factsOf, statFacts } from "../../src/manifest/stat-worker.js";
import { REPO_ROOT } from "../helpers/paths.js";

function files(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "heritage-stat-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "a.tif"), "x".repeat(1234));
  utimesSync(join(dir, "a.tif"), 1_700_000_000.25, 1_700_000_000.75);
  writeFileSync(join(dir, "tom bild ’s.tif"), "");
  mkdirSync(join(dir, "folder.tif"));
  symlinkSync(join(dir, "gone.tif"), join(dir, "dangling.tif"));
  const paths = [join(dir, "a.tif"), join(dir, "tom bild ’s.tif"), join(dir, "folder.tif"), join(dir, "missing.tif"), join(dir, "dangling.tif"), null];
  return { dir, paths };
}

test("the worker finds what statSync finds: files with size and mtime to the fraction, folders, missing files, dangling links", async (t) => {
  const { dir, paths } = files(t);
  const worker = new StatWorker({ inPlaceFirst: 0 });
  t.teardown(() => worker.close());
  const facts = await worker.stat(paths);
  t.deepEqual(facts[0], factsOf(statSync(join(dir, "a.tif"))));
  t.like(facts[0], { isFile: true, size: 1234 });
  t.is(facts[0]!.mtimeMs, statSync(join(dir, "a.tif")).mtimeMs);
  t.like(facts[1], { isFile: true, size: 0 });
  t.like(facts[2], { isFile: false });
  t.is(facts[3], undefined);
  t.is(facts[4], undefined);
  t.is(facts[5], undefined);
  t.deepEqual(facts, statFacts(paths), "the same as taken on the main thread");
});

test("many batches in flight come back to the right callers", async (t) => {
  const { paths } = files(t);
  const worker = new StatWorker({ inPlaceFirst: 0 });
  t.teardown(() => worker.close());
  const batches = Array.from({ length: 20 }, (_, k) => paths.slice(k % paths.length).concat(paths.slice(0, k % paths.length)));
  const answers = await Promise.all(batches.map((b) => worker.stat(b)));
  answers.forEach((facts, k) => t.deepEqual(facts, statFacts(batches[k]!)));
});

test("a worker that dies (or cannot start) is replaced by stats on the main thread: the same answers", async (t) => {
  const { paths } = files(t);
  const dying = new StatWorker({ inPlaceFirst: 0, source: "process.exit(3)" });
  t.teardown(() => dying.close());
  t.deepEqual(await dying.stat(paths), statFacts(paths));
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.deepEqual(await dying.stat(paths), statFacts(paths), "and after it is gone");
  const early = new StatWorker({ inPlaceFirst: 0, source: "process.exit(3)" });
  t.teardown(() => early.close());
  t.deepEqual(await early.stat([]), [], "nothing asked, but the worker started");
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.deepEqual(await early.stat(paths), statFacts(paths), "asked only after the worker died");
  const closed = new StatWorker({ inPlaceFirst: 0 });
  const pending = closed.stat(paths);
  closed.close();
  t.deepEqual(await pending, statFacts(paths), "closed with a batch in flight");
  t.deepEqual(await closed.stat(paths), statFacts(paths), "asked after close");
  const broken = new StatWorker({ inPlaceFirst: 0, source: "this is not JavaScript (" });
  t.teardown(() => broken.close());
  t.deepEqual(await broken.stat(paths), statFacts(paths));
});

test("a process whose only work left is the worker's answer waits for it (the worker is held open while it owes one)", async (t) => {
  const { paths } = files(t);
  const module = pathToFileURL(join(REPO_ROOT, "build", "src", "manifest", "stat-worker.js")).href;
  const script = `const { StatWorker } = await import(${JSON.stringify(module)});
const worker = new StatWorker({ inPlaceFirst: 0 });
const facts = await worker.stat(JSON.parse(process.argv[1]));
process.stdout.write(JSON.stringify(facts.map((f) => f?.size ?? null)));
worker.close();`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(paths)], { encoding: "utf8", timeout: 20_000 });
  t.is(child.status, 0, child.stderr);
  t.deepEqual(JSON.parse(child.stdout), statFacts(paths).map((f) => f?.size ?? null));
});

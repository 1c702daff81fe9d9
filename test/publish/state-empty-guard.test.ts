/**
 * A new or missing state does not republish the collection: before the first upload into a state
 * that records no photo, the account is searched for the namespace's identifier tags, and a run
 * that would upload photos already there is refused (exit 2) with a pointer to `state rebuild`.
 */
import test, { type ExecutionContext } from "ava";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { spawn } from "node:child_process";
import { runCli, BIN } from "../helpers/cli.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0"];

async function published(t: ExecutionContext, count: number) {
  const s = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, count);
  // Other manifests beside this one share its masters.
  c.settings("namespace: testns\ncommons: true\ninstitution: Test Archive\ncollection: ../collections/test\n");
  const env = sandboxEnv(s.credentials, c.dir);
  const heritage = (args: string[]) => runCli(args, { env, cwd: c.dir });
  const first = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST]);
  if (first.code !== 0) throw new Error(first.stderr);
  return { ...s, c, heritage };
}

test("deleting .heritage/ does not upload everything again: refused, pointing to state rebuild, which then makes publish a no-op", async (t) => {
  const p = await published(t, 4);
  rmSync(join(p.c.dir, "manifests", ".heritage"), { recursive: true, force: true });
  const again = await p.heritage(["publish", p.c.manifest, "--endpoint", p.url, ...FAST]);
  t.is(again.code, 2, again.stdout + again.stderr);
  t.regex(again.stderr, /already on Flickr/);
  t.regex(again.stderr, /heritage state rebuild/);
  t.is(p.sandbox.photos().length, 4, "nothing uploaded twice");

  const rebuild = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url, "--quota", "100000"]);
  t.is(rebuild.code, 0, rebuild.stderr);
  const after = await p.heritage(["publish", p.c.manifest, "--endpoint", p.url, ...FAST]);
  t.is(after.code, 0, after.stderr);
  t.is(p.sandbox.photos().length, 4);
});

test("a renamed manifest or --state pointed elsewhere is refused before any upload", async (t) => {
  const p = await published(t, 3);
  const renamed = join(p.c.dir, "manifests", "renamed.csv");
  copyFileSync(p.c.manifest, renamed);
  copyFileSync(join(p.c.dir, "manifests", "test.settings.yaml"), join(p.c.dir, "manifests", "renamed.settings.yaml"));
  const run = await p.heritage(["publish", renamed, "--endpoint", p.url, ...FAST]);
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stderr, /STATE_EMPTY_BUT_PUBLISHED|already on Flickr/);
  const elsewhere = await p.heritage(["publish", p.c.manifest, "--endpoint", p.url, "--state", join(p.c.dir, "other-state"), ...FAST]);
  t.is(elsewhere.code, 2, elsewhere.stdout + elsewhere.stderr);
  t.regex(elsewhere.stderr, /--state .*other-state/, "the hint repeats the options the state was asked with");
  t.is(p.sandbox.photos().length, 3);
});

test("a collection new to the account (same namespace, other identifiers) is published after one search", async (t) => {
  const p = await published(t, 2);
  const other = join(p.c.dir, "manifests", "more.csv");
  p.c.write(p.c.rows.map((r) => ({ ...r, identifier: `NEW-${r.identifier}` })));
  copyFileSync(p.c.manifest, other);
  copyFileSync(join(p.c.dir, "manifests", "test.settings.yaml"), join(p.c.dir, "manifests", "more.settings.yaml"));
  p.sandbox.resetCalls();
  const run = await p.heritage(["publish", other, "--endpoint", p.url, ...FAST]);
  t.is(run.code, 0, run.stderr);
  t.is(p.sandbox.photos().length, 4);
  t.is(p.sandbox.calls().byMethod["flickr.photos.search"], 1, "one wildcard search for the namespace");
});

test("Ctrl-C during the guard's search stops the run as interrupted (130), not as a bug, with nothing uploaded", async (t) => {
  const s = await startTestSandbox(t, { quota: 100000 });
  s.sandbox.faults.set("latency@flickr.photos.search=3000ms");
  const c = await makeCollection(t, 2);
  const child = spawn(process.execPath, [BIN, "publish", c.manifest, "--endpoint", s.url, ...FAST], { cwd: c.dir, env: { ...process.env, ...sandboxEnv(s.credentials, c.dir) }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  let sent = false;
  const watcher = setInterval(() => {
    if (!sent && (s.sandbox.calls().byMethod["flickr.photos.search"] ?? 0) > 0) sent = child.kill("SIGINT");
  }, 5);
  const code = await new Promise<number | null>((resolve) => child.on("close", (n) => resolve(n)));
  clearInterval(watcher);
  t.is(code, 130, stderr);
  t.notRegex(stderr, /internal error/);
  t.is(s.sandbox.photos().length, 0);
});

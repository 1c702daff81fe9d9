/**
 * The run lock is held by the operating system (an exclusive SQLite lock on a file kept open for
 * the run), not judged by a pid: a SIGKILLed run never blocks the next one or stays "running" in
 * `heritage status`, a reused pid blocks nothing, and a pid that is not verifiably a heritage run
 * is never offered for killing. `status` also counts an interrupted upload as uploaded.
 */
import test from "ava";
import { spawn, type ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { runCli, BIN } from "../helpers/cli.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";
import { acquireRunLock } from "../../src/state/lock.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0"];

/** A live process that is not heritage (what a reused pid points at). */
function bystander(t: { teardown(fn: () => void): void }): ChildProcess {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  t.teardown(() => void child.kill("SIGKILL"));
  return child;
}

test("a SIGKILLed publish is not 'running' in status, and the next run goes ahead", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 12);
  const env = sandboxEnv(credentials, c.dir);
  const args = ["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "1"];
  const killed = await runKilledAfterCalls(args, { env, cwd: c.dir, killAfterCalls: 12, calls: () => sandbox.calls().total });
  t.is(killed.signal, "SIGKILL", killed.stderr);

  const status = await runCli(["status", c.manifest, "--endpoint", url, "--json"], { env, cwd: c.dir });
  const report = JSON.parse(status.stdout);
  t.is(report.runs[0].status, "stopped without finishing (the process ended)");
  const text = await runCli(["status", c.manifest, "--endpoint", url], { env, cwd: c.dir });
  t.regex(text.stdout, /#1 publish .* stopped without finishing/);
  t.notRegex(text.stdout, / running/);

  const next = await runCli(args, { env, cwd: c.dir });
  t.is(next.code, 0, next.stderr);
  t.is(sandbox.photos().length, 12);
});

test("a lock row naming a live pid that is not a run (a reused pid) does not block the state", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(credentials, c.dir);
  const other = bystander(t);
  const store = openState(statePathsFor(c.manifest, null, { endpoint: url }).database);
  store.db.prepare("INSERT INTO lock (id, pid, host, command, started_at, heartbeat_at) VALUES (1, ?, ?, 'publish', ?, ?)").run(other.pid, hostname(), store.now(), store.now());
  store.close();
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stderr);
  t.notRegex(run.stderr, new RegExp(`kill ${other.pid}`));
  t.is(sandbox.photos().length, 2);
});

test("a state held by a live run is refused (exit 2), and a pid that is not verifiably heritage is never offered for killing", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(credentials, c.dir);
  const other = bystander(t);
  const store = openState(statePathsFor(c.manifest, null, { endpoint: url }).database);
  t.teardown(() => store.close());
  const lock = acquireRunLock(store, { command: "publish", pid: other.pid! });
  t.teardown(() => lock.release());
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, new RegExp(`another heritage publish is running on this state \\(pid ${other.pid} on `));
  t.notRegex(run.stderr, /kill \d+/);
  t.is(sandbox.photos().length, 0);
  const status = JSON.parse((await runCli(["status", c.manifest, "--endpoint", url, "--json"], { env, cwd: c.dir })).stdout);
  t.deepEqual(status.runs, []);
});

test("an interrupted run counts an uploaded item as uploaded but not finished, not as 'not started'", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  // Album calls fail with a 502 and are retried after a pause: the run is stopped in that pause,
  // with the photo on Flickr and its album not made yet.
  sandbox.faults.set("5xx@flickr.photosets.create=1,5xx@flickr.photosets.addPhoto=1");
  const c = await makeCollection(t, 1);
  const env = sandboxEnv(credentials, c.dir);
  const child = spawn(process.execPath, [BIN, "publish", c.manifest, "--endpoint", url, ...FAST], { cwd: c.dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  let sent = false;
  const watcher = setInterval(() => {
    const albumCalls = (sandbox.calls().byMethod["flickr.photosets.create"] ?? 0) + (sandbox.calls().byMethod["flickr.photosets.addPhoto"] ?? 0);
    if (!sent && sandbox.photos().length > 0 && albumCalls > 0) sent = child.kill("SIGINT");
  }, 5);
  const code = await new Promise<number | null>((resolve) => child.on("close", (n) => resolve(n)));
  clearInterval(watcher);
  t.is(sandbox.photos().length, 1, stderr);
  t.is(code, 130, stdout + stderr);
  t.regex(stdout, /1 uploaded but not finished/);
  t.notRegex(stdout, /not started/);
});

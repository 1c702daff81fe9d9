/**
 * A state is bound to the Flickr it describes: the endpoint and the account it was published
 * with. A rehearsal keeps its own state; a run against another endpoint or account on the same
 * state is refused (exit 2, naming both) before "Nothing to do" could claim the collection is there.
 */
import test from "ava";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { runCli } from "../helpers/cli.js";
import { join } from "node:path";
import { statePathsFor } from "../../src/state/paths.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0"];

test("a rehearsal against one endpoint leaves nothing 'published' for another endpoint", async (t) => {
  const a = await startTestSandbox(t, { quota: 100000 });
  const b = await startTestSandbox(t, { quota: 100000, seed: 2 });
  const c = await makeCollection(t, 3);
  const first = await runCli(["publish", c.manifest, "--endpoint", a.url, ...FAST], { env: sandboxEnv(a.credentials, c.dir), cwd: c.dir });
  t.is(first.code, 0, first.stderr);
  t.is(a.sandbox.photos().length, 3);

  const second = await runCli(["publish", c.manifest, "--endpoint", b.url, ...FAST], { env: sandboxEnv(b.credentials, c.dir), cwd: c.dir });
  t.is(second.code, 0, second.stderr);
  t.notRegex(second.stdout, /Nothing to do/);
  t.is(b.sandbox.photos().length, 3, "the second endpoint got the whole collection");
  t.not(statePathsFor(c.manifest, null, { endpoint: a.url }).dir, statePathsFor(c.manifest, null, { endpoint: b.url }).dir);
  t.not(statePathsFor(c.manifest, null, { endpoint: a.url }).dir, statePathsFor(c.manifest).dir, "a rehearsal's state is not Flickr's");
});

test("one state used against another endpoint is refused, naming both, before 'Nothing to do'", async (t) => {
  const a = await startTestSandbox(t, { quota: 100000 });
  const b = await startTestSandbox(t, { quota: 100000, seed: 2 });
  const c = await makeCollection(t, 2);
  const state = statePathsFor(c.manifest, null, { endpoint: a.url }).dir;
  const first = await runCli(["publish", c.manifest, "--endpoint", a.url, "--state", state, ...FAST], { env: sandboxEnv(a.credentials, c.dir), cwd: c.dir });
  t.is(first.code, 0, first.stderr);

  b.sandbox.resetCalls();
  const other = await runCli(["publish", c.manifest, "--endpoint", b.url, "--state", state, ...FAST], { env: sandboxEnv(b.credentials, c.dir), cwd: c.dir });
  t.is(other.code, 2, other.stdout + other.stderr);
  t.notRegex(other.stdout, /Nothing to do/);
  t.regex(other.stderr, /STATE_OTHER_ENDPOINT|belongs to the endpoint/);
  t.true(other.stderr.includes(a.url) && other.stderr.includes(b.url), other.stderr);
  t.is(b.sandbox.calls().total, 0, "nothing was sent to the other endpoint");

  // The dry run says the same, instead of a plan with nothing to do.
  const dry = await runCli(["publish", c.manifest, "--endpoint", b.url, "--state", state, "--dry-run"], { env: sandboxEnv(b.credentials, c.dir), cwd: c.dir });
  t.is(dry.code, 2, dry.stdout);
  t.true(dry.stderr.includes(a.url) && dry.stderr.includes(b.url), dry.stderr);
});

test("one state used by another account is refused, naming both, before 'Nothing to do'", async (t) => {
  const a = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const first = await runCli(["publish", c.manifest, "--endpoint", a.url, ...FAST], { env: sandboxEnv(a.credentials, c.dir), cwd: c.dir });
  t.is(first.code, 0, first.stderr);

  const other = a.sandbox.createAccount({ username: "Another Museum", commons: true });
  const run = await runCli(["publish", c.manifest, "--endpoint", a.url, ...FAST], { env: sandboxEnv(other, c.dir), cwd: c.dir });
  t.is(run.code, 2, run.stdout + run.stderr);
  t.notRegex(run.stdout, /Nothing to do/);
  t.true(run.stderr.includes(a.credentials.nsid) && run.stderr.includes(other.nsid), run.stderr);
  t.is(a.sandbox.photos().filter((p) => p.owner === other.nsid).length, 0);

  const sync = await runCli(["sync", c.manifest, "--endpoint", a.url, ...FAST], { env: sandboxEnv(other, c.dir), cwd: c.dir });
  t.is(sync.code, 2, sync.stdout + sync.stderr);
  t.regex(sync.stderr, /Another Museum/);
});

test("status and preview find a rehearsal's state with --endpoint and --sandbox", async (t) => {
  const a = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(a.credentials, c.dir);
  t.is((await runCli(["publish", c.manifest, "--endpoint", a.url, ...FAST], { env, cwd: c.dir })).code, 0);
  const plain = await runCli(["status", c.manifest], { env, cwd: c.dir });
  t.is(plain.code, 2, "no state for Flickr itself");
  t.regex(plain.stderr, /Only rehearsals have a state: endpoint-127\.0\.0\.1-\d+\. Pass --sandbox or --endpoint/);
  const status = await runCli(["status", c.manifest, "--endpoint", a.url, "--json"], { env, cwd: c.dir });
  t.is(status.code, 0, status.stderr);
  t.is(JSON.parse(status.stdout).counts.published, 2);
  const preview = await runCli(["preview", c.manifest, "--endpoint", a.url, "--json"], { env, cwd: c.dir });
  t.is(preview.code, 0, preview.stderr);
  t.true(JSON.parse(preview.stdout).has_state);

  t.is((await runCli(["publish", c.manifest, "--sandbox", ...FAST], { env, cwd: c.dir })).code, 0);
  const rehearsal = await runCli(["status", c.manifest, "--sandbox", "--json"], { env, cwd: c.dir });
  t.is(rehearsal.code, 0, rehearsal.stderr);
  t.is(JSON.parse(rehearsal.stdout).counts.published, 2);
});

test("harvest, moderate and report find the state publish wrote, with --endpoint or HERITAGE_FLICKR_ENDPOINT alike", async (t) => {
  const a = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(a.credentials, c.dir);
  const viaEnv = { ...env, HERITAGE_FLICKR_ENDPOINT: a.url };
  // Published through the environment variable, worked on through the flag, and the other way round.
  t.is((await runCli(["publish", c.manifest, ...FAST], { env: viaEnv, cwd: c.dir })).code, 0);
  const paths = statePathsFor(c.manifest, null, { endpoint: a.url });
  const harvest = await runCli(["harvest", c.manifest, "--endpoint", a.url, "--quota", "100000", "--json"], { env, cwd: c.dir });
  t.is(harvest.code, 0, harvest.stderr);
  t.is(JSON.parse(harvest.stdout).csv, join(paths.dir, "test-community.csv"));
  const again = await runCli(["harvest", c.manifest, "--quota", "100000", "--json"], { env: viaEnv, cwd: c.dir });
  t.is(again.code, 0, again.stderr);
  t.is(JSON.parse(again.stdout).photos, 2);
  const moderate = await runCli(["moderate", c.manifest, "--json"], { env: viaEnv, cwd: c.dir });
  t.is(moderate.code, 0, moderate.stderr);
  for (const run of [["--endpoint", a.url], []]) {
    const report = await runCli(["report", c.manifest, ...run, "--json"], { env: run.length ? env : viaEnv, cwd: c.dir });
    t.is(report.code, 0, report.stderr);
    t.is(JSON.parse(report.stdout).html, join(paths.dir, "report", "index.html"));
  }

  // Without the endpoint there is no state for Flickr itself: the error names the rehearsal.
  for (const command of ["harvest", "moderate", "report"]) {
    const plain = await runCli([command, c.manifest], { env, cwd: c.dir });
    t.is(plain.code, 2, `${command}: ${plain.stderr}`);
    t.regex(plain.stderr, /Only rehearsals have a state: endpoint-127\.0\.0\.1-\d+\. Pass --sandbox or --endpoint/, command);
  }
});

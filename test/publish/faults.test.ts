import test from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { assertPublishedAsMapped, expectedItems, identifierOf } from "../helpers/expect-published.js";
import { testContext } from "../helpers/context.js";
import { createVirtualTime } from "../helpers/virtual-time.js";
import { runPipeline, PIPELINE_DEFAULTS, type PipelineOptions } from "../../src/publish/run.js";
import { openState } from "../../src/state/open.js";
import { statePathsFor } from "../../src/state/paths.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0", "--timeout", "3000"];

test("with 5xx, resets, 105 bursts and 429s injected, the run still completes: every photo once, with its metadata", async (t) => {
  t.timeout(180_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, seed: 3 });
  sandbox.faults.set("5xx=0.08,reset=0.04,code105=0.03x3,429=0.04,truncate=0.02,seed=5");
  const c = await makeCollection(t, 24);
  let run;
  // Backoff is bounded per call; an item whose retries ran out fails as transient and the next run resumes it.
  for (let attempt = 0; attempt < 5; attempt++) {
    run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
    if (run.code === 0) break;
  }
  t.is(run!.code, 0, run!.stderr);
  const stats = sandbox.calls();
  t.true(stats.served429 > 0 && Object.keys(stats.failures).length > 0, "faults really happened");
  sandbox.faults.clear();
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

test("a permanent error fails only its item; the run goes on; --retry-failed retries just that one", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 6);
  // The third upload is refused as "Filetype was not recognised" (a permanent error).
  sandbox.faults.once("code5", { method: "upload", nth: 3 });
  const env = sandboxEnv(credentials, c.dir);
  const first = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "1"], { env, cwd: c.dir });
  t.is(first.code, 1);
  t.regex(first.stdout, /5 uploaded, 1 failed/);
  t.regex(first.stdout, /failed: row 4 {2}T-003 {2}upload {2}FLICKR_5 {2}/);
  t.is(sandbox.photos().length, 5);
  const status = await runCli(["status", c.manifest, "--endpoint", url, "--json"], { env, cwd: c.dir });
  const report = JSON.parse(status.stdout);
  t.like(report.failed[0], { identifier: "T-003", step: "upload", code: "FLICKR_5", transient: false });
  t.deepEqual(report.unresolvedUploads, [], "a refused upload leaves no intent behind");
  sandbox.resetCalls();
  const retry = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--retry-failed"], { env, cwd: c.dir });
  t.is(retry.code, 0, retry.stderr);
  t.is(sandbox.calls().byMethod.upload, 1, "only the failed item was uploaded");
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

test("an upload answer lost after the photo was stored is adopted, never uploaded twice", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 3);
  sandbox.faults.once("lost", { method: "upload", nth: 2 });
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "1"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /2 uploaded, 1 found on Flickr after a lost answer/);
  t.is(sandbox.calls().byMethod.upload, 3, "three upload requests for three photos");
  t.is(sandbox.photos().length, 3);
  t.deepEqual(sandbox.photos().map((p) => identifierOf(p, "testns")).sort(), ["T-001", "T-002", "T-003"]);
});

test("two photos already on Flickr for one identifier are reported, and nothing more is uploaded for it", async (t) => {
  const { sandbox, url, credentials, upload } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(credentials, c.dir);
  // An earlier, interrupted tool left two copies of T-001, and our state holds an intent for it.
  const { testImage } = await import("../helpers/sandbox.js");
  await upload(await testImage(), { title: "dup a", tags: "testns:id=T-001" });
  await upload(await testImage(), { title: "dup b", tags: "testns:id=T-001" });
  const { openState: open } = await import("../../src/state/open.js");
  const store = open(statePathsFor(c.manifest, null, { endpoint: url }).database);
  store.items.ensure({ identifier: "T-001", row: 2, file: "img-001.jpg" });
  store.items.recordUploadIntent("T-001", { copySha256: "x", fields: { title: "", description: "", tags: [], license_id: 7, date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null } });
  store.close();
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 1);
  t.regex(run.stdout, /T-001 {2}reconcile {2}DUPLICATE_ON_FLICKR {2}Flickr holds 2 photos tagged testns:id=T-001/);
  t.is(sandbox.photos().filter((p) => identifierOf(p, "testns") === "T-001").length, 2, "no third copy");
  t.is(sandbox.photos().filter((p) => identifierOf(p, "testns") === "T-002").length, 1);
});

test("the quota is never exceeded: an hour's budget over a simulated clock, no 429 served", async (t) => {
  t.timeout(120_000);
  const vt = createVirtualTime(Date.now());
  const quota = 60;
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota, clock: vt.now });
  const c = await makeCollection(t, 25);
  const ctx = testContext({ cwd: c.dir, env: sandboxEnv(credentials, c.dir) });
  const options: PipelineOptions = {
    manifest: c.manifest, mode: "publish", dryRun: false, strict: false, retryFailed: false, json: false, details: false, state: null,
    // One item at a time: the simulated clock must not jump while a request is on its way.
    quota, concurrency: 1, normalizeConcurrency: 2, endpoint: url, sandbox: false, reconcileGraceSeconds: 0, timeoutMs: 5000,
    prune: null, yes: false, replaceTags: false, debug: false,
  };
  void PIPELINE_DEFAULTS;
  const code = await runPipeline(ctx, options, { clock: vt.now, sleep: vt.sleep });
  t.is(code, 0, ctx.err());
  const stats = sandbox.calls();
  t.is(stats.served429, 0);
  t.true(stats.total > quota, `more calls (${stats.total}) than one hour allows, so the budget had to wait`);
  // every rolling hour of the simulated run stays within the quota
  const perMinute = stats.perMinute.map((m) => ({ minute: Date.parse(m.minute) / 60_000, count: m.count }));
  for (const start of perMinute) {
    const inHour = perMinute.filter((m) => m.minute >= start.minute && m.minute < start.minute + 60).reduce((n, m) => n + m.count, 0);
    t.true(inHour <= quota, `${inHour} calls in the hour from minute ${start.minute}`);
  }
  t.true(vt.slept >= 3_600_000, "the run waited for the budget rather than exceeding it");
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(state.items.countByStatus(), { published: 25 });
});

test("the account checks before the first upload are retried too; a Flickr that stays down is an environment error, not a bug", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  // The Commons list fails twice, then answers.
  sandbox.faults.once("502", { method: "flickr.commons.getInstitutions", nth: 1 });
  sandbox.faults.once("502", { method: "flickr.commons.getInstitutions", nth: 2 });
  const ok = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(ok.code, 0, ok.stderr);
  t.is(sandbox.photos().length, 2);
  const c2 = await makeCollection(t, 1);
  sandbox.faults.set("503@flickr.test.login=1");
  const down = await runCli(["publish", c2.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c2.dir), cwd: c2.dir });
  t.is(down.code, 2, down.stderr);
  t.regex(down.stderr, /Flickr did not answer flickr\.test\.login .*even after retries/);
  t.regex(down.stderr, /hint: Nothing was lost/);
  t.notRegex(down.stderr, /internal error/);
});

test("an HTML page in answer to an upload is an unknown outcome: looked up, then retried — the item is published, once", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  // A proxy's HTML page (HTTP 200) instead of the upload's XML, twice in a row.
  sandbox.faults.once("html", { method: "upload", nth: 1 });
  sandbox.faults.once("html", { method: "upload", nth: 2 });
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "1"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.notRegex(run.stdout + run.stderr, /TypeError|internal error/);
  t.regex(run.stdout, /2 uploaded/);
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
  // The HTML answers carried nothing out; each was looked up before the upload was sent again.
  t.is(sandbox.calls().byMethod.upload, 4);
  t.true((sandbox.calls().byMethod["flickr.photos.search"] ?? 0) >= 2, JSON.stringify(sandbox.calls().byMethod));
});

test("throttling pauses the whole run (shown in progress) and the throttled calls go again: no item fails", async (t) => {
  t.timeout(120_000);
  const vt = createVirtualTime(Date.now());
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  // Bursts of 8 consecutive 429s: more than a call's own retries (5 attempts) could ride out.
  sandbox.faults.set("429=0.08x8,seed=3");
  const c = await makeCollection(t, 12);
  const ctx = testContext({ cwd: c.dir, env: sandboxEnv(credentials, c.dir) });
  const options: PipelineOptions = {
    manifest: c.manifest, mode: "publish", dryRun: false, strict: false, retryFailed: false, json: false, details: false, state: null,
    quota: 100_000, concurrency: 3, normalizeConcurrency: 2, endpoint: url, sandbox: false, reconcileGraceSeconds: 0, timeoutMs: 5000,
    prune: null, yes: false, replaceTags: false, debug: false,
  };
  const code = await runPipeline(ctx, options, { clock: vt.now, sleep: vt.sleep });
  t.is(code, 0, ctx.err());
  t.true(sandbox.calls().served429 >= 8, `429s were served (${sandbox.calls().served429})`);
  t.regex(ctx.err(), /Flickr is throttling \(HTTP 429 Too Many Requests\): the whole run waits \d+ s, then goes on/);
  t.true(vt.slept >= 1 + 2 + 4 + 8, "the run waited, longer as the throttling went on");
  sandbox.faults.clear();
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

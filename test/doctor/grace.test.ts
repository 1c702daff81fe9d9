/**
 * The reconcile grace of publish and sync (issue 11), through the CLI against the sandbox over
 * HTTP: the --reconcile-grace flag when given; else derived from the search lag a calibration
 * file (`heritage doctor --probe`) measured on this account at this endpoint; else the
 * conservative default, with the advice to measure said once.
 */
import test from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { CALIBRATION_FORMAT, calibrationDir, reconcileGraceFor, writeCalibration, type Calibration } from "../../src/doctor/calibration.js";
import { RUN_DEFAULTS } from "../../src/defaults.js";
import { tokenFingerprint } from "../../src/publish/connect.js";
import { runPipeline, type PipelineOptions } from "../../src/publish/run.js";
import { testContext } from "../helpers/context.js";
import { createVirtualTime } from "../helpers/virtual-time.js";

const FAST = ["--quota", "100000", "--timeout", "5000"];

/** A calibration as `heritage doctor --probe` writes it (with the token's fingerprint: a first publish knows no nsid yet). */
function measured(endpoint: string, credentials: { nsid: string; consumerKey: string; oauthToken: string }, searchLagSeconds: number | null): Calibration {
  return {
    format: CALIBRATION_FORMAT,
    endpoint,
    nsid: credentials.nsid,
    tokenFingerprint: tokenFingerprint(credentials, endpoint),
    measuredAt: "2026-12-01T10:00:00.000Z",
    earliestYear: null,
    earliestYearPrecision: null,
    licenses: null,
    defaultLicense: null,
    searchLagSeconds,
    machineTagPunctuationMatters: null,
    description: null,
    setTagsKeepsAddedTags: null,
    exifSetsDateTaken: null,
    geoPrivacyRefusalCode: null,
    geoPrivacyDefaultSet: null,
  };
}

async function setUp(t: Parameters<typeof startTestSandbox>[0], lag: number | "none") {
  const s = await startTestSandbox(t, { quota: 100_000 });
  const c = await makeCollection(t, 1);
  const env = sandboxEnv(s.credentials, c.dir);
  if (lag !== "none") await writeCalibration(calibrationDir(env), measured(s.url, s.credentials, lag));
  return { s, c, env };
}

const count = (text: string, re: RegExp) => text.split("\n").filter((l) => re.test(l)).length;

test("a calibration file that measured a 5 s search lag sets the grace; the advice to measure is not given", async (t) => {
  const { s, c, env } = await setUp(t, 5);
  const derived = reconcileGraceFor(null, measured(s.url, s.credentials, 5)).seconds;
  t.not(derived, RUN_DEFAULTS.reconcileGraceSeconds, "the test tells the measured grace from the default");
  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(count(run.stderr, new RegExp(`Using the reconcile grace ${derived} s \\(3 × the 5 s search lag measured on 2026-12-01\\)`)), 1, run.stderr);
  t.notRegex(run.stderr, /reconcile grace.*would settle it/);
  t.is(s.sandbox.photos().length, 1);
  // sync reads it the same way.
  const sync = await runCli(["sync", c.manifest, "--endpoint", s.url, ...FAST, "--dry-run"], { env, cwd: c.dir });
  t.is(sync.code, 0, sync.stdout + sync.stderr);
  t.regex(sync.stderr, new RegExp(`Using the reconcile grace ${derived} s \\(3 × the 5 s`));
});

test("the --reconcile-grace flag wins over the measurement", async (t) => {
  const { s, c, env } = await setUp(t, 5);
  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--reconcile-grace", "7"], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stderr, /Using the reconcile grace 7 s \(--reconcile-grace\)/);
  t.notRegex(run.stderr, /search lag measured/);
  // 0 is a value, not "unset".
  const zero = await runCli(["sync", c.manifest, "--endpoint", s.url, ...FAST, "--reconcile-grace", "0", "--dry-run"], { env, cwd: c.dir });
  t.regex(zero.stderr, /Using the reconcile grace 0 s \(--reconcile-grace\)/);
});

test("neither flag nor measurement: the default, and the advice to run the probe said once", async (t) => {
  const { s, c, env } = await setUp(t, "none");
  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  const advice = new RegExp(`reconcile grace ${RUN_DEFAULTS.reconcileGraceSeconds} s \\(assumed: search lag not measured; \`heritage doctor --probe\` would settle it\\)`);
  t.is(count(run.stderr, advice), 1, run.stderr);
  t.is(s.sandbox.photos().length, 1);
});

test("a probe that never found its photo (lag null) measured nothing: the default and the advice", async (t) => {
  const { s, c, env } = await setUp(t, "none");
  await writeCalibration(calibrationDir(env), measured(s.url, s.credentials, null));
  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--dry-run"], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stderr, /reconcile grace 120 s \(assumed: .*would settle it\)/);
});

/**
 * The grace the executor really waits: the first upload's connection is reset (nothing stored,
 * outcome unknown), so the item is looked up until "not found" has held through the grace, on a
 * virtual clock; then it is uploaded once.
 */
async function waitedForLostUpload(t: Parameters<typeof startTestSandbox>[0], lag: number | "none", flag: number | null) {
  const { s, c, env } = await setUp(t, lag);
  s.sandbox.faults.once("reset", { method: "upload", nth: 1 });
  const vt = createVirtualTime(Date.now());
  const ctx = testContext({ cwd: c.dir, env });
  const options: PipelineOptions = {
    manifest: c.manifest, mode: "publish", dryRun: false, strict: false, retryFailed: false, json: false, details: false, state: null,
    quota: 100_000, concurrency: 1, normalizeConcurrency: 1, endpoint: s.url, sandbox: false, reconcileGraceSeconds: flag, timeoutMs: 5000,
    prune: null, yes: false, replaceTags: false, debug: false,
  };
  const code = await runPipeline(ctx, options, { clock: vt.now, sleep: vt.sleep, random: () => 0 });
  t.is(code, 0, ctx.err());
  t.is(s.sandbox.photos().length, 1, "uploaded once");
  return vt.slept / 1000;
}

test("the executor waits the measured grace (60 s from a 5 s lag), the flag's, or the default's before uploading again", async (t) => {
  const measuredGrace = reconcileGraceFor(null, measured("x", { nsid: "n", consumerKey: "k", oauthToken: "t" }, 5)).seconds;
  const fromMeasurement = await waitedForLostUpload(t, 5, null);
  t.true(fromMeasurement >= measuredGrace && fromMeasurement < RUN_DEFAULTS.reconcileGraceSeconds, `waited ${fromMeasurement} s`);
  const fromFlag = await waitedForLostUpload(t, 5, 3);
  t.true(fromFlag >= 3 && fromFlag < measuredGrace, `waited ${fromFlag} s`);
  const fromDefault = await waitedForLostUpload(t, "none", null);
  t.true(fromDefault >= RUN_DEFAULTS.reconcileGraceSeconds, `waited ${fromDefault} s`);
});

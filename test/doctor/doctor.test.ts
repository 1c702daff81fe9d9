/**
 * `heritage doctor` through the CLI against the sandbox over HTTP, in default and pessimistic
 * modes: the measurements must follow what the sandbox does, the probe photo must be gone, the
 * cost must stay within the number printed first, and a later publish must use the measured floor.
 */
import test from "ava";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import type { SandboxOptions } from "../../src/sandbox/index.js";
import type { DoctorReport } from "../../src/doctor/report.js";
import { CHECK_CALLS } from "../../src/doctor/doctor.js";
import { PROBE_CALLS } from "../../src/doctor/probe.js";

async function doctor(t: Parameters<typeof startTestSandbox>[0], options: SandboxOptions, args: string[] = ["--probe", "--yes"], perms?: "read" | "write" | "delete") {
  const s = await startTestSandbox(t, { quota: 100_000, ...options });
  const c = await makeCollection(t, 1);
  const credentials = perms ? s.sandbox.createAccount({ perms, commons: true }) : s.credentials;
  const env = sandboxEnv(credentials, c.dir);
  s.sandbox.resetCalls();
  const run = await runCli(["doctor", "--endpoint", s.url, ...args], { env, cwd: c.dir });
  return { s, c, env, run, credentials };
}

const reportOf = (stdout: string) => JSON.parse(stdout) as DoctorReport;

test("default sandbox: every measurement, the photo deleted, the cost within the printed bound", async (t) => {
  const { s, run, c } = await doctor(t, {}, ["--probe", "--yes", "--json"]);
  t.is(run.code, 0, run.stderr);
  const r = reportOf(run.stdout);
  const p = r.probe!;
  t.like(p.dateFloor, { year: 1800, refused: 1799 });
  t.is(p.defaultLicense, 7);
  t.deepEqual(p.licenses.refused, []);
  t.true(p.licenses.accepted.includes(11));
  t.is(p.search.attempts, 1, "found by the first search");
  t.not(p.search.lagSeconds, null);
  t.false(p.search.punctuationMatters);
  t.is(p.description.returned, p.description.sent);
  t.true(p.description.sameMeaning);
  t.true(p.exifSetsDateTaken);
  t.like(p.geo, { set: true, code: null });
  t.true(p.deleted);
  t.deepEqual(s.sandbox.photos(), [], "no photo left behind");
  // The cost: printed before starting, and kept.
  const bound = Number(/at most (\d+) more API calls/.exec(run.stderr)?.[1]);
  t.is(bound, PROBE_CALLS);
  t.true(s.sandbox.calls().total <= CHECK_CALLS + bound);
  t.is(s.sandbox.calls().total, r.calls);
  // The calibration file, per endpoint and account, in the state folder.
  t.truthy(r.calibrationFile);
  t.true(r.calibrationFile!.startsWith(join(c.dir, "config", "state", "heritage", "calibration")));
  const file = readFileSync(r.calibrationFile!, "utf8");
  t.like(JSON.parse(file), { format: "heritage.calibration/1", endpoint: s.url, nsid: s.credentials.nsid, earliestYear: 1800 });
  for (const secret of [s.credentials.oauthToken, s.credentials.oauthTokenSecret, s.credentials.consumerSecret]) {
    t.false(run.stdout.includes(secret) || run.stderr.includes(secret) || file.includes(secret), "no secret in the report or the file");
  }
});

test("not logged in: exit 2 with the advice, no internal error", async (t) => {
  const c = await makeCollection(t, 1);
  const run = await runCli(["doctor"], { env: { XDG_CONFIG_HOME: join(c.dir, "config"), XDG_STATE_HOME: join(c.dir, "state"), FLICKR_CONSUMER_KEY: "", FLICKR_CONSUMER_SECRET: "", FLICKR_OAUTH_TOKEN: "", FLICKR_OAUTH_TOKEN_SECRET: "" }, cwd: c.dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /not logged in/);
  t.notRegex(run.stderr, /internal error/);
});

test("pessimistic sandbox: the answers change accordingly", async (t) => {
  const { s, run } = await doctor(t, { realism: "pessimistic" }, ["--probe", "--yes", "--json"]);
  t.is(run.code, 0, run.stderr);
  const p = reportOf(run.stdout).probe!;
  t.like(p.dateFloor, { year: 1850, refused: 1849 });
  t.deepEqual(p.licenses.accepted, [], "a locked Commons account sets no other licence");
  t.true(p.licenses.refused.every((r) => r.code === 4));
  t.not(p.description.returned, p.description.sent);
  t.regex(p.description.returned, /rel="noreferrer nofollow">example\.org\/heritage\/doctor\/probe\/a-rather-long-catalogue\.\.\.<\/a>/);
  t.regex(p.description.returned, /probe &amp; test/);
  t.true(p.description.sameMeaning);
  t.false(p.setTagsKeepsAddedTags);
  t.true(p.deleted);
  t.deepEqual(s.sandbox.photos(), []);
});

test("raw machine-tag matching and an unset geo-privacy default are measured too", async (t) => {
  const { run } = await doctor(t, { machineTagMatch: "raw", geoPrivacyDefault: false, geoPrivacyCode: 7 }, ["--probe", "--yes", "--json"]);
  t.is(run.code, 0, run.stderr);
  const r = reportOf(run.stdout);
  t.true(r.probe!.search.punctuationMatters);
  t.like(r.probe!.geo, { set: false, code: 7 });
  t.like(r.checks.find((c) => c.name === "geo privacy"), { status: "warn" });
});

test("text report: each measurement in a sentence", async (t) => {
  const { run } = await doctor(t, { realism: "pessimistic" });
  t.is(run.code, 0, run.stderr);
  for (const re of [/earliest date taken +1850 \(1849 was refused\)/, /setLicense +accepts none of the open licences; refuses 4 \(error 4\)/, /machine-tag search +found the photo [\d.]+ s after upload/, /description link +came back rewritten \(same meaning/, /setTags +removes a tag/, /EXIF date taken +DateTimeOriginal in the file sets date taken/, /test photo +deleted/, /Written to .*calibration/]) {
    t.regex(run.stdout, re);
  }
});

test("with write permission only, the photo stays (private) and the report says where", async (t) => {
  const { s, run, credentials } = await doctor(t, {}, ["--probe", "--yes"], "write");
  t.is(run.code, 0, run.stderr);
  const left = s.sandbox.photos();
  t.is(left.length, 1);
  t.is(left[0]!.isPublic, 0);
  t.regex(run.stdout, new RegExp(`still on the account \\(private, hidden\\): delete it at https://www\\.flickr\\.com/photos/${credentials.nsid}/${left[0]!.id}/`));
  t.regex(run.stderr, /cannot delete the photo/);
});

test("without --yes and without a terminal nothing is uploaded (exit 2)", async (t) => {
  const { s, run } = await doctor(t, {}, ["--probe"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /not confirmed/);
  t.deepEqual(s.sandbox.photos(), []);
  t.falsy(s.sandbox.calls().byMethod.upload);
});

test("without --probe: the set-up checks, three calls, and what --probe would settle", async (t) => {
  const { s, run } = await doctor(t, {}, []);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /ok +credentials +from the FLICKR_\* environment variables/);
  t.regex(run.stdout, /ok +account +.*delete permission/);
  t.regex(run.stdout, /ok +Flickr Commons +a Commons member/);
  t.regex(run.stdout, /date floor +1800 \(assumed: .*`heritage doctor --probe` would settle it\)/);
  t.is(s.sandbox.calls().total, CHECK_CALLS);
});

test("a read-only token fails the set-up check (exit 2) and the probe is refused", async (t) => {
  const { run } = await doctor(t, {}, [], "read");
  t.is(run.code, 2);
  t.regex(run.stdout, /FAIL +account/);
  const probe = await doctor(t, {}, ["--probe", "--yes"], "read");
  t.is(probe.run.code, 2);
  t.regex(probe.run.stderr, /needs write permission/);
});

test("a later publish uses the measured date floor", async (t) => {
  const { s, c, env, run } = await doctor(t, { realism: "pessimistic", commonsLicenseLocked: false });
  t.is(run.code, 0, run.stderr);
  // A date the measured floor (1850) refuses but the assumed one (1800) would have sent.
  c.write(c.rows.map((r) => ({ ...r, date: "1820" })));
  s.sandbox.resetCalls();
  const publish = await runCli(["publish", c.manifest, "--endpoint", s.url, "--quota", "100000", "--reconcile-grace", "0"], { env, cwd: c.dir });
  t.is(publish.code, 0, publish.stdout + publish.stderr);
  t.regex(publish.stderr, /Using the date floor 1850 \(measured by heritage doctor --probe on \d{4}-\d\d-\d\d\)/);
  t.is(s.sandbox.calls().byMethod["flickr.photos.setDates"] ?? 0, 0, "no date before the floor is sent");
  t.is(s.sandbox.photos().length, 1);
});

test("a probe that Flickr stops half-way: exit 2 with advice, the photo still deleted, no calibration written", async (t) => {
  const { s, run, c } = await doctor(t, { faults: "code105@flickr.photos.licenses.setLicense=1" });
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stderr, /the probe stopped: .*105/);
  t.notRegex(run.stderr, /internal error/);
  t.deepEqual(s.sandbox.photos(), [], "cleaned up even though a measurement failed");
  t.false(existsSync(join(c.dir, "config", "state", "heritage", "calibration")));
});

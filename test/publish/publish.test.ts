import test from "ava";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { assertPublishedAsMapped, expectedItems } from "../helpers/expect-published.js";
import { openState } from "../../src/state/open.js";
import { statePathsFor } from "../../src/state/paths.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0"];

test("publishing the sample: every photo carries the mapped title, description, tags, licence, date, geo and album", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const work = mkdtempSync(join(tmpdir(), "heritage-pub-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const manifest = join(REPO_ROOT, "manifests/sample.csv");
  const run = await runCli(["publish", manifest, "--endpoint", url, "--state", join(work, "state"), ...FAST], { env: sandboxEnv(credentials, work) });
  t.is(run.code, 0, run.stderr + run.stdout);
  t.regex(run.stdout, /Publish finished: 5 uploaded; \d+ API calls\./);
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(manifest, REPO_ROOT), "heritagedemo");
  // the result CSV maps identifiers to photo ids and URLs
  const csv = readFileSync(join(work, "state", "sample-flickr.csv"), "utf8");
  for (const p of sandbox.photos()) t.regex(csv, new RegExp(`,published,${p.id},https://www\\.flickr\\.com/photos/${credentials.nsid.replace("@", "@")}/${p.id}/`));
  // upload copies are JPEGs named after the identifier, never the masters themselves
  t.true(sandbox.photos().every((p) => p.file.format === "jpeg"));
  t.true(sandbox.photos().some((p) => p.file.filename === "SLNSW-a845001.jpg"));
  // a second publish has nothing to do and costs nothing
  sandbox.resetCalls();
  const again = await runCli(["publish", manifest, "--endpoint", url, "--state", join(work, "state"), ...FAST], { env: sandboxEnv(credentials, work) });
  t.is(again.code, 0);
  t.regex(again.stdout, /Nothing to do/);
  t.is(sandbox.calls().total, 0);
});

test("a generated 30-item collection: one photo per row, mapped fields, albums created once", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 30);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--concurrency", "4"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stderr + run.stdout);
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
  const calls = sandbox.calls();
  t.is(calls.byMethod["flickr.photosets.create"], 3, "three albums, each created once");
  t.is(calls.byMethod["upload"], 30);
  // licence 7 comes from the Commons account's default: never set through the API
  t.is(calls.byMethod["flickr.photos.licenses.setLicense"], 6, "only the 6 CC0 rows");
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(state.items.countByStatus(), { published: 30 });
  t.is(state.account.get("defaultLicense"), 7);
});

test("--dry-run prints the plan and writes nothing: no state, no call to Flickr", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 5);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, "--dry-run", "--json"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stderr);
  const plan = JSON.parse(run.stdout);
  t.is(plan.schema, "heritage.plan/1");
  t.is(plan.counts.new, 5);
  t.is(plan.calls.by_method.upload, 5);
  t.true(plan.seconds_at_quota > 0);
  t.false(existsSync(statePathsFor(c.manifest).dir), "no state folder was created");
  t.is(sandbox.calls().total, 0);
  t.is(sandbox.photos().length, 0);
});

test("a failure before the first write writes nothing: an account that is not a Commons member", async (t) => {
  const { sandbox, url } = await startTestSandbox(t, { quota: 100000 });
  const ordinary = sandbox.createAccount({ commons: false });
  const c = await makeCollection(t, 4);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(ordinary, c.dir), cwd: c.dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /is not a Flickr Commons member, but the manifest uses "No known copyright restrictions"/);
  t.regex(run.stderr, /hint: /);
  t.is(sandbox.photos().length, 0, "nothing was uploaded");
  t.falsy(sandbox.calls().byMethod.upload);
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(state.items.list(), [], "the state records no item");
});

test("rejected credentials stop before any write, with a hint and no secret in the output", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const env = { ...sandboxEnv(credentials, c.dir), FLICKR_OAUTH_TOKEN_SECRET: "wrong-secret-value-123" };
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /Flickr refused the credentials/);
  t.regex(run.stderr, /heritage auth login/);
  t.notRegex(run.stdout + run.stderr, /wrong-secret-value-123/);
  t.notRegex(run.stdout + run.stderr, new RegExp(credentials.consumerSecret));
  t.is(sandbox.photos().length, 0);
});

test("rows with validation errors are skipped and reported; --strict refuses the whole run", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 4);
  c.write(c.rows.map((r, k) => (k === 1 ? { ...r, license: "Fri att använda" } : r)));
  const strict = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--strict"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(strict.code, 1);
  t.regex(strict.stderr, /nothing was published: 1 error in the manifest and --strict is set/);
  t.is(sandbox.photos().length, 0);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 1, "items were skipped");
  t.regex(run.stdout, /3 uploaded/);
  t.regex(run.stdout, /1 item was skipped for validation errors/);
  t.is(sandbox.photos().length, 3);
});

test("an ordinary account publishes CC0 with setLicense and learns its default licence", async (t) => {
  const { sandbox, url } = await startTestSandbox(t, { quota: 100000 });
  const ordinary = sandbox.createAccount({ commons: false });
  const c = await makeCollection(t, 3);
  c.settings("namespace: testns\ncommons: false\n");
  c.write(c.rows.map((r) => ({ ...r, license: "https://creativecommons.org/publicdomain/zero/1.0/" })));
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(ordinary, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stderr + run.stdout);
  t.true(sandbox.photos().every((p) => p.license === 9));
  t.is(sandbox.calls().byMethod["flickr.commons.getInstitutions"], undefined, "no Commons check without licence 7");
});

test("a master's EXIF scanning date never becomes the date taken: without a manifest date Flickr shows none", async (t) => {
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, 2);
  const sharp = (await import("sharp")).default;
  await sharp({ create: { width: 40, height: 30, channels: 3, background: "#445566" } })
    .withExif({ IFD0: { Make: "Scanner" }, IFD2: { DateTimeOriginal: "2009:11:18 10:12:00", DateTimeDigitized: "2009:11:18 10:12:00" } })
    .jpeg()
    .toFile(join(c.collection, "img-001.jpg"));
  c.write(c.rows.map((r) => ({ ...r, date: "" })));
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stderr);
  for (const p of sandbox.photos()) t.is(p.takenUnknown, 1, "no date taken was invented");
});

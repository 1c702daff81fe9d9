/**
 * No duplicates under search lag: an upload whose answer was lost is never sent again on one
 * "not found". heritage sends dedup_check=1 and adopts the duplicate Flickr names (confirmed by
 * the identifier tag), falls back to people.getPhotos when search lags, and does not believe a
 * search that answers total > 0 with no photos.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { assertPublishedAsMapped, expectedItems, identifierOf } from "../helpers/expect-published.js";
import { openState } from "../../src/state/open.js";
import { statePathsFor } from "../../src/state/paths.js";

const FAST = ["--quota", "100000", "--timeout", "3000", "--concurrency", "2"];

test("every upload answer lost, search lagging up to 60 s and dedup_check ignored: found through people.getPhotos, never uploaded twice", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, searchLagSeconds: 60, dedupCheck: "ignored" });
  const c = await makeCollection(t, 5);
  sandbox.faults.set("lost-upload=1");
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--reconcile-grace", "0"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  sandbox.faults.clear();
  t.is(sandbox.calls().byMethod.upload, 5, "one upload request per photo");
  t.true((sandbox.calls().byMethod["flickr.people.getPhotos"] ?? 0) >= 5, "search lagged; the account's list was read");
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

test("a search that answers total > 0 with an empty page is not believed: the photo is found, not uploaded again", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, searchEmptyPageRate: 1, dedupCheck: "ignored" });
  const c = await makeCollection(t, 3);
  sandbox.faults.set("lost-upload=1");
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--reconcile-grace", "0"], { env: sandboxEnv(credentials, c.dir), cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(sandbox.calls().byMethod.upload, 3);
  t.is(sandbox.photos().length, 3);
});

test("dedup_check: a photo already on Flickr with the same bytes and this identifier's tag is adopted (error 9), not stored again", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 3);
  const env = sandboxEnv(credentials, c.dir);
  t.is((await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir })).code, 0);
  const before = sandbox.photos().map((p) => p.id);
  // The state forgets T-002's photo (as after a crash between Flickr's answer and the commit).
  const store = openState(statePathsFor(c.manifest, null, { endpoint: url }).database);
  store.items.resetPhoto("T-002");
  store.close();
  sandbox.resetCalls();
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.deepEqual(sandbox.photos().map((p) => p.id), before, "no new photo");
  t.is(sandbox.calls().failures.upload?.["9"], 1, "Flickr refused the repeat as a duplicate");
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.is(state.items.get("T-002")?.photoId, sandbox.photos().find((p) => identifierOf(p, "testns") === "T-002")!.id);
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

test("dedup_check: a photo with the same bytes but without this identifier's tag is not adopted; the upload goes again without dedup_check", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(credentials, c.dir);
  t.is((await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir })).code, 0);
  // The same bytes are on the account as some other photo (its identifier tag removed on flickr.com).
  const other = sandbox.photos().find((p) => p.tags.some((x) => x.raw === "testns:id=T-002"))!;
  sandbox.editPhoto(other.id, { removeTags: ["testns:id=T-002"] });
  const store = openState(statePathsFor(c.manifest, null, { endpoint: url }).database);
  store.items.resetPhoto("T-002");
  store.close();
  sandbox.resetCalls();
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(sandbox.calls().failures.upload?.["9"], 1, "the first try was refused as a duplicate");
  t.is(sandbox.calls().byMethod.upload, 2, "then sent again without dedup_check");
  const tagged = sandbox.photos().filter((p) => p.tags.some((x) => x.raw === "testns:id=T-002"));
  t.is(tagged.length, 1);
  t.not(tagged[0]!.id, other.id, "the untagged photo was not taken for T-002");
});

test("dedup_check: error 9 naming no photo, and two photos carry this identifier's tag: DUPLICATE_ON_FLICKR from the look-up, nothing uploaded", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, dedupCheck: "bare" });
  const c = await makeCollection(t, 2);
  const env = sandboxEnv(credentials, c.dir);
  t.is((await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir })).code, 0);
  // Someone tagged T-001's photo with T-002's identifier too; the state forgets T-002's photo.
  const first = sandbox.photos().find((p) => identifierOf(p, "testns") === "T-001")!;
  sandbox.editPhoto(first.id, { addTags: ["testns:id=T-002"] });
  const store = openState(statePathsFor(c.manifest, null, { endpoint: url }).database);
  store.items.resetPhoto("T-002");
  store.close();
  sandbox.resetCalls();
  const before = sandbox.photos().map((p) => p.id);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, ...FAST, "--reconcile-grace", "0"], { env, cwd: c.dir });
  t.not(run.code, 0, run.stdout + run.stderr);
  t.is(sandbox.calls().failures.upload?.["9"], 1, "Flickr refused the repeat as a duplicate");
  t.is(sandbox.calls().byMethod.upload, 1, "not sent again");
  t.is(sandbox.calls().byMethod["flickr.photos.search"], 1, "looked up once: the look-up's answer is not taken for an upload whose outcome is unknown");
  t.deepEqual(sandbox.photos().map((p) => p.id), before, "no new photo");
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  const item = state.items.get("T-002")!;
  t.is(item.photoId, null);
  t.is(item.error?.code, "DUPLICATE_ON_FLICKR", JSON.stringify(item.error));
  t.is(item.error?.step, "reconcile");
  const logged = readFileSync(statePathsFor(c.manifest, null, { endpoint: url }).runLog, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const lastRun = logged.filter((e) => e.event === "start").at(-1).run;
  t.deepEqual(
    logged.filter((e) => e.run === lastRun && e.method === "upload" && e.identifier === "T-002").map((e) => e.outcome),
    ["duplicate"],
    "the refused upload is logged once, as a duplicate",
  );
});

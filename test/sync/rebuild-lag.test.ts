/**
 * `state rebuild` under Flickr's eventually consistent search: photos uploaded or changed lately
 * are found even when search does not show them yet, and a search that answers `total > 0` with
 * empty pages stops the rebuild (nothing written) instead of calling published photos "not found".
 */
import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../../src/sandbox/index.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";

const FAST = ["--quota", "100000", "--timeout", "3000"];

test("rebuild right after a publish, with search lagging up to an hour: every photo is found", async (t) => {
  t.timeout(120_000);
  const { url, credentials, flickr } = await startTestSandbox(t, { quota: 1_000_000, searchLagSeconds: 3600 });
  const c = await makeCollection(t, 6);
  const env = sandboxEnv(credentials, c.dir);
  t.is((await runCli(["publish", c.manifest, "--endpoint", url, ...FAST], { env, cwd: c.dir })).code, 0);
  const searchable = await flickr("flickr.photos.search", { user_id: "me", machine_tags: "testns:id=" });
  t.true(Number(searchable.photos.total) < 6, "search does not show them all yet");
  rmSync(statePathsFor(c.manifest).dir, { recursive: true, force: true });
  const rebuild = await runCli(["state", "rebuild", c.manifest, "--endpoint", url, "--quota", "100000", "--json"], { env, cwd: c.dir });
  t.is(rebuild.code, 0, rebuild.stdout + rebuild.stderr);
  const report = JSON.parse(rebuild.stdout);
  t.is(report.adopted, 6);
  t.deepEqual(report.notFound, []);
  t.deepEqual(report.differing, []);
});

test("rebuild stops, writing nothing, when search keeps answering total > 0 with empty pages", async (t) => {
  t.timeout(120_000);
  const data = mkdtempSync(join(tmpdir(), "heritage-sandbox-data-"));
  t.teardown(() => rmSync(data, { recursive: true, force: true }));
  const first = await startSandbox({ seed: 4, quota: 1_000_000, dataDir: data });
  const c = await makeCollection(t, 3);
  const env = sandboxEnv(first.credentials, c.dir);
  const published = await runCli(["publish", c.manifest, "--endpoint", first.url, ...FAST], { env, cwd: c.dir });
  await first.stop();
  t.is(published.code, 0, published.stderr);
  rmSync(statePathsFor(c.manifest).dir, { recursive: true, force: true });
  // The same account, now with a search index that counts matches but serves no photos.
  const again = await startSandbox({ seed: 4, quota: 1_000_000, dataDir: data, searchEmptyPageRate: 1 });
  t.teardown(() => again.stop());
  const rebuild = await runCli(["state", "rebuild", c.manifest, "--endpoint", again.url, "--quota", "100000"], { env: sandboxEnv(again.credentials, c.dir), cwd: c.dir });
  t.is(rebuild.code, 2, rebuild.stdout + rebuild.stderr);
  t.regex(rebuild.stderr, /kept serving page 1 empty; nothing was written/);
  t.regex(rebuild.stderr, /Run `heritage state rebuild` again/);
  const state = openState(statePathsFor(c.manifest, null, { endpoint: again.url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(state.items.list(), [], "no item was recorded as not found");
});

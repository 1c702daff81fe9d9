/**
 * Issue 11: setLocation fails on an account that has not set a default geo privacy (the code is
 * unconfirmed; the sandbox answers geoPrivacyCode). That is the account's setting, the same for
 * every item: the first refusal stops the run with advice instead of failing item after item,
 * and once the archivist has set it, the next run adds the places it left out — nothing twice.
 */
import test from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";

test("an account without a geo-privacy default stops the run with advice, not item failures; the next run finishes the places", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, geoPrivacyDefault: false, geoPrivacyCode: 7 });
  const c = await makeCollection(t, 6);
  const env = sandboxEnv(credentials, c.dir);
  const first = await runCli(["publish", c.manifest, "--endpoint", url, "--quota", "1000000", "--concurrency", "1"], { env, cwd: c.dir });
  t.is(first.code, 2, first.stdout + first.stderr);
  t.regex(first.stderr, /geo privacy/i);
  t.regex(first.stderr, /GEO_PRIVACY_UNSET/);
  t.notRegex(first.stderr + first.stdout, /internal error/i);
  t.is(sandbox.calls().byMethod["flickr.photos.geo.setLocation"], 1, "one refusal, not one per item");

  // The archivist sets the default on flickr.com; the next run places what was left and uploads the rest once.
  sandbox.setAccountSettings({ geoPrivacyDefault: true });
  const second = await runCli(["publish", c.manifest, "--endpoint", url, "--quota", "1000000"], { env, cwd: c.dir });
  t.is(second.code, 0, second.stdout + second.stderr);
  const photos = sandbox.photos();
  t.is(photos.length, 6, "every row once");
  const withGeo = c.rows.filter((r) => r.latitude !== "").map((r) => r.identifier).sort();
  const placed = photos.filter((p) => p.geo !== null).map((p) => p.tags.find((x) => x.raw.startsWith("testns:id="))!.raw.slice(10)).sort();
  t.deepEqual(placed, withGeo);
});

/**
 * Issue 11's done-when for descriptions: on a pessimistic sandbox (descriptions come back as
 * Flickr returns them), publish the sample with the default description template, edit one
 * title, `sync --verify`: one setMeta, no drift reported, no other write — and the read-back
 * finds nothing amiss either.
 */
import test from "ava";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { sandboxEnv } from "../helpers/collection.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0", "--timeout", "5000"];
const WRITES = /^(upload|replace|flickr\.photos\.(set|add|remove|delete|geo\.(set|remove)|licenses\.set)|flickr\.photosets\.(create|add|remove|edit))/;
const writes = (byMethod: Record<string, number>) => Object.fromEntries(Object.entries(byMethod).filter(([m]) => WRITES.test(m)));

/** A long catalogue link with `&`: Flickr shortens its text and spells the `&` as `&amp;`. */
const LONG_URL = "https://collection.example.org/objects/search?query=collaroy&page=1&record=a845001-bathers-on-the-beach";

test("pessimistic sandbox: publish the sample with the default template, fix one title, sync --verify: one setMeta, no drift", async (t) => {
  // Licences other than the account default are the executor's part of issue 11 (another
  // branch); the sample's Public Domain Mark rows would fail on a locked Commons account here.
  const s = await startTestSandbox(t, { quota: 1_000_000, realism: "pessimistic", commonsLicenseLocked: false });
  const dir = mkdtempSync(join(tmpdir(), "heritage-realism-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, "collections/sample"), join(dir, "collections/sample"), { recursive: true });
  const manifest = join(dir, "manifests/sample.csv");
  cpSync(join(REPO_ROOT, "manifests/sample.csv"), manifest);
  const original = readFileSync(manifest, "utf8");
  t.true(original.includes("https://www.flickr.com/photo.gne?id=4115677815"));
  writeFileSync(manifest, original.replace("https://www.flickr.com/photo.gne?id=4115677815", LONG_URL));
  // The sample's settings without its description template: the default template applies.
  writeFileSync(join(dir, "manifests/sample.settings.yaml"), "institution: Heritage demo archive & friends\nnamespace: heritagedemo\ncommons: true\n");
  const env = sandboxEnv(s.credentials, dir);
  const heritage = (...args: string[]) => runCli([...args, manifest, "--endpoint", s.url, ...FAST], { env, cwd: dir });

  const first = await heritage("publish");
  t.is(first.code, 0, first.stdout + first.stderr);
  const stored = s.sandbox.photos().map((p) => p.description);
  t.true(stored.some((d) => d.includes('rel="noreferrer nofollow"') && d.includes("...</a>")), "Flickr-style links were stored");
  t.true(stored.some((d) => d.includes("&amp; friends")));

  const unchanged = await heritage("sync", "--verify");
  t.is(unchanged.code, 0, unchanged.stdout + unchanged.stderr);
  t.notRegex(unchanged.stdout, /drift:|did not land/, unchanged.stdout);
  t.regex(unchanged.stdout, /0 with edits made there/);

  writeFileSync(manifest, readFileSync(manifest, "utf8").replace("Women in bathing suits on Collaroy Beach, 1908;", "Five women in bathing suits on Collaroy Beach, 1908;"));
  s.sandbox.resetCalls();
  const sync = await heritage("sync", "--verify");
  t.is(sync.code, 0, sync.stdout + sync.stderr);
  t.notRegex(sync.stdout, /drift:|did not land/, sync.stdout);
  t.regex(sync.stdout, /0 with edits made there/);
  t.deepEqual(writes(s.sandbox.calls().byMethod), { "flickr.photos.setMeta": 1 });
  t.truthy(s.sandbox.photos().find((p) => p.title === "Five women in bathing suits on Collaroy Beach, 1908"));
});

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

/** The sample's rows with a public-domain licence other than the Commons default (7), by their licence cell. */
const PUBLIC_DOMAIN_MARK = [";Utgången upphovsrätt;", ";https://creativecommons.org/publicdomain/mark/1.0/deed.sv;", ";Public Domain Mark 1.0;"];
const NKC = ";http://rightsstatements.org/vocab/NKC/1.0/;";

test("pessimistic sandbox: publish the sample with the default template, fix one title, sync --verify: one setMeta, no drift", async (t) => {
  // Every pessimistic switch, commonsLicenseLocked included: the Commons account refuses licences
  // other than its default, so the sample's Public Domain Mark rows fail and stay private until
  // the catalogue gives them the account's "No known copyright restrictions".
  const s = await startTestSandbox(t, { quota: 1_000_000, realism: "pessimistic" });
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

  const refused = await heritage("publish");
  t.is(refused.code, 1, refused.stdout + refused.stderr);
  const failures = refused.stderr.split("\n").filter((l) => / failed: /.test(l));
  t.is(failures.length, 3, refused.stderr);
  for (const line of failures) t.regex(line, /set:license failed: LICENSE_REFUSED .*The photo stays private until its licence is set\./);
  t.is(s.sandbox.photos().filter((p) => p.isPublic === 1 && p.license !== 7).length, 0, "no photo public under a licence it did not get");
  t.is(s.sandbox.photos().filter((p) => p.isPublic === 0).length, 3);

  let text = readFileSync(manifest, "utf8");
  for (const cell of PUBLIC_DOMAIN_MARK) text = text.replace(cell, NKC);
  writeFileSync(manifest, text);
  s.sandbox.resetCalls();
  const first = await heritage("publish");
  t.is(first.code, 0, first.stdout + first.stderr);
  // The three held back are made public (and get the dates and albums their refused licence held up); nothing is uploaded again.
  const finished = writes(s.sandbox.calls().byMethod);
  t.is(finished["flickr.photos.setPerms"], 3);
  t.is(finished.upload, undefined);
  t.is(finished["flickr.photos.licenses.setLicense"], undefined);
  t.is(s.sandbox.photos().filter((p) => p.isPublic === 1 && p.license === 7).length, 5);
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

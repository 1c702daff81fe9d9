/**
 * Sync at scale (issue 12): rows whose cells, settings and master are unchanged since their last
 * push are not mapped again. Observed through the CLI against the sandbox: the count of rows
 * sync says it did not map (stderr), the plan (--dry-run --json) and the calls Flickr received.
 */
import test from "ava";
import { utimesSync, statSync } from "node:fs";
import { join } from "node:path";
import { FAST, published } from "./helpers.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { identifierOf } from "../helpers/expect-published.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";
import { hasRowFingerprints, rowLookup } from "../../src/state/row-fingerprints.js";

const WRITES = /^(upload|replace|flickr\.photos\.(set|add|remove|delete|geo\.(set|remove)|licenses\.set)|flickr\.photosets\.(create|add|remove|edit))/;
const writes = (byMethod: Record<string, number>) => Object.fromEntries(Object.entries(byMethod).filter(([m]) => WRITES.test(m)));
/** How many rows sync said it skipped (0 when it mapped every row). */
const skipped = (stderr: string): number => Number(/(\d+) of \d+ rows are unchanged since their last push/.exec(stderr)?.[1] ?? 0);

interface PlanJson {
  counts: Record<string, number>;
  calls: { total: number; by_method: Record<string, number> };
  items: { identifier: string; disposition: string }[];
}

test("publish records a fingerprint per row; an unchanged collection's sync maps no row and plans nothing", async (t) => {
  const p = await published(t, 12);
  const store = openState(statePathsFor(p.c.manifest, null, { endpoint: p.url }).database, { readonly: true });
  t.true(hasRowFingerprints(store));
  t.truthy(rowLookup(store)("T-005")?.fingerprint);
  store.close();

  const dry = await p.sync("--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as PlanJson;
  t.is(plan.calls.total, 0);
  t.is(plan.counts.unchanged, 12);
  const human = await p.sync("--dry-run");
  t.is(skipped(human.stderr), 12, human.stderr);
  t.regex(human.stderr, /Validated 12 rows/);
  t.regex(human.stdout, /12 items/);
  const run = await p.sync();
  t.is(run.code, 0, run.stderr);
  t.is(skipped(run.stderr), 12);
  t.is(p.sandbox.calls().total, 0, "no call at all");
});

test("an edited title in 1 of 30 rows: only that row is mapped, one setMeta is planned and sent; next time it is skipped too", async (t) => {
  const p = await published(t, 30);
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-017" ? { ...r, title: "Rättad titel" } : r)));
  const dry = await p.sync("--dry-run", "--json");
  const plan = JSON.parse(dry.stdout) as PlanJson;
  t.deepEqual(plan.calls.by_method, { "flickr.photos.setMeta": 1 });
  t.deepEqual(plan.items.filter((i) => i.disposition !== "unchanged").map((i) => i.identifier), ["T-017"]);
  const run = await p.sync("--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.is(skipped(run.stderr), 29, run.stderr);
  t.deepEqual(writes(p.sandbox.calls().byMethod), { "flickr.photos.setMeta": 1 });
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-017")!.title, "Rättad titel");
  const again = await p.sync("--dry-run");
  t.is(skipped(again.stderr), 30, "the pushed edit recorded the row's new fingerprint");
});

test("a settings change (description template) maps and re-plans every row", async (t) => {
  const p = await published(t, 8);
  p.c.settings("namespace: testns\ncommons: true\ninstitution: Test Archive\ntemplates:\n  description: \"{description}\\n\\nFrom the Test Archive.\"\n");
  const dry = await p.sync("--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as PlanJson;
  t.is(plan.calls.by_method["flickr.photos.setMeta"], 8);
  const human = await p.sync("--dry-run");
  t.is(skipped(human.stderr), 0, human.stderr);
});

test("a row made invalid by a settings change is not skipped: its error is reported", async (t) => {
  const p = await published(t, 6);
  const issues = (stderr: string) => /Validated 6 rows: (\d+) errors?, (\d+) warnings?/.exec(stderr)!.slice(1).map(Number);
  const before = await p.sync("--dry-run");
  t.is(skipped(before.stderr), 6, before.stderr);
  // Every row's dates are from the 1920s; a floor after them makes them questionable.
  p.c.settings("namespace: testns\ncommons: true\ninstitution: Test Archive\ndate:\n  earliest_year: 1950\n");
  const after = await p.sync("--dry-run");
  t.is(skipped(after.stderr), 0, after.stderr);
  const [errorsBefore, warningsBefore] = issues(before.stderr);
  const [errorsAfter, warningsAfter] = issues(after.stderr);
  t.true(errorsAfter! + warningsAfter! > errorsBefore! + warningsBefore!, after.stderr);
});

test("a rescanned master is still replaced (size/mtime differ) while the other rows are skipped", async (t) => {
  const p = await published(t, 5);
  const sharp = (await import("sharp")).default;
  await sharp({ create: { width: 64, height: 40, channels: 3, background: "#123456" } }).jpeg().toFile(join(p.c.collection, "img-002.jpg"));
  const dry = await p.sync("--dry-run");
  t.regex(dry.stdout, /replace image \(rescanned master\)/);
  t.is(skipped(dry.stderr), 4);
  const run = await p.sync("--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.deepEqual(writes(p.sandbox.calls().byMethod), { replace: 1 });
});

test("a master touched (same size, new mtime) is looked at again, not skipped", async (t) => {
  const p = await published(t, 4);
  const file = join(p.c.collection, "img-003.jpg");
  const st = statSync(file);
  utimesSync(file, st.atime, new Date(st.mtimeMs + 60_000));
  const dry = await p.sync("--dry-run");
  t.is(skipped(dry.stderr), 3, dry.stderr);
});

test("a removed row still reaches prune and its guard", async (t) => {
  const p = await published(t, 20);
  p.c.write(p.c.rows.filter((r) => r.identifier !== "T-009"));
  const dry = await p.sync("--prune", "hide", "--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as PlanJson;
  t.deepEqual(plan.items.filter((i) => i.disposition === "removed").map((i) => i.identifier), ["T-009"]);
  const run = await p.sync("--prune", "hide", "--yes", "--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.is(skipped(run.stderr), 19, "rows that moved up one line are still unchanged");
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-009")!.isPublic, 0);
  // The state follows the rows that moved, though they were not mapped.
  const store = openState(statePathsFor(p.c.manifest, null, { endpoint: p.url }).database, { readonly: true });
  t.is(store.items.get("T-010")!.row, 10);
  store.close();
  // The guard still counts the whole published collection: 3 of 20 is more than 5 %.
  p.c.write(p.c.rows.filter((r) => !["T-009", "T-002", "T-003", "T-004"].includes(r.identifier)));
  const refused = await p.sync("--prune", "hide", "--yes");
  t.is(refused.code, 2, refused.stdout + refused.stderr);
  t.regex(refused.stderr, /3 of 20 published photos/);
});

test("an edited row taking an unchanged row's identifier is reported as a duplicate", async (t) => {
  const p = await published(t, 6);
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-005" ? { ...r, identifier: "T-002" } : r)));
  const run = await p.sync("--dry-run", "--json");
  t.is(run.code, 1, run.stderr);
  const plan = JSON.parse(run.stdout) as PlanJson & { items: { identifier: string; disposition: string; errors?: { code: string }[] }[] };
  t.true(JSON.stringify(plan).includes("ROW_DUPLICATE_ID"), run.stdout);
});

test("--verify and --force ignore the fingerprints and map every row", async (t) => {
  const p = await published(t, 6);
  const verify = await p.sync("--verify", "--dry-run");
  t.is(verify.code, 0, verify.stderr);
  t.is(skipped(verify.stderr), 0);
  // An edit made on Flickr is still found by --verify, though the row is unchanged.
  const photo = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-004")!;
  p.sandbox.editPhoto(photo.id, { title: "Edited on Flickr" });
  const drift = await p.sync("--verify", "--dry-run");
  t.regex(drift.stdout, /T-004 [^\n]*\n\s+edited on Flickr: meta: title: "Edited on Flickr" on Flickr/);
  const force = await p.sync("--force", "--dry-run");
  t.is(force.code, 0, force.stderr);
  t.is(skipped(force.stderr), 0);
  t.regex(force.stderr, /Validated 6 rows/);
});

test("a state written before fingerprints existed (none recorded) maps every row, and the next real sync records them", async (t) => {
  const p = await published(t, 5);
  const database = statePathsFor(p.c.manifest, null, { endpoint: p.url }).database;
  const store = openState(database);
  store.db.prepare("DELETE FROM row_fingerprints").run();
  store.close();
  const first = await p.sync();
  t.is(first.code, 0, first.stderr);
  t.is(skipped(first.stderr), 0);
  const second = await p.sync("--dry-run");
  t.is(skipped(second.stderr), 5);
});

test("a row dated in the future is mapped every time (the day it is no longer future, it gets its date)", async (t) => {
  const p = await published(t, 4);
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-002" ? { ...r, date: "2999-01-01" } : r)));
  const first = await p.sync("--no-read-back");
  t.is(first.code, 0, first.stderr);
  const again = await p.sync("--dry-run");
  t.is(skipped(again.stderr), 3, again.stderr);
});

test("identifiers with spaces, quotes, a no-break space, a backslash and non-Latin letters are found in the state and skipped", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 7);
  const odd = ["T 001", 'T "002"', "T\u00a0003", "T\\004", "Åbo–005", "O'Brien, 006", "写真-007"];
  c.write(c.rows.map((r, k) => ({ ...r, identifier: odd[k]! })));
  const env = sandboxEnv(s.credentials, c.dir);
  const sync = (...args: string[]) => runCli(["sync", c.manifest, "--endpoint", s.url, ...FAST, ...args], { env, cwd: c.dir });
  const first = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env, cwd: c.dir });
  t.is(first.code, 0, first.stderr);
  const dry = await sync("--dry-run");
  t.is(dry.code, 0, dry.stderr);
  t.is(skipped(dry.stderr), 7, dry.stderr);
});

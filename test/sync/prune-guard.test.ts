/**
 * `sync --prune` must not trust a manifest that was read wrong: a stray double quote swallows
 * the rows after it, and those photos would look "gone". Through the CLI, against the sandbox.
 */
import test from "ava";
import { readFileSync, writeFileSync } from "node:fs";
import { published } from "./helpers.js";
import { identifierOf } from "../helpers/expect-published.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";
import { listPrunes } from "../../src/state/prunes.js";

const WRITES = /^(upload|replace|flickr\.photos\.(set|add|remove|delete|geo\.(set|remove)|licenses\.set)|flickr\.photosets\.(create|add|remove|edit))/;
const writes = (byMethod: Record<string, number>) => Object.entries(byMethod).filter(([m]) => WRITES.test(m));

test("a stray quote that swallows rows: validate reports it, and sync --prune delete --yes deletes nothing", async (t) => {
  const p = await published(t, 20);
  // A title that opens a quote: everything up to the next quote (the end of row T-007) is read
  // into that one cell, so rows T-006 and T-007 vanish. (Rows 5–7 have no quoted cells of their own.)
  p.c.write(p.c.rows.map((r) => (["T-005", "T-006", "T-007"].includes(r.identifier) ? { ...r, description: `Row ${r.identifier}`, tags: "test", album: "Album B" } : r)));
  const lines = readFileSync(p.c.manifest, "utf8").split("\n");
  const text = lines
    .map((l) => (l.startsWith("T-005,") ? l.replace("Test photograph 005", '"Test photograph 005') : l.startsWith("T-007,") ? `${l}"` : l))
    .join("\n");
  writeFileSync(p.c.manifest, text);
  const validate = await p.heritage(["validate", p.c.manifest, "--json"]);
  t.regex(validate.stdout + validate.stderr, /MANIFEST_ROW_SHAPE|MANIFEST_PARSE/, validate.stderr);
  const before = p.sandbox.photos().length;
  const run = await p.sync("--prune", "delete", "--yes", "--prune-max", "100");
  t.is(run.code, 1, run.stdout + run.stderr);
  t.regex(run.stderr, /PRUNE_MANIFEST_ERRORS|structural errors/);
  t.regex(run.stderr, /nothing was pruned/);
  t.deepEqual(writes(p.sandbox.calls().byMethod), [], "nothing was sent");
  t.is(p.sandbox.photos().length, before, "every photo is still there");
});

test("an identifier to be pruned that still appears in another row's cells: refused", async (t) => {
  const p = await published(t, 20);
  // T-006 is gone as a row, but its identifier is in T-005's description (as a swallowed row would be).
  p.c.write(p.c.rows.filter((r) => r.identifier !== "T-006").map((r) => (r.identifier === "T-005" ? { ...r, description: `${r.description}\nT-006,img-006.jpg,Test photograph 006` } : r)));
  const run = await p.sync("--prune", "hide", "--yes");
  t.is(run.code, 1, run.stdout + run.stderr);
  t.regex(run.stderr, /T-006 is to be pruned but still appears in the manifest/);
  t.deepEqual(writes(p.sandbox.calls().byMethod), []);
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-006")!.isPublic, 1);
});

test("a prune of more than 5 % of the collection is refused unless --prune-max allows it; --prune delete lists what it deletes and the state keeps it", async (t) => {
  const p = await published(t, 20);
  const gone = ["T-003", "T-011", "T-017"];
  const ids = new Map(p.sandbox.photos().map((ph) => [identifierOf(ph, "testns"), ph.id]));
  p.c.write(p.c.rows.filter((r) => !gone.includes(r.identifier)));
  const refused = await p.sync("--prune", "delete", "--yes");
  t.is(refused.code, 2, refused.stdout + refused.stderr);
  t.regex(refused.stderr, /3 of 20 published photos \(15\.0 %\) would be removed, more than --prune-max 5 %/);
  t.regex(refused.stderr, /--prune-max 15/);
  t.is(p.sandbox.photos().length, 20);

  const dry = await p.sync("--prune", "delete", "--prune-max", "15", "--dry-run");
  t.is(dry.code, 0, dry.stderr);
  t.is(p.sandbox.photos().length, 20);

  const run = await p.sync("--prune", "delete", "--yes", "--prune-max", "15", "--no-read-back");
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stderr, /These 3 photos will be DELETED from Flickr/);
  for (const id of gone) t.regex(run.stderr, new RegExp(`${id} {2}photo ${ids.get(id)}`));
  t.is(p.sandbox.photos().length, 17);
  // publish/sync --endpoint keep their state beside the manifest, keyed by the endpoint (src/state/paths.ts).
  const state = openState(statePathsFor(p.c.manifest, null, { endpoint: p.url }).database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(listPrunes(state).map((r) => [r.identifier, r.photoId]).sort(), gone.map((id) => [id, ids.get(id)]).sort());
  t.true(listPrunes(state).every((r) => r.at > 0 && r.runId > 0));
});

test("one row of twenty (5 %) may be pruned; a bad --prune-max is a usage error", async (t) => {
  const p = await published(t, 20);
  p.c.write(p.c.rows.filter((r) => r.identifier !== "T-020"));
  const run = await p.sync("--prune", "hide", "--yes", "--no-read-back");
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-020")!.isPublic, 0);
  const bad = await p.sync("--prune", "hide", "--yes", "--prune-max", "150");
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--prune-max must be a percentage/);
});

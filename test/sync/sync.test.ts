import test from "ava";
import { rmSync } from "node:fs";
import { published } from "./helpers.js";
import { assertPublishedAsMapped, expectedItems, identifierOf } from "../helpers/expect-published.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openState } from "../../src/state/open.js";
import type { Row } from "../helpers/collection.js";

const WRITES = /^(upload|replace|flickr\.photos\.(set|add|remove|delete|geo\.(set|remove)|licenses\.set)|flickr\.photosets\.(create|add|remove|edit))/;

function writes(byMethod: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(byMethod).filter(([m]) => WRITES.test(m)));
}

test("one corrected title in a 50-item collection: exactly one setMeta call; an unchanged manifest costs nothing", async (t) => {
  const p = await published(t, 50);
  const unchanged = await p.sync();
  t.is(unchanged.code, 0, unchanged.stderr);
  t.is(p.sandbox.calls().total, 0, "an unchanged sync makes no call at all");
  p.c.write(p.c.rows.map((r, k) => (k === 17 ? { ...r, title: "Test photograph 018 (corrected)" } : r)));
  const noReadBack = await p.sync("--no-read-back");
  t.is(noReadBack.code, 0, noReadBack.stderr);
  t.deepEqual(p.sandbox.calls().byMethod, { "flickr.photos.setMeta": 1 }, "one setMeta and nothing else");
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-018")!.title, "Test photograph 018 (corrected)");
  // With the (default) read-back the only other call is one batched read.
  p.sandbox.resetCalls();
  p.c.write(p.c.rows.map((r, k) => (k === 17 ? { ...r, title: "Test photograph 018 (corrected again)" } : r)));
  const withReadBack = await p.sync();
  t.is(withReadBack.code, 0, withReadBack.stdout + withReadBack.stderr);
  t.deepEqual(p.sandbox.calls().byMethod, { "flickr.photos.setMeta": 1, "flickr.photos.recentlyUpdated": 1 });
});

const EDITS: { name: string; edit: (r: Row) => Row; calls: Record<string, number> }[] = [
  { name: "tags", edit: (r) => ({ ...r, tags: `${r.tags}; medeltid` }), calls: { "flickr.photos.addTags": 1 } },
  { name: "licence CC0 → Public Domain Mark", edit: (r) => ({ ...r, license: "Public Domain Mark 1.0" }), calls: { "flickr.photos.licenses.setLicense": 1 } },
  // The description shows the date as written ("Date: ca 1923"), so it changes too.
  { name: "date granularity (1923 → ca 1923)", edit: (r) => ({ ...r, date: "ca 1923" }), calls: { "flickr.photos.setDates": 1, "flickr.photos.setMeta": 1 } },
  { name: "add geo", edit: (r) => ({ ...r, latitude: "59.3293", longitude: "18.0686" }), calls: { "flickr.photos.geo.setLocation": 1 } },
  { name: "remove geo", edit: (r) => ({ ...r, latitude: "", longitude: "" }), calls: { "flickr.photos.geo.removeLocation": 1 } },
  { name: "move to another album", edit: (r) => ({ ...r, album: "Album A" }), calls: { "flickr.photosets.addPhoto": 1, "flickr.photosets.removePhoto": 1 } },
  { name: "into a new album as well", edit: (r) => ({ ...r, album: "Album C; Nytt album" }), calls: { "flickr.photosets.create": 1 } },
  { name: "title and description", edit: (r) => ({ ...r, title: "Ny titel", description: "Ny beskrivning" }), calls: { "flickr.photos.setMeta": 1 } },
];

for (const e of EDITS) {
  test(`an edit of ${e.name} costs exactly its calls and lands on Flickr`, async (t) => {
    const p = await published(t, 6);
    // Row 5 (T-005): year date, with geo, in Album B, licence NKC… (see rowFor)
    const rows = p.c.rows.map((r) => (r.identifier === "T-005" ? e.edit(r) : r));
    p.c.write(rows);
    const run = await p.sync("--no-read-back");
    t.is(run.code, 0, run.stderr + run.stdout);
    t.deepEqual(writes(p.sandbox.calls().byMethod), e.calls);
    assertPublishedAsMapped(t, p.sandbox.photos(), await expectedItems(p.c.manifest, p.c.dir), "testns");
  });
}

test("perms: making a row private costs one setPerms", async (t) => {
  const p = await published(t, 3);
  p.c.write(p.c.rows.map((r) => ({ ...r, is_public: r.identifier === "T-002" ? "0" : "1" })));
  const run = await p.sync("--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.deepEqual(writes(p.sandbox.calls().byMethod), { "flickr.photos.setPerms": 1 });
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-002")!.isPublic, 0);
});

test("a rescanned master is replaced: one replace, same photo id, new image", async (t) => {
  const p = await published(t, 3);
  const before = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-002")!;
  const sharp = (await import("sharp")).default;
  const { join } = await import("node:path");
  await sharp({ create: { width: 64, height: 40, channels: 3, background: "#123456" } }).jpeg().toFile(join(p.c.collection, "img-002.jpg"));
  const dry = await p.sync("--dry-run");
  t.regex(dry.stdout, /replace image \(rescanned master\)/);
  const run = await p.sync("--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.deepEqual(writes(p.sandbox.calls().byMethod), { replace: 1 });
  const after = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-002")!;
  t.is(after.id, before.id);
  t.not(after.file.sha256, before.file.sha256);
  t.not(after.secret, before.secret);
  t.is(after.file.width, 64);
});

test("replace without Pro: reported clearly, item stays marked for replacement", async (t) => {
  const p = await published(t, 2);
  // the same photos, but the account lost Pro: the sandbox account is recreated as non-Pro is not possible,
  // so use a fault: replace answers error 1 "Not a pro account".
  p.sandbox.faults.once("code1", { method: "replace" });
  const sharp = (await import("sharp")).default;
  const { join } = await import("node:path");
  await sharp({ create: { width: 50, height: 30, channels: 3, background: "#654321" } }).jpeg().toFile(join(p.c.collection, "img-001.jpg"));
  const run = await p.sync("--no-read-back");
  t.is(run.code, 1);
  t.regex(run.stdout, /REPLACE_NEEDS_PRO/);
  t.regex(run.stdout, /needs a Pro account/);
  const status = JSON.parse((await p.heritage(["status", p.c.manifest, "--endpoint", p.url, "--json"])).stdout);
  t.deepEqual(status.awaitingReplace, ["T-001"]);
  const again = await p.sync("--no-read-back");
  t.is(again.code, 0, "the next sync replaces it");
  t.deepEqual(writes(p.sandbox.calls().byMethod), { replace: 2 });
});

test("new rows are uploaded by sync; removed rows are reported, and pruned only with --prune and --yes", async (t) => {
  const p = await published(t, 4);
  const { rowFor } = await import("../helpers/collection.js");
  const sharp = (await import("sharp")).default;
  const { join } = await import("node:path");
  const extra = rowFor(9);
  await sharp({ create: { width: 30, height: 30, channels: 3, background: "#0a0b0c" } }).jpeg().toFile(join(p.c.collection, extra.file));
  const rows = [...p.c.rows.filter((r) => r.identifier !== "T-004"), extra];
  p.c.write(rows);
  const run = await p.sync("--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.is(p.sandbox.calls().byMethod.upload, 1);
  t.truthy(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-009"));
  const dry = await p.sync("--dry-run");
  t.regex(dry.stdout, /1 {2}no longer in the manifest/);
  // One of four photos is 25 % of the collection: more than the default --prune-max of 5 %.
  const tooMany = await p.sync("--prune", "hide", "--yes");
  t.is(tooMany.code, 2);
  t.regex(tooMany.stderr, /more than --prune-max 5 %/);
  const refused = await p.sync("--prune", "hide", "--prune-max", "25");
  t.is(refused.code, 2, "no terminal and no --yes: nothing is pruned");
  t.regex(refused.stderr, /not confirmed/);
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-004")!.isPublic, 1);
  const hide = await p.sync("--prune", "hide", "--yes", "--prune-max", "25", "--no-read-back");
  t.is(hide.code, 0, hide.stderr);
  t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-004")!.isPublic, 0);
  const del = await p.sync("--prune", "delete", "--yes", "--prune-max", "25", "--no-read-back");
  t.is(del.code, 0, del.stderr);
  t.falsy(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-004"));
  t.is(p.sandbox.photos().length, 4);
});

test("drift: a title fixed on flickr.com is kept by default, overwritten or adopted on request", async (t) => {
  const p = await published(t, 3);
  const photo = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-002")!;
  p.sandbox.editPhoto(photo.id, { title: "Fixed on Flickr", removeTags: ["generated"] });
  p.sandbox.resetCalls();
  const keep = await p.sync("--verify", "--no-read-back");
  t.is(keep.code, 0, keep.stderr);
  t.regex(keep.stdout, /drift: row 3 {2}T-002 {2}meta: title: "Fixed on Flickr" on Flickr, "Test photograph 002" pushed → kept Flickr's value/);
  t.regex(keep.stdout, /tags removed on Flickr: generated → kept/);
  t.deepEqual(writes(p.sandbox.calls().byMethod), {}, "keep writes nothing");
  t.true(p.sandbox.calls().byMethod["flickr.people.getPhotos"]! >= 1, "verification reads in batches");
  t.falsy(p.sandbox.calls().byMethod["flickr.photos.getInfo"], "no per-photo getInfo");
  t.is(p.sandbox.photos().find((ph) => ph.id === photo.id)!.title, "Fixed on Flickr");

  const adopt = await p.sync("--verify", "--on-drift", "adopt", "--no-read-back");
  t.is(adopt.code, 0);
  t.regex(adopt.stdout, /adopted as the new value/);
  p.sandbox.resetCalls();
  const after = await p.sync("--verify", "--no-read-back");
  t.notRegex(after.stdout, /drift:/, "once adopted, the Flickr value is no longer drift");
  t.deepEqual(writes(p.sandbox.calls().byMethod), {});

  p.sandbox.editPhoto(photo.id, { title: "Edited again on Flickr" });
  const overwrite = await p.sync("--verify", "--on-drift", "overwrite", "--no-read-back");
  t.is(overwrite.code, 0);
  t.regex(overwrite.stdout, /overwritten with the catalogue's/);
  t.is(p.sandbox.photos().find((ph) => ph.id === photo.id)!.title, "Test photograph 002");
});

test("drift: a photo deleted on Flickr is reported, and uploaded again only with --on-drift overwrite", async (t) => {
  const p = await published(t, 3);
  const photo = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-003")!;
  p.sandbox.editPhoto(photo.id, { delete: true });
  const keep = await p.sync("--verify", "--no-read-back");
  t.regex(keep.stdout, /T-003 {2}photo: the photo is no longer on Flickr/);
  t.is(p.sandbox.photos().length, 2);
  const status = JSON.parse((await p.heritage(["status", p.c.manifest, "--endpoint", p.url, "--json"])).stdout);
  t.is(status.counts.missing, 1);
  const back = await p.sync("--verify", "--on-drift", "overwrite", "--no-read-back");
  t.is(back.code, 0, back.stderr);
  t.is(p.sandbox.photos().length, 3);
  assertPublishedAsMapped(t, p.sandbox.photos(), await expectedItems(p.c.manifest, p.c.dir), "testns");
});

test("state lost: rebuild it from Flickr (beyond the search cap), then an unchanged sync costs zero calls", async (t) => {
  const p = await published(t, 12);
  rmSync(statePathsFor(p.c.manifest, null, { endpoint: p.url }).dir, { recursive: true, force: true });
  // A search cap of 5 forces the upload-date windows a real 4,000-photo account needs.
  const rebuild = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url, "--quota", "100000", "--search-cap", "5", "--json"]);
  t.is(rebuild.code, 0, rebuild.stderr);
  const report = JSON.parse(rebuild.stdout);
  t.is(report.adopted, 12);
  t.deepEqual(report.notFound, []);
  t.deepEqual(report.duplicates, []);
  t.deepEqual(report.differing, []);
  t.true(report.searches > 1, `windows were used (${report.searches} searches)`);
  p.sandbox.resetCalls();
  const sync = await p.sync();
  t.is(sync.code, 0, sync.stderr);
  t.is(p.sandbox.calls().total, 0, "zero calls after the rebuild");
  const state = openState(statePathsFor(p.c.manifest, null, { endpoint: p.url }).database, { readonly: true });
  t.teardown(() => state.close());
  const ids = new Map(p.sandbox.photos().map((ph) => [identifierOf(ph, "testns"), ph.id]));
  for (const item of state.items.list()) t.is(item.photoId, ids.get(item.identifier) ?? null);
});

test("rebuild reports identifiers found twice or not at all, and refuses to overwrite a state", async (t) => {
  const p = await published(t, 3);
  const { testImage } = await import("../helpers/sandbox.js");
  await p.upload(await testImage(), { title: "duplicate", tags: "testns:id=T-001" });
  const refused = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /already records 3 items/);
  const photo3 = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-003")!;
  p.sandbox.editPhoto(photo3.id, { delete: true });
  const run = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url, "--force"]);
  t.is(run.code, 1);
  t.regex(run.stdout, /found twice: T-001/);
  t.regex(run.stdout, /1 not on Flickr .*T-003/);
  t.regex(run.stderr, /old state was moved to/);
});

test("tags other people added on Flickr are kept by a tag sync, and removed only with --replace-tags", async (t) => {
  const p = await published(t, 2);
  const photo = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-001")!;
  const visitor = p.sandbox.createAccount({ username: "a visitor" });
  p.sandbox.editPhoto(photo.id, { addTags: ["bathing huts"], tagsAuthor: visitor.nsid });
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-001" ? { ...r, tags: `${r.tags}; beach` } : r)));
  const keep = await p.sync("--no-read-back");
  t.is(keep.code, 0, keep.stderr);
  const tags = () => p.sandbox.photos().find((ph) => ph.id === photo.id)!.tags.map((x) => x.raw);
  t.true(tags().includes("beach"));
  t.true(tags().includes("bathing huts"), "the visitor's tag survives");
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-001" ? { ...r, tags: `${r.tags}; beach; sand` } : r)));
  const replace = await p.sync("--no-read-back", "--replace-tags");
  t.is(replace.code, 0, replace.stderr);
  t.true(tags().includes("sand"));
  t.false(tags().includes("bathing huts"), "--replace-tags removes it");
});

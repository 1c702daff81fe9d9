/**
 * The executor with recording fakes for Flickr and the copy maker: decisions that are hard to
 * provoke on a sandbox (an account whose default licence is wrong) and the shape of what it
 * records.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { executePlan, type ExecuteDeps } from "../../src/publish/execute.js";
import { createMemoryRunLog } from "../../src/publish/run-log.js";
import { type FlickrPort } from "../../src/publish/ports.js";
import { ItemFailure } from "../../src/publish/failures.js";
import { planRun } from "../../src/plan/plan.js";
import type { PlanInput } from "../../src/plan/types.js";
import { FIELD_GROUP_NAMES, type FlickrFields } from "../../src/flickr/fields.js";
import { groupHash, groupSlice } from "../../src/plan/groups.js";
import { type StateStore } from "../../src/state/store.js";
import { RETRY_DEFAULTS } from "../../src/publish/retry.js";
import { fixturePath } from "../helpers/paths.js";
import { executeDeps } from "../helpers/execute-deps.js";

const fields: FlickrFields = {
  title: "Visby", description: "", tags: ["ns:id=A"], license_id: 7, date_taken: "1885-01-01 00:00:00", date_taken_granularity: 8,
  latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};

function input(id: string, patch: Partial<FlickrFields> = {}): PlanInput {
  return { row: 2, identifier: id, file: `${id}.tif`, fields: { ...fields, ...patch, tags: [`ns:id=${id}`] }, errors: [], source: { size: 1, mtimeMs: 1, sha256: `s-${id}` } };
}

const RECORDED_INFO = JSON.parse(readFileSync(fixturePath("flickr", "getInfo.4700136932.swedish-heritage-board.json"), "utf8")) as { photo: Record<string, unknown> };

function fakeFlickr(accountDefaultLicense: number): FlickrPort & { calls: string[] } {
  const calls: string[] = [];
  let next = 100;
  return {
    calls,
    async call(method) {
      calls.push(method);
      // A real getInfo answer (recorded, Commons), with this account's default licence and no one else's tags.
      if (method === "flickr.photos.getInfo") return { ...RECORDED_INFO, photo: { ...RECORDED_INFO.photo, license: String(accountDefaultLicense), tags: { tag: [] } } };
      return {};
    },
    async upload() {
      calls.push("upload");
      return { id: String(next++), secret: null };
    },
    async replace(id) {
      calls.push("replace");
      return { id, secret: null };
    },
  };
}

function deps(t: { teardown(fn: () => void): void }, flickr: FlickrPort, prepare?: ExecuteDeps["prepareCopy"]): ExecuteDeps & { state: StateStore } {
  return executeDeps(t, flickr, prepare ? { prepareCopy: prepare } : {});
}

const options = { namespace: "ns", concurrency: 1, normalizeConcurrency: 1, retry: RETRY_DEFAULTS, reconcileGraceSeconds: 0, replaceTags: false };

test("licence 7 on an account whose uploads get another licence stops the run after the first photo, with advice", async (t) => {
  const flickr = fakeFlickr(0);
  const d = deps(t, flickr);
  const inputs = [input("A"), input("B"), input("C")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  t.is(result.stop?.code, "LICENSE_7_NOT_DEFAULT");
  t.regex(result.stop!.message, /"All Rights Reserved", not "No known copyright restrictions"/);
  t.regex(result.stop!.hint, /Commons account/);
  t.is(flickr.calls.filter((c) => c === "upload").length, 1, "nothing more is uploaded");
  t.false(flickr.calls.includes("flickr.photos.licenses.setLicense"), "licence 7 is never sent to setLicense");
  // The state is honest: photo A is on Flickr, its licence group is not recorded as pushed.
  const a = d.state.items.get("A")!;
  t.is(a.upload, "done");
  t.is(a.pushed.license, undefined);
  t.is(d.state.account.get("defaultLicense"), 0);
  t.deepEqual(result.outcomes.map((o) => o.result), ["not-run", "not-run", "not-run"]);
});

test("on a Commons account licence 7 costs no call; the default is read once and remembered", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr);
  const inputs = [input("A"), input("B")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  t.deepEqual(result.counts, { uploaded: 2 });
  t.deepEqual(flickr.calls, ["upload", "flickr.photos.getInfo", "flickr.photos.setDates", "upload", "flickr.photos.setDates"]);
  t.is(d.state.items.get("B")!.pushed.license?.value.license_id, 7);
});

test("a master that cannot be normalized fails its own item, uploads nothing for it, and the run goes on", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr, async (item) => {
    if (item.identifier === "B") throw new ItemFailure("normalize", "IMAGE_CORRUPT", "The image cannot be read", false);
    return { path: "/c.jpg", sha256: "c", bytes: 1, source: { size: 1, mtimeMs: 1, sha256: "s" }, warnings: [] };
  });
  const inputs = [input("A"), input("B"), input("C")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  t.deepEqual(result.outcomes.map((o) => o.result), ["uploaded", "failed", "uploaded"]);
  t.like(result.outcomes[1]!.error!, { step: "normalize", code: "IMAGE_CORRUPT" });
  t.is(flickr.calls.filter((c) => c === "upload").length, 2);
  t.like(d.state.items.get("B")!, { upload: "none", status: "failed", error: { code: "IMAGE_CORRUPT" } });
});

test("every mutation is in the run log with method, identifier, photo id and outcome, and nothing else", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr);
  const inputs = [input("A")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
  await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  const entries = (d.log as ReturnType<typeof createMemoryRunLog>).entries;
  t.deepEqual(entries, [
    { run: 1, method: "upload", identifier: "A", photo_id: "100", outcome: "ok" },
    { run: 1, method: "flickr.photos.setDates", identifier: "A", photo_id: "100", outcome: "ok" },
  ]);
});

/** The state of an item fully published with `f` (every group pushed). */
function publishedState(d: ReturnType<typeof deps>, id: string, f: FlickrFields): void {
  d.state.items.ensure({ identifier: id, row: 2, file: `${id}.tif` });
  d.state.items.recordUploadIntent(id, { copySha256: `c-${id}`, fields: f });
  d.state.items.recordUploaded(id, { photoId: `p-${id}`, secret: null, pushed: Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, { hash: groupHash(f, g), value: groupSlice(f, g) }])) });
  d.state.items.setStatus(id, "published");
}

/** Edits of a published item, one per group and kind (set, change, clear): sync's calls. */
const SYNC_EDITS: { name: string; before: Partial<FlickrFields>; after: Partial<FlickrFields> }[] = [
  { name: "clear safety level and content type", before: { safety_level: 2, content_type: 3 }, after: { safety_level: null, content_type: null } },
  { name: "clear safety level, keep hidden", before: { safety_level: 2, hidden: 2 }, after: { safety_level: null, hidden: 2 } },
  { name: "set safety level", before: {}, after: { safety_level: 3 } },
  { name: "change content type", before: { content_type: 1 }, after: { content_type: 4 } },
  { name: "latitude without longitude", before: { latitude: 57.6, longitude: 18.3, accuracy: 16 }, after: { latitude: 57.7, longitude: null, accuracy: 16 } },
  { name: "remove location", before: { latitude: 57.6, longitude: 18.3, accuracy: 16 }, after: { latitude: null, longitude: null, accuracy: null } },
  { name: "clear date", before: {}, after: { date_taken: null, date_taken_granularity: null } },
  { name: "change title", before: {}, after: { title: "Visby hamn" } },
  { name: "private", before: {}, after: { is_public: 0 } },
  { name: "licence", before: { license_id: 9 }, after: { license_id: 10 } },
];

for (const e of SYNC_EDITS) {
  test(`sync (${e.name}): the executor makes exactly the calls the plan lists`, async (t) => {
    const flickr = fakeFlickr(7);
    const d = deps(t, flickr);
    const before = { ...fields, ...e.before, tags: ["ns:id=A"] };
    publishedState(d, "A", before);
    const inputs = [input("A", { ...e.before, ...e.after })];
    const plan = planRun(inputs, d.state.items.list(), { mode: "sync", accountDefaultLicense: 7, existingAlbums: new Set() });
    d.state.account.set({ defaultLicense: 7 });
    const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
    t.not(result.counts.failed, 1);
    const made: Record<string, number> = {};
    for (const m of flickr.calls) made[m] = (made[m] ?? 0) + 1;
    t.deepEqual(made, plan.calls.byMethod, "what the dry run lists is what is sent");
  });
}

test("sync --replace-tags: the dry run counts the read that finds other people's tags", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr);
  publishedState(d, "A", { ...fields, tags: ["ns:id=A"] });
  const inputs = [{ ...input("A"), fields: { ...input("A").fields, tags: ["ns:id=A", "visby"] } }];
  const plan = planRun(inputs, d.state.items.list(), { mode: "sync", accountDefaultLicense: 7, existingAlbums: new Set(), replaceTags: true });
  d.state.account.set({ defaultLicense: 7 });
  await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, { ...options, replaceTags: true });
  const made: Record<string, number> = {};
  for (const m of flickr.calls) made[m] = (made[m] ?? 0) + 1;
  t.deepEqual(made, { "flickr.photos.addTags": 1, "flickr.photos.getInfo": 1 });
  t.deepEqual(plan.calls.byMethod, made);
});

test("a cleared safety level, content type or date is not recorded as if Flickr had forgotten it", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr);
  publishedState(d, "A", { ...fields, safety_level: 2, content_type: 3, tags: ["ns:id=A"] });
  d.state.account.set({ defaultLicense: 7 });
  const inputs = [input("A", { safety_level: null, content_type: null, date_taken: null, date_taken_granularity: null })];
  const plan = planRun(inputs, d.state.items.list(), { mode: "sync", accountDefaultLicense: 7, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  const item = d.state.items.get("A")!;
  t.is(item.pushed.safety?.value.safety_level, 2, "Flickr keeps level 2: the state says so");
  t.is(item.pushed.content_type?.value.content_type, 3);
  t.is(item.pushed.date?.value.date_taken, fields.date_taken);
  t.true(result.outcomes[0]!.warnings.some((w) => /safety level/.test(w)), result.outcomes[0]!.warnings.join("\n"));
  // The catalogue's clearing is taken as seen: the next sync plans nothing more.
  const again = planRun(inputs, d.state.items.list(), { mode: "sync", accountDefaultLicense: 7, existingAlbums: new Set() });
  t.deepEqual(again.items[0]!.actions, []);
});

test("a plan that left a licence to the account's default stops when the default turns out otherwise, instead of sending a call it did not list", async (t) => {
  const flickr = fakeFlickr(4);
  const d = deps(t, flickr);
  // Licence 0 was planned as the account's default (no call); Flickr gives uploads licence 4.
  const inputs = [input("A", { license_id: 0 }), input("B", { license_id: 0 })];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 0, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, options);
  t.is(result.stop?.code, "ACCOUNT_DEFAULT_LICENSE");
  t.regex(result.stop!.hint, /Run the same command again/);
  t.false(flickr.calls.includes("flickr.photos.licenses.setLicense"), "no call the plan did not list");
  t.is(d.state.items.get("A")!.pushed.license, undefined, "the licence is not recorded as pushed");
  t.is(d.state.account.get("defaultLicense"), 4);
  // The next plan knows the default and lists the call.
  const next = planRun(inputs, d.state.items.list(), { mode: "publish", accountDefaultLicense: 4, existingAlbums: new Set() });
  t.is(next.items[0]!.actions.find((a) => a.kind === "set" && a.group === "license")?.kind, "set");
  t.is(next.calls.byMethod["flickr.photos.licenses.setLicense"], 2, "A (uploaded) and B (not yet) each get a setLicense");
});

test("an unconfirmed default licence: the first row relying on it goes up private and the others wait; a wrong default stops the run with no photo public", async (t) => {
  const flickr = fakeFlickr(0);
  const sentPublic: unknown[] = [];
  const upload = flickr.upload.bind(flickr);
  flickr.upload = async (path, params) => {
    sentPublic.push(params.is_public);
    return upload(path, params);
  };
  const d = deps(t, flickr);
  const inputs = [input("A"), input("B"), input("C"), input("D")];
  // A Commons account is assumed to give its uploads licence 7; nothing on this state has shown it.
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, accountDefaultLicenseConfirmed: false, existingAlbums: new Set() });
  const uploads = plan.items.map((i) => i.actions.find((a) => a.kind === "upload"));
  t.like(uploads[0], { licenseProbe: true, licenseFirst: true, params: { is_public: 0 } }, "the probe goes up private");
  t.true(plan.items[0]!.actions.some((a) => a.kind === "set" && a.group === "perms"), "and is made public by a listed setPerms");
  for (const u of uploads.slice(1)) t.like(u, { waitsForLicenseCheck: true, params: { is_public: 1 } });
  t.is(plan.calls.byMethod["flickr.photos.setPerms"], 1, "one setPerms more, for the whole run");

  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, { ...options, concurrency: 4 });
  t.is(result.stop?.code, "LICENSE_7_NOT_DEFAULT");
  t.deepEqual(sentPublic, [0], "only the probe was uploaded, and private: no photo was ever public under licence 0");
  t.false(flickr.calls.includes("flickr.photos.setPerms"));
  t.deepEqual(result.outcomes.map((o) => o.result), ["not-run", "not-run", "not-run", "not-run"]);
  t.is(d.state.items.get("A")!.pushed.perms, undefined, "the probe's visibility is not recorded: the next run decides it");
});

test("an unconfirmed default licence that the probe confirms: the waiting uploads go up public, one setPerms more in all", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr);
  const inputs = [input("A"), input("B"), input("C")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, accountDefaultLicenseConfirmed: false, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, { ...options, concurrency: 3 });
  t.is(result.stop, null);
  t.deepEqual(result.outcomes.map((o) => o.result), ["uploaded", "uploaded", "uploaded"]);
  t.is(flickr.calls.filter((c) => c === "flickr.photos.setPerms").length, 1);
  t.is(d.state.account.get("defaultLicense"), 7);
  // Known now: the next plan has no probe.
  const next = planRun([input("E")], d.state.items.list(), { mode: "publish", accountDefaultLicense: 7, accountDefaultLicenseConfirmed: true, existingAlbums: new Set() });
  t.falsy(next.items.find((i) => i.identifier === "E")!.actions.find((a) => a.kind === "upload" && a.licenseProbe));
});

test("a licence probe whose upload fails leaves the waiting rows untouched, each with a message naming the probe's row", async (t) => {
  const flickr = fakeFlickr(7);
  const d = deps(t, flickr, async (item) => {
    if (item.identifier === "A") throw new ItemFailure("normalize", "IMAGE_CORRUPT", "the master cannot be read", false);
    return { path: `/copies/${item.identifier}.jpg`, sha256: `c-${item.identifier}`, bytes: 1, source: { size: 1, mtimeMs: 1, sha256: `s-${item.identifier}` }, warnings: [] };
  });
  const inputs = [input("A"), input("B")];
  const plan = planRun(inputs, [], { mode: "publish", accountDefaultLicense: 7, accountDefaultLicenseConfirmed: false, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map(inputs.map((i) => [i.identifier, i])), d, { ...options, concurrency: 2 });
  t.deepEqual(result.outcomes.map((o) => o.result), ["failed", "failed"]);
  t.like(result.outcomes[1]!.error, { code: "LICENSE_DEFAULT_UNCONFIRMED", transient: true });
  t.regex(result.outcomes[1]!.error!.message, /\(A, row 2\)/);
  t.false(flickr.calls.includes("upload"), "nothing was uploaded");
});

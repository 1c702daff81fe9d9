import test from "ava";
import { planRun, methodsFor, type PlanOptions } from "../../src/plan/plan.js";
import { allGroupHashes, groupHash, groupSlice } from "../../src/plan/groups.js";
import type { PlanInput } from "../../src/plan/types.js";
import type { FlickrFields, FieldGroup } from "../../src/flickr/fields.js";
import { FIELD_GROUP_NAMES } from "../../src/flickr/fields.js";
import type { ItemState } from "../../src/state/store.js";
import { error } from "../../src/issues.js";

const base: FlickrFields = {
  title: "Visby",
  description: "Gatan.",
  tags: ["visby", "raa:id=A1"],
  license_id: 7,
  date_taken: "1885-01-01 00:00:00",
  date_taken_granularity: 8,
  latitude: 57.64,
  longitude: 18.29,
  accuracy: 16,
  albums: ["Gotland"],
  is_public: 1,
  hidden: null,
  safety_level: null,
  content_type: null,
};

function input(id: string, patch: Partial<FlickrFields> = {}, extra: Partial<PlanInput> = {}): PlanInput {
  return { row: 2, identifier: id, file: `${id}.tif`, fields: { ...base, ...patch }, errors: [], source: { size: 1, mtimeMs: 1, sha256: `sha-${id}` }, ...extra };
}

/** The state of an item fully published with `fields`. */
function published(id: string, fields: FlickrFields, patch: Partial<ItemState> = {}): ItemState {
  const hashes = allGroupHashes(fields);
  const pushed = Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, { hash: hashes[g], value: groupSlice(fields, g), pushedAt: 1 }]));
  return {
    identifier: id, row: 2, file: `${id}.tif`, sourceSize: 1, sourceMtimeMs: 1, sourceSha256: `sha-${id}`, copySha256: "c",
    photoId: `p-${id}`, secret: "s", upload: "done", uploadIntentAt: null, intentFields: null, replace: "none", replaceSha256: null,
    status: "published", attempts: 1, error: null, pushed, createdAt: 1, updatedAt: 1, ...patch,
  };
}

const publish: PlanOptions = { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() };
const sync: PlanOptions = { ...publish, mode: "sync", existingAlbums: new Set(["Gotland"]) };

test("a new item on a Commons account: upload, dates, geo, album create — licence 7 costs nothing", (t) => {
  const plan = planRun([input("A1")], [], publish);
  const item = plan.items[0]!;
  t.is(item.disposition, "new");
  t.deepEqual(item.actions.filter((a) => a.kind !== "record").map((a) => methodsFor(a)[0]), [
    "upload",
    "flickr.photos.setDates",
    "flickr.photos.geo.setLocation",
    "flickr.photosets.create",
  ]);
  t.is(item.calls, 4);
  t.deepEqual(plan.newAlbums, ["Gotland"]);
  // One read of the account's albums, so an album of that title made by another manifest is adopted.
  t.deepEqual(plan.prelude.map((c) => c.method), ["flickr.photosets.getList"]);
  t.is(plan.calls.total, 5);
});

test("only the first photo of a new album creates it; the rest are queued and go in with one read and one editPhotos", (t) => {
  const plan = planRun([input("A1"), input("A2"), input("A3")], [], publish);
  t.is(plan.calls.byMethod["flickr.photosets.create"], 1);
  t.is(plan.calls.byMethod["flickr.photosets.addPhoto"], undefined);
  t.is(plan.calls.byMethod["flickr.photosets.getPhotos"], 1);
  t.is(plan.calls.byMethod["flickr.photosets.editPhotos"], 1);
});

test("a licence other than the account default costs a setLicense, and the setPerms that makes the photo public after it; without date, geo, albums nothing else", (t) => {
  const plan = planRun([input("A1", { license_id: 9, date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null, albums: [] })], [], publish);
  t.deepEqual(plan.calls.byMethod, { upload: 1, "flickr.photos.licenses.setLicense": 1, "flickr.photos.setPerms": 1 });
  // the groups with nothing to send are still recorded as pushed
  t.deepEqual(plan.items[0]!.actions.filter((a) => a.kind === "record").map((a) => (a as { group: FieldGroup }).group).sort(), ["albums", "date", "geo"]);
});

test("items with validation errors are blocked and cost nothing", (t) => {
  const plan = planRun([input("A1", {}, { errors: [error("LICENSE_UNKNOWN", { row: 2 })] })], [], publish);
  t.is(plan.items[0]!.disposition, "blocked");
  t.is(plan.calls.total, 0);
});

test("an unknown upload outcome on record is reconciled before any new upload", (t) => {
  const state = { ...published("A1", base), upload: "intent" as const, photoId: null, pushed: {} };
  const plan = planRun([input("A1")], [state], publish);
  t.deepEqual(plan.items[0]!.actions.slice(0, 2).map((a) => a.kind), ["reconcile", "upload"]);
});

test("resume: an uploaded item whose date and album were not pushed gets exactly those", (t) => {
  const state = published("A1", base);
  delete state.pushed.date;
  delete state.pushed.albums;
  const plan = planRun([input("A1")], [state], { ...publish, existingAlbums: new Set(["Gotland"]) });
  t.is(plan.items[0]!.disposition, "resume");
  t.deepEqual(plan.calls.byMethod, { "flickr.photos.setDates": 1, "flickr.photosets.addPhoto": 1 });
});

test("publish leaves changed metadata of published items to sync, and says so", (t) => {
  const plan = planRun([input("A1", { title: "Visby, Gotland" })], [published("A1", base)], publish);
  t.is(plan.items[0]!.disposition, "changed");
  t.deepEqual(plan.items[0]!.pendingChanges, ["meta"]);
  t.is(plan.calls.total, 0);
});

test("sync: an unchanged item costs zero calls", (t) => {
  const plan = planRun([input("A1")], [published("A1", base)], sync);
  t.is(plan.items[0]!.disposition, "unchanged");
  t.is(plan.calls.total, 0);
});

const edits: { name: string; patch: Partial<FlickrFields>; calls: Record<string, number> }[] = [
  { name: "title", patch: { title: "Visby, Gotland" }, calls: { "flickr.photos.setMeta": 1 } },
  { name: "description", patch: { description: "Ny text." }, calls: { "flickr.photos.setMeta": 1 } },
  { name: "tags", patch: { tags: ["visby", "medeltid", "raa:id=A1"] }, calls: { "flickr.photos.addTags": 1 } },
  { name: "tag removed", patch: { tags: ["raa:id=A1"] }, calls: { "flickr.photos.getInfo": 1, "flickr.photos.removeTag": 1 } },
  { name: "tag replaced", patch: { tags: ["gotland", "raa:id=A1"] }, calls: { "flickr.photos.getInfo": 1, "flickr.photos.removeTag": 1, "flickr.photos.addTags": 1 } },
  { name: "tag spelling", patch: { tags: ["Visby", "raa:id=A1"] }, calls: { "flickr.photos.getInfo": 1, "flickr.photos.removeTag": 1, "flickr.photos.addTags": 1 } },
  { name: "licence", patch: { license_id: 10 }, calls: { "flickr.photos.licenses.setLicense": 1 } },
  { name: "date granularity", patch: { date_taken_granularity: 6 }, calls: { "flickr.photos.setDates": 1 } },
  { name: "remove geo", patch: { latitude: null, longitude: null, accuracy: null }, calls: { "flickr.photos.geo.removeLocation": 1 } },
  { name: "move geo", patch: { latitude: 57.65 }, calls: { "flickr.photos.geo.setLocation": 1 } },
  { name: "move between albums", patch: { albums: ["Visby"] }, calls: { "flickr.photosets.getList": 1, "flickr.photosets.create": 1, "flickr.photosets.removePhoto": 1 } },
  { name: "add to existing album", patch: { albums: ["Gotland", "Other"] }, calls: { "flickr.photosets.getList": 1, "flickr.photosets.create": 1 } },
  { name: "perms", patch: { is_public: 0 }, calls: { "flickr.photos.setPerms": 1 } },
  { name: "safety + hidden", patch: { safety_level: 2, hidden: 2 }, calls: { "flickr.photos.setSafetyLevel": 1 } },
  { name: "content type", patch: { content_type: 3 }, calls: { "flickr.photos.setContentType": 1 } },
  { name: "title and date", patch: { title: "X", date_taken: "1890-01-01 00:00:00" }, calls: { "flickr.photos.setMeta": 1, "flickr.photos.setDates": 1 } },
  { name: "album order only", patch: { albums: ["Gotland"] }, calls: {} },
];

for (const edit of edits) {
  test(`sync: an edit of ${edit.name} costs exactly its calls`, (t) => {
    const plan = planRun([input("A1", edit.patch)], [published("A1", base)], sync);
    t.deepEqual(plan.calls.byMethod, edit.calls);
  });
}

test("sync: the field-level diff carries old and new values", (t) => {
  const plan = planRun([input("A1", { title: "Visby, Gotland" })], [published("A1", base)], sync);
  const set = plan.items[0]!.actions.find((a) => a.kind === "set")!;
  t.like(set, { kind: "set", group: "meta", from: { title: "Visby" }, to: { title: "Visby, Gotland" } });
});

test("sync: a rescanned master is replaced; publish only reports it", (t) => {
  const moved = input("A1", {}, { source: { size: 2, mtimeMs: 2, sha256: "new-scan" } });
  t.deepEqual(planRun([moved], [published("A1", base)], sync).items[0]!.actions, [{ kind: "replace", photoId: "p-A1", file: "A1.tif", fields: moved.fields }]);
  const p = planRun([moved], [published("A1", base)], publish).items[0]!;
  t.true(p.rescanned);
  t.is(p.disposition, "changed");
  t.is(p.actions.length, 0);
});

test("rows removed from the manifest are reported; pruned only when asked", (t) => {
  const states = [published("A1", base), published("GONE", base)];
  t.deepEqual(planRun([input("A1")], states, sync).items[1]!, {
    identifier: "GONE", row: null, file: "GONE.tif", photoId: "p-GONE", disposition: "removed", actions: [], pendingChanges: [], rescanned: false, calls: 0, errors: [], drift: [],
  });
  t.deepEqual(planRun([input("A1")], states, { ...sync, prune: "hide" }).items[1]!.actions, [
    { kind: "prune-hide", calls: [{ method: "flickr.photos.setPerms", params: { is_public: 0, is_friend: 0, is_family: 0 }, photo: { id: "p-GONE" } }] },
  ]);
  t.deepEqual(planRun([input("A1")], states, { ...sync, prune: "delete" }).items[1]!.actions, [{ kind: "prune-delete", calls: [{ method: "flickr.photos.delete", params: {}, photo: { id: "p-GONE" } }] }]);
});

test("--retry-failed plans only failed items", (t) => {
  const failed = { ...published("A2", base), upload: "none" as const, photoId: null, status: "failed" as const, pushed: {} };
  const plan = planRun([input("A1"), input("A2")], [failed], { ...publish, retryFailedOnly: true });
  t.deepEqual(plan.items.map((i) => i.disposition), ["unchanged", "new"]);
});

test("group hashes ignore album order but not album names", (t) => {
  t.is(groupHash({ ...base, albums: ["a", "b"] }, "albums"), groupHash({ ...base, albums: ["b", "a"] }, "albums"));
  t.not(groupHash({ ...base, albums: ["a"] }, "albums"), groupHash({ ...base, albums: ["b"] }, "albums"));
  t.not(groupHash(base, "meta"), groupHash({ ...base, title: "x" }, "meta"));
});

import { formatPlan, planJson, formatDurationLong, diffLines } from "../../src/plan/format.js";

const overhead = { calls: 2, byMethod: { "flickr.test.login": 1, "flickr.commons.getInstitutions": 1 } };

test("the dry-run plan states counts, calls and the time at the quota", (t) => {
  const plan = planRun([input("A1"), input("A2"), input("A3", {}, { errors: [error("LICENSE_UNKNOWN", { row: 4 })] })], [], publish);
  const text = formatPlan(plan, { perHour: 3600, overhead, details: false, target: "Flickr" });
  t.regex(text, /Plan \(publish, Flickr\): 3 items/);
  t.regex(text, /2 {2}new/);
  t.regex(text, /1 {2}skipped: validation errors/);
  t.regex(text, /API calls: 11 \(9 for the items \+ 2 to check the account\)/);
  t.regex(text, /Time at 3,600 calls\/hour: about 11 s/);
  t.regex(text, /row 2 {2}A3 {2}LICENSE_UNKNOWN/);
  const json = planJson(plan, { perHour: 3600, overhead });
  t.like(json, { schema: "heritage.plan/1", calls: { total: 11, items: 9, overhead: 2 }, seconds_at_quota: 11 });
});

test("the empty-state guard: its look-ups open the prelude, counted and listed, only when it is due and something is uploaded", (t) => {
  const guard = { namespace: "raa", now: 1_000_000 };
  const plan = planRun([input("A1"), input("A2")], [], { ...publish, emptyStateGuard: guard });
  t.deepEqual(plan.prelude.map((c) => [c.method, c.purpose, c.onlyIfNoneFound ?? false]), [
    ["flickr.photos.search", "empty-state-guard", false],
    ["flickr.people.getPhotos", "empty-state-guard", true],
    ["flickr.photosets.getList", "albums", false],
  ]);
  t.like(plan.prelude[0]!.params, { user_id: "me", machine_tags: "raa:id=", per_page: 500 });
  t.like(plan.prelude[1]!.params, { user_id: "me", min_upload_date: 1_000_000 - 3 * 86_400, per_page: 500 });
  t.is(plan.calls.byMethod["flickr.photos.search"], 1);
  t.is(plan.calls.byMethod["flickr.people.getPhotos"], 1);
  t.is(plan.calls.total, planRun([input("A1"), input("A2")], [], publish).calls.total + 2);
  t.true(plan.calls.perFinding.some((m) => /flickr\.photos\.search .*one more page/.test(m)), "further pages are listed as known only at run time");
  const text = formatPlan(plan, { perHour: 3600, overhead, details: false, target: "Flickr" });
  t.regex(text, /Before the items:\n .*the state records no photo: look for this collection.*\[flickr\.photos\.search\]\n .*recent uploads.*\(only if nothing was found before it\) +\[flickr\.people\.getPhotos\]/);
  const json = planJson(plan, { perHour: 3600, overhead }) as { prelude: Record<string, unknown>[] };
  t.like(json.prelude[1], { method: "flickr.people.getPhotos", purpose: "empty-state-guard", only_if_none_found: true });
  // Nothing to upload (a resume of setters, or nothing new): no guard.
  const nothingNew = planRun([input("A1")], [published("A1", base)], { ...sync, emptyStateGuard: guard });
  t.false(nothingNew.prelude.some((c) => c.purpose === "empty-state-guard"));
  // The state was checked already, or records photos: run.ts passes no guard.
  t.false(planRun([input("A1")], [], publish).prelude.some((c) => c.purpose === "empty-state-guard"));
});

test("nothing to do costs no overhead calls either", (t) => {
  const plan = planRun([input("A1")], [published("A1", base)], sync);
  t.regex(formatPlan(plan, { perHour: 3600, overhead, details: true, target: "Flickr" }), /API calls: 0\n/);
});

test("sync details show field-level old → new values and the call", (t) => {
  const plan = planRun([input("A1", { title: "Visby, Gotland", license_id: 10 })], [published("A1", base)], sync);
  const text = formatPlan(plan, { perHour: 3600, overhead, details: true, target: "Flickr" });
  t.regex(text, /title: "Visby" → "Visby, Gotland" {3}\[flickr\.photos\.setMeta\]/);
  t.regex(text, /license_id: "No known copyright restrictions" \(7\) → "Public Domain Mark" \(10\) {3}\[flickr\.photos\.licenses\.setLicense\]/);
  const set = plan.items[0]!.actions.find((a) => a.kind === "set" && a.group === "meta") as Extract<(typeof plan.items)[0]["actions"][0], { kind: "set" }>;
  t.deepEqual(diffLines(set), ['title: "Visby" → "Visby, Gotland"']);
});

test("durations read naturally", (t) => {
  t.deepEqual([0.2, 40, 600, 7200, 86400 * 3].map(formatDurationLong), ["under a second", "about 40 s", "about 10 min", "about 2.0 h", "about 3.0 days"]);
});

import type { ItemDrift } from "../../src/plan/types.js";

const titleDrift: ItemDrift = { missing: false, groups: [{ group: "meta", details: ['title: "Visby (fixed)" on Flickr, "Visby" pushed'], live: { title: "Visby (fixed)", description: "Gatan." } }] };

const driftCases: { name: string; onDrift: "keep" | "overwrite" | "adopt"; manifest: Partial<FlickrFields>; actions: string[]; resolution: string; conflict: boolean }[] = [
  { name: "keep leaves the Flickr edit alone", onDrift: "keep", manifest: {}, actions: [], resolution: "kept", conflict: false },
  { name: "keep does not push a catalogue change over a Flickr edit (a conflict)", onDrift: "keep", manifest: { title: "Visby, Gotland" }, actions: [], resolution: "kept", conflict: true },
  { name: "overwrite pushes the catalogue value back", onDrift: "overwrite", manifest: {}, actions: ["set:meta"], resolution: "overwritten", conflict: false },
  { name: "adopt records the Flickr value without a call", onDrift: "adopt", manifest: {}, actions: ["adopt:meta"], resolution: "adopted", conflict: false },
];

for (const c of driftCases) {
  test(`drift: ${c.name}`, (t) => {
    const plan = planRun([input("A1", c.manifest)], [published("A1", base)], { ...sync, drift: new Map([["A1", titleDrift]]), onDrift: c.onDrift });
    const item = plan.items[0]!;
    t.deepEqual(item.actions.map((a) => `${a.kind}${"group" in a ? `:${a.group}` : ""}`), c.actions);
    t.like(item.drift[0]!, { group: "meta", resolution: c.resolution, conflict: c.conflict });
  });
}

test("drift: a photo deleted on Flickr is reported (keep), uploaded again (overwrite) or let go (adopt)", (t) => {
  const gone = new Map([["A1", { missing: true, groups: [] } as ItemDrift]]);
  const keep = planRun([input("A1")], [published("A1", base)], { ...sync, drift: gone }).items[0]!;
  t.is(keep.disposition, "missing");
  t.deepEqual(keep.actions, [{ kind: "mark-missing" }]);
  const overwrite = planRun([input("A1")], [published("A1", base)], { ...sync, drift: gone, onDrift: "overwrite" }).items[0]!;
  t.deepEqual(overwrite.actions.slice(0, 2).map((a) => a.kind), ["forget-photo", "upload"]);
  const adopt = planRun([input("A1")], [published("A1", base)], { ...sync, drift: gone, onDrift: "adopt" }).items[0]!;
  t.deepEqual(adopt.actions, [{ kind: "forget-photo", reupload: false }]);
  // once let go, it stays gone
  const later = planRun([input("A1")], [{ ...published("A1", base), photoId: null, upload: "none", status: "deleted", pushed: {} }], sync).items[0]!;
  t.is(later.disposition, "missing");
  t.deepEqual(later.actions, []);
});

test("an item whose groups were all pushed by a run killed just before it said so is marked published, at no cost", (t) => {
  const plan = planRun([input("A1")], [{ ...published("A1", base), status: "pending" }], publish);
  t.deepEqual(plan.items[0]!.actions, [{ kind: "mark-published" }]);
  t.is(plan.items[0]!.calls, 0);
  t.is(plan.calls.total, 0);
});

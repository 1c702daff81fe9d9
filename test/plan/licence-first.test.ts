/**
 * The plan decides "never public under a wrong licence" and tag sync by id (issue 11): which
 * uploads go private, where the setPerms that makes them public goes, what a resume sends after
 * a kill, the flag for a return to licence 7, and the tag calls of a tag change.
 */
import test from "ava";
import { planRun, type PlanOptions } from "../../src/plan/plan.js";
import { allGroupHashes, groupSlice, privateUntilLicensed, uploadRecordedGroups } from "../../src/plan/groups.js";
import { tagChanges } from "../../src/plan/calls.js";
import { formatPlan } from "../../src/plan/format.js";
import type { Action, PlanInput } from "../../src/plan/types.js";
import { FIELD_GROUP_NAMES, type FieldGroup, type FlickrFields } from "../../src/flickr/fields.js";
import type { ItemState } from "../../src/state/item-state.js";

const base: FlickrFields = {
  title: "Visby", description: "", tags: ["visby", "raa:id=A1"], license_id: 9, date_taken: "1885-01-01 00:00:00", date_taken_granularity: 8,
  latitude: 57.64, longitude: 18.29, accuracy: 16, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};
const commons: PlanOptions = { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() };

function input(patch: Partial<FlickrFields> = {}): PlanInput {
  return { row: 2, identifier: "A1", file: "A1.tif", fields: { ...base, ...patch }, errors: [], source: { size: 1, mtimeMs: 1, sha256: "sha" } };
}

/** An item uploaded with `fields`, with only `groups` recorded as pushed. */
function uploaded(fields: FlickrFields, groups: readonly FieldGroup[]): ItemState {
  const hashes = allGroupHashes(fields);
  const pushed = Object.fromEntries(groups.map((g) => [g, { hash: hashes[g], value: groupSlice(fields, g), pushedAt: 1 }]));
  return {
    identifier: "A1", row: 2, file: "A1.tif", sourceSize: 1, sourceMtimeMs: 1, sourceSha256: "sha", copySha256: "c",
    photoId: "p1", secret: "s", upload: "done", uploadIntentAt: null, intentFields: null, replace: "none", replaceSha256: null,
    status: "pending", attempts: 1, error: null, pushed, createdAt: 1, updatedAt: 1,
  } as ItemState;
}

const steps = (actions: Action[]) => actions.filter((a) => a.kind !== "record").map((a) => (a.kind === "set" ? `set:${a.group}` : a.kind));

test("a licence other than the account default: uploaded private, then setLicense, then one setPerms that makes it public", (t) => {
  const plan = planRun([input()], [], commons);
  const actions = plan.items[0]!.actions;
  t.deepEqual(steps(actions), ["upload", "set:license", "set:perms", "set:date", "set:geo"]);
  const upload = actions.find((a) => a.kind === "upload")!;
  t.is(upload.kind === "upload" && upload.params.is_public, 0);
  const perms = actions.find((a) => a.kind === "set" && a.group === "perms")!;
  t.like(perms.kind === "set" ? perms.calls[0] : null, { method: "flickr.photos.setPerms", params: { is_public: 1 }, photo: { fromUpload: true } });
  t.is(plan.calls.byMethod["flickr.photos.setPerms"], 1);
});

test("the account's default licence, or a private row, costs nothing extra", (t) => {
  for (const [name, patch] of [["licence 7", { license_id: 7 }], ["private", { is_public: 0 as const }]] as const) {
    const plan = planRun([input(patch)], [], commons);
    t.is(plan.calls.byMethod["flickr.photos.setPerms"], undefined, name);
    const upload = plan.items[0]!.actions.find((a) => a.kind === "upload")!;
    t.is(upload.kind === "upload" && upload.params.is_public, patch.license_id === 7 ? 1 : 0, name);
  }
  // An ordinary account (default 0) publishing licence 0: no setLicense, no setPerms.
  const plain = planRun([input({ license_id: 0 })], [], { ...commons, accountDefaultLicense: 0 });
  t.deepEqual(Object.keys(plain.calls.byMethod).sort(), ["flickr.photos.geo.setLocation", "flickr.photos.setDates", "upload"]);
});

test("comment permissions and a licence to set: still one setPerms, after the licence", (t) => {
  const plan = planRun([input({ perm_comment: 0 })], [], commons);
  t.deepEqual(steps(plan.items[0]!.actions), ["upload", "set:license", "set:perms", "set:date", "set:geo"]);
  t.is(plan.calls.byMethod["flickr.photos.setPerms"], 1);
});

test("the upload records perms only when no setPerms follows it", (t) => {
  t.true(privateUntilLicensed(base, 7));
  t.false(privateUntilLicensed(base, 9));
  t.false(uploadRecordedGroups(base, true).includes("perms"));
  t.true(uploadRecordedGroups(base, false).includes("perms"));
  const reconcile = planRun([input()], [{ ...uploaded(base, []), upload: "intent", photoId: null }], commons).items[0]!.actions[0]!;
  t.like(reconcile, { kind: "reconcile", licenseFirst: true }, "a found lost upload is adopted without its perms, too");
});

test("killed between the upload and setLicense, or between setLicense and setPerms: the resume sends the licence first, then setPerms", (t) => {
  const fields = { ...base };
  const afterUpload = uploaded(fields, uploadRecordedGroups(fields, true));
  const resume = planRun([input()], [afterUpload], commons).items[0]!;
  const sent = steps(resume.actions);
  t.true(sent.includes("set:license") && sent.includes("set:perms"));
  t.true(sent.indexOf("set:license") < sent.indexOf("set:perms"), sent.join(", "));
  const afterLicence = uploaded(fields, [...uploadRecordedGroups(fields, true), "license"]);
  const rest = planRun([input()], [afterLicence], commons).items[0]!;
  t.false(steps(rest.actions).includes("set:license"));
  t.true(steps(rest.actions).includes("set:perms"));
});

test("a return to licence 7 on a Commons account is flagged in the plan: no call, shown under 'Needs attention'", (t) => {
  const published = uploaded(base, FIELD_GROUP_NAMES);
  const plan = planRun([input({ license_id: 7 })], [{ ...published, status: "published" }], { ...commons, mode: "sync" });
  const set = plan.items[0]!.actions.find((a) => a.kind === "set" && a.group === "license");
  t.like(set, { kind: "set", calls: [], flag: "LICENSE_7_NOT_SETTABLE" });
  t.is(plan.calls.total, 0);
  t.is(plan.items[0]!.disposition, "changed");
  const text = formatPlan(plan, { perHour: 3600, overhead: { calls: 0, byMethod: {} }, details: true, target: "Flickr" });
  t.regex(text, /Needs attention \(1\):\n {2}row 2 {2}A1 {2}\(photo p1\) {2}LICENSE_7_NOT_SETTABLE: the catalogue returns this photo to "No known copyright restrictions" \(7\), which Flickr's API cannot set: Flickr keeps "Public Domain Dedication \(CC0\)" \(9\)/);
});

test("tag changes: by normalised form, spelling changes removed and added again, the first of two spellings kept", (t) => {
  t.deepEqual(tagChanges(["a", "b", "ns:id=1"], ["a", "c", "ns:id=1"]), { remove: ["b"], add: ["c"] });
  t.deepEqual(tagChanges(["Glass plate"], ["glass plate"]), { remove: ["Glass plate"], add: ["glass plate"] });
  t.deepEqual(tagChanges(["Stockholm", "stockholm"], ["stockholm"]), { remove: ["Stockholm"], add: ["stockholm"] });
  t.deepEqual(tagChanges(["a"], ["a"]), { remove: [], add: [] });
});

test("a tag change plans the read, a removeTag per own tag gone (id from the read) and one addTags; an addition alone costs one addTags", (t) => {
  const published = { ...uploaded(base, FIELD_GROUP_NAMES), status: "published" as const };
  const sync = { ...commons, mode: "sync" as const };
  const change = planRun([input({ tags: ["gotland", "raa:id=A1"] })], [published], sync).items[0]!.actions[0]!;
  t.like(change, { kind: "set", group: "tags" });
  t.deepEqual(change.kind === "set" ? change.calls.map((c) => [c.method, c.purpose ?? c.tagOf ?? c.params.tags]) : [], [
    ["flickr.photos.getInfo", "tag-ids"],
    ["flickr.photos.removeTag", "visby"],
    ["flickr.photos.addTags", "gotland"],
  ]);
  const add = planRun([input({ tags: ["visby", "raa:id=A1", "glass plate"] })], [published], sync).items[0]!.actions[0]!;
  t.deepEqual(add.kind === "set" ? add.calls.map((c) => [c.method, c.params.tags]) : [], [["flickr.photos.addTags", '"glass plate"']]);
});

/**
 * Issue 14: who may comment and add tags (`perm_comment`, `perm_addmeta`) in the perms group.
 * Unmanaged (null/absent) leaves the group's hash as it was; managed ones go up private and are
 * set by one setPerms right after the upload; a change is one setPerms; emptied sends nothing.
 */
import test from "ava";
import { planRun, methodsFor, type PlanOptions } from "../../src/plan/plan.js";
import { allGroupHashes, groupHash, groupSlice, uploadRecordedGroups } from "../../src/plan/groups.js";
import { FIELD_GROUP_NAMES, type FlickrFields } from "../../src/flickr/fields.js";
import type { PlanInput } from "../../src/plan/types.js";
import type { ItemState } from "../../src/state/store.js";
import { createHash } from "node:crypto";

const base: FlickrFields = {
  title: "Visby", description: "Gatan.", tags: ["visby", "raa:id=A1"], license_id: 7,
  date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null,
  albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};

const input = (patch: Partial<FlickrFields> = {}): PlanInput => ({ row: 2, identifier: "A1", file: "A1.tif", fields: { ...base, ...patch }, errors: [], source: { size: 1, mtimeMs: 1, sha256: "sha" } });

function published(fields: FlickrFields, patch: Partial<ItemState> = {}): ItemState {
  const hashes = allGroupHashes(fields);
  const pushed = Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, { hash: hashes[g], value: groupSlice(fields, g), pushedAt: 1 }]));
  return {
    identifier: "A1", row: 2, file: "A1.tif", sourceSize: 1, sourceMtimeMs: 1, sourceSha256: "sha", copySha256: "c",
    photoId: "p-A1", secret: "s", upload: "done", uploadIntentAt: null, intentFields: null, replace: "none", replaceSha256: null,
    status: "published", attempts: 1, error: null, pushed, createdAt: 1, updatedAt: 1, ...patch,
  };
}

const publish: PlanOptions = { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() };
const sync: PlanOptions = { ...publish, mode: "sync" };

test("unmanaged permissions leave the perms hash as it was before they existed", (t) => {
  // The hash a state written before issue 14 holds for a public photo: group name, NUL, {"is_public":1}.
  const before = createHash("sha256").update("perms").update("\0").update('{"is_public":1}').digest("hex").slice(0, 24);
  t.is(groupHash(base, "perms"), before);
  t.is(groupHash({ ...base, perm_comment: null, perm_addmeta: null }, "perms"), before);
  t.deepEqual(groupSlice({ ...base, perm_comment: null }, "perms"), { is_public: 1 });
  t.not(groupHash({ ...base, perm_comment: 0 }, "perms"), before);
  // An old state, unchanged manifest: nothing to do.
  const plan = planRun([input({ perm_comment: null, perm_addmeta: null })], [published(base)], sync);
  t.is(plan.items[0]!.disposition, "unchanged");
  t.is(plan.calls.total, 0);
});

test("a row with comments closed goes up private, then one setPerms (photo id from the upload) right after", (t) => {
  const plan = planRun([input({ perm_comment: 0 })], [], publish);
  const [upload, perms] = plan.items[0]!.actions;
  t.like(upload, { kind: "upload", params: { is_public: 0 } });
  t.like(perms, { kind: "set", group: "perms" });
  t.deepEqual(perms!.kind === "set" ? perms.calls : [], [{ method: "flickr.photos.setPerms", photo: { fromUpload: true }, params: { is_public: 1, is_friend: 0, is_family: 0, perm_comment: 0 } }]);
  t.is(plan.calls.total, 2);
  t.deepEqual(uploadRecordedGroups({ ...base, perm_comment: 0 }), ["meta", "tags", "safety", "content_type"]);
  // A private row stays private: setPerms sends is_public 0.
  const priv = planRun([input({ is_public: 0, perm_addmeta: 2 })], [], publish).items[0]!.actions[1]!;
  t.deepEqual(priv.kind === "set" ? priv.calls[0]!.params : {}, { is_public: 0, is_friend: 0, is_family: 0, perm_addmeta: 2 });
  // Without them: no extra call, public upload.
  const plain = planRun([input()], [], publish);
  t.like(plain.items[0]!.actions[0], { kind: "upload", params: { is_public: 1 } });
  t.is(plain.calls.total, 1);
  t.deepEqual(uploadRecordedGroups(base), ["meta", "tags", "perms", "safety", "content_type"]);
});

test("publish finishes the setPerms an interrupted run left out (perms never recorded)", (t) => {
  const fields = { ...base, perm_comment: 0 as const };
  const state = published(fields);
  delete (state.pushed as Record<string, unknown>).perms;
  const item = planRun([input({ perm_comment: 0 })], [state], publish).items[0]!;
  t.deepEqual(item.actions.flatMap(methodsFor), ["flickr.photos.setPerms"]);
  t.is(item.disposition, "resume");
});

test("sync: a change is one setPerms with the managed levels; emptied sends nothing and says so", (t) => {
  const closed = { ...base, perm_comment: 0 as const, perm_addmeta: 2 as const };
  const change = planRun([input({ perm_comment: 3, perm_addmeta: 2 })], [published(closed)], sync).items[0]!;
  t.deepEqual(change.actions.flatMap((a) => (a.kind === "set" ? a.calls.map((c) => c.params) : [])), [{ is_public: 1, is_friend: 0, is_family: 0, perm_comment: 3, perm_addmeta: 2 }]);

  const emptied = planRun([input({ perm_addmeta: 2 })], [published(closed)], sync).items[0]!;
  const set = emptied.actions[0]!;
  t.is(emptied.calls, 0);
  t.like(set, { kind: "set", group: "perms", calls: [], holds: { is_public: 1, perm_addmeta: 2 } });
  t.regex(set.kind === "set" ? (set.note ?? "") : "", /can_comment was emptied/);

  // Emptied while visibility changes: setPerms with what is still managed.
  const both = planRun([input({ is_public: 0 })], [published(closed)], sync).items[0]!;
  t.deepEqual(both.actions.flatMap((a) => (a.kind === "set" ? a.calls.map((c) => c.params) : [])), [{ is_public: 0, is_friend: 0, is_family: 0 }]);
});

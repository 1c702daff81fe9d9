/**
 * The album writes a plan makes (issue 12): photos queued per album, written with a read of the
 * album and one editPhotos per batch (per 500 photos the album holds), or addPhoto when a write
 * would cost more; what an earlier run left queued is written first.
 */
import test from "ava";
import { planRun, type PlanOptions } from "../../src/plan/plan.js";
import { flushCalls, flushDue, planAlbumFlushes } from "../../src/plan/albums.js";
import type { PlanInput } from "../../src/plan/types.js";
import type { FlickrFields } from "../../src/flickr/fields.js";

const fields: FlickrFields = {
  title: "T", description: "", tags: [], license_id: 7, date_taken: "1923-01-01 00:00:00", date_taken_granularity: 6,
  latitude: null, longitude: null, accuracy: null, albums: ["Gotland"], is_public: 1, hidden: null, safety_level: null, content_type: null,
};
const input = (k: number): PlanInput => ({ row: k + 1, identifier: `A${k}`, file: `a${k}.jpg`, fields, errors: [], source: null });
const publish: PlanOptions = { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() };
const methods = (calls: { method: string }[]) => calls.map((c) => c.method.replace("flickr.photosets.", ""));

test("a new album: the first photo creates it; the rest go in per batch, one read and one editPhotos each", (t) => {
  const plan = planRun(Array.from({ length: 21 }, (_, k) => input(k)), [], { ...publish, albumBatch: 8 });
  t.is(plan.calls.byMethod["flickr.photosets.create"], 1);
  t.deepEqual(plan.albumFlushes.map((f) => [f.album, f.queued, f.carried]), [["Gotland", 20, 0]]);
  t.deepEqual(plan.albumFlushes[0]!.flushes.map(methods), [["getPhotos", "editPhotos"], ["getPhotos", "editPhotos"], ["getPhotos", "editPhotos"]]);
  t.is(plan.calls.total, 21 + 21 + 1 + 1 + 6, "21 uploads and setDates, the album list, one create, three writes of two calls");
  // The typical Commons item (licence from the account default, a year date, one album): 2 calls and a bit.
  t.is(plan.calls.byMethod["flickr.photos.setDates"], 21);
});

test("a photo queued by an earlier run is written even when nothing else is to do", (t) => {
  const plan = planRun([], [], { ...publish, existingAlbums: new Set(["Gotland"]), albumMembers: new Map([["Gotland", { members: 10, pending: 3 }]]) });
  t.deepEqual(plan.albumFlushes.map((f) => [f.album, f.queued, f.carried, f.flushes.map(methods)]), [["Gotland", 0, 3, [["getPhotos", "editPhotos"]]]]);
  t.is(plan.calls.total, 2);
});

test("a single photo goes in with addPhoto: cheaper than a read and a write, and it drops nothing", (t) => {
  t.deepEqual(methods(flushCalls("X", 1, 40)), ["addPhoto"]);
  t.deepEqual(methods(flushCalls("X", 2, 40)), ["getPhotos", "editPhotos"]);
  t.deepEqual(methods(flushCalls("X", 2, 1200)), ["addPhoto", "addPhoto"], "an album of 3 pages: two adds cost less than 3 reads and an edit");
  t.deepEqual(methods(flushCalls("X", 5, 1200)), ["getPhotos", "getPhotos", "getPhotos", "editPhotos"]);
});

test("a large album is written less often: the batch grows with the pages its read takes", (t) => {
  t.false(flushDue(499, 600, 250));
  t.true(flushDue(500, 600, 250));
  t.true(flushDue(250, 400, 250));
  const flushes = planAlbumFlushes(
    Array.from({ length: 1000 }, (_, k) => ({ identifier: `A${k}`, row: k, file: null, photoId: `p${k}`, disposition: "resume" as const, actions: [{ kind: "album-add" as const, album: "Big", create: false, calls: [] }], pendingChanges: [], rescanned: false, calls: 0, drift: [], errors: [] })),
    new Map([["Big", { members: 2000, pending: 0 }]]),
    100,
  );
  // 2,000 photos = 5 pages: a write every 500 (then 6 pages: every 600).
  t.deepEqual(flushes[0]!.flushes.map((f) => f.length), [6, 7]);
});

/**
 * The harvest's delta plan, pure: which photos cost a getInfo and a comment list, and what a
 * harvest costs at the quota — including when Flickr leaves out the undocumented count extras.
 */
import test from "ava";
import { commentsAfterInfo, harvestCost, planPhoto, SETTLE_SECONDS, unsettled } from "../../src/community/delta.js";
import type { Baseline } from "../../src/state/community.js";

const base: Baseline = { photoId: "1", identifier: "A", lastUpdate: 100, views: 5, faves: 1, comments: 2 };
const listed = (over: Partial<{ lastUpdate: number; views: number; faves: number; comments: number | null }> = {}) => ({ id: "1", lastUpdate: 100, views: 5, faves: 1, comments: 2, ...over });

test("a new photo is read; its comments only if it has some", (t) => {
  t.like(planPhoto(listed(), "A", undefined, false), { info: true, comments: true });
  t.like(planPhoto(listed({ comments: 0 }), "A", undefined, false), { info: true, comments: false });
});

test("unchanged, or only views and faves changed: nothing to read", (t) => {
  t.like(planPhoto(listed(), "A", base, false), { info: false, comments: false });
  t.like(planPhoto(listed({ views: 500, faves: 9 }), "A", base, false), { info: false, comments: false });
});

test("last_update moved: getInfo only; comment count moved: both", (t) => {
  t.like(planPhoto(listed({ lastUpdate: 101 }), "A", base, false), { info: true, comments: false });
  t.like(planPhoto(listed({ lastUpdate: 101, comments: 3 }), "A", base, false), { info: true, comments: true });
  t.like(planPhoto(listed({ comments: 1 }), "A", base, false), { info: true, comments: true }, "a deleted comment too");
});

test("--full reads every photo", (t) => {
  t.like(planPhoto(listed(), "A", base, true), { info: true, comments: true });
});

test("without count_comments in the listing, getInfo's count decides whether comments are read", (t) => {
  const work = planPhoto(listed({ comments: null, lastUpdate: 101 }), "A", base, false);
  t.like(work, { info: true, comments: false });
  t.deepEqual(commentsAfterInfo(work, 3, base), { read: true, count: 3 });
  t.deepEqual(commentsAfterInfo(work, 2, base), { read: false, count: 2 });
  const fresh = planPhoto(listed({ comments: null }), "A", undefined, false);
  t.deepEqual(commentsAfterInfo(fresh, 4, undefined), { read: true, count: 4 });
  t.deepEqual(commentsAfterInfo(fresh, 0, undefined), { read: false, count: 0 });
});

test("cost: one listing call per 500 photos; time at the quota", (t) => {
  t.deepEqual(harvestCost(10_000, 0, 0, 3600), { calls: 20, byMethod: { "flickr.people.getPhotos": 20 }, seconds: 20 });
  t.is(harvestCost(501, 0, 0, 3600).calls, 2);
  const first = harvestCost(10_000, 10_000, 1_700, 3600);
  t.is(first.calls, 11_720);
  t.is(first.seconds, 11_720);
});

test("a photo whose last_update was within 15 minutes of the last harvest's start is read again, once", (t) => {
  const started = 10_000;
  // Listed at the harvest that began at `started`; nothing moved since.
  t.like(planPhoto(listed({ lastUpdate: started + 30 }), "A", { ...base, lastUpdate: started + 30, listedFrom: started }, false), { info: true, comments: false }, "changed during that harvest");
  t.like(planPhoto(listed({ lastUpdate: started - 60 }), "A", { ...base, lastUpdate: started - 60, listedFrom: started }, false), { info: true }, "a minute before it");
  t.like(planPhoto(listed({ lastUpdate: started - SETTLE_SECONDS - 1 }), "A", { ...base, lastUpdate: started - SETTLE_SECONDS - 1, listedFrom: started }, false), { info: false }, "long enough before it");
  t.like(planPhoto(listed({ lastUpdate: started + 30 }), "A", { ...base, lastUpdate: started + 30, listedFrom: null }, false), { info: false }, "the harvest is not recorded");
  t.false(unsettled({ ...base, lastUpdate: started - SETTLE_SECONDS - 1, listedFrom: started }));
  t.true(unsettled({ ...base, lastUpdate: started - SETTLE_SECONDS, listedFrom: started }));
});

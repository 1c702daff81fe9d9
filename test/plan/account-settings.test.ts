/**
 * The dry run says what the account's default licence costs: photos whose licence is not the
 * default each cost a setLicense after the upload; making theirs the default saves those calls,
 * less the photos that rely on the current default (which would then need one).
 */
import test from "ava";
import { planRun, type PlanOptions } from "../../src/plan/plan.js";
import { formatPlan, planJson } from "../../src/plan/format.js";
import type { PlanInput } from "../../src/plan/types.js";
import type { FlickrFields } from "../../src/flickr/fields.js";

const fields: FlickrFields = {
  title: "T", description: "", tags: [], license_id: 10, date_taken: null, date_taken_granularity: null,
  latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};
const input = (k: number, license: number): PlanInput => ({ row: k + 1, identifier: `A${k}`, file: `a${k}.jpg`, fields: { ...fields, license_id: license }, errors: [], source: null });
const overhead = { calls: 0, byMethod: {} };
const options = (accountDefaultLicense: number): PlanOptions => ({ mode: "publish", accountDefaultLicense, existingAlbums: new Set() });

test("558 Public Domain Mark photos on an account whose default is All Rights Reserved: the dry run says what changing it saves", (t) => {
  const plan = planRun(Array.from({ length: 558 }, (_, k) => input(k, 10)), [], options(0));
  t.deepEqual(plan.accountSavings.map((s) => [s.licenseId, s.calls]), [[10, 558]]);
  const text = formatPlan(plan, { perHour: 3600, overhead, details: false, target: "Flickr" });
  t.regex(text, /Tip: set your account's default licence to Public Domain Mark[^:]*: saves 558 calls, about 9 min\./);
  t.like(planJson(plan, { perHour: 3600, overhead }), { account_savings: [{ license_id: 10, calls: 558, seconds_at_quota: 558 }] });
});

test("the saving is net of the photos that rely on the current default", (t) => {
  const plan = planRun([...Array.from({ length: 5 }, (_, k) => input(k, 9)), ...Array.from({ length: 2 }, (_, k) => input(10 + k, 4))], [], options(4));
  t.deepEqual(plan.accountSavings.map((s) => [s.licenseId, s.calls]), [[9, 3]]);
  const even = planRun([...Array.from({ length: 2 }, (_, k) => input(k, 9)), ...Array.from({ length: 2 }, (_, k) => input(10 + k, 4))], [], options(4));
  t.deepEqual(even.accountSavings, [], "no saving, no advice");
});

test("no advice to leave licence 7 while photos rely on it (no call can set it), nor when every photo has the default", (t) => {
  t.deepEqual(planRun([input(1, 7), input(2, 10), input(3, 10)], [], options(7)).accountSavings, []);
  t.deepEqual(planRun([input(1, 10), input(2, 10)], [], options(10)).accountSavings, []);
  const text = formatPlan(planRun([input(1, 10)], [], options(10)), { perHour: 3600, overhead, details: false, target: "Flickr" });
  t.notRegex(text, /Tip:/);
  // A Commons account with no photo relying on 7: advice as for any other licence.
  t.deepEqual(planRun([input(1, 10), input(2, 10)], [], options(7)).accountSavings.map((s) => s.calls), [2]);
});

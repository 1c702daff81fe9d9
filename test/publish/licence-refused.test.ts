/**
 * The executor under either answer Flickr might give a Commons account's setLicense (unconfirmed:
 * 3 "Cannot change license" or 4 "License not available"): the item fails with LICENSE_REFUSED,
 * the setPerms after it is never sent, the perms group is not recorded, and the next plan sends
 * the licence again before the setPerms. Recording fakes: the exact call sequence is the check.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { executePlan } from "../../src/publish/execute.js";
import { type FlickrPort } from "../../src/publish/ports.js";
import { planRun } from "../../src/plan/plan.js";
import type { PlanInput } from "../../src/plan/types.js";
import type { FlickrFields } from "../../src/flickr/fields.js";
import { RETRY_DEFAULTS } from "../../src/publish/retry.js";
import { fixturePath } from "../helpers/paths.js";
import { executeDeps } from "../helpers/execute-deps.js";

const RECORDED_INFO = JSON.parse(readFileSync(fixturePath("flickr", "getInfo.4700136932.swedish-heritage-board.json"), "utf8")) as { photo: Record<string, unknown> };

const fields: FlickrFields = {
  title: "Visby", description: "", tags: ["ns:id=A"], license_id: 11, date_taken: null, date_taken_granularity: null,
  latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};
const input: PlanInput = { row: 2, identifier: "A", file: "A.tif", fields, errors: [], source: { size: 1, mtimeMs: 1, sha256: "s-A" } };

class FlickrRefusal extends Error {
  constructor(readonly code: number) {
    super(code === 3 ? "Cannot change license" : "License not available");
  }
}

function setup(t: { teardown(fn: () => void): void }, refusal: number | null) {
  const calls: string[] = [];
  const flickr: FlickrPort = {
    async call(method, params) {
      calls.push(`${method}${params.is_public !== undefined ? ` is_public=${params.is_public}` : ""}`);
      if (method === "flickr.photos.licenses.setLicense" && refusal !== null) throw new FlickrRefusal(refusal);
      // A real getInfo answer (recorded, Commons) with the account's default licence, 7.
      if (method === "flickr.photos.getInfo") return { ...RECORDED_INFO, photo: { ...RECORDED_INFO.photo, license: "7", tags: { tag: [] } } };
      return {};
    },
    async upload(_path, params) {
      calls.push(`upload is_public=${params.is_public}`);
      return { id: "100", secret: null };
    },
    async replace(id) {
      return { id, secret: null };
    },
  };
  const deps = executeDeps(t, flickr, {
    classify: (e) => (e instanceof FlickrRefusal ? { kind: "permanent", code: e.code, httpStatus: null, message: e.message } : { kind: "permanent", code: null, httpStatus: null, message: String(e) }),
    prepareCopy: async () => ({ path: "/c.jpg", sha256: "c", bytes: 1, source: { size: 1, mtimeMs: 1, sha256: "s-A" }, warnings: [] }),
  });
  const state = deps.state;
  return { calls, state, deps };
}

const options = { namespace: "ns", concurrency: 1, normalizeConcurrency: 1, retry: RETRY_DEFAULTS, reconcileGraceSeconds: 0, replaceTags: false };

for (const code of [3, 4]) {
  test(`setLicense refused with error ${code}: LICENSE_REFUSED, never made public, and the next plan sends the licence before setPerms`, async (t) => {
    const { calls, state, deps } = setup(t, code);
    const plan = planRun([input], [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
    const result = await executePlan(plan, new Map([["A", input]]), deps, options);
    t.deepEqual(calls, ["upload is_public=0", "flickr.photos.getInfo", "flickr.photos.licenses.setLicense"]);
    t.like(result.outcomes[0], { result: "failed", error: { step: "set:license", code: "LICENSE_REFUSED", transient: false } });
    t.regex(result.outcomes[0]!.error!.message, /^Flickr refused licence "CC BY 4\.0" \(11\) for this photo: .* The photo stays private until its licence is set\.$/);
    t.regex(result.outcomes[0]!.error!.hint ?? "", /No known copyright restrictions/);
    const item = state.items.get("A")!;
    t.like(item, { status: "failed", upload: "done", error: { code: "LICENSE_REFUSED" } });
    t.is(item.pushed.perms, undefined);
    t.is(item.pushed.license, undefined);
    const next = planRun([input], state.items.list(), { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
    const methods = next.items[0]!.actions.flatMap((a) => (a.kind === "set" ? a.calls.map((c) => c.method) : []));
    t.deepEqual(methods, ["flickr.photos.licenses.setLicense", "flickr.photos.setPerms"]);
  });
}

test("setLicense accepted: upload private, setLicense, then setPerms is_public=1; perms recorded only then", async (t) => {
  const { calls, state, deps } = setup(t, null);
  const plan = planRun([input], [], { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() });
  const result = await executePlan(plan, new Map([["A", input]]), deps, options);
  t.deepEqual(calls, ["upload is_public=0", "flickr.photos.getInfo", "flickr.photos.licenses.setLicense", "flickr.photos.setPerms is_public=1"]);
  t.is(result.outcomes[0]!.result, "uploaded");
  t.like(state.items.get("A")!.pushed.perms?.value, { is_public: 1 });
});

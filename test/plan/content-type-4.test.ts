/**
 * Issue 11: content type 4 ("virtual photography") may be refused by the upload request on the
 * real Flickr (the sandbox's uploadRefusesContentType4). So it is never sent with the upload:
 * the photo goes up with the account's default and one setContentType follows (photo id from
 * the upload); the content_type group is recorded only after that call.
 */
import test from "ava";
import { planRun, type PlanOptions } from "../../src/plan/plan.js";
import { uploadRecordedGroups } from "../../src/plan/groups.js";
import type { FlickrFields } from "../../src/flickr/fields.js";
import type { PlanInput } from "../../src/plan/types.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";

const base: FlickrFields = {
  title: "Visby", description: "Gatan.", tags: ["visby"], license_id: 7,
  date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null,
  albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null,
};
const input = (patch: Partial<FlickrFields> = {}): PlanInput => ({ row: 2, identifier: "A1", file: "A1.tif", fields: { ...base, ...patch }, errors: [], source: { size: 1, mtimeMs: 1, sha256: "sha" } });
const publish: PlanOptions = { mode: "publish", accountDefaultLicense: 7, existingAlbums: new Set() };

test("content type 4 is not sent with the upload; one setContentType follows it", (t) => {
  const plan = planRun([input({ content_type: 4 })], [], publish);
  const [upload, set] = plan.items[0]!.actions;
  t.true(upload!.kind === "upload" && upload.params.content_type === undefined);
  t.like(set, { kind: "set", group: "content_type" });
  t.deepEqual(set!.kind === "set" ? set.calls : [], [{ method: "flickr.photos.setContentType", photo: { fromUpload: true }, params: { content_type: 4 } }]);
  t.is(plan.calls.total, 2);
  t.false(uploadRecordedGroups({ ...base, content_type: 4 }).includes("content_type"));
  // Other content types still ride on the upload, at no extra call.
  const other = planRun([input({ content_type: 3 })], [], publish);
  const up = other.items[0]!.actions[0]!;
  t.true(up.kind === "upload" && up.params.content_type === 3);
  t.is(other.calls.total, 1);
});

test("CLI: on a sandbox whose upload refuses content type 4, a content_type=4 row is published with it set", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, uploadRefusesContentType4: true });
  const c = await makeCollection(t, 3);
  // Every row is virtual photography (content type 4), through the settings' defaults.
  c.settings("namespace: testns\ncommons: true\ninstitution: Test Archive\ndefaults:\n  content_type: virtual\n");
  const env = sandboxEnv(credentials, c.dir);
  const dry = await runCli(["publish", c.manifest, "--endpoint", url, "--dry-run", "--json"], { env, cwd: c.dir });
  t.is(dry.code, 0, dry.stderr);
  const run = await runCli(["publish", c.manifest, "--endpoint", url, "--quota", "1000000"], { env, cwd: c.dir });
  t.is(run.code, 0, run.stderr + run.stdout);
  const byMethod = sandbox.calls().byMethod;
  t.is(byMethod["flickr.photos.setContentType"], 3);
  t.deepEqual(sandbox.photos().map((p) => p.contentType), [4, 4, 4]);
  t.is(sandbox.photos().length, 3);
  // Nothing left to do: the content type was recorded after its call.
  const again = await runCli(["publish", c.manifest, "--endpoint", url, "--dry-run", "--json"], { env, cwd: c.dir });
  t.regex(again.stdout, /"total":\s*0|"calls":\s*0/);
});

/**
 * The sandbox behaves as Flickr's search is seen to: a new photo is not found by its machine tag
 * for a while (seeded, 0–N seconds), a search may answer `total > 0` with an empty page, and an
 * upload with `dedup_check=1` of bytes already on the account answers error 9 naming the photo.
 */
import test from "ava";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";
import { createVirtualTime } from "../helpers/virtual-time.js";
import { FlickrApiError } from "../../src/flickr/errors.js";
import { createFlickrClient } from "../../src/flickr/client.js";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { BIN, REPO_ROOT } from "../helpers/cli.js";

test("with --search-lag 30, new photos appear in machine-tag search within 0–30 s; people.getPhotos sees them at once", async (t) => {
  const vt = createVirtualTime(Date.now());
  const { flickr, upload } = await startTestSandbox(t, { quota: 100000, searchLagSeconds: 30, clock: vt.now });
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await upload(await testImage(), { title: `p${i}`, tags: `lagns:id=P-${i}` })).id);
  const found = async () => {
    const res = await flickr("flickr.photos.search", { user_id: "me", machine_tags: "lagns:id=", per_page: 100 });
    return (res.photos.photo as { id: string }[]).map((p) => p.id);
  };
  const atOnce = await found();
  t.true(atOnce.length < ids.length, `some photos are not searchable yet (${atOnce.length} of ${ids.length})`);
  const listed = await flickr("flickr.people.getPhotos", { user_id: "me", per_page: 100, extras: "machine_tags" });
  t.is(listed.photos.photo.length, ids.length, "people.getPhotos is not lagged");
  vt.advance(31_000);
  t.deepEqual((await found()).sort(), [...ids].sort(), "all searchable after the lag");
  // A change makes the photo lag again (it is re-indexed).
  await flickr("flickr.photos.setMeta", { photo_id: ids[0]!, title: "changed", description: "" });
  const draws: boolean[] = [];
  for (let s = 0; s <= 31; s++) {
    draws.push((await found()).includes(ids[0]!));
    vt.advance(1000);
  }
  t.true(draws.at(-1), "visible again after at most 30 s");
  t.true(draws.indexOf(true) === 0 || draws.lastIndexOf(false) < draws.indexOf(true), "once visible, it stays visible");
});

test("--search-empty-pages: total > 0 with no photos on the page", async (t) => {
  const { flickr, upload } = await startTestSandbox(t, { quota: 100000, searchEmptyPageRate: 1 });
  await upload(await testImage(), { title: "x", tags: "lagns:id=E-1" });
  const res = await flickr("flickr.photos.search", { user_id: "me", machine_tags: 'lagns:id="E-1"' });
  t.is(Number(res.photos.total), 1);
  t.deepEqual(res.photos.photo, []);
  const none = await flickr("flickr.photos.search", { user_id: "me", machine_tags: 'lagns:id="nothing"' });
  t.is(Number(none.photos.total), 0, "a search that matches nothing still says 0");
});

for (const style of ["element", "attribute", "bare", "ignored"] as const) {
  test(`dedup_check=1 of bytes already on the account, --dedup-check ${style}`, async (t) => {
    const { upload, sandbox } = await startTestSandbox(t, { quota: 100000, dedupCheck: style });
    const image = await testImage();
    const first = await upload(image, { title: "a", dedup_check: 1 });
    // Without dedup_check the same bytes are simply stored again.
    await upload(image, { title: "b" });
    if (style === "ignored") {
      await upload(image, { title: "c", dedup_check: 1 });
      t.is(sandbox.photos().length, 3);
      return;
    }
    const err = await t.throwsAsync(upload(image, { title: "c", dedup_check: 1 }), { instanceOf: FlickrApiError });
    t.is(err!.code, 9);
    t.is(err!.duplicatePhotoId, style === "bare" ? null : first.id, "the oldest photo with those bytes is named");
    t.is(sandbox.photos().length, 2);
    // Other bytes go up as usual.
    await upload(await testImage(), { title: "d", dedup_check: 1 });
    t.is(sandbox.photos().length, 3);
  });
}

test("the heritage sandbox command takes --search-lag, --search-empty-pages and --dedup-check", async (t) => {
  t.timeout(60_000);
  const child = spawn(process.execPath, [BIN, "sandbox", "--seed", "5", "--search-lag", "0", "--search-empty-pages", "1", "--dedup-check", "attribute", "--quiet"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  t.teardown(() => child.kill("SIGKILL"));
  const first = await new Promise<{ url: string; consumerKey: string; consumerSecret: string; oauthToken: string; oauthTokenSecret: string }>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", () => reject(new Error("the sandbox exited")));
  });
  const client = createFlickrClient({ credentials: first, endpoint: first.url, timeoutMs: 10_000, uploadTimeoutMs: 10_000 });
  const image = await testImage();
  const { id } = await client.upload(image, { title: "a", tags: "cli:id=1", dedup_check: 1 });
  const err = await t.throwsAsync(client.upload(image, { title: "b", dedup_check: 1 }), { instanceOf: FlickrApiError });
  t.is(err!.duplicatePhotoId, id);
  const res = await client.flickr("flickr.photos.search", { user_id: "me", machine_tags: "cli:id=" });
  t.is(Number(res.photos.total), 1);
  t.deepEqual(res.photos.photo, []);
  // A bad value is refused before the sandbox starts.
  const bad = spawnSync(process.execPath, [BIN, "sandbox", "--dedup-check", "sometimes"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });
  t.is(bad.status, 2, bad.stderr);
});

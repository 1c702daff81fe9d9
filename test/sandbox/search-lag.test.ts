/**
 * The sandbox behaves as Flickr's search is seen to: a new photo is not found by its machine tag
 * for a while (seeded, 0–N seconds), a search may answer `total > 0` with an empty page, and an
 * upload with `dedup_check=1` of bytes already on the account answers error 9 naming the photo.
 */
import test from "ava";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";
import { createVirtualTime } from "../helpers/virtual-time.js";
import { FlickrApiError } from "../../src/flickr/errors.js";

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

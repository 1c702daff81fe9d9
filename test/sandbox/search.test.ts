import test from "ava";
import { matchesMachineTag, parseMachineTagQueries } from "../../src/sandbox/search/machine-tags.js";
import { startTestSandbox, testImage, type TestSandbox } from "../helpers/sandbox.js";

// ---- the wildcard syntax (flickr-api.md §4), against normalised tags --------------------------

const wildcardTable: [query: string, tag: string, matches: boolean][] = [
  ["dc:", "dc:title=mrcamera", true],
  ["dc:", "geo:lat=1", false],
  ["dc:title=", "dc:title=mrcamera", true],
  ["dc:title=", "dc:creator=mrcamera", false],
  ['dc:title="mr. camera"', "dc:title=mrcamera", true],
  ["dc:title=Mr. Camera", "dc:title=mrcamera", true],
  ['dc:title="mr. camera"', "dc:title=mrscamera", false],
  ['*:*="mr. camera"', "geh:medium=mrcamera", true],
  ["*:title=", "xyz:title=anything", true],
  ["*:title=", "xyz:name=anything", false],
  ['dc:*="mr. camera"', "dc:creator=mrcamera", true],
  ['dc:*="mr. camera"', "geh:creator=mrcamera", false],
  ["DC:Title=", "dc:title=x", true],
  ['heritage:id="RAA-0001/a"', "heritage:id=raa0001a", true],
];

for (const [query, tag, matches] of wildcardTable) {
  test(`machine tag query ${query} ${matches ? "matches" : "does not match"} ${tag}`, (t) => {
    const [q] = parseMachineTagQueries(query);
    t.truthy(q);
    t.is(matchesMachineTag(q!, tag), matches);
  });
}

test("a comma list of queries; commas inside quotes belong to the value", (t) => {
  const queries = parseMachineTagQueries('dc:title="a, b",geo:,not a machine tag');
  t.is(queries.length, 2);
  t.is(queries[0]!.exact, "dc:title=ab");
  t.like(queries[1], { namespace: "geo", predicate: null, value: null, exact: null });
});

// ---- over HTTP --------------------------------------------------------------------------------

const ids = async (s: TestSandbox, params: Record<string, string | number>) =>
  ((await s.flickr("flickr.photos.search", params)) as { photos: { photo: { id: string }[] } }).photos.photo.map((p) => p.id);

test("machine_tags with machine_tag_mode any and all, through photos.search", async (t) => {
  const s = await startTestSandbox(t);
  const a = (await s.upload(await testImage(), { tags: "heritage:id=A-1 dc:type=photo" })).id;
  const b = (await s.upload(await testImage(), { tags: "heritage:id=B-2 dc:type=negative" })).id;
  t.deepEqual(await ids(s, { user_id: "me", machine_tags: 'heritage:id="A-1"' }), [a]);
  t.deepEqual(await ids(s, { user_id: "me", machine_tags: "heritage:id=" }), [b, a]);
  t.deepEqual(await ids(s, { user_id: "me", machine_tags: 'heritage:id="A-1",dc:type=negative', machine_tag_mode: "any" }), [b, a]);
  t.deepEqual(await ids(s, { user_id: "me", machine_tags: 'heritage:id="A-1",dc:type=negative', machine_tag_mode: "all" }), []);
  t.deepEqual(await ids(s, { user_id: "me", machine_tags: 'heritage:id="A-1",dc:type=photo', machine_tag_mode: "all" }), [a]);
  // The tags extra shows normalised forms only; getInfo keeps the raw one.
  const res = (await s.flickr("flickr.photos.search", { machine_tags: 'heritage:id="A-1"', extras: "machine_tags" })) as { photos: { photo: { machine_tags: string }[] } };
  t.is(res.photos.photo[0]!.machine_tags, "heritage:id=a1 dc:type=photo");
});

test("tags, text, licence and date windows filter; a search with no criterion is refused (3)", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { clock: () => clock });
  const first = (await s.upload(await testImage(), { title: "Harbour", tags: "boats Sea" })).id;
  clock += 3_600_000;
  const second = (await s.upload(await testImage(), { title: "Church", tags: "church", description: "Wesleyan" })).id;
  await s.flickr("flickr.photos.licenses.setLicense", { photo_id: second, license_id: 10 });
  const t0 = Date.UTC(2025, 0, 1) / 1000;
  t.deepEqual(await ids(s, { tags: "sea" }), [first]);
  t.deepEqual(await ids(s, { tags: "sea,church", tag_mode: "all" }), []);
  t.deepEqual(await ids(s, { tags: "sea,church" }), [second, first]);
  t.deepEqual(await ids(s, { text: "wesleyan" }), [second]);
  t.deepEqual(await ids(s, { user_id: "me", license: "7,9" }), [first]);
  t.deepEqual(await ids(s, { user_id: "me", min_upload_date: t0 + 1 }), [second]);
  t.deepEqual(await ids(s, { user_id: "me", max_upload_date: "2025-01-01 00:30:00" }), [first]);
  t.deepEqual(await ids(s, { user_id: "me", sort: "date-posted-asc" }), [first, second]);
  t.like(await t.throwsAsync(s.flickr("flickr.photos.search", { extras: "tags" })), { code: 3 });
});

test("paging: per_page is capped at 500, pages count every match", async (t) => {
  const s = await startTestSandbox(t);
  for (let i = 0; i < 7; i++) await s.upload(await testImage(), { title: `p${i}` });
  const page = async (params: Record<string, number>) =>
    ((await s.flickr("flickr.photos.search", { user_id: "me", ...params })) as { photos: { page: number; pages: number; perpage: number; total: number; photo: { title: string }[] } }).photos;
  const p2 = await page({ per_page: 3, page: 2 });
  t.like(p2, { page: 2, pages: 3, perpage: 3, total: 7 });
  t.deepEqual(p2.photo.map((p) => p.title), ["p3", "p2", "p1"]);
  t.is((await page({ per_page: 3, page: 3 })).photo.length, 1);
  t.is((await page({ per_page: 3, page: 4 })).photo.length, 0);
  t.is((await page({ per_page: 9999 })).perpage, 500);
});

test("the search result cap: total counts all, pages past the cap come back empty; people.getPhotos has no cap", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { searchResultCap: 4, clock: () => clock });
  for (let i = 0; i < 6; i++) {
    await s.upload(await testImage(), { title: `p${i}` });
    clock += 1000;
  }
  const search = async (params: Record<string, string | number>) =>
    ((await s.flickr("flickr.photos.search", { user_id: "me", per_page: 2, ...params })) as { photos: { total: number; pages: number; photo: { title: string }[] } }).photos;
  t.like(await search({ page: 2 }), { total: 6, pages: 3 });
  t.is((await search({ page: 3 })).photo.length, 0, "results 5 and 6 are past the cap");
  // Narrowing by upload date reaches the rest, which is how a client pages past the cap.
  const older = await search({ max_upload_date: Date.UTC(2025, 0, 1) / 1000 + 1, page: 1 });
  t.deepEqual(older.photo.map((p) => p.title), ["p1", "p0"]);
  const all = (await s.flickr("flickr.people.getPhotos", { user_id: "me", per_page: 2, page: 3 })) as { photos: { photo: { title: string }[] } };
  t.deepEqual(all.photos.photo.map((p) => p.title), ["p1", "p0"]);
});

test("people.getPhotos: a user's photos, private ones only for the owner; unknown user is error 1", async (t) => {
  const s = await startTestSandbox(t);
  await s.upload(await testImage(), { is_public: 0 });
  await s.upload(await testImage());
  const other = s.clientFor(s.sandbox.createAccount({ perms: "read" }));
  const count = async (client: typeof other, userId: string) =>
    ((await client.flickr("flickr.people.getPhotos", { user_id: userId })) as { photos: { total: number } }).photos.total;
  t.is(await count(s, "me"), 2);
  t.is(await count(other, s.credentials.nsid), 1);
  t.like(await t.throwsAsync(s.flickr("flickr.people.getPhotos", { user_id: "1@N01" })), { code: 1 });
});

test("recentlyUpdated: the caller's photos changed since min_date, newest change first", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { clock: () => clock });
  const a = (await s.upload(await testImage())).id;
  const b = (await s.upload(await testImage())).id;
  clock += 600_000;
  await s.flickr("flickr.photos.addTags", { photo_id: a, tags: "edited" });
  const res = (await s.flickr("flickr.photos.recentlyUpdated", { min_date: Date.UTC(2025, 0, 1) / 1000 + 60 })) as { photos: { photo: { id: string; lastupdate: string }[] } };
  t.deepEqual(res.photos.photo.map((p) => [p.id, p.lastupdate]), [[a, String(clock / 1000)]]);
  t.deepEqual(
    ((await s.flickr("flickr.photos.recentlyUpdated", { min_date: 0 })) as typeof res).photos.photo.map((p) => p.id),
    [a, b],
  );
  t.like(await t.throwsAsync(s.flickr("flickr.photos.recentlyUpdated", {})), { code: 1 });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.recentlyUpdated", { min_date: "someday" })), { code: 2 });
});

/**
 * The sandbox's realism switches (issue 11): each one alone, and all at once with
 * `realism: "pessimistic"`, against flickr-sdk over HTTP. The default mode keeps the kinder answers.
 */
import test from "ava";
import { resolveSandboxOptions } from "../../src/sandbox/options.js";
import { silentLogger } from "../../src/logger.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

const LONG = "http://www.sl.nsw.gov.au/discover_collections/natural_world/antarctica/hurley/index.html";
const SENT = `Almquist & Cöster\n\nVisit <a href="${LONG}">${LONG}</a>\n<a href="https://www.sl.nsw.gov.au">https://www.sl.nsw.gov.au</a> and <a href="https://example.org/a?x=1&amp;y=2">our catalogue</a>`;

test("flickrDescriptions: links get rel, URL text loses the scheme and is shortened, & comes back as &amp;", async (t) => {
  const s = await startTestSandbox(t, { flickrDescriptions: true });
  const { id } = await s.upload(await testImage(), { title: "x", description: SENT });
  const info = await s.flickr("flickr.photos.getInfo", { photo_id: id });
  // (Multipart form fields carry line breaks as CRLF: test/flickr/newlines.test.ts.)
  t.is(
    info.photo.description._content.replace(/\r\n/g, "\n"),
    "Almquist &amp; Cöster\n\nVisit " +
      `<a href="${LONG}" rel="noreferrer nofollow">www.sl.nsw.gov.au/discover_collections/natural_world/anta...</a>\n` +
      '<a href="https://www.sl.nsw.gov.au" rel="noreferrer nofollow">www.sl.nsw.gov.au</a> and ' +
      '<a href="https://example.org/a?x=1&amp;y=2" rel="noreferrer nofollow">our catalogue</a>',
  );
  // setMeta stores the same way; the list extras show it too.
  await s.flickr("flickr.photos.setMeta", { photo_id: id, title: "y", description: `<a href="http://a.se/">http://a.se/</a>` });
  const list = await s.flickr("flickr.people.getPhotos", { user_id: "me", extras: "description" });
  t.is(list.photos.photo[0].description._content, '<a href="http://a.se/" rel="noreferrer nofollow">a.se/</a>');
});

test("default: descriptions come back as sent", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { title: "x", description: SENT });
  t.is((await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo.description._content.replace(/\r\n/g, "\n"), SENT);
});

for (const [name, options, othersSurvive] of [
  ["default", {}, true],
  ["setTagsRemovesOthers", { setTagsRemovesOthers: true }, false],
  ["pessimistic", { realism: "pessimistic" as const }, false],
  ["pessimistic with setTagsRemovesOthers off", { realism: "pessimistic" as const, setTagsRemovesOthers: false }, true],
] as const) {
  test(`setTags and other people's tags: ${name}`, async (t) => {
    const s = await startTestSandbox(t, options);
    const { id } = await s.upload(await testImage(), { title: "x", tags: "mine" });
    s.sandbox.editPhoto(id, { addTags: ["visitor tag"] });
    await s.flickr("flickr.photos.setTags", { photo_id: id, tags: "mine other" });
    const raws = s.sandbox.photos()[0]!.tags.map((tag) => tag.raw);
    t.is(raws.includes("visitor tag"), othersSurvive);
    t.true(raws.includes("other"));
  });
}

test("commonsLicenseLocked: a Commons account cannot set another licence (error 4); an ordinary account can", async (t) => {
  const s = await startTestSandbox(t, { commonsLicenseLocked: true });
  const { id } = await s.upload(await testImage(), { title: "x" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: 4 })), { code: 4 });
  t.is(s.sandbox.photos()[0]!.license, 7);
  const other = s.sandbox.createAccount();
  const client = s.clientFor(other);
  const { id: otherId } = await client.upload(await testImage(), { title: "y" });
  await client.flickr("flickr.photos.licenses.setLicense", { photo_id: otherId, license_id: 4 });
  t.is(s.sandbox.photos().find((p) => p.id === otherId)!.license, 4);
});

test("default: a Commons account may set licence 4", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { title: "x" });
  await s.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: 4 });
  t.is(s.sandbox.photos()[0]!.license, 4);
});

for (const [match, punctuationMatters] of [
  ["normalized", false],
  ["raw", true],
] as const) {
  test(`machine-tag queries matched ${match}`, async (t) => {
    const s = await startTestSandbox(t, { machineTagMatch: match });
    const { id } = await s.upload(await testImage(), { title: "x", tags: "demo:id=A-1" });
    const search = async (value: string) => (await s.flickr("flickr.photos.search", { user_id: "me", machine_tags: `demo:id="${value}"` })).photos.photo.map((p: { id: string }) => p.id);
    t.deepEqual(await search("A-1"), [id]);
    t.deepEqual(await search("a-1"), [id]);
    t.deepEqual(await search("A1"), punctuationMatters ? [] : [id]);
  });
}

test("circaZeroMonth: a circa date reads back as YYYY-00-01; other granularities as sent", async (t) => {
  const s = await startTestSandbox(t, { circaZeroMonth: true });
  const { id } = await s.upload(await testImage(), { title: "x" });
  await s.flickr("flickr.photos.setDates", { photo_id: id, date_taken: "1925-01-01 00:00:00", date_taken_granularity: 8 });
  t.like((await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo.dates, { taken: "1925-00-01 00:00:00", takengranularity: "8" });
  await s.flickr("flickr.photos.setDates", { photo_id: id, date_taken: "1925-03-01 00:00:00", date_taken_granularity: 4 });
  t.like((await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo.dates, { taken: "1925-03-01 00:00:00", takengranularity: "4" });
});

test("uploadRefusesContentType4: content_type 4 at upload is error 3 and stores nothing; setContentType still takes it", async (t) => {
  const s = await startTestSandbox(t, { uploadRefusesContentType4: true });
  t.like(await t.throwsAsync(s.upload(await testImage(), { title: "x", content_type: 4 })), { code: 3 });
  t.is(s.sandbox.photos().length, 0);
  const { id } = await s.upload(await testImage(), { title: "x", content_type: 1 });
  await s.flickr("flickr.photos.setContentType", { photo_id: id, content_type: 4 });
  t.is(s.sandbox.photos()[0]!.contentType, 4);
});

for (const [name, options, refused, accepted] of [
  ["default", {}, "1799", "1800"],
  ["pessimistic", { realism: "pessimistic" as const }, "1849", "1850"],
  ["earliestTakenYear 1000", { realism: "pessimistic" as const, earliestTakenYear: 1000 }, "0999", "1000"],
] as const) {
  test(`setDates floor: ${name} refuses ${refused} (error 6), accepts ${accepted}`, async (t) => {
    const s = await startTestSandbox(t, options);
    const { id } = await s.upload(await testImage(), { title: "x" });
    t.like(await t.throwsAsync(s.flickr("flickr.photos.setDates", { photo_id: id, date_taken: `${refused}-06-01` })), { code: 6 });
    await s.flickr("flickr.photos.setDates", { photo_id: id, date_taken: `${accepted}-06-01` });
    t.is(s.sandbox.photos()[0]!.taken, `${accepted}-06-01 00:00:00`);
  });
}

test("geo privacy unset: setLocation fails with the configured code; pessimistic does not unset it", async (t) => {
  const s = await startTestSandbox(t, { geoPrivacyDefault: false, geoPrivacyCode: 12 });
  const { id } = await s.upload(await testImage(), { title: "x" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.geo.setLocation", { photo_id: id, lat: 59.3, lon: 18.1 })), { code: 12 });
  const p = await startTestSandbox(t, { realism: "pessimistic" });
  const { id: pid } = await p.upload(await testImage(), { title: "x" });
  await p.flickr("flickr.photos.geo.setLocation", { photo_id: pid, lat: 59.3, lon: 18.1 });
  t.truthy(p.sandbox.photos()[0]!.geo);
});

test("throttling below the quota: after N calls, 429 without Retry-After for S seconds, then calls go through", async (t) => {
  let now = Date.UTC(2026, 0, 1);
  const s = await startTestSandbox(t, { throttleAfterCalls: 3, throttleSeconds: 60, clock: () => now });
  for (let i = 0; i < 3; i++) await s.flickr("flickr.test.echo", {});
  const res = await fetch(`${s.url}/services/rest?method=flickr.test.echo&format=json&nojsoncallback=1&api_key=${s.credentials.consumerKey}`);
  t.is(res.status, 429);
  t.is(res.headers.get("retry-after"), null);
  now += 59_000;
  t.is((await fetch(`${s.url}/services/rest?method=flickr.test.echo&api_key=${s.credentials.consumerKey}`)).status, 429);
  now += 2_000;
  t.like(await s.flickr("flickr.test.echo", {}), { stat: "ok" });
  t.true(s.sandbox.calls().served429 >= 2);
});

test("realism pessimistic turns on every switch (search lag and dedup_check by name) but not throttling or geo privacy", (t) => {
  const c = resolveSandboxOptions({ realism: "pessimistic" }, () => 1, silentLogger);
  t.like(c, {
    flickrDescriptions: true,
    setTagsRemovesOthers: true,
    commonsLicenseLocked: true,
    machineTagMatch: "normalized",
    circaZeroMonth: true,
    uploadRefusesContentType4: true,
    earliestTakenYear: 1850,
    dedupCheck: "bare",
    throttleAfterCalls: null,
    geoPrivacyDefault: true,
  });
  t.true(c.searchLagSeconds > 0);
  const d = resolveSandboxOptions({}, () => 1, silentLogger);
  t.like(d, { flickrDescriptions: false, setTagsRemovesOthers: false, commonsLicenseLocked: false, circaZeroMonth: false, uploadRefusesContentType4: false, earliestTakenYear: 1800, dedupCheck: "element", searchLagSeconds: 0 });
  t.throws(() => resolveSandboxOptions({ realism: "optimistic" as never }, () => 1, silentLogger), { message: /pessimistic/ });
  t.throws(() => resolveSandboxOptions({ throttleAfterCalls: 0 }, () => 1, silentLogger), { message: /throttleAfterCalls/ });
});

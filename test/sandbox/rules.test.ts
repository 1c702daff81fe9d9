/**
 * What Flickr enforces that a pipeline can get wrong, enforced by the sandbox too: tag limits and
 * normalisation, licence 7, Commons and ordinary defaults, the geo-privacy gate, ownership,
 * free-account limits, dates, and the numbering differences between getInfo and the setters.
 */
import test from "ava";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

type Info = { photo: { tags: { tag: { id: string; raw: string; _content: string; author: string }[] }; license: string; safety_level: string; dates: Record<string, string> } };

const tags = (n: number, prefix = "t") => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");

test("addTags is all or nothing at 75 tags (error 2), and existing tags do not count twice", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { tags: tags(70) });
  const err = await t.throwsAsync(s.flickr("flickr.photos.addTags", { photo_id: id, tags: tags(6, "new") }));
  t.like(err, { code: 2, kind: "permanent" });
  t.is(s.sandbox.photos()[0]!.tags.length, 70, "nothing was added");
  // Five new ones and two already there: 75 exactly.
  await s.flickr("flickr.photos.addTags", { photo_id: id, tags: `${tags(5, "new")} t0 T1` });
  t.is(s.sandbox.photos()[0]!.tags.length, 75);
  await t.throwsAsync(s.flickr("flickr.photos.addTags", { photo_id: id, tags: "one-more" }), { any: true, message: /Maximum number of tags/ });
});

test("setTags over 75 is error 2 and changes nothing; upload keeps the first 75", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { tags: tags(80) });
  const stored = s.sandbox.photos()[0]!.tags;
  t.is(stored.length, 75);
  t.is(stored.at(-1)!.raw, "t74");
  await t.throwsAsync(s.flickr("flickr.photos.setTags", { photo_id: id, tags: tags(76, "x") }), { any: true, message: /Maximum number of tags/ });
  t.deepEqual(s.sandbox.photos()[0]!.tags, stored);
});

const normalisation: [string, string, number][] = [
  ["Chief Bert", "chiefbert", 0],
  ["Flower/Green", "flowergreen", 0],
  ["tna:IAID=C10645355", "tna:iaid=c10645355", 1],
  ["geh:medium=albumen print", "geh:medium=albumenprint", 1],
  ["geh:accession=1978:1628:0030", "geh:accession=197816280030", 1],
  ["dc:identifier=https://biodiversitylibrary.org/page/33665645", "dc:identifier=httpsbiodiversitylibraryorgpage33665645", 1],
  ["geh:maker=Atget, Eugène", "geh:maker=atgeteugène", 1],
  ["風景・スナップ", "風景・スナップ", 0],
];

test("tags keep raw beside the normalised form Flickr shows (real Commons examples)", async (t) => {
  const s = await startTestSandbox(t);
  const param = normalisation.map(([raw]) => `"${raw}"`).join(" ");
  const { id } = await s.upload(await testImage(), { tags: param });
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as Info & { photo: { tags: { tag: { machine_tag: number }[] } } };
  t.deepEqual(
    info.photo.tags.tag.map((tag) => [tag.raw, tag._content, (tag as unknown as { machine_tag: number }).machine_tag]),
    normalisation,
  );
});

test("two raw tags that normalise alike are one tag (the first raw wins)", async (t) => {
  const s = await startTestSandbox(t);
  await s.upload(await testImage(), { tags: '"Glass Plate" glassplate GLASS-PLATE' });
  t.deepEqual(s.sandbox.photos()[0]!.tags.map((tag) => tag.raw), ["Glass Plate"]);
});

test("setTags replaces the owner's tags and keeps tags other users added; removeTag takes the full tag id", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { tags: "old1 old2" });
  s.sandbox.editPhoto(id, { addTags: ["visitor tag"] });
  await s.flickr("flickr.photos.setTags", { photo_id: id, tags: 'new "new two"' });
  const photo = s.sandbox.photos()[0]!;
  t.deepEqual(photo.tags.map((tag) => [tag.raw, tag.author === s.credentials.nsid]), [
    ["visitor tag", false],
    ["new", true],
    ["new two", true],
  ]);
  await s.flickr("flickr.photos.removeTag", { tag_id: photo.tags[0]!.id });
  t.deepEqual(s.sandbox.photos()[0]!.tags.map((tag) => tag.raw), ["new", "new two"]);
  const err = await t.throwsAsync(s.flickr("flickr.photos.removeTag", { tag_id: photo.tags[0]!.id }));
  t.like(err, { code: 3 });
});

test("setLicense refuses 7 (error 2 by default, configurable) and accepts the other licences", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  const err = await t.throwsAsync(s.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: 7 }));
  t.like(err, { code: 2, kind: "permanent" });
  t.regex(err!.message, /License not found/);
  for (const license of [0, 4, 9, 10, 11, 16]) {
    await s.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: license });
    t.is(s.sandbox.photos()[0]!.license, license);
  }
  await t.throwsAsync(s.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: 17 }), { any: true, message: /License not found/ });

  const other = await startTestSandbox(t, { nkcrSetLicenseCode: 4 });
  const photo = await other.upload(await testImage());
  t.like(await t.throwsAsync(other.flickr("flickr.photos.licenses.setLicense", { photo_id: photo.id, license_id: 7 })), { code: 4 });
  const lenient = await startTestSandbox(t, { nkcrSetLicenseCode: null });
  const p2 = await lenient.upload(await testImage());
  await lenient.flickr("flickr.photos.licenses.setLicense", { photo_id: p2.id, license_id: 0 });
  await lenient.flickr("flickr.photos.licenses.setLicense", { photo_id: p2.id, license_id: 7 });
  t.is(lenient.sandbox.photos()[0]!.license, 7, "null lets a Commons account set 7");
});

test("a Commons account's uploads get licence 7, an ordinary account's 0", async (t) => {
  const commons = await startTestSandbox(t);
  const a = await commons.upload(await testImage());
  t.is(((await commons.flickr("flickr.photos.getInfo", { photo_id: a.id })) as Info).photo.license, "7");
  const ordinary = await startTestSandbox(t, { commons: false });
  const b = await ordinary.upload(await testImage());
  t.is(((await ordinary.flickr("flickr.photos.getInfo", { photo_id: b.id })) as Info).photo.license, "0");
});

test("geo.setLocation fails until the account has a geo-privacy default, and validates its arguments", async (t) => {
  const s = await startTestSandbox(t, { geoPrivacyDefault: false });
  const { id } = await s.upload(await testImage());
  const err = await t.throwsAsync(s.flickr("flickr.photos.geo.setLocation", { photo_id: id, lat: 59.3, lon: 18.1 }));
  t.like(err, { code: 7, kind: "permanent" });
  t.is(s.sandbox.photos()[0]!.geo, null);

  const ok = await startTestSandbox(t);
  const photo = await ok.upload(await testImage());
  const table: [Record<string, string | number>, number][] = [
    [{ lon: 18 }, 2],
    [{ lat: 91, lon: 18 }, 3],
    [{ lat: 59, lon: -181 }, 4],
    [{ lat: 59, lon: 18, accuracy: 17 }, 5],
  ];
  for (const [params, code] of table) {
    t.like(await t.throwsAsync(ok.flickr("flickr.photos.geo.setLocation", { photo_id: photo.id, ...params })), { code }, JSON.stringify(params));
  }
  await ok.flickr("flickr.photos.geo.setLocation", { photo_id: photo.id, lat: "59.32938412345", lon: "18.0686111119", accuracy: 11 });
  t.deepEqual(ok.sandbox.photos()[0]!.geo, { latitude: 59.329384, longitude: 18.068611, accuracy: 11, context: 0 }, "truncated to 6 decimals");
});

test("ownership: another account cannot edit, delete, album or see the private photos of the owner", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { is_public: 0 });
  const publicPhoto = await s.upload(await testImage());
  const stranger = s.clientFor(s.sandbox.createAccount({ perms: "delete" }));
  for (const [method, params] of [
    ["flickr.photos.setMeta", { photo_id: publicPhoto.id, title: "mine now" }],
    ["flickr.photos.setTags", { photo_id: publicPhoto.id, tags: "x" }],
    ["flickr.photos.setDates", { photo_id: publicPhoto.id, date_taken: "1900-01-01" }],
    ["flickr.photos.licenses.setLicense", { photo_id: publicPhoto.id, license_id: 0 }],
    ["flickr.photos.delete", { photo_id: publicPhoto.id }],
    ["flickr.photos.getInfo", { photo_id: id }],
  ] as const) {
    t.like(await t.throwsAsync(stranger.flickr(method, params)), { code: 1 }, method);
  }
  t.like(await t.throwsAsync(stranger.flickr("flickr.photosets.create", { title: "x", primary_photo_id: publicPhoto.id })), { code: 2 });
  const search = (await stranger.flickr("flickr.photos.search", { user_id: s.credentials.nsid })) as { photos: { total: number } };
  t.is(search.photos.total, 1, "only the public photo");
  // Tags from others on a public photo are allowed, with them as author.
  await stranger.flickr("flickr.photos.addTags", { photo_id: publicPhoto.id, tags: "spotted" });
  t.not(s.sandbox.photos().find((p) => p.id === publicPhoto.id)!.tags[0]!.author, s.credentials.nsid);
  t.is(s.sandbox.photos().length, 2);
});

test("a free account holds at most the cap (upload error 6) and Safe content only (15, setSafetyLevel 4); replace needs Pro (1)", async (t) => {
  const s = await startTestSandbox(t, { pro: false, freeAccountPhotoLimit: 3 });
  for (let i = 0; i < 3; i++) await s.upload(await testImage());
  const full = await t.throwsAsync(s.upload(await testImage()));
  t.like(full, { code: 6, kind: "permanent" });
  t.is(s.sandbox.photos().length, 3);
  await s.flickr("flickr.photos.delete", { photo_id: s.sandbox.photos()[0]!.id });
  const moderate = await t.throwsAsync(s.upload(await testImage(), { safety_level: 2 }));
  t.like(moderate, { code: 15 });
  const { id } = await s.upload(await testImage(), { safety_level: 1 });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setSafetyLevel", { photo_id: id, safety_level: 3 })), { code: 4 });
  t.like(await t.throwsAsync(s.replace(id, await testImage())), { code: 1 });
});

test("safety level: setters and upload count 1–3, getInfo reports 0–2; hidden is 1/2 on upload and 0/1 on setSafetyLevel", async (t) => {
  const s = await startTestSandbox(t);
  const table: [number, string][] = [
    [1, "0"],
    [2, "1"],
    [3, "2"],
  ];
  for (const [set, reported] of table) {
    const { id } = await s.upload(await testImage(), { safety_level: set, hidden: 2 });
    const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as Info;
    t.is(info.photo.safety_level, reported, `upload ${set}`);
    t.is(s.sandbox.photos().find((p) => p.id === id)!.hidden, 2);
    await s.flickr("flickr.photos.setSafetyLevel", { photo_id: id, safety_level: set, hidden: 0 });
    t.is(((await s.flickr("flickr.photos.getInfo", { photo_id: id })) as Info).photo.safety_level, reported, `setSafetyLevel ${set}`);
    t.is(s.sandbox.photos().find((p) => p.id === id)!.hidden, 1);
  }
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setSafetyLevel", { photo_id: s.sandbox.photos()[0]!.id, safety_level: 0 })), { code: 2 });
});

test("content type: setters count 1–4, the search filter content_types counts 0–3", async (t) => {
  const s = await startTestSandbox(t);
  const photo = await s.upload(await testImage(), { content_type: 1 });
  const screenshot = await s.upload(await testImage(), { content_type: 2 });
  const other = await s.upload(await testImage());
  await s.flickr("flickr.photos.setContentType", { photo_id: other.id, content_type: 3 });
  const search = async (types: string) =>
    ((await s.flickr("flickr.photos.search", { user_id: "me", content_types: types })) as { photos: { photo: { id: string }[] } }).photos.photo.map((p) => p.id).sort();
  t.deepEqual(await search("0"), [photo.id]);
  t.deepEqual(await search("1"), [screenshot.id]);
  t.deepEqual(await search("1,2"), [screenshot.id, other.id].sort());
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setContentType", { photo_id: photo.id, content_type: 5 })), { code: 2 });
});

test("uploads without a date taken get taken = upload time and takenunknown 1", async (t) => {
  const clock = Date.UTC(2025, 5, 1, 12, 30, 5);
  const s = await startTestSandbox(t, { clock: () => clock });
  const { id } = await s.upload(await testImage());
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as Info;
  t.deepEqual(info.photo.dates, {
    posted: String(clock / 1000),
    taken: "2025-06-01 12:30:05",
    takengranularity: "0",
    takenunknown: "1",
    lastupdate: String(clock / 1000),
  });
});

test("an upload whose EXIF has DateTimeOriginal gets that date taken (takenunknown 0)", async (t) => {
  const s = await startTestSandbox(t);
  const sharp = (await import("sharp")).default;
  const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123" } })
    .jpeg()
    .withExif({ IFD2: { DateTimeOriginal: "1925:03:04 05:06:07" } })
    .toBuffer();
  const { id } = await s.upload(new Blob([new Uint8Array(bytes)]));
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as Info;
  t.like(info.photo.dates, { taken: "1925-03-04 05:06:07", takengranularity: "0", takenunknown: "0" });
});

const setDatesTable: [string, Record<string, string | number>, number | { taken: string; granularity: number }][] = [
  ["a full datetime", { date_taken: "1925-03-04 05:06:07" }, { taken: "1925-03-04 05:06:07", granularity: 0 }],
  ["a year, padded", { date_taken: "1950", date_taken_granularity: 6 }, { taken: "1950-01-01 00:00:00", granularity: 6 }],
  ["a month, padded", { date_taken: "1980-06", date_taken_granularity: 4 }, { taken: "1980-06-01 00:00:00", granularity: 4 }],
  ["circa", { date_taken: "1925-01-01 00:00:00", date_taken_granularity: 8 }, { taken: "1925-01-01 00:00:00", granularity: 8 }],
  ["no date at all", {}, 2],
  ["granularity 5", { date_taken: "1950", date_taken_granularity: 5 }, 3],
  ["granularity 10", { date_taken: "1950", date_taken_granularity: 10 }, 3],
  ["a date_posted in the future", { date_posted: 4102444800 }, 4],
  ["a date_posted that is not a number", { date_posted: "yesterday" }, 4],
  ["a date in words", { date_taken: "4 March 1925" }, 5],
  ["30 February", { date_taken: "1925-02-30" }, 5],
  ["month 13", { date_taken: "1925-13-01" }, 5],
  ["a taken date in the future", { date_taken: "2090-01-01" }, 6],
  ["a taken date before the earliest year", { date_taken: "1799-12-31" }, 6],
];

for (const [name, params, expected] of setDatesTable) {
  test(`setDates: ${name}`, async (t) => {
    const s = await startTestSandbox(t);
    const { id } = await s.upload(await testImage());
    const before = s.sandbox.photos()[0]!;
    const call = s.flickr("flickr.photos.setDates", { photo_id: id, ...params });
    if (typeof expected === "number") {
      t.like(await t.throwsAsync(call), { code: expected, kind: "permanent" });
      t.is(s.sandbox.photos()[0]!.taken, before.taken, "unchanged");
    } else {
      await call;
      const after = s.sandbox.photos()[0]!;
      t.is(after.taken, expected.taken);
      t.is(after.takenGranularity, expected.granularity);
      t.is(after.takenUnknown, 0);
    }
  });
}

test("setDates: acceptAnyGranularity allows 0–10", async (t) => {
  const s = await startTestSandbox(t, { acceptAnyGranularity: true });
  const { id } = await s.upload(await testImage());
  await s.flickr("flickr.photos.setDates", { photo_id: id, date_taken_granularity: 10 });
  t.is(s.sandbox.photos()[0]!.takenGranularity, 10);
});

test("setMeta needs a title or a description; an explicit empty description clears it; every edit moves lastupdate", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { clock: () => clock });
  const { id } = await s.upload(await testImage(), { title: "t", description: "d" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setMeta", { photo_id: id })), { code: 2 });
  clock += 60_000;
  await s.flickr("flickr.photos.setMeta", { photo_id: id, description: "" });
  const photo = s.sandbox.photos()[0]!;
  t.is(photo.title, "t");
  t.is(photo.description, "");
  t.is(photo.lastUpdate, clock / 1000);
});

test("undefined parameters are never sent (the title does not become 'undefined')", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { title: "kept", description: undefined, tags: null });
  await s.flickr("flickr.photos.setMeta", { photo_id: id, title: "new", description: undefined });
  const photo = s.sandbox.photos()[0]!;
  t.is(photo.title, "new");
  t.is(photo.description, "");
  t.deepEqual(photo.tags, []);
});

test("albums enforce ownership, duplicates and the membership rules of editPhotos", async (t) => {
  const s = await startTestSandbox(t, { maxPhotosPerSet: 2 });
  const [a, b, c] = [await s.upload(await testImage()), await s.upload(await testImage()), await s.upload(await testImage())];
  const { photoset } = (await s.flickr("flickr.photosets.create", { title: "x", primary_photo_id: a.id })) as { photoset: { id: string } };
  t.like(await t.throwsAsync(s.flickr("flickr.photosets.create", { primary_photo_id: a.id })), { code: 1 });
  t.like(await t.throwsAsync(s.flickr("flickr.photosets.addPhoto", { photoset_id: photoset.id, photo_id: a.id })), { code: 3 });
  await s.flickr("flickr.photosets.addPhoto", { photoset_id: photoset.id, photo_id: b.id });
  t.like(await t.throwsAsync(s.flickr("flickr.photosets.addPhoto", { photoset_id: photoset.id, photo_id: c.id })), { code: 10 });
  t.like(await t.throwsAsync(s.flickr("flickr.photosets.addPhoto", { photoset_id: "1", photo_id: c.id })), { code: 1 });
  const editTable: [Record<string, string>, number][] = [
    [{ primary_photo_id: "999", photo_ids: a.id }, 3],
    [{ primary_photo_id: a.id, photo_ids: "" }, 5],
    [{ primary_photo_id: a.id, photo_ids: `${a.id},999` }, 2],
    [{ primary_photo_id: a.id, photo_ids: b.id }, 4],
  ];
  for (const [params, code] of editTable) {
    t.like(await t.throwsAsync(s.flickr("flickr.photosets.editPhotos", { photoset_id: photoset.id, ...params })), { code }, JSON.stringify(params));
  }
  // Removing the last photo makes the album disappear, as on Flickr.
  await s.flickr("flickr.photosets.removePhoto", { photoset_id: photoset.id, photo_id: a.id });
  await s.flickr("flickr.photosets.removePhoto", { photoset_id: photoset.id, photo_id: b.id });
  t.like(await t.throwsAsync(s.flickr("flickr.photosets.getPhotos", { photoset_id: photoset.id, user_id: s.credentials.nsid })), { code: 1 });
});

test("deleting a photo takes it out of its albums and moves the primary", async (t) => {
  const s = await startTestSandbox(t);
  const [a, b] = [await s.upload(await testImage()), await s.upload(await testImage())];
  const { photoset } = (await s.flickr("flickr.photosets.create", { title: "x", primary_photo_id: a.id })) as { photoset: { id: string } };
  await s.flickr("flickr.photosets.addPhoto", { photoset_id: photoset.id, photo_id: b.id });
  await s.flickr("flickr.photos.delete", { photo_id: a.id });
  const list = (await s.flickr("flickr.photosets.getList")) as { photosets: { photoset: { primary: string; photos: number }[] } };
  t.like(list.photosets.photoset[0], { primary: b.id, photos: 1 });
});

test("comments: others may comment on a public photo; only the author or the owner may delete", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  const visitor = s.clientFor(s.sandbox.createAccount({ perms: "write" }));
  const third = s.clientFor(s.sandbox.createAccount({ perms: "write" }));
  const { comment } = (await visitor.flickr("flickr.photos.comments.addComment", { photo_id: id, comment_text: "hi" })) as { comment: { id: string } };
  t.like(await t.throwsAsync(third.flickr("flickr.photos.comments.deleteComment", { comment_id: comment.id })), { code: 2 });
  await s.flickr("flickr.photos.comments.deleteComment", { comment_id: comment.id });
  t.deepEqual(s.sandbox.photos()[0]!.comments, []);
});

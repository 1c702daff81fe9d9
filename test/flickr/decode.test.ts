/**
 * The decoders at the Flickr edge, table-tested on real recorded getInfo responses
 * (test/fixtures/flickr/, Commons institutions) and on what the sandbox answers over HTTP, and
 * on malformed variants: a missing or mistyped field is a FLICKR_RESPONSE_MALFORMED error that
 * names the method and the field, never an `undefined` further in.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { decodeCheckToken, decodeInstitutions, decodeLogin } from "../../src/flickr/decode/account.js";
import { FlickrResponseError } from "../../src/flickr/decode/fields.js";
import { decodePhotoInfo } from "../../src/flickr/decode/photo-info.js";
import { decodePhotoPage } from "../../src/flickr/decode/photo-page.js";
import { decodePhotosetList } from "../../src/flickr/decode/photosets.js";
import { decodeUploadAnswer, parseUploadError } from "../../src/flickr/decode/upload.js";
import { flickrReads } from "../../src/flickr/port.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";
import { fixturePath } from "../helpers/paths.js";

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(fixturePath("flickr", name), "utf8")) as Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

/** What each recorded response holds, as Flickr sent it (checked by eye against the files). */
const RECORDED = [
  {
    file: "getInfo.4700136932.swedish-heritage-board.json",
    id: "4700136932",
    license: 7,
    dates: { taken: "1870-00-01 00:00:00", granularity: 8, takenUnknown: false, lastUpdate: 1383011740 },
    dateUploaded: 1276526600,
    tags: 8,
    // machine_tag is `false` on some tags and `0` on others in the same answer.
    firstTag: { id: "34326855-4700136932-34826701", author: "34419668@N08", raw: "The Swedish National Heritage Board", normalized: "theswedishnationalheritageboard", machine: false },
    otherAuthors: ["29001722@N07", "27686624@N07"],
    location: { latitude: 57.640362, longitude: 18.28994, accuracy: 16 },
    descriptionHas: 'rel="nofollow"',
  },
  {
    file: "getInfo.10289777634.national-library-of-sweden.json",
    id: "10289777634",
    license: 7,
    dates: { taken: "2013-10-15 14:03:17", granularity: 0, takenUnknown: false, lastUpdate: 1382093063 },
    dateUploaded: 1381838796,
    tags: 0,
    firstTag: null,
    otherAuthors: [],
    location: "any",
    descriptionHas: "",
  },
  {
    file: "getInfo.6048627813.stockholm-transport-museum.json",
    id: "6048627813",
    license: 7,
    dates: { taken: "1902-01-01 00:00:00", granularity: 6, takenUnknown: false, lastUpdate: 1385755854 },
    dateUploaded: 1313490849,
    tags: "any",
    firstTag: { id: "62153077-6048627813-74647940", author: "62173425@N02", raw: "Hästbussar", normalized: "hästbussar", machine: false },
    otherAuthors: "any",
    location: { latitude: 59.340472, longitude: 18.050644, accuracy: 15 },
    descriptionHas: "Nr: 22-83",
  },
  {
    file: "getInfo.10082673916.swedish-heritage-board.json",
    id: "10082673916",
    license: 7,
    dates: { taken: "1950-00-01 00:00:00", granularity: 8, takenUnknown: false, lastUpdate: 1382530381 },
    dateUploaded: 1380883279,
    tags: "any",
    firstTag: { id: "34326855-10082673916-34826701", author: "34419668@N08", raw: "The Swedish National Heritage Board", normalized: "theswedishnationalheritageboard", machine: false },
    otherAuthors: "any",
    location: { latitude: 65.962139, longitude: 24.043235, accuracy: 14 },
    descriptionHas: "",
  },
] as const;

for (const r of RECORDED) {
  test(`getInfo decodes the recorded ${r.file}`, (t) => {
    const info = decodePhotoInfo(fixture(r.file));
    t.is(info.id, r.id);
    t.is(info.license, r.license);
    t.deepEqual(info.dates, r.dates);
    t.is(info.dateUploaded, r.dateUploaded);
    t.deepEqual(info.visibility, { isPublic: true, isFriend: false, isFamily: false });
    // Not the owner's view: no permissions in the answer.
    t.is(info.permissions, null);
    if (r.tags !== "any") t.is(info.tags.length, r.tags);
    if (r.firstTag) t.deepEqual(info.tags[0], r.firstTag);
    if (r.otherAuthors !== "any") for (const a of r.otherAuthors) t.true(info.tags.some((tag) => tag.author === a), a);
    if (r.location !== "any") t.deepEqual(info.location, r.location);
    t.true(info.description.includes(r.descriptionHas));
    t.is(typeof info.title, "string");
  });
}

/** Each malformed variant of a real answer, and the field the error must name. */
const MALFORMED: { name: string; edit: (p: Record<string, unknown>) => void; field: RegExp }[] = [
  { name: "no photo", edit: (p) => delete p.id, field: /photo\.id is missing/ },
  // Without the owner, every tag would look like someone else's (sync --replace-tags removes those).
  { name: "owner missing", edit: (p) => delete p.owner, field: /photo\.owner is missing/ },
  { name: "licence missing", edit: (p) => delete p.license, field: /photo\.license is missing/ },
  { name: "licence not a number", edit: (p) => (p.license = "seven"), field: /photo\.license is the text "seven", not a number/ },
  { name: "dates missing", edit: (p) => delete p.dates, field: /photo\.dates is missing/ },
  { name: "granularity garbled", edit: (p) => ((p.dates as Record<string, unknown>).takengranularity = "circa"), field: /photo\.dates\.takengranularity/ },
  { name: "tag without raw", edit: (p) => delete ((p.tags as { tag: Record<string, unknown>[] }).tag[0]!.raw), field: /photo\.tags\.tag\[0\]\.raw is missing/ },
  { name: "tag without id", edit: (p) => delete ((p.tags as { tag: Record<string, unknown>[] }).tag[1]!.id), field: /photo\.tags\.tag\[1\]\.id is missing/ },
  { name: "tag a bare string", edit: (p) => ((p.tags as { tag: unknown[] }).tag[2] = "cathedral"), field: /photo\.tags\.tag\[2\] is the text "cathedral", not an object/ },
  { name: "visibility a number", edit: (p) => (p.visibility = 1), field: /photo\.visibility is number 1, not an object/ },
  { name: "machine_tag odd", edit: (p) => ((p.tags as { tag: Record<string, unknown>[] }).tag[0]!.machine_tag = "yes"), field: /machine_tag is the text "yes", not 0 or 1/ },
  { name: "latitude garbled", edit: (p) => ((p.location as Record<string, unknown>).latitude = "north"), field: /photo\.location\.latitude/ },
];

for (const m of MALFORMED) {
  test(`getInfo: ${m.name} is FLICKR_RESPONSE_MALFORMED naming the field`, (t) => {
    const raw = clone(fixture("getInfo.4700136932.swedish-heritage-board.json"));
    if (m.name === "no photo") delete raw.photo;
    else m.edit(raw.photo as Record<string, unknown>);
    const err = t.throws(() => decodePhotoInfo(raw), { instanceOf: FlickrResponseError });
    t.is(err?.code, "FLICKR_RESPONSE_MALFORMED");
    t.is(err?.method, "flickr.photos.getInfo");
    t.regex(err?.message ?? "", m.name === "no photo" ? /photo is missing/ : m.field);
  });
}

test("an answer that is not an object (an HTML page read as text, null) is malformed, not a crash", (t) => {
  for (const raw of [null, undefined, "<html>", 42, []]) {
    const err = t.throws(() => decodePhotoInfo(raw), { instanceOf: FlickrResponseError });
    t.regex(err?.message ?? "", /flickr\.photos\.getInfo.*the answer is/);
  }
});

const page = (over: Record<string, unknown> = {}) => ({ photos: { page: "1", pages: 3, perpage: 100, total: "250", photo: [{ id: "51", machine_tags: "heritage:id=a1 x:y=z", tags: "cathedral heritage:id=a1", dateupload: "1700000000", ispublic: 1, datetaken: "1870-00-01 00:00:00", datetakengranularity: "8", datetakenunknown: "0", latitude: 0, longitude: 0, accuracy: "0", license: "9", title: "T", description: { _content: "D" }, lastupdate: "1700000001" }], ...over } });

test("a photo page: page, pages and total are numbers, extras decoded", (t) => {
  const p = decodePhotoPage("flickr.photos.search", page());
  t.like(p, { page: 1, pages: 3, total: 250 });
  t.deepEqual(p.photos[0], {
    id: "51",
    title: "T",
    description: "D",
    license: 9,
    dateUpload: 1700000000,
    lastUpdate: 1700000001,
    taken: { date: "1870-00-01 00:00:00", granularity: 8, unknown: false },
    tags: ["cathedral", "heritage:id=a1"],
    machineTags: ["heritage:id=a1", "x:y=z"],
    geo: { latitude: 0, longitude: 0, accuracy: 0 },
    isPublic: true,
  });
});

test("an empty page with total > 0 is representable (search has answered so), and a single photo object is a list of one", (t) => {
  const empty = decodePhotoPage("flickr.photos.search", page({ total: 1, pages: 1, photo: [] }));
  t.deepEqual({ total: empty.total, photos: empty.photos }, { total: 1, photos: [] });
  const absent = decodePhotoPage("flickr.people.getPhotos", { photos: { page: 1, pages: 0, total: "0" } });
  t.deepEqual(absent.photos, []);
  const single = decodePhotoPage("flickr.photos.search", page({ photo: { id: 7 } }));
  t.is(single.photos[0]?.id, "7");
  t.is(single.photos[0]?.machineTags, null, "no machine_tags extra: unknown, not empty");
});

test("photosets.getPhotos reads its `photoset` key; a list answer without page counts is malformed", (t) => {
  const set = decodePhotoPage("flickr.photosets.getPhotos", { photoset: { id: "72", page: 1, pages: "2", total: "501", photo: [{ id: "1" }] } });
  t.like(set, { pages: 2, total: 501 });
  for (const [raw, field] of [
    [{ photos: { photo: [] } }, /photos\.page is missing/],
    [{ photos: { page: 1, pages: "many", total: 1 } }, /photos\.pages is the text "many"/],
    [{ photos: { page: 1, pages: 1, total: 1, photo: [{ title: "no id" }] } }, /photos\.photo\[0\]\.id is missing/],
    [{ stat: "ok" }, /flickr\.photos\.search.*photos is missing/],
  ] as const) {
    const err = t.throws(() => decodePhotoPage("flickr.photos.search", raw), { instanceOf: FlickrResponseError });
    t.regex(err?.message ?? "", field);
  }
  t.throws(() => decodePhotoPage("flickr.photosets.getPhotos", page()), { message: /flickr\.photosets\.getPhotos.*photoset is missing/ });
});

test("login, token and Commons list: both spellings of text, and the field named when absent", (t) => {
  t.deepEqual(decodeLogin({ user: { id: "1@N01", username: { _content: "Kungliga biblioteket" } } }), { nsid: "1@N01", username: "Kungliga biblioteket" });
  t.deepEqual(decodeLogin({ user: { id: "1@N01", username: "plain" } }), { nsid: "1@N01", username: "plain" });
  t.throws(() => decodeLogin({ user: { username: "x" } }), { message: /flickr\.test\.login.*user\.id is missing/ });
  t.deepEqual(decodeCheckToken({ oauth: { token: { _content: "t" }, perms: { _content: "delete" }, user: { nsid: "1@N01" } } }), { perms: "delete", nsid: "1@N01" });
  t.is(decodeCheckToken({ oauth: { perms: "write" } }).perms, "write");
  t.throws(() => decodeCheckToken({ oauth: { perms: { _content: "admin" } } }), { message: /oauth\.perms is "admin"/ });
  t.throws(() => decodeCheckToken({ oauth: {} }), { message: /flickr\.auth\.oauth\.checkToken.*oauth\.perms is missing/ });
  t.deepEqual(decodeInstitutions({ institutions: { institution: [{ nsid: "8623220@N02" }, { nsid: "25053835@N03" }] } }), ["8623220@N02", "25053835@N03"]);
  t.throws(() => decodeInstitutions({ institutions: { institution: [{ name: "no nsid" }] } }), { message: /institution\[0\]\.nsid is missing/ });
});

test("photosets.getList and upload answers", (t) => {
  const list = decodePhotosetList({ photosets: { page: 1, pages: 1, photoset: { id: 72, primary: "5", photos: "3", videos: 1, title: { _content: "Gotland" } } } });
  t.deepEqual(list, { page: 1, pages: 1, albums: [{ id: "72", title: "Gotland", primary: "5", count: 4 }] });
  t.throws(() => decodePhotosetList({ photosets: { photoset: [{ title: "no id" }] } }), { message: /photosets\.photoset\[0\]\.id is missing/ });
  t.deepEqual(decodeUploadAnswer("upload", { id: "123", secret: undefined }), { id: "123", secret: null });
  t.deepEqual(decodeUploadAnswer("replace", { id: "123", secret: "abc" }), { id: "123", secret: "abc" });
  for (const raw of [{ id: undefined }, { id: "undefined" }, { id: "" }, null]) {
    const err = t.throws(() => decodeUploadAnswer("upload", raw), { instanceOf: FlickrResponseError });
    t.is(err?.method, "upload");
  }
  // Error 9 under dedup_check, in both forms Flickr's own uploader reads (which one is sent is unconfirmed).
  t.deepEqual(parseUploadError('<rsp stat="fail"><err code="9" msg="Duplicate photo/video detected" /><duplicate_photo_id>4242</duplicate_photo_id></rsp>'), { code: 9, message: "Duplicate photo/video detected", duplicatePhotoId: "4242" });
  t.deepEqual(parseUploadError('<rsp stat="fail"><err code="9" msg="Duplicate" duplicate_photo_id="4243" /></rsp>'), { code: 9, message: "Duplicate", duplicatePhotoId: "4243" });
});

test("the sandbox's answers over HTTP decode through the port (getInfo, lists, account, albums, upload)", async (t) => {
  const s = await startTestSandbox(t, { commons: true });
  const up = decodeUploadAnswer("upload", await s.upload(await testImage("jpeg"), { title: "Visby", tags: '"heritage:id=A 1" cathedral', is_public: 1 }));
  const reads = flickrReads((m, p) => s.flickr(m, p));
  await s.flickr("flickr.photos.setDates", { photo_id: up.id, date_taken: "1870-01-01 00:00:00", date_taken_granularity: 8 });
  await s.flickr("flickr.photos.geo.setLocation", { photo_id: up.id, lat: 57.64, lon: 18.29, accuracy: 16 });
  const info = await reads.getInfo(up.id);
  t.like(info, { id: up.id, title: "Visby", dates: { granularity: 8, takenUnknown: false }, visibility: { isPublic: true } });
  t.deepEqual(info.tags.map((x) => [x.raw, x.machine, x.author]), [
    ["heritage:id=A 1", true, s.credentials.nsid],
    ["cathedral", false, s.credentials.nsid],
  ]);
  t.truthy(info.permissions, "the owner sees the comment / add-meta permissions");
  t.like(info.location, { latitude: 57.64, longitude: 18.29, accuracy: 16 });
  for (const method of ["flickr.photos.search", "flickr.people.getPhotos"] as const) {
    const list = await reads.photoPage(method, { user_id: "me", extras: "machine_tags,tags,date_taken,geo,license,description,last_update,date_upload" });
    t.like(list, { page: 1, pages: 1, total: 1 }, method);
    t.deepEqual(list.photos[0]?.machineTags, ["heritage:id=a1"], method);
  }
  const login = await reads.login();
  t.is(login.nsid, s.credentials.nsid);
  t.is((await reads.checkToken()).perms, "delete");
  t.true((await reads.commonsInstitutions()).includes(s.credentials.nsid));
  const created = (await s.flickr("flickr.photosets.create", { title: "Gotland", primary_photo_id: up.id })) as { photoset: { id: string } };
  const albums = await reads.albumList({ per_page: 500 });
  t.deepEqual(albums.albums.map((a) => [a.id, a.title, a.count]), [[String(created.photoset.id), "Gotland", 1]]);
  const members = await reads.photoPage("flickr.photosets.getPhotos", { photoset_id: created.photoset.id, user_id: login.nsid });
  t.deepEqual(members.photos.map((p) => p.id), [up.id]);
});

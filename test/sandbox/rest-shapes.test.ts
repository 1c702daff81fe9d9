/**
 * Every REST method the sandbox speaks, called through flickr-sdk over HTTP: the success shapes,
 * with the string/number types of real Flickr responses (test/fixtures/flickr/).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { startTestSandbox, testImage, type TestSandbox } from "../helpers/sandbox.js";
import { fixturePath } from "../helpers/paths.js";

const fixture = (name: string) => readFileSync(fixturePath("flickr", name), "utf8");

/** `path → typeof` for every leaf (arrays: their first element), to compare shapes. */
function typeMap(value: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    out[prefix] = "array";
    if (value.length > 0) typeMap(value[0], `${prefix}[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) typeMap(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value === null ? "null" : typeof value;
  }
  return out;
}

/** The attribute names of the first `<tag>` element of a getInfo XML body. */
function xmlTagAttributes(xml: string): string[] {
  const tag = /<tag ([^>]*)>/.exec(xml)![1]!;
  return [...tag.matchAll(/(\w+)="/g)].map((m) => m[1]!).sort();
}

async function photoWithEverything(s: TestSandbox): Promise<string> {
  const { id } = await s.upload(await testImage("jpeg", { width: 64, height: 48 }), {
    title: "Visby, Gotland",
    description: "People with an <b>engine</b>",
    tags: 'Almedalen "steam machine" heritage:id=RAA-1',
  });
  await s.flickr("flickr.photos.geo.setLocation", { photo_id: id, lat: 57.640362, lon: 18.28994, accuracy: 16 });
  return id;
}

test("flickr.test.login: user id and username", async (t) => {
  const s = await startTestSandbox(t);
  t.deepEqual(await s.flickr("flickr.test.login"), { user: { id: s.credentials.nsid, username: { _content: s.credentials.username } }, stat: "ok" });
});

test("flickr.photos.getInfo has the types of a real getInfo (2013 Commons JSON)", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photoWithEverything(s);
  const ours = typeMap(await s.flickr("flickr.photos.getInfo", { photo_id: id }));
  for (const name of ["getInfo.4700136932.swedish-heritage-board.json", "getInfo.10289777634.national-library-of-sweden.json"]) {
    const real = typeMap(JSON.parse(fixture(name)));
    // Paths both have. Skipped: machine_tag (the 2013 archive mixes false and 0) and path_alias
    // (a string or null in real responses, depending on the account).
    const shared = Object.keys(real).filter((p) => p in ours && !p.endsWith("machine_tag") && !p.endsWith("path_alias"));
    t.true(shared.length > 30, `${name}: ${shared.length} shared paths`);
    for (const path of shared) t.is(ours[path], real[path], `${name}: ${path}`);
  }
  // The location block: numbers for coordinates, strings for accuracy and context, as in the archive.
  const real = JSON.parse(fixture("getInfo.4700136932.swedish-heritage-board.json")) as { photo: { location: Record<string, unknown> } };
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as { photo: { location: Record<string, unknown> } };
  for (const key of ["latitude", "longitude", "accuracy", "context"]) t.is(typeof info.photo.location[key], typeof real.photo.location[key], key);
  t.deepEqual(info.photo.location, { latitude: 57.640362, longitude: 18.28994, accuracy: "16", context: "0" });
});

test("getInfo tags carry the attributes of real ones (id, author, authorname, raw, machine_tag) and the normalised text", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photoWithEverything(s);
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as { photo: { tags: { tag: Record<string, unknown>[] } } };
  for (const name of ["getInfo.21609597615.national-library-nz.xml", "getInfo.51281775881.biodivlibrary.xml"]) {
    t.deepEqual(Object.keys(info.photo.tags.tag[0]!).filter((k) => k !== "_content").sort(), xmlTagAttributes(fixture(name)));
  }
  t.deepEqual(
    info.photo.tags.tag.map((tag) => [tag.raw, tag._content, tag.machine_tag]),
    [
      ["Almedalen", "almedalen", 0],
      ["steam machine", "steammachine", 0],
      ["heritage:id=RAA-1", "heritage:id=raa1", 1],
    ],
  );
  for (const tag of info.photo.tags.tag) t.regex(String(tag.id), new RegExp(`^\\d+-${id}-\\d+$`));
});

test("photos.search, people.getPhotos and recentlyUpdated share Flickr's list envelope", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photoWithEverything(s);
  const expectedItem = { id, owner: s.credentials.nsid, title: "Visby, Gotland", ispublic: 1, isfriend: 0, isfamily: 0, farm: 66, server: "65535" };
  for (const [method, params] of [
    ["flickr.photos.search", { user_id: "me" }],
    ["flickr.people.getPhotos", { user_id: "me" }],
    ["flickr.photos.recentlyUpdated", { min_date: 0 }],
  ] as const) {
    const res = (await s.flickr(method, params)) as { photos: { photo: Record<string, unknown>[] } & Record<string, unknown>; stat: string };
    t.like(res, { stat: "ok", photos: { page: 1, pages: 1, perpage: 100, total: 1 } }, method);
    t.like(res.photos.photo[0], expectedItem, method);
    t.is(typeof res.photos.photo[0]!.secret, "string");
  }
  const recent = (await s.flickr("flickr.photos.recentlyUpdated", { min_date: 0 })) as { photos: { photo: { lastupdate: unknown }[] } };
  t.is(typeof recent.photos.photo[0]!.lastupdate, "string");
});

test("search extras use Flickr's attribute names and types", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photoWithEverything(s);
  const res = (await s.flickr("flickr.photos.search", {
    user_id: "me",
    extras: "description,license,date_upload,date_taken,last_update,geo,tags,machine_tags,o_dims,url_o,original_format,owner_name,views,media,url_sq,url_m",
  })) as { photos: { photo: Record<string, unknown>[] } };
  const p = res.photos.photo[0]!;
  const photo = s.sandbox.photos()[0]!;
  t.like(p, {
    id,
    description: { _content: "People with an <b>engine</b>" },
    license: "7",
    dateupload: String(photo.posted),
    datetaken: photo.taken,
    datetakengranularity: 0,
    datetakenunknown: "1",
    lastupdate: String(photo.lastUpdate),
    latitude: 57.640362,
    longitude: 18.28994,
    accuracy: "16",
    tags: "almedalen steammachine heritage:id=raa1",
    machine_tags: "heritage:id=raa1",
    o_width: "64",
    o_height: "48",
    width_o: 64,
    height_o: 48,
    originalformat: "jpg",
    ownername: s.credentials.username,
    views: "0",
    media: "photo",
    width_sq: 75,
  });
  t.is(p.url_o, `https://live.staticflickr.com/65535/${id}_${photo.originalsecret}_o.jpg`);
  t.is(p.url_sq, `https://live.staticflickr.com/65535/${id}_${photo.secret}_s.jpg`);
  // 500 px is larger than the 64 px original: Flickr does not offer upscaled sizes.
  t.false("url_m" in p);
});

test("write methods with no specific answer return just {stat: ok}", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photoWithEverything(s);
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as { photo: { tags: { tag: { id: string }[] } } };
  const calls: [string, Record<string, string | number>][] = [
    ["flickr.photos.setMeta", { photo_id: id, title: "T", description: "D" }],
    ["flickr.photos.setTags", { photo_id: id, tags: "a b" }],
    ["flickr.photos.addTags", { photo_id: id, tags: "c" }],
    ["flickr.photos.setDates", { photo_id: id, date_taken: "1925-01-01 00:00:00", date_taken_granularity: 8 }],
    ["flickr.photos.licenses.setLicense", { photo_id: id, license_id: 10 }],
    ["flickr.photos.geo.removeLocation", { photo_id: id }],
  ];
  for (const [method, params] of calls) t.deepEqual(await s.flickr(method, params), { stat: "ok" }, method);
  const tagId = ((await s.flickr("flickr.photos.getInfo", { photo_id: id })) as typeof info).photo.tags.tag[0]!.id;
  t.deepEqual(await s.flickr("flickr.photos.removeTag", { tag_id: tagId }), { stat: "ok" });
});

test("setPerms, setSafetyLevel and setContentType answer as documented", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  const photo = () => s.sandbox.photos().find((p) => p.id === id)!;
  t.deepEqual(await s.flickr("flickr.photos.setPerms", { photo_id: id, is_public: 1, is_friend: 0, is_family: 0 }), {
    photoid: { _content: id, secret: photo().secret, originalsecret: photo().originalsecret },
    stat: "ok",
  });
  t.deepEqual(await s.flickr("flickr.photos.setSafetyLevel", { photo_id: id, safety_level: 2, hidden: 1 }), {
    photo: { id, safety_level: "1", hidden: "1" },
    stat: "ok",
  });
  t.deepEqual(await s.flickr("flickr.photos.setContentType", { photo_id: id, content_type: 3 }), { photo: { id, content_type: "3" }, stat: "ok" });
});

test("licenses.getInfo is the live table, in Flickr's order, with string ids", async (t) => {
  const s = await startTestSandbox(t);
  const res = (await s.flickr("flickr.photos.licenses.getInfo")) as { licenses: { license: { id: string; name: string; url: string }[] } };
  const real = [...fixture("flickr.photos.licenses.getInfo.xml").matchAll(/<license id="(\d+)" name="([^"]*)" url="([^"]*)"/g)].map((m) => ({ id: m[1]!, name: m[2]!, url: m[3]! }));
  t.is(real.length, 17);
  t.deepEqual(res.licenses.license, real);
});

test("albums: create, addPhoto, editMeta, editPhotos, getList, getPhotos, removePhoto", async (t) => {
  const s = await startTestSandbox(t);
  const a = (await s.upload(await testImage(), { title: "a" })).id;
  const b = (await s.upload(await testImage(), { title: "b" })).id;
  const created = (await s.flickr("flickr.photosets.create", { title: "Glass plates", primary_photo_id: a, description: "1900s" })) as { photoset: { id: string; url: string } };
  t.regex(created.photoset.id, /^\d+$/);
  t.is(created.photoset.url, `https://www.flickr.com/photos/${s.credentials.nsid}/sets/${created.photoset.id}/`);
  const setId = created.photoset.id;
  t.deepEqual(await s.flickr("flickr.photosets.addPhoto", { photoset_id: setId, photo_id: b }), { stat: "ok" });
  t.deepEqual(await s.flickr("flickr.photosets.editMeta", { photoset_id: setId, title: "Glass plate negatives" }), { stat: "ok" });
  const list = (await s.flickr("flickr.photosets.getList")) as { photosets: Record<string, unknown> & { photoset: Record<string, unknown>[] } };
  t.like(list.photosets, { page: 1, pages: 1, total: 1, cancreate: 1 });
  t.like(list.photosets.photoset[0], { id: setId, primary: a, photos: 2, title: { _content: "Glass plate negatives" }, description: { _content: "1900s" } });
  t.is(typeof list.photosets.photoset[0]!.date_create, "string");
  const photos = (await s.flickr("flickr.photosets.getPhotos", { photoset_id: setId, user_id: s.credentials.nsid, extras: "license" })) as {
    photoset: Record<string, unknown> & { photo: Record<string, unknown>[] };
  };
  t.like(photos.photoset, { id: setId, primary: a, owner: s.credentials.nsid, ownername: s.credentials.username, page: 1, perpage: 500, per_page: 500, pages: 1, total: 2, title: "Glass plate negatives" });
  t.deepEqual(
    photos.photoset.photo.map((p) => [p.id, p.isprimary, p.license]),
    [
      [a, "1", "7"],
      [b, "0", "7"],
    ],
  );
  t.deepEqual(await s.flickr("flickr.photosets.editPhotos", { photoset_id: setId, primary_photo_id: b, photo_ids: `${b},${a}` }), { stat: "ok" });
  t.like(s.sandbox.photos().find((p) => p.id === b)!.albums[0], { id: setId, primary: true, position: 0 });
  t.deepEqual(await s.flickr("flickr.photosets.removePhoto", { photoset_id: setId, photo_id: a }), { stat: "ok" });
  t.deepEqual(s.sandbox.photos().find((p) => p.id === a)!.albums, []);
});

test("comments: addComment, getList, deleteComment", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  const empty = (await s.flickr("flickr.photos.comments.getList", { photo_id: id })) as { comments: Record<string, unknown> };
  t.deepEqual(empty.comments, { photo_id: id });
  const added = (await s.flickr("flickr.photos.comments.addComment", { photo_id: id, comment_text: "Lovely plate" })) as { comment: { id: string } };
  t.regex(added.comment.id, new RegExp(`^\\d+-${id}-\\d+$`));
  const list = (await s.flickr("flickr.photos.comments.getList", { photo_id: id })) as { comments: { comment: Record<string, unknown>[] } };
  t.like(list.comments.comment[0], { id: added.comment.id, author: s.credentials.nsid, authorname: s.credentials.username, _content: "Lovely plate", author_is_deleted: 0 });
  t.is(typeof list.comments.comment[0]!.datecreate, "string");
  t.deepEqual(await s.flickr("flickr.photos.comments.deleteComment", { comment_id: added.comment.id }), { stat: "ok" });
  t.deepEqual(((await s.flickr("flickr.photos.comments.getList", { photo_id: id })) as typeof empty).comments, { photo_id: id });
});

test("commons.getInstitutions lists the sandbox's Commons account and the real members", async (t) => {
  const s = await startTestSandbox(t);
  const res = (await s.flickr("flickr.commons.getInstitutions")) as { institutions: { institution: { nsid: string; name: { _content: string }; date_launch: string; urls: { url: { type: string; _content?: string }[] } }[] } };
  const list = res.institutions.institution;
  t.is(list[0]!.nsid, s.credentials.nsid);
  const auckland = list.find((i) => i.nsid === "201909310@N04")!;
  t.is(auckland.name._content, "Auckland War Memorial Museum Tāmaki Paenga Hira");
  t.is(auckland.date_launch, "1744906197");
  t.deepEqual(auckland.urls.url.map((u) => u.type), ["site", "license", "flickr"]);
  t.is(list.length, 123);
  // An empty <url type="site" /> has no _content in JSON.
  t.deepEqual(list.find((i) => i.nsid === "98726691@N05")!.urls.url[0], { type: "site" });
});

test("photos.delete removes the photo; getInfo then answers 1 Photo not found", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  t.deepEqual(await s.flickr("flickr.photos.delete", { photo_id: id }), { stat: "ok" });
  const err = await t.throwsAsync(s.flickr("flickr.photos.getInfo", { photo_id: id }));
  t.like(err, { code: 1, kind: "permanent" });
  t.is(s.sandbox.photos().length, 0);
});

test("an unknown method is error 112 with Flickr's message", async (t) => {
  const s = await startTestSandbox(t);
  const err = await t.throwsAsync(s.flickr("flickr.photos.doesNotExist"));
  t.like(err, { code: 112, kind: "permanent" });
  t.regex(err!.message, /Method "flickr\.photos\.doesNotExist" not found/);
});

test("format=rest answers in XML, and without nojsoncallback JSON is wrapped in jsonFlickrApi()", async (t) => {
  const s = await startTestSandbox(t);
  const base = `${s.url}/services/rest?method=flickr.photos.licenses.getInfo&api_key=${s.credentials.consumerKey}`;
  const xml = await (await fetch(base)).text();
  t.regex(xml, /^<\?xml version="1.0" encoding="utf-8" \?>\n<rsp stat="ok">\n\t<licenses>\n\t\t<license id="0" name="All Rights Reserved" url="[^"]+" \/>/);
  const jsonp = await (await fetch(`${base}&format=json`)).text();
  t.regex(jsonp, /^jsonFlickrApi\(\{"licenses":/);
  const unknownFormat = await (await fetch(`${base}&format=yaml&nojsoncallback=1`)).json();
  t.like(unknownFormat, { stat: "fail", code: 111 });
});

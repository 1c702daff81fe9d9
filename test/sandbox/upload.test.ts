import test from "ava";
import { createHash } from "node:crypto";
import { sniffImage } from "../../src/sandbox/upload/sniff.js";
import { classifyFlickrError } from "../../src/flickr/errors.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";
import { fixturePath } from "../helpers/paths.js";

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

for (const format of ["jpeg", "png", "gif", "tiff"] as const) {
  test(`sniffImage reads a ${format} header: format and dimensions`, async (t) => {
    t.deepEqual(sniffImage(await bytes(await testImage(format, { width: 37, height: 21 }))), { format, width: 37, height: 21 });
  });
}

test("sniffImage reads a big-endian TIFF", (t) => {
  // A minimal big-endian TIFF: header, one IFD with ImageWidth (SHORT) and ImageLength (LONG).
  const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 2, 0x01, 0x00, 0, 3, 0, 0, 0, 1, 0x01, 0x2c, 0, 0, 0x01, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0x00, 0xc8, 0, 0, 0, 0]);
  t.deepEqual(sniffImage(tiff), { format: "tiff", width: 300, height: 200 });
});

test("sniffImage refuses what is not an image", (t) => {
  for (const text of ["", "hello", "%PDF-1.7 fake pdf", "GIF7 nearly", "<svg xmlns='http://www.w3.org/2000/svg'/>"]) {
    t.is(sniffImage(Buffer.from(text)), null, JSON.stringify(text));
  }
});

test("upload stores hash, size, dimensions, format and the metadata fields", async (t) => {
  const s = await startTestSandbox(t);
  const image = await testImage("png", { width: 40, height: 30 });
  const { id } = await s.upload(image, {
    title: "Title",
    description: "Desc",
    tags: 'one "two words"',
    is_public: 0,
    is_friend: 1,
    is_family: 1,
    safety_level: 2,
    content_type: 3,
    hidden: 2,
    unknown_field: "ignored",
  });
  t.regex(id, /^\d+$/);
  const photo = s.sandbox.photos()[0]!;
  t.like(photo, {
    id,
    title: "Title",
    description: "Desc",
    isPublic: 0,
    isFriend: 1,
    isFamily: 1,
    safetyLevel: 2,
    contentType: 3,
    hidden: 2,
    license: 7,
    file: { sha256: createHash("sha256").update(await bytes(image)).digest("hex"), bytes: image.size, width: 40, height: 30, format: "png" },
  });
  t.deepEqual(photo.tags.map((tag) => tag.raw), ["one", "two words"]);
});

test("a path given to the client is uploaded under its base name, not the full local path", async (t) => {
  const s = await startTestSandbox(t);
  const path = fixturePath("flickr", "SOURCES.md");
  const err = await t.throwsAsync(s.upload(path));
  t.like(err, { code: 5, kind: "permanent" }, "a text file is not an image");
  const { writeFile, mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(`${tmpdir()}/heritage-upload-`);
  await writeFile(`${dir}/plate 17.jpg`, await bytes(await testImage()));
  await s.upload(`${dir}/plate 17.jpg`);
  t.is(s.sandbox.photos()[0]!.file.filename, "plate 17.jpg");
});

test("photo ids increase and secrets follow the seed", async (t) => {
  const one = await startTestSandbox(t, { seed: 42 });
  const two = await startTestSandbox(t, { seed: 42 });
  const a1 = await one.upload(await testImage());
  const a2 = await one.upload(await testImage());
  const b1 = await two.upload(await testImage());
  t.true(BigInt(a2.id) > BigInt(a1.id));
  t.is(a1.id, b1.id);
  t.is(one.sandbox.photos()[0]!.secret, two.sandbox.photos()[0]!.secret);
  t.deepEqual(one.credentials, two.credentials, "same seed, same ready-made account");
  const other = await startTestSandbox(t, { seed: 43 });
  t.not(other.credentials.oauthTokenSecret, one.credentials.oauthTokenSecret);
});

const fileErrors: [string, () => Promise<Blob>, number, object][] = [
  ["an empty file", async () => new Blob([]), 4, {}],
  ["a file that is not an image", async () => new Blob(["%PDF-1.4 not a photo"]), 5, {}],
  ["a file over the size limit", async () => testImage("jpeg", { width: 200, height: 200 }), 8, { maxUploadBytes: 300 }],
];

for (const [name, make, code, options] of fileErrors) {
  test(`upload refuses ${name} with error ${code}, in XML, and the code survives to the client`, async (t) => {
    const s = await startTestSandbox(t, options);
    const err = await t.throwsAsync(s.upload(await make()));
    t.like(err, { method: "upload", code, kind: "permanent" });
    t.is(s.sandbox.photos().length, 0);
  });
}

test("upload without a photo field is error 2", async (t) => {
  const s = await startTestSandbox(t);
  const { OAuthAuth, POST } = await import("flickr-sdk");
  const auth = new OAuthAuth(s.credentials.consumerKey, s.credentials.consumerSecret, s.credentials.oauthToken, s.credentials.oauthTokenSecret);
  const payload = new POST();
  payload.set("title", "no photo");
  await auth.sign("POST", "https://up.flickr.com/services/upload", payload);
  const res = await fetch(`${s.url}/services/upload`, { method: "POST", body: payload.getFormData(), signal: AbortSignal.timeout(5000) });
  t.is(await res.text(), '<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="fail">\n\t<err code="2" msg="No photo specified" />\n</rsp>\n');
});

test("upload answers XML whatever format is asked for, with the photo id only", async (t) => {
  const s = await startTestSandbox(t);
  const { OAuthAuth, POST } = await import("flickr-sdk");
  const auth = new OAuthAuth(s.credentials.consumerKey, s.credentials.consumerSecret, s.credentials.oauthToken, s.credentials.oauthTokenSecret);
  const payload = new POST();
  payload.set("format", "json");
  await auth.sign("POST", "https://up.flickr.com/services/upload", payload);
  payload.set("photo", await testImage());
  const res = await fetch(`${s.url}/services/upload`, { method: "POST", body: payload.getFormData(), signal: AbortSignal.timeout(5000) });
  const id = s.sandbox.photos()[0]!.id;
  t.is(await res.text(), `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n<photoid>${id}</photoid>\n</rsp>\n`);
});

test("replace keeps the id, changes the secrets, the file facts and lastupdate", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { clock: () => clock });
  const { id } = await s.upload(await testImage("jpeg", { width: 30, height: 20 }), { title: "kept", tags: "kept" });
  const before = s.sandbox.photos()[0]!;
  clock += 5000;
  const replacement = await testImage("tiff", { width: 60, height: 40 });
  const result = await s.replace(id, replacement);
  const after = s.sandbox.photos()[0]!;
  t.is(result.id, id);
  t.is(result.secret, after.secret);
  t.is(result.originalsecret, after.originalsecret);
  t.not(after.secret, before.secret);
  t.not(after.originalsecret, before.originalsecret);
  t.like(after, { id, title: "kept", replaced: 1, lastUpdate: clock / 1000, file: { width: 60, height: 40, format: "tiff", bytes: replacement.size } });
  t.deepEqual(after.tags, before.tags);
  t.is(s.sandbox.photos().length, 1);
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as { photo: { originalformat: string } };
  t.is(info.photo.originalformat, "jpg", "TIFF originals are offered back as JPEG");
});

test("replace of a photo that is not the caller's is refused (7) and its upload errors are classified", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  const stranger = s.clientFor(s.sandbox.createAccount({ perms: "write" }));
  const err = await t.throwsAsync(stranger.replace(id, await testImage()));
  t.like(classifyFlickrError(err, "replace"), { code: 7, kind: "permanent", method: "replace" });
});

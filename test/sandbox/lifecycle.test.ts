/**
 * Starting, stopping, persistence across restarts, loopback only, and the inspection endpoints.
 */
import test from "ava";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../../src/sandbox/index.js";
import { UserError } from "../../src/errors.js";
import { createFlickrClient } from "../../src/flickr/client.js";
import { startTestSandbox, testImage, TEST_TIMEOUT_MS } from "../helpers/sandbox.js";

async function tempDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "heritage-sandbox-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.org"]) {
  test(`the sandbox refuses to listen on ${host}`, async (t) => {
    const err = await t.throwsAsync(startSandbox({ host }));
    t.true(err instanceof UserError);
    t.regex(err!.message, /loopback/);
  });
}

test("it listens on 127.0.0.1 (and ::1 / localhost when asked)", async (t) => {
  const s = await startSandbox({ seed: 1 });
  t.teardown(() => s.stop());
  t.regex(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const local = await startSandbox({ seed: 1, host: "localhost" });
  t.teardown(() => local.stop());
  t.regex(local.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const v6 = await startSandbox({ seed: 1, host: "::1" }).catch(() => null);
  if (v6) {
    t.teardown(() => v6.stop());
    t.regex(v6.url, /^http:\/\/\[::1\]:\d+$/);
  }
});

test("with a data dir, accounts, photos, albums and tokens survive a restart; ids keep increasing", async (t) => {
  const dir = await tempDir(t);
  const first = await startSandbox({ dataDir: dir });
  const client = createFlickrClient({ credentials: first.credentials, endpoint: first.url, timeoutMs: TEST_TIMEOUT_MS });
  const { id } = await client.upload(await testImage(), { title: "kept", tags: "heritage:id=K-1" });
  await client.flickr("flickr.photosets.create", { title: "Album", primary_photo_id: id });
  const other = first.createAccount({ perms: "write", commons: false });
  await first.stop();

  const second = await startSandbox({ dataDir: dir, seed: 999 });
  t.teardown(() => second.stop());
  t.deepEqual(second.credentials, first.credentials, "the ready-made account is the same");
  t.deepEqual(second.photos(), first.photos());
  const again = createFlickrClient({ credentials: second.credentials, endpoint: second.url, timeoutMs: TEST_TIMEOUT_MS });
  const found = (await again.flickr("flickr.photos.search", { user_id: "me", machine_tags: 'heritage:id="K-1"' })) as { photos: { photo: { id: string }[] } };
  t.deepEqual(found.photos.photo.map((p) => p.id), [id], "the tag index is rebuilt");
  const login = await createFlickrClient({ credentials: other, endpoint: second.url, timeoutMs: TEST_TIMEOUT_MS }).flickr("flickr.test.login");
  t.like(login, { user: { id: other.nsid } });
  const next = await again.upload(await testImage());
  t.true(BigInt(next.id) > BigInt(id));
  t.is(second.photos()[0]!.albums[0]!.title, "Album");
});

test("without a data dir nothing is kept", async (t) => {
  const first = await startSandbox({ seed: 5 });
  const client = createFlickrClient({ credentials: first.credentials, endpoint: first.url, timeoutMs: TEST_TIMEOUT_MS });
  await client.upload(await testImage());
  await first.stop();
  const second = await startSandbox({ seed: 5 });
  t.teardown(() => second.stop());
  t.deepEqual(second.photos(), []);
});

test("--no-commons on a restart makes the stored account ordinary", async (t) => {
  const dir = await tempDir(t);
  const first = await startSandbox({ dataDir: dir });
  await first.stop();
  const second = await startSandbox({ dataDir: dir, commons: false });
  t.teardown(() => second.stop());
  const client = createFlickrClient({ credentials: second.credentials, endpoint: second.url, timeoutMs: TEST_TIMEOUT_MS });
  await client.upload(await testImage());
  t.is(second.photos()[0]!.license, 0);
});

test("stop() ends hung requests and can be called twice", async (t) => {
  const s = await startSandbox({ faults: "hang" });
  const pending = fetch(`${s.url}/services/rest?method=flickr.test.echo`).then(
    () => "answered",
    () => "cut",
  );
  await new Promise((r) => setTimeout(r, 50));
  await Promise.all([s.stop(), s.stop()]);
  // undici occasionally leaves a request whose connection was cut pending with no socket at all;
  // a ref'd timer keeps the test alive long enough to see that it was never answered.
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([pending, new Promise<string>((r) => (timer = setTimeout(() => r("no answer"), 2000)))]);
  clearTimeout(timer);
  t.not(outcome, "answered");
});

test("/sandbox/photos and /sandbox/calls: unauthenticated JSON, not counted as calls", async (t) => {
  let clock = Date.UTC(2025, 2, 3, 10, 0, 30);
  const s = await startTestSandbox(t, { clock: () => clock });
  const { id } = await s.upload(await testImage(), { title: "one" });
  await s.flickr("flickr.photos.getInfo", { photo_id: id });
  clock += 60_000;
  await s.flickr("flickr.photos.getInfo", { photo_id: id });
  await s.flickr("flickr.photos.nope").catch(() => undefined);
  const photos = (await (await fetch(`${s.url}/sandbox/photos`)).json()) as { id: string; title: string; tags: unknown[]; dates?: unknown; posted: number }[];
  t.deepEqual(photos, JSON.parse(JSON.stringify(s.sandbox.photos())));
  t.like(photos[0], { id, title: "one" });
  const calls = (await (await fetch(`${s.url}/sandbox/calls`)).json()) as Record<string, unknown>;
  t.like(calls, {
    total: 4,
    byMethod: { upload: 1, "flickr.photos.getInfo": 2, "flickr.photos.nope": 1 },
    perMinute: [
      { minute: "2025-03-03T10:00Z", count: 2 },
      { minute: "2025-03-03T10:01Z", count: 2 },
    ],
    served429: 0,
    failures: { "flickr.photos.nope": { "112": 1 } },
  });
  t.deepEqual(s.sandbox.calls(), calls);
  s.sandbox.resetCalls();
  t.like(s.sandbox.calls(), { total: 0, byMethod: {}, perMinute: [] });
  await fetch(`${s.url}/sandbox/calls/reset`, { method: "POST", headers: { "content-type": "application/json" } });
  t.is(s.sandbox.calls().total, 0);
});

test("editPhoto changes a photo as flickr.com would, without an API call", async (t) => {
  let clock = Date.UTC(2025, 0, 1);
  const s = await startTestSandbox(t, { clock: () => clock });
  const { id } = await s.upload(await testImage(), { title: "before", tags: "mine" });
  s.sandbox.resetCalls();
  clock += 120_000;
  const edited = s.sandbox.editPhoto(id, { title: "after", description: "by hand", license: 7, addTags: ["Someone Else"], removeTags: ["mine"], geo: { latitude: 1, longitude: 2, accuracy: 3, context: 0 } });
  t.like(edited, { title: "after", description: "by hand", license: 7, lastUpdate: clock / 1000, geo: { latitude: 1, longitude: 2, accuracy: 3, context: 0 } });
  t.deepEqual(edited!.tags.map((tag) => [tag.raw, tag.authorname]), [["Someone Else", "a flickr.com visitor"]]);
  t.is(s.sandbox.calls().total, 0);
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })) as { photo: { title: { _content: string }; tags: { tag: { raw: string; author: string }[] } } };
  t.is(info.photo.title._content, "after");
  t.not(info.photo.tags.tag[0]!.author, s.credentials.nsid);
  t.is(s.sandbox.editPhoto(id, { delete: true }), null);
  t.deepEqual(s.sandbox.photos(), []);
  t.throws(() => s.sandbox.editPhoto(id, { title: "x" }), { message: /no photo/ });
});

test("a client killed halfway through sending an upload leaves nothing behind, and the sandbox carries on", async (t) => {
  const { request } = await import("node:http");
  const s = await startTestSandbox(t);
  await new Promise<void>((resolve) => {
    const req = request(`${s.url}/services/upload`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": "100000" } });
    req.on("error", () => resolve());
    req.on("close", () => resolve());
    req.write('--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nhalf an upl', () => setTimeout(() => req.destroy(), 20));
  });
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
  t.deepEqual(s.sandbox.photos(), []);
  t.deepEqual(s.sandbox.calls().byMethod, { "flickr.test.login": 1 }, "a request never fully received is not a call");
});

test("option values are checked: negative or fractional counts are a UserError", async (t) => {
  for (const options of [{ quota: -1 }, { port: 1.5 }, { maxTagsPerPhoto: -3 }, { seed: 0.5 }]) {
    const err = await t.throwsAsync(startSandbox(options));
    t.true(err instanceof UserError, JSON.stringify(options));
  }
});

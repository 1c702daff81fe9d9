import test from "ava";
import { createFlickrClient, resolveEndpoint, toFlickrParams } from "../../src/flickr/client.js";
import { UserError } from "../../src/errors.js";
import { clearSecrets, redactSecrets } from "../../src/redact.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

test("toFlickrParams drops undefined and null, spells numbers and booleans as Flickr does", (t) => {
  t.deepEqual(toFlickrParams({ a: "x", b: undefined, c: null, d: 0, e: 12.5, f: true, g: false, h: "" }), { a: "x", d: "0", e: "12.5", f: "1", g: "0", h: "" });
  t.deepEqual(toFlickrParams(), {});
});

const endpoints: [flag: string | undefined, env: string | undefined, expected: string | undefined | "error"][] = [
  [undefined, undefined, undefined],
  ["http://127.0.0.1:4010", undefined, "http://127.0.0.1:4010"],
  ["http://127.0.0.1:4010/", undefined, "http://127.0.0.1:4010"],
  [undefined, "http://localhost:9/prefix/", "http://localhost:9/prefix"],
  ["http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:1"],
  ["  ", undefined, undefined],
  ["ftp://example.org", undefined, "error"],
  ["127.0.0.1:4010", undefined, "error"],
  [undefined, "not a url", "error"],
];

for (const [flag, env, expected] of endpoints) {
  test(`resolveEndpoint(--endpoint ${flag ?? "unset"}, HERITAGE_FLICKR_ENDPOINT ${env ?? "unset"})`, (t) => {
    const run = () => resolveEndpoint(flag, env === undefined ? {} : { HERITAGE_FLICKR_ENDPOINT: env });
    if (expected === "error") {
      const err = t.throws(run);
      t.true(err instanceof UserError);
      t.regex((err as UserError).hint ?? "", /--endpoint|HERITAGE_FLICKR_ENDPOINT/);
    } else t.is(run(), expected);
  });
}

test("creating a client registers its secrets for redaction", (t) => {
  t.teardown(clearSecrets);
  createFlickrClient({ credentials: { consumerKey: "key", consumerSecret: "consumer-secret-1", oauthToken: "token-value-1", oauthTokenSecret: "token-secret-1" } });
  t.is(redactSecrets("a consumer-secret-1 b token-value-1 c token-secret-1"), "a [redacted] b [redacted] c [redacted]");
});

test("through the client, undefined parameters never reach Flickr and errors come out classified", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage(), { title: "T", description: undefined, is_public: true, safety_level: 1 });
  const photo = s.sandbox.photos()[0]!;
  t.like(photo, { id, title: "T", description: "", isPublic: 1 });
  await s.flickr("flickr.photos.setMeta", { photo_id: id, title: undefined, description: "only this" });
  t.like(s.sandbox.photos()[0], { title: "T", description: "only this" });
  const err = await t.throwsAsync(s.flickr("flickr.photos.setMeta", { photo_id: "0", title: "x" }));
  t.like(err, { name: "FlickrApiError", method: "flickr.photos.setMeta", code: 1, kind: "permanent" });
});

test("the client counts calls through its transport", async (t) => {
  const s = await startTestSandbox(t);
  await s.flickr("flickr.test.login");
  await s.upload(await testImage());
  t.deepEqual(s.transport.counts(), { "flickr.test.login": 1, upload: 1 });
  t.like(s.sandbox.calls().byMethod, { "flickr.test.login": 1, upload: 1 });
});

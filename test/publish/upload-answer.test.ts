/**
 * The upload answer at the edge: flickr-sdk reads `<photoid>` without looking, so an `ok` answer
 * without one (or with something that is not a photo id) must not pass for a photo id
 * "undefined", nor for a permanent failure that drops the upload intent: it is
 * FLICKR_RESPONSE_MALFORMED, which the executor treats as an unknown outcome (look the photo up).
 */
import test from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFlickrClient } from "../../src/flickr/client.js";
import { FlickrResponseError } from "../../src/flickr/port.js";
import { classifyForExecutor, flickrPortFor } from "../../src/publish/flickr-adapter.js";

const credentials = { consumerKey: "k", consumerSecret: "cs", oauthToken: "t", oauthTokenSecret: "ts" };

function portAnswering(body: string) {
  const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "text/xml" } });
  return flickrPortFor(createFlickrClient({ credentials, fetch, endpoint: "http://127.0.0.1:9" }));
}

function copy(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-answer-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "copy.jpg");
  writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  return file;
}

test("a well-formed answer gives the photo id (and the secret after a replace)", async (t) => {
  const file = copy(t);
  t.deepEqual(await portAnswering('<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n<photoid>52811234567</photoid>\n</rsp>').upload(file, { title: "x" }, "A 1"), { id: "52811234567", secret: null });
  t.deepEqual(await portAnswering('<rsp stat="ok"><photoid secret="abc" originalsecret="def">52811234567</photoid></rsp>').replace("52811234567", file, "A 1"), { id: "52811234567", secret: "abc" });
});

for (const [name, body] of [
  ["no <photoid>", '<rsp stat="ok"></rsp>'],
  ["an empty <photoid>", '<rsp stat="ok"><photoid></photoid></rsp>'],
  ["a <photoid> that is not a number", '<rsp stat="ok"><photoid>ticket-1</photoid></rsp>'],
] as const) {
  test(`${name}: FLICKR_RESPONSE_MALFORMED, classified as an unknown outcome`, async (t) => {
    const err = await t.throwsAsync(portAnswering(body).upload(copy(t), { title: "x" }, "A 1"), { instanceOf: FlickrResponseError });
    t.is(err?.code, "FLICKR_RESPONSE_MALFORMED");
    t.regex(err?.message ?? "", /upload.*photoid/);
    t.is(classifyForExecutor(err, "upload").kind, "unknown-outcome");
  });
}

import test from "ava";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";
import { toFlickrParams } from "../../src/flickr/client.js";

// fetch's multipart encoding turns a bare LF into CRLF after flickr-sdk has signed the value;
// the sandbox checks signatures over what arrives, as Flickr does.
test("multi-line descriptions survive OAuth signing in uploads and POSTed REST calls", async (t) => {
  const s = await startTestSandbox(t);
  const description = "Fishing in the Kukkola rapids.\n\nSikfiske med nät i Kukkolaforsen.\rDate: 1940-1959";
  const { id } = await s.upload(await testImage(), { title: "x", description });
  await s.flickr("flickr.photos.setMeta", { photo_id: id, title: "y", description: `${description}\nmore` });
  const info = await s.flickr("flickr.photos.getInfo", { photo_id: id });
  t.is(info.photo.description._content.replace(/\r\n/g, "\n"), "Fishing in the Kukkola rapids.\n\nSikfiske med nät i Kukkolaforsen.\nDate: 1940-1959\nmore");
});

test("parameters are sent with CRLF line breaks, as the multipart body will carry them", (t) => {
  t.deepEqual(toFlickrParams({ a: "x\ny", b: "x\r\ny", c: "x\ry", d: 1, e: undefined, f: null, g: true }), { a: "x\r\ny", b: "x\r\ny", c: "x\r\ny", d: "1", g: "1" });
});

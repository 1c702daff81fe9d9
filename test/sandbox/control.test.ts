/**
 * Issue 9 item 18: method names that are properties of every object, and the control endpoints'
 * protection against a web page's cross-site requests.
 */
import test from "ava";
import { startTestSandbox } from "../helpers/sandbox.js";

for (const method of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
  test(`method=${method} is error 112 "Method not found", not a permission message`, async (t) => {
    const s = await startTestSandbox(t);
    const err = await t.throwsAsync(s.flickr(method, {}));
    t.like(err, { code: 112 });
    t.regex(err!.message, /not found/i);
    t.is(s.sandbox.calls().byMethod[method], 1);
  });
}

const CONTROL: [string, string, string | null][] = [
  ["POST", "/sandbox/faults", JSON.stringify({ spec: "code105@flickr.test.login=1" })],
  ["DELETE", "/sandbox/faults", null],
  ["POST", "/sandbox/faults/once", JSON.stringify({ kind: "code106", method: "flickr.test.login" })],
  ["POST", "/sandbox/calls/reset", null],
];

for (const [verb, path, body] of CONTROL) {
  test(`${verb} ${path} without Content-Type application/json is refused (415) and changes nothing`, async (t) => {
    const s = await startTestSandbox(t, { faults: "code201@flickr.test.echo=1" });
    await s.flickr("flickr.test.login");
    // What a cross-site form can send without a preflight: text/plain, urlencoded, multipart.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const res = await fetch(`${s.url}${path}`, { method: verb, ...(type ? { headers: { "content-type": type } } : {}), body: body ?? "" });
      t.is(res.status, 415, `${type}`);
    }
    t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
    t.is(s.sandbox.calls().byMethod["flickr.test.login"], 2);
    t.is((await fetch(`${s.url}/sandbox/faults`).then((r) => r.json()) as unknown[]).length, 1);
  });

  test(`${verb} ${path} answers no CORS preflight`, async (t) => {
    const s = await startTestSandbox(t);
    const res = await fetch(`${s.url}${path}`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": verb, "access-control-request-headers": "content-type" },
    });
    t.true(res.status >= 400);
    t.is(res.headers.get("access-control-allow-origin"), null);
    t.is(res.headers.get("access-control-allow-methods"), null);
    t.is(res.headers.get("access-control-allow-headers"), null);
  });
}

test("control endpoints work with Content-Type application/json", async (t) => {
  const s = await startTestSandbox(t);
  const json = { "content-type": "application/json" };
  const post = await fetch(`${s.url}/sandbox/faults`, { method: "POST", headers: json, body: JSON.stringify({ spec: "code105@flickr.test.login=1" }) });
  t.deepEqual(await post.json(), { ok: true });
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { code: 105 });
  t.is((await fetch(`${s.url}/sandbox/faults`, { method: "DELETE", headers: json })).status, 200);
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
  t.is((await fetch(`${s.url}/sandbox/calls/reset`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" } })).status, 200);
  t.is(s.sandbox.calls().total, 0);
});

import test from "ava";
import { RollingQuota } from "../../src/sandbox/quota.js";
import { TOO_MANY_REQUESTS_HTML } from "../../src/sandbox/http/bodies.js";
import { startTestSandbox } from "../helpers/sandbox.js";

test("RollingQuota: N calls per rolling hour per key; the window slides", (t) => {
  const q = new RollingQuota(3);
  const t0 = 1_000_000;
  t.true(q.tryTake("a", t0));
  t.true(q.tryTake("a", t0 + 1000));
  t.true(q.tryTake("a", t0 + 2000));
  t.false(q.tryTake("a", t0 + 3000));
  t.true(q.tryTake("b", t0 + 3000), "another key has its own budget");
  t.false(q.tryTake("a", t0 + 3_599_999), "the first call is not yet an hour old");
  t.true(q.tryTake("a", t0 + 3_600_000), "an hour after it, it has left the window");
  t.is(q.used("a", t0 + 3_600_000), 3);
});

test("over the quota: HTTP 429 with Flickr's HTML body, counted; the window slides with the clock", async (t) => {
  let clock = Date.UTC(2025, 0, 1, 12);
  const s = await startTestSandbox(t, { quota: 5, clock: () => clock });
  for (let i = 0; i < 5; i++) {
    t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
    clock += 60_000;
  }
  const raw = await fetch(`${s.url}/services/rest?method=flickr.photos.licenses.getInfo&format=json&nojsoncallback=1&api_key=${s.credentials.consumerKey}`);
  t.is(raw.status, 429);
  t.is(raw.headers.get("content-type"), "text/html");
  t.is(await raw.text(), TOO_MANY_REQUESTS_HTML);
  const err = await t.throwsAsync(s.flickr("flickr.test.login"));
  t.like(err, { httpStatus: 429, kind: "transient" });
  t.is(s.sandbox.calls().served429, 2);
  // The inspection endpoints are outside the quota.
  t.is((await fetch(`${s.url}/sandbox/calls`)).status, 200);
  // An hour after the first call, one slot is free again (refused calls did not use any).
  clock = Date.UTC(2025, 0, 1, 13) + 1;
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { httpStatus: 429 });
  clock += 60_000;
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
});

test("the quota is per consumer key", async (t) => {
  const s = await startTestSandbox(t, { quota: 1 });
  await s.flickr("flickr.test.login");
  const other = s.sandbox.createAccount();
  // Same consumer key: the same budget, whatever the token.
  t.like(await t.throwsAsync(s.clientFor(other).flickr("flickr.test.login")), { httpStatus: 429 });
  const anonymous = await fetch(`${s.url}/services/rest?method=flickr.photos.licenses.getInfo&format=json&nojsoncallback=1&api_key=ffff`);
  t.like(await anonymous.json(), { stat: "fail", code: 100 }, "another key is not throttled by this one");
});

import test from "ava";
import { FaultInjector, parseFaultSpec } from "../../src/sandbox/faults.js";
import { UserError } from "../../src/errors.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

// ---- the spec grammar -------------------------------------------------------------------------

test("the example spec parses into rules and a seed", (t) => {
  const { rules, seed } = parseFaultSpec("5xx=0.05,reset=0.02,latency=20-80ms,hang=0.001,truncate=0.01,code105=0.01x3,lost-upload=0.1,seed=7");
  t.is(seed, 7);
  t.deepEqual(
    rules.map((r) => [r.kind, r.value, r.method, r.rate, r.burst, r.latencyMs]),
    [
      ["status", 0, null, 0.05, 1, [0, 0]],
      ["reset", 0, null, 0.02, 1, [0, 0]],
      ["latency", 0, null, 1, 1, [20, 80]],
      ["hang", 0, null, 0.001, 1, [0, 0]],
      ["truncate", 0, null, 0.01, 1, [0, 0]],
      ["code", 105, null, 0.01, 3, [0, 0]],
      ["lost", 0, "upload", 0.1, 1, [0, 0]],
    ],
  );
});

test("scoped rules and bare kinds (rate 1)", (t) => {
  const { rules } = parseFaultSpec("code106@flickr.photos.setTags=0.5, hang@flickr.photos.search, 502@upload=1x2, latency@replace=40ms");
  t.deepEqual(
    rules.map((r) => [r.kind, r.value, r.method, r.rate, r.burst]),
    [
      ["code", 106, "flickr.photos.setTags", 0.5, 1],
      ["hang", 0, "flickr.photos.search", 1, 1],
      ["status", 502, "upload", 1, 2],
      ["latency", 0, "replace", 1, 1],
    ],
  );
  t.deepEqual(rules[3]!.latencyMs, [40, 40]);
});

for (const bad of ["explode=0.1", "reset=2", "reset=0.1x0", "latency=fast", "latency=80-20ms", "seed=abc", "code105=often"]) {
  test(`a bad spec is a UserError: ${bad}`, (t) => {
    const err = t.throws(() => parseFaultSpec(bad));
    t.true(err instanceof UserError);
    t.regex(err!.message, /bad fault/);
  });
}

// ---- decisions: seeded, bursts, one-shots -----------------------------------------------------

const fates = (injector: FaultInjector, method: string, n: number) =>
  Array.from({ length: n }, () => {
    const d = injector.decide(method);
    return d.before ? JSON.stringify(d.before) : (d.after ?? "-");
  });

test("the same seed gives the same fates; another seed other ones", (t) => {
  const make = (seed: number) => {
    const f = new FaultInjector(seed);
    f.set("reset=0.3,code105=0.2");
    return fates(f, "flickr.photos.getInfo", 200);
  };
  t.deepEqual(make(7), make(7));
  t.notDeepEqual(make(7), make(8));
  const mix = make(7);
  t.true(mix.includes('{"kind":"reset"}') && mix.includes('{"kind":"code","code":105}') && mix.includes("-"));
});

test("a spec seed overrides the sandbox seed", (t) => {
  const a = new FaultInjector(1);
  a.set("reset=0.5,seed=99");
  const b = new FaultInjector(2);
  b.set("reset=0.5,seed=99");
  t.deepEqual(fates(a, "m", 100), fates(b, "m", 100));
});

test("draws are per method call count: other methods do not shift a method's fates", (t) => {
  const quiet = new FaultInjector(5);
  quiet.set("reset=0.3");
  const busy = new FaultInjector(5);
  busy.set("reset@upload=0.3,code105@flickr.photos.getInfo=0.5");
  const alone = fates(quiet, "upload", 50);
  const interleaved = Array.from({ length: 50 }, () => {
    busy.decide("flickr.photos.getInfo");
    return fates(busy, "upload", 1)[0];
  });
  t.deepEqual(interleaved, alone);
});

test("a burst fails that many consecutive matching calls once it fires", (t) => {
  const f = new FaultInjector(3);
  f.set("code201=0.1x3");
  const seen = fates(f, "m", 400);
  const first = seen.indexOf('{"kind":"code","code":201}');
  t.true(first >= 0);
  t.deepEqual(seen.slice(first, first + 3), Array(3).fill('{"kind":"code","code":201}'));
});

test("once() fails exactly the nth matching call from now", (t) => {
  const f = new FaultInjector(1);
  f.once("code106", { method: "flickr.photos.setTags", nth: 2 });
  t.deepEqual(fates(f, "flickr.photos.getInfo", 3), ["-", "-", "-"]);
  t.deepEqual(fates(f, "flickr.photos.setTags", 3), ["-", '{"kind":"code","code":106}', "-"]);
});

test("latency adds up and does not fail the call", (t) => {
  const f = new FaultInjector(1);
  f.set("latency=10-10ms,latency@upload=5ms");
  const d = f.decide("upload");
  t.is(d.latencyMs, 15);
  t.is(d.before, null);
  t.is(d.after, null);
});

// ---- over HTTP, with the classifier's verdict ------------------------------------------------

const SHORT = { timeoutMs: 400, uploadTimeoutMs: 400 };

test("5xx: 503 is transient; a gateway's 502 on a write is unknown-outcome, on a read transient", async (t) => {
  const s = await startTestSandbox(t, { faults: "503@flickr.photos.getInfo,502@flickr.photos.setMeta,502@flickr.test.login" });
  const { id } = await s.upload(await testImage());
  t.like(await t.throwsAsync(s.flickr("flickr.photos.getInfo", { photo_id: id })), { httpStatus: 503, kind: "transient" });
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { httpStatus: 502, kind: "transient" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setMeta", { photo_id: id, title: "x" })), { httpStatus: 502, kind: "unknown-outcome" });
  t.is(s.sandbox.photos()[0]!.title, "", "a 5xx fault is not carried out");
});

for (const code of [105, 106, 201, 0]) {
  test(`error ${code} bursts are transient (REST JSON) and not carried out`, async (t) => {
    const s = await startTestSandbox(t, { faults: `code${code}@flickr.photos.addTags=1x2` });
    const { id } = await s.upload(await testImage());
    for (let i = 0; i < 2; i++) {
      t.like(await t.throwsAsync(s.flickr("flickr.photos.addTags", { photo_id: id, tags: "x" })), { code, kind: "transient" });
    }
    t.deepEqual(s.sandbox.photos()[0]!.tags, []);
  });
}

test("upload error 3 (general failure) is transient and stores nothing", async (t) => {
  const s = await startTestSandbox(t);
  s.sandbox.faults.once("code3", { method: "upload" });
  t.like(await t.throwsAsync(s.upload(await testImage())), { code: 3, kind: "transient", method: "upload" });
  t.is(s.sandbox.photos().length, 0);
  await s.upload(await testImage());
  t.is(s.sandbox.photos().length, 1);
});

test("reset: no response; a read is transient, an upload unknown-outcome (and was not stored)", async (t) => {
  const s = await startTestSandbox(t, { faults: "reset@flickr.test.login,reset@upload" });
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { kind: "transient" });
  t.like(await t.throwsAsync(s.upload(await testImage())), { kind: "unknown-outcome", method: "upload" });
  t.is(s.sandbox.photos().length, 0);
});

test("hang: the client's per-request timeout ends it; a hung upload is unknown-outcome", async (t) => {
  const s = await startTestSandbox(t, { faults: "hang@flickr.photos.search,hang@upload" }, SHORT);
  const read = await t.throwsAsync(s.flickr("flickr.photos.search", { user_id: "me" }));
  t.like(read, { kind: "transient" });
  t.regex(read!.message, /timeout/);
  t.like(await t.throwsAsync(s.upload(await testImage())), { kind: "unknown-outcome" });
});

test("truncate: the call is carried out but the body breaks off; for a write that is unknown-outcome", async (t) => {
  const s = await startTestSandbox(t);
  const { id } = await s.upload(await testImage());
  s.sandbox.faults.once("truncate", { method: "flickr.photos.setMeta" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setMeta", { photo_id: id, title: "applied" })), { kind: "unknown-outcome", idempotent: true });
  t.is(s.sandbox.photos()[0]!.title, "applied");
  s.sandbox.faults.once("truncate", { method: "flickr.photos.getInfo" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.getInfo", { photo_id: id })), { kind: "transient" });
});

test("html: a 200 page instead of JSON is unreadable; transient for reads, unknown-outcome for writes", async (t) => {
  const s = await startTestSandbox(t, { faults: "html@flickr.test.login,html@flickr.photos.setTags" });
  const { id } = await s.upload(await testImage());
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { kind: "transient" });
  t.like(await t.throwsAsync(s.flickr("flickr.photos.setTags", { photo_id: id, tags: "a" })), { kind: "unknown-outcome" });
});

test("lost-upload: the photo is stored, the connection dropped; the classifier says unknown-outcome and a lookup finds it", async (t) => {
  const s = await startTestSandbox(t, { faults: "lost-upload=1x1" });
  const err = await t.throwsAsync(s.upload(await testImage(), { title: "lost", tags: "heritage:id=ITEM-7" }));
  t.like(err, { kind: "unknown-outcome", method: "upload", idempotent: false, code: null });
  t.is(s.sandbox.photos().length, 1, "stored before the connection dropped");
  s.sandbox.faults.clear();
  const found = (await s.flickr("flickr.photos.search", { user_id: "me", machine_tags: 'heritage:id="ITEM-7"' })) as { photos: { photo: { id: string }[] } };
  t.deepEqual(found.photos.photo.map((p) => p.id), [s.sandbox.photos()[0]!.id]);
  t.deepEqual(s.sandbox.calls().faults, { "lost-upload=1x1": 1 });
});

test("a 429 fault is served with Flickr's HTML body and counted", async (t) => {
  const s = await startTestSandbox(t);
  s.sandbox.faults.once("429");
  const err = await t.throwsAsync(s.flickr("flickr.test.login"));
  t.like(err, { httpStatus: 429, kind: "transient" });
  t.is(s.sandbox.calls().served429, 1);
});

test("latency delays but does not fail", async (t) => {
  const s = await startTestSandbox(t, { faults: "latency=5-15ms" });
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
  t.deepEqual(Object.keys(s.sandbox.calls().faults), ["latency=5-15ms"]);
});

test("faults can be set and cleared at run time, also over HTTP (/sandbox/faults)", async (t) => {
  const s = await startTestSandbox(t);
  const json = { "content-type": "application/json" };
  const post = await fetch(`${s.url}/sandbox/faults`, { method: "POST", headers: json, body: JSON.stringify({ spec: "code105@flickr.test.login=1" }) });
  t.deepEqual(await post.json(), { ok: true });
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { code: 105 });
  const bad = await fetch(`${s.url}/sandbox/faults`, { method: "POST", headers: json, body: JSON.stringify("nonsense=1") });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { error: string }).error, /unknown kind/);
  await fetch(`${s.url}/sandbox/faults`, { method: "DELETE", headers: json });
  t.like(await s.flickr("flickr.test.login"), { stat: "ok" });
  await fetch(`${s.url}/sandbox/faults/once`, { method: "POST", headers: json, body: JSON.stringify({ kind: "code106", method: "flickr.test.login", nth: 2 }) });
  await s.flickr("flickr.test.login");
  t.like(await t.throwsAsync(s.flickr("flickr.test.login")), { code: 106 });
});

import test from "ava";
import { GET, OAuthAuth, POST } from "flickr-sdk";
import { hmacSignature, signatureBaseString, canonicalUrl } from "../../src/sandbox/oauth/signature.js";
import { classifyFlickrError } from "../../src/flickr/errors.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

// ---- the algorithm, against flickr-sdk's own published test vectors (flickr-api.md §2.2) -------

test("base string double-encodes RFC 3986 reserved characters", (t) => {
  t.is(signatureBaseString("GET", "http://www.example.com", { foo: "!'()*" }), "GET&http%3A%2F%2Fwww.example.com&foo%3D%2521%2527%2528%2529%252A");
});

test("HMAC-SHA1 signatures match flickr-sdk's vectors", (t) => {
  const base = signatureBaseString("GET", "http://www.example.com", { foo: "123", bar: "456" });
  t.is(hmacSignature(base, "consumer secret", ""), "lNBTzyWRRHBuoXmgK13Nht5oiKs=");
  t.is(hmacSignature(base, "consumer secret", "keyboard cat"), "pytjoWTzMmvq13/Bai9YVX1tV9c=");
  const params = {
    method: "flickr.test.echo",
    foo: "bar",
    oauth_consumer_key: "consumer key",
    oauth_nonce: "p2m2bnHdXVIsQH0FUv0oN9XrJU57ak7dSSpHU36mn4k=",
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: "499166400",
    oauth_token: "oauth token",
    oauth_version: "1.0",
  };
  t.is(hmacSignature(signatureBaseString("GET", "https://api.flickr.com/services/rest", params), "consumer secret", "oauth token secret"), "Dz9rJCs/jKRPMeLztpj7T9Ur9m0=");
});

test("canonical URLs: each sandbox path stands for its Flickr host, trailing slash or not", (t) => {
  const table: [string, string | undefined][] = [
    ["/services/rest", "https://api.flickr.com/services/rest"],
    ["/services/rest/", "https://api.flickr.com/services/rest"],
    ["/services/upload", "https://up.flickr.com/services/upload"],
    ["/services/replace", "https://up.flickr.com/services/replace"],
    ["/services/oauth/request_token", "https://www.flickr.com/services/oauth/request_token"],
    ["/sandbox/photos", undefined],
  ];
  for (const [path, url] of table) t.is(canonicalUrl(path), url, path);
});

// ---- over HTTP: raw requests signed by flickr-sdk's OAuthAuth -----------------------------------

interface Creds {
  consumerKey: string;
  consumerSecret: string;
  oauthToken: string;
  oauthTokenSecret: string;
}

interface RawOptions {
  verb?: "GET" | "POST";
  path?: string;
  /** The URL to sign (default: the canonical Flickr URL). */
  signUrl?: string;
  /** Change parameters after signing. */
  tamper?: Record<string, string>;
  /** Sign with this timestamp (Unix seconds). */
  timestamp?: number;
}

async function signedParams(creds: Creds, verb: "GET" | "POST", url: string, params: Record<string, string>, timestamp?: number): Promise<Record<string, string>> {
  const auth = new OAuthAuth(creds.consumerKey, creds.consumerSecret, creds.oauthToken, creds.oauthTokenSecret);
  if (timestamp !== undefined) (auth as unknown as { oauth: { timestamp: () => string } }).oauth.timestamp = () => String(timestamp);
  const payload = verb === "GET" ? new GET() : new POST();
  for (const [k, v] of Object.entries(params)) payload.set(k, v);
  await auth.sign(verb, url, payload);
  return Object.fromEntries(payload.entries());
}

async function send(base: string, verb: "GET" | "POST", path: string, params: Record<string, string>): Promise<Response> {
  if (verb === "GET") return fetch(`${base}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(5000) });
  const form = new FormData();
  for (const [k, v] of Object.entries(params)) form.set(k, v);
  return fetch(`${base}${path}`, { method: "POST", body: form, signal: AbortSignal.timeout(5000) });
}

async function raw(base: string, creds: Creds, params: Record<string, string>, o: RawOptions = {}): Promise<Response> {
  const verb = o.verb ?? "GET";
  const path = o.path ?? "/services/rest";
  const signed = await signedParams(creds, verb, o.signUrl ?? canonicalUrl(path)!, { format: "json", nojsoncallback: "1", ...params }, o.timestamp);
  return send(base, verb, path, { ...signed, ...o.tamper });
}

test("a correctly signed GET and POST (multipart) are accepted", async (t) => {
  const { url, credentials } = await startTestSandbox(t);
  const get = await raw(url, credentials, { method: "flickr.test.login" });
  t.is(get.status, 200);
  t.like(await get.json(), { stat: "ok", user: { id: credentials.nsid } });
  const post = await raw(url, credentials, { method: "flickr.test.login" }, { verb: "POST" });
  t.like(await post.json(), { stat: "ok" });
});

test("a trailing slash on the path is accepted", async (t) => {
  const { url, credentials } = await startTestSandbox(t);
  const res = await raw(url, credentials, { method: "flickr.test.login" }, { path: "/services/rest/" });
  t.like(await res.json(), { stat: "ok" });
});

const signatureFailures: [string, (c: Creds, base: string) => [Creds, RawOptions]][] = [
  ["a parameter changed after signing", (c) => [c, { tamper: { method: "flickr.test.echo" } }]],
  ["a wrong consumer secret", (c) => [{ ...c, consumerSecret: "0000000000000000" }, {}]],
  ["a wrong token secret", (c) => [{ ...c, oauthTokenSecret: "0000000000000000" }, {}]],
  ["the sandbox's own URL signed instead of Flickr's", (c, base) => [c, { signUrl: `${base}/services/rest` }]],
  ["http:// instead of https:// in the signed URL", (c) => [c, { signUrl: "http://api.flickr.com/services/rest" }]],
];

for (const [name, make] of signatureFailures) {
  test(`signature refused: ${name} → HTTP 401 oauth_problem=signature_invalid with debug_sbs`, async (t) => {
    const { url, credentials } = await startTestSandbox(t);
    const [creds, options] = make(credentials, url);
    const res = await raw(url, creds, { method: "flickr.test.login" }, options);
    t.is(res.status, 401);
    const body = new URLSearchParams(await res.text());
    t.is(body.get("oauth_problem"), "signature_invalid");
    t.regex(body.get("debug_sbs") ?? "", /^GET&https%3A%2F%2Fapi\.flickr\.com%2Fservices%2Frest&/);
  });
}

test("signatureErrorStyle json answers a bad signature with Flickr error 96", async (t) => {
  const { url, credentials } = await startTestSandbox(t, { signatureErrorStyle: "json" });
  const res = await raw(url, { ...credentials, consumerSecret: "nope" }, { method: "flickr.test.login" });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { stat: "fail", code: 96, message: "Invalid signature" });
});

test("through flickr-sdk: a wrong secret is a permanent 401 for the classifier", async (t) => {
  const { clientFor, credentials } = await startTestSandbox(t);
  const bad = clientFor({ ...credentials, consumerSecret: "0123456789abcdef" });
  const err = await t.throwsAsync(bad.flickr("flickr.test.login"));
  t.like(classifyFlickrError(err, "flickr.test.login"), { kind: "permanent", httpStatus: 401, oauthProblem: "signature_invalid" });
});

test("upload signatures leave the photo unsigned; a tampered upload field is refused", async (t) => {
  const { url, credentials, sandbox } = await startTestSandbox(t);
  const signed = await signedParams(credentials, "POST", "https://up.flickr.com/services/upload", { title: "signed title" });
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...signed, title: "changed title" })) form.set(k, v);
  form.set("photo", await testImage("jpeg"), "x.jpg");
  const res = await fetch(`${url}/services/upload`, { method: "POST", body: form, signal: AbortSignal.timeout(5000) });
  t.is(res.status, 401);
  t.is(sandbox.photos().length, 0);
});

test("an unknown consumer key is error 100; an unknown or revoked token is 98", async (t) => {
  const { url, credentials, sandbox } = await startTestSandbox(t);
  const unknownKey = await raw(url, { ...credentials, consumerKey: "ffffffffffffffffffffffffffffffff" }, { method: "flickr.test.login" });
  t.like(await unknownKey.json(), { stat: "fail", code: 100 });
  const unknownToken = await raw(url, { ...credentials, oauthToken: "72157000000000000-0000000000000000" }, { method: "flickr.test.login" });
  t.like(await unknownToken.json(), { stat: "fail", code: 98 });
  const other = sandbox.createAccount({ perms: "write" });
  t.like(await (await raw(url, other, { method: "flickr.test.login" })).json(), { stat: "ok" });
  t.true(sandbox.revokeToken(other.oauthToken));
  t.like(await (await raw(url, other, { method: "flickr.test.login" })).json(), { stat: "fail", code: 98 });
});

test("a nonce used twice within the window is refused with nonce_used", async (t) => {
  const { url, credentials } = await startTestSandbox(t);
  const params = await signedParams(credentials, "GET", "https://api.flickr.com/services/rest", { method: "flickr.test.login", format: "json", nojsoncallback: "1" });
  t.is((await send(url, "GET", "/services/rest", params)).status, 200);
  const replay = await send(url, "GET", "/services/rest", params);
  t.is(replay.status, 401);
  t.is(new URLSearchParams(await replay.text()).get("oauth_problem"), "nonce_used");
});

test("a timestamp far from the clock is refused with timestamp_refused; within tolerance it passes", async (t) => {
  const now = Date.UTC(2030, 0, 1) ;
  const { url, credentials } = await startTestSandbox(t, { oauthClock: () => now, timestampToleranceSeconds: 300 });
  const old = await raw(url, credentials, { method: "flickr.test.login" }, { timestamp: now / 1000 - 301 });
  t.is(old.status, 401);
  t.is(new URLSearchParams(await old.text()).get("oauth_problem"), "timestamp_refused");
  const near = await raw(url, credentials, { method: "flickr.test.login" }, { timestamp: now / 1000 - 299 });
  t.is(near.status, 200);
});

test("the API key alone (no OAuth) is enough for methods that need no permission, not for the others", async (t) => {
  const { url, credentials } = await startTestSandbox(t);
  const licenses = await fetch(`${url}/services/rest?method=flickr.photos.licenses.getInfo&format=json&nojsoncallback=1&api_key=${credentials.consumerKey}`);
  t.like(await licenses.json(), { stat: "ok" });
  const login = await fetch(`${url}/services/rest?method=flickr.test.login&format=json&nojsoncallback=1&api_key=${credentials.consumerKey}`);
  t.like(await login.json(), { stat: "fail", code: 99 });
  const noKey = await fetch(`${url}/services/rest?method=flickr.photos.licenses.getInfo&format=json&nojsoncallback=1`);
  t.like(await noKey.json(), { stat: "fail", code: 100 });
});

test("write methods must come by POST", async (t) => {
  const { url, credentials } = await startTestSandbox(t);
  const res = await raw(url, credentials, { method: "flickr.photos.setMeta", photo_id: "1", title: "x" }, { verb: "GET" });
  t.like(await res.json(), { stat: "fail", code: 99 });
});

// ---- permission levels: read < write < delete ------------------------------------------------

const permissionTable: { method: string; params: (photoId: string) => Record<string, string>; needs: "read" | "write" | "delete" }[] = [
  { method: "flickr.test.login", params: () => ({}), needs: "read" },
  { method: "flickr.photos.recentlyUpdated", params: () => ({ min_date: "0" }), needs: "read" },
  { method: "flickr.photos.setMeta", params: (id) => ({ photo_id: id, title: "t" }), needs: "write" },
  { method: "flickr.photos.addTags", params: (id) => ({ photo_id: id, tags: "x" }), needs: "write" },
  { method: "flickr.photos.delete", params: (id) => ({ photo_id: id }), needs: "delete" },
];

for (const perms of ["read", "write", "delete"] as const) {
  test(`a ${perms} token may call exactly the methods at or below ${perms}`, async (t) => {
    const { sandbox, clientFor, upload } = await startTestSandbox(t);
    const account = sandbox.createAccount({ perms });
    const own = clientFor(account);
    const rank = { read: 1, write: 2, delete: 3 };
    for (const row of permissionTable) {
      // Each account acts on its own photo (uploaded by the default account for read tokens is not theirs).
      const { id } = perms === "read" ? await upload(await testImage()) : await own.upload(await testImage());
      const allowed = rank[perms] >= rank[row.needs];
      const call = own.flickr(row.method, row.params(id));
      if (allowed) {
        const res = await call.catch((e: { code?: number }) => e);
        t.not((res as { code?: number }).code, 99, `${perms} → ${row.method}`);
      } else {
        const err = await t.throwsAsync(call);
        t.like(err, { code: 99, kind: "permanent" }, `${perms} → ${row.method}`);
        t.regex(err!.message, new RegExp(`requires ${row.needs} privileges; ${perms} granted`));
      }
    }
  });
}

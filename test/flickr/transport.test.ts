import test from "ava";
import { createFlickr } from "flickr-sdk";
import { flickrErrorOf, HeritageTransport, parseUploadError, rewriteUrl, transportErrorOf, type CallInfo, type ResponseInfo } from "../../src/flickr/transport.js";
import { classifyFlickrError } from "../../src/flickr/errors.js";
import { startTestSandbox, testImage } from "../helpers/sandbox.js";

const rewrites: [url: string, endpoint: string | undefined, expected: string][] = [
  ["https://api.flickr.com/services/rest", "http://127.0.0.1:4010", "http://127.0.0.1:4010/services/rest"],
  ["https://up.flickr.com/services/upload", "http://127.0.0.1:4010/", "http://127.0.0.1:4010/services/upload"],
  ["https://www.flickr.com/services/oauth/authorize?perms=write&oauth_token=x", "http://127.0.0.1:4010", "http://127.0.0.1:4010/services/oauth/authorize?perms=write&oauth_token=x"],
  ["https://api.flickr.com/services/rest", "http://localhost:9/prefix", "http://localhost:9/prefix/services/rest"],
  ["https://api.flickr.com/services/rest", undefined, "https://api.flickr.com/services/rest"],
  ["https://live.staticflickr.com/65535/1_a_o.jpg", "http://127.0.0.1:4010", "https://live.staticflickr.com/65535/1_a_o.jpg"],
  ["https://api.flickr.com.example.org/services/rest", "http://127.0.0.1:4010", "https://api.flickr.com.example.org/services/rest"],
  ["http://api.flickr.com/services/rest", "http://127.0.0.1:4010", "http://api.flickr.com/services/rest"],
];

for (const [url, endpoint, expected] of rewrites) {
  test(`rewriteUrl ${url} with ${endpoint ?? "no endpoint"}`, (t) => {
    t.is(rewriteUrl(url, endpoint), expected);
  });
}

/** A fetch that records requests and answers from a script. */
function recordingFetch(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    requests.push({ url, init });
    return answer(url, init);
  }) as typeof fetch;
  return { fetchFn, requests };
}

/** What fetch does with a request that gets no answer: wait for the signal. */
function hangUntilAborted(init: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => {
    if (init.signal!.aborted) return reject(init.signal!.reason);
    init.signal!.addEventListener("abort", () => reject(init.signal!.reason));
  });
}

const credentials = { consumerKey: "ck", consumerSecret: "cs", oauthToken: "tok", oauthTokenSecret: "ts" };

test("GET calls keep the path and every parameter, signed for Flickr's URL; POST calls send multipart", async (t) => {
  const { fetchFn, requests } = recordingFetch(() => new Response('{"stat":"ok"}'));
  const transport = new HeritageTransport({ endpoint: "http://127.0.0.1:4010", fetch: fetchFn });
  const { flickr } = createFlickr(credentials, transport);
  await flickr("flickr.photos.getInfo", { photo_id: "123" });
  await flickr("flickr.photos.setMeta", { photo_id: "123", title: "a title" });
  const get = new URL(requests[0]!.url);
  t.is(`${get.origin}${get.pathname}`, "http://127.0.0.1:4010/services/rest");
  t.like(Object.fromEntries(get.searchParams), { method: "flickr.photos.getInfo", photo_id: "123", format: "json", nojsoncallback: "1", oauth_consumer_key: "ck", oauth_token: "tok" });
  t.truthy(get.searchParams.get("oauth_signature"));
  t.is(requests[1]!.url, "http://127.0.0.1:4010/services/rest");
  t.is(requests[1]!.init.method, "POST");
  const body = requests[1]!.init.body as FormData;
  t.true(body instanceof FormData);
  t.is(body.get("title"), "a title");
});

test("counts per method and in total; onCall runs (and is awaited) before each request, onResponse after", async (t) => {
  const order: string[] = [];
  const { fetchFn } = recordingFetch((url) => {
    order.push(`fetch ${new URL(url).searchParams.get("method") ?? new URL(url).pathname}`);
    return new Response(url.includes("nope") ? '{"stat":"fail","code":112,"message":"Method not found"}' : '{"stat":"ok"}');
  });
  const seen: ResponseInfo[] = [];
  const transport = new HeritageTransport({
    fetch: fetchFn,
    onCall: async (call: CallInfo) => {
      order.push(`onCall ${call.method} write=${call.write}`);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`released ${call.method}`);
    },
    onResponse: (info) => seen.push(info),
  });
  const { flickr } = createFlickr(credentials, transport);
  await flickr("flickr.test.login", {});
  await flickr("flickr.test.login", {});
  await flickr("flickr.photos.addTags", { photo_id: "1", tags: "x" });
  await flickr("flickr.photos.nope" as "flickr.test.login", {}).catch(() => undefined);
  t.deepEqual(transport.counts(), { "flickr.test.login": 2, "flickr.photos.addTags": 1, "flickr.photos.nope": 1 });
  t.is(transport.total(), 4);
  t.deepEqual(order.slice(0, 3), ["onCall flickr.test.login write=false", "released flickr.test.login", "fetch flickr.test.login"]);
  t.is(order[6], "onCall flickr.photos.addTags write=true");
  t.deepEqual(seen.map((s) => [s.method, s.status, s.flickrCode]), [
    ["flickr.test.login", 200, null],
    ["flickr.test.login", 200, null],
    ["flickr.photos.addTags", 200, null],
    ["flickr.photos.nope", 200, 112],
  ]);
  t.false(JSON.stringify(seen).includes("oauth_signature"), "hooks never see parameters");
  transport.resetCounts();
  t.is(transport.total(), 0);
});

test("a request that gets no answer is aborted at the timeout and marked as timed out", async (t) => {
  const fetchFn = ((_url: string, init: RequestInit) =>
    hangUntilAborted(init)) as unknown as typeof fetch;
  const transport = new HeritageTransport({ fetch: fetchFn, timeoutMs: 30 });
  const { flickr } = createFlickr(credentials, transport);
  const err = await t.throwsAsync(flickr("flickr.photos.getInfo", { photo_id: "1" }));
  t.is(err!.name, "TimeoutError");
  t.like(transportErrorOf(err), { method: "flickr.photos.getInfo", phase: "request", timedOut: true, write: false });
  t.like(classifyFlickrError(err, "flickr.photos.getInfo"), { kind: "transient" });
});

test("an external signal (Ctrl-C) aborts requests in flight", async (t) => {
  const controller = new AbortController();
  // Ctrl-C once the request is on its way (no timer: the fetch itself says when).
  const fetchFn = ((_url: string, init: RequestInit) => {
    const hung = hangUntilAborted(init);
    controller.abort(new Error("SIGINT"));
    return hung;
  }) as unknown as typeof fetch;
  const transport = new HeritageTransport({ fetch: fetchFn, timeoutMs: 10_000, signal: controller.signal });
  const { flickr } = createFlickr(credentials, transport);
  const call = flickr("flickr.photos.getInfo", { photo_id: "1" });
  const err = await t.throwsAsync(call);
  t.is(err!.message, "SIGINT");
  t.like(transportErrorOf(err), { timedOut: false });
});

test("non-2xx throws as FetchTransport does: Error(statusText, {cause: Response}) with the body still readable", async (t) => {
  const html = "<html><body><h1>429 Too Many Requests</h1></body></html>";
  const { fetchFn } = recordingFetch(() => new Response(html, { status: 429, statusText: "Too Many Requests", headers: { "retry-after": "30" } }));
  const { flickr } = createFlickr(credentials, new HeritageTransport({ fetch: fetchFn }));
  const err = await t.throwsAsync(flickr("flickr.test.login", {}));
  t.is(err!.message, "Too Many Requests");
  const cause = (err as Error & { cause: Response }).cause;
  t.true(cause instanceof Response);
  t.is(cause.status, 429);
  t.is(await cause.text(), html);
  t.like(classifyFlickrError(err, "flickr.test.login"), { kind: "transient", httpStatus: 429, retryAfterSeconds: 30 });
});

test("parseUploadError reads Flickr's <err> element, entities decoded", (t) => {
  t.deepEqual(parseUploadError('<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="fail">\n\t<err code="5" msg="Filetype was not recognised" />\n</rsp>\n'), { code: 5, message: "Filetype was not recognised" });
  t.deepEqual(parseUploadError('<rsp stat="fail"><err code="8" msg="Size &quot;too&quot; large &amp; more" /></rsp>'), { code: 8, message: 'Size "too" large & more' });
  t.is(parseUploadError('<rsp stat="ok"><photoid>1</photoid></rsp>'), null);
});

test("against the sandbox: an upload error keeps Flickr's numeric code, which flickr-sdk alone loses", async (t) => {
  const s = await startTestSandbox(t);
  const { upload } = createFlickr(s.credentials, s.transport);
  const err = await t.throwsAsync(upload(new Blob(["not an image"]), {}));
  t.is(err!.message, "Filetype was not recognised");
  const response = (err as Error & { cause: Response }).cause;
  t.deepEqual(flickrErrorOf(response), { code: 5, message: "Filetype was not recognised" });
  t.like(classifyFlickrError(err, "upload"), { code: 5, kind: "permanent" });
  // And a success passes through untouched.
  const ok = await upload(await testImage(), { title: "ok" });
  t.regex(ok.id, /^\d+$/);
  t.deepEqual(s.transport.counts(), { upload: 2 });
});

test("a call aborted while waiting in onCall is never sent", async (t) => {
  const controller = new AbortController();
  const { fetchFn, requests } = recordingFetch(() => new Response('{"stat":"ok"}'));
  const transport = new HeritageTransport({
    fetch: fetchFn,
    signal: controller.signal,
    // A rate limiter holding the call while Ctrl-C arrives.
    onCall: () => void controller.abort(new Error("SIGINT")),
  });
  const { flickr } = createFlickr(credentials, transport);
  await t.throwsAsync(flickr("flickr.photos.setMeta", { photo_id: "1", title: "x" }), { message: "SIGINT" });
  t.is(requests.length, 0);
  t.is(transport.total(), 1, "counted as attempted");
});

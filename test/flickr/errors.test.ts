import test from "ava";
import { classifyFlickrError, FlickrApiError, isIdempotent, isWriteMethod, kindOfCode, kindOfHttpStatus, type FlickrErrorKind } from "../../src/flickr/errors.js";
import { clearSecrets, registerSecret } from "../../src/redact.js";

const restFail = (code: number, message = "msg") => new Error(message, { cause: { stat: "fail", code, message } });
const network = (code: string, message = "fetch failed") => new TypeError(message, { cause: Object.assign(new Error(code), { code }) });
const httpError = (status: number, body = "") => new Error("status", { cause: new Response(body, { status }) });
const uploadFail = (message: string) => new Error(message, { cause: new Response("", { status: 200 }) });

const table: [name: string, err: unknown, method: string, expected: Partial<FlickrApiError> & { kind: FlickrErrorKind }][] = [
  // Flickr codes, keyed on (method, code)
  ["REST 105", restFail(105), "flickr.photos.getInfo", { kind: "transient", code: 105 }],
  ["REST 106 on a write", restFail(106), "flickr.photos.setTags", { kind: "transient", code: 106 }],
  ["REST 201", restFail(201), "flickr.photos.search", { kind: "transient", code: 201 }],
  ["REST 0", restFail(0), "flickr.photos.search", { kind: "transient", code: 0 }],
  ["REST 96 bad signature", restFail(96), "flickr.test.login", { kind: "permanent", code: 96 }],
  ["REST 98 bad token", restFail(98), "flickr.test.login", { kind: "permanent", code: 98 }],
  ["REST 99 insufficient permissions", restFail(99), "flickr.photos.delete", { kind: "permanent", code: 99 }],
  ["REST 100 bad key", restFail(100), "flickr.test.login", { kind: "permanent", code: 100 }],
  ["REST 112 unknown method", restFail(112), "flickr.nope", { kind: "permanent", code: 112 }],
  ["setLicense 2", restFail(2), "flickr.photos.licenses.setLicense", { kind: "permanent", code: 2 }],
  ["getInfo 1 not found", restFail(1), "flickr.photos.getInfo", { kind: "permanent", code: 1 }],
  // upload codes: 3 is retryable, a bad file is not
  ["upload 3 by message", uploadFail("General upload failure"), "upload", { kind: "transient", code: 3 }],
  ["upload 5 by message", uploadFail("Filetype was not recognised"), "upload", { kind: "permanent", code: 5 }],
  ["upload 8 by message", uploadFail("Filesize was too large"), "upload", { kind: "permanent", code: 8 }],
  ["upload 6 by message", uploadFail("Upload limit reached. For more info, visit flickr.com/pro"), "upload", { kind: "permanent", code: 6 }],
  ["upload 105 by message", uploadFail("Service currently unavailable"), "upload", { kind: "transient", code: 105 }],
  ["upload unknown message", uploadFail("Something new"), "upload", { kind: "permanent", code: null }],
  // HTTP
  ["429", httpError(429), "flickr.photos.search", { kind: "transient", httpStatus: 429 }],
  ["429 on upload", httpError(429), "upload", { kind: "transient", httpStatus: 429 }],
  ["500", httpError(500), "upload", { kind: "transient", httpStatus: 500 }],
  ["503", httpError(503), "flickr.photos.setMeta", { kind: "transient", httpStatus: 503 }],
  ["502 on a read", httpError(502), "flickr.photos.getInfo", { kind: "transient", httpStatus: 502 }],
  ["502 on upload", httpError(502), "upload", { kind: "unknown-outcome", httpStatus: 502 }],
  ["504 on a write", httpError(504), "flickr.photosets.create", { kind: "unknown-outcome", httpStatus: 504 }],
  ["401", httpError(401, "oauth_problem=signature_invalid"), "flickr.test.login", { kind: "permanent", httpStatus: 401 }],
  ["404", httpError(404), "flickr.test.login", { kind: "permanent", httpStatus: 404 }],
  // network: never sent vs may have arrived
  ["connection refused on upload", network("ECONNREFUSED"), "upload", { kind: "transient" }],
  ["DNS failure", network("ENOTFOUND"), "flickr.photos.setTags", { kind: "transient" }],
  ["reset on a read", network("ECONNRESET"), "flickr.photos.getInfo", { kind: "transient" }],
  ["reset on upload", network("ECONNRESET"), "upload", { kind: "unknown-outcome" }],
  ["socket closed on replace", network("UND_ERR_SOCKET"), "replace", { kind: "unknown-outcome" }],
  ["body cut off on a write", new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }), "flickr.photos.addTags", { kind: "unknown-outcome" }],
  ["timeout on upload", Object.assign(new Error("no answer"), { name: "TimeoutError" }), "upload", { kind: "unknown-outcome" }],
  ["timeout on a read", Object.assign(new Error("no answer"), { name: "TimeoutError" }), "flickr.photos.search", { kind: "transient" }],
  ["abort on upload", Object.assign(new Error("aborted"), { name: "AbortError" }), "upload", { kind: "unknown-outcome" }],
  ["an HTML page instead of JSON on a write", new SyntaxError("Unexpected token '<'"), "flickr.photos.setMeta", { kind: "unknown-outcome" }],
  ["an HTML page instead of JSON on a read", new SyntaxError("Unexpected token '<'"), "flickr.photos.getInfo", { kind: "transient" }],
  ["an XML parse error on upload", Object.assign(new Error("Missing end tag"), { name: "XmlError" }), "upload", { kind: "unknown-outcome" }],
  // anything else is not for retrying
  ["a bug", new TypeError("Cannot read properties of undefined (reading '_content')"), "upload", { kind: "permanent", code: null }],
  ["a string", "boom", "flickr.test.login", { kind: "permanent" }],
];

for (const [name, err, method, expected] of table) {
  test(`classify: ${name} → ${expected.kind}`, (t) => {
    const classified = classifyFlickrError(err, method);
    t.true(classified instanceof FlickrApiError);
    t.like(classified, { method, ...expected });
    if (err instanceof Error) t.is(classified.cause, err);
  });
}

test("a FlickrApiError passes through unchanged", (t) => {
  const e = new FlickrApiError("x", { method: "upload", kind: "transient", code: 3 });
  t.is(classifyFlickrError(e, "flickr.test.login"), e);
});

test("messages never carry registered secrets", (t) => {
  t.teardown(clearSecrets);
  registerSecret("s3cr3t-token-value");
  const classified = classifyFlickrError(new Error("failed with oauth_token=s3cr3t-token-value", { cause: { stat: "fail", code: 98 } }), "flickr.test.login");
  t.false(classified.message.includes("s3cr3t-token-value"));
  t.regex(classified.message, /redacted/);
});

const methods: [string, boolean, boolean][] = [
  ["upload", true, false],
  ["replace", true, true],
  ["flickr.photosets.create", true, false],
  ["flickr.photos.comments.addComment", true, false],
  ["flickr.photos.setTags", true, true],
  ["flickr.photos.addTags", true, true],
  ["flickr.photos.licenses.setLicense", true, true],
  ["flickr.photos.getInfo", false, true],
  ["flickr.photos.search", false, true],
];

for (const [method, write, idempotent] of methods) {
  test(`${method}: write ${write}, idempotent ${idempotent}`, (t) => {
    t.is(isWriteMethod(method), write);
    t.is(isIdempotent(method), idempotent);
  });
}

test("the code and status tables", (t) => {
  t.is(kindOfCode("upload", 14), "transient");
  t.is(kindOfCode("flickr.photos.setTags", 3), "permanent", "3 is only transient for upload/replace");
  t.is(kindOfHttpStatus("flickr.test.login", 401, "nonce_used"), "transient", "a reused nonce is fine with a fresh one");
  t.is(kindOfHttpStatus("flickr.test.login", 401, "timestamp_refused"), "permanent");
});

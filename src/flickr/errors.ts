/**
 * What a failed Flickr call means for the pipeline. Every error flickr-sdk (through
 * HeritageTransport) can throw becomes a `FlickrApiError` with one of three kinds:
 *
 * - `transient`: try again later — network trouble before the request went out, HTTP 429/500/503,
 *   Flickr 0/105/106/201, upload 3 (general failure) and 14 (server at capacity), a 401
 *   `nonce_used`; and any ambiguous failure of a *read*.
 * - `permanent`: retrying cannot help — signature/auth (96–100, other 401s), unknown method or
 *   format, bad arguments, a bad file (upload 2/4/5/8), limits (6, 15), not found, …
 * - `unknown-outcome`: a *write* whose request may have reached Flickr but whose answer was lost
 *   (timeout, reset, body cut off or garbled, 502/504 from a gateway). An upload may have
 *   created the photo: look it up (by its machine tag) before uploading again. `idempotent`
 *   says whether simply repeating the call is harmless anyway.
 *
 * Codes are keyed on (method, code): method-specific codes are small integers that mean
 * different things per method (flickr-api.md §5).
 */
import { isIdempotent, isWriteMethod } from "./methods.js";
import { redactSecrets } from "../redact.js";
export { isIdempotent, isWriteMethod } from "./methods.js";
import { flickrErrorOf, httpFailureOf, transportErrorOf } from "./transport.js";

export type FlickrErrorKind = "transient" | "permanent" | "unknown-outcome";

export interface FlickrApiErrorInit {
  method: string;
  kind: FlickrErrorKind;
  code?: number | null;
  httpStatus?: number | null;
  oauthProblem?: string | null;
  retryAfterSeconds?: number | null;
  duplicatePhotoId?: string | null;
  cause?: unknown;
}

export class FlickrApiError extends Error {
  /** Flickr's numeric error code, or null (HTTP or network failure). */
  readonly code: number | null;
  /** HTTP status when the failure was an HTTP one, else null. */
  readonly httpStatus: number | null;
  /** The REST method, `upload`, `replace` or `oauth.*`. */
  readonly method: string;
  readonly kind: FlickrErrorKind;
  /** Repeating the call cannot create a second anything (false for upload, photosets.create, addComment). */
  readonly idempotent: boolean;
  /** `oauth_problem` of a 401 (signature_invalid, nonce_used, timestamp_refused, token_rejected…). */
  readonly oauthProblem: string | null;
  /** From a Retry-After header, when Flickr sent one. */
  readonly retryAfterSeconds: number | null;
  /** Upload error 9 (`dedup_check`): the photo on Flickr with the same bytes, when Flickr named it. */
  readonly duplicatePhotoId: string | null;

  constructor(message: string, init: FlickrApiErrorInit) {
    super(redactSecrets(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "FlickrApiError";
    this.method = init.method;
    this.kind = init.kind;
    this.code = init.code ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.oauthProblem = init.oauthProblem ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.duplicatePhotoId = init.duplicatePhotoId ?? null;
    this.idempotent = isIdempotent(init.method);
  }
}

const TRANSIENT_CODES = new Set([0, 105, 106, 201]);
/** Upload/replace: 3 general failure, 14 server at capacity (wait and retry). */
const TRANSIENT_UPLOAD_CODES = new Set([3, 14]);

/** The kind of a Flickr error code for a method (table-driven; see the module comment). */
export function kindOfCode(method: string, code: number): FlickrErrorKind {
  if (TRANSIENT_CODES.has(code)) return "transient";
  if ((method === "upload" || method === "replace") && TRANSIENT_UPLOAD_CODES.has(code)) return "transient";
  return "permanent";
}

/** The kind of an HTTP failure. */
export function kindOfHttpStatus(method: string, status: number, oauthProblem: string | null): FlickrErrorKind {
  if (status === 401) return oauthProblem === "nonce_used" ? "transient" : "permanent";
  if (status === 429 || status === 500 || status === 503) return "transient";
  // A gateway's 502/504 may come after Flickr carried the call out.
  if (status === 502 || status === 504) return isWriteMethod(method) ? "unknown-outcome" : "transient";
  if (status >= 500) return "transient";
  return "permanent";
}

/** Upload messages (flickr-api.md §3) → code, for errors that did not pass through HeritageTransport. */
const UPLOAD_MESSAGES: Record<string, number> = {
  "Video uploads are temporarily disabled": 0,
  "Not a pro account": 1,
  "No photo specified": 2,
  "General upload failure": 3,
  "Filesize was zero": 4,
  "Filetype was not recognised": 5,
  "User exceeded upload limit": 6,
  "Upload limit reached. For more info, visit flickr.com/pro": 6,
  "User exceeded video upload limit": 7,
  "Filesize was too large": 8,
  "Duplicate photo/video detected": 9,
  "Non-safe content not allowed": 15,
  "Invalid signature": 96,
  "Missing signature": 97,
  "Invalid auth token": 98,
  "Login failed / Invalid auth token": 98,
  "Insufficient permissions": 99,
  "Service currently unavailable": 105,
  "Write operation failed": 106,
};

/** Network error codes that mean the request never left (safe to send again, even a write). */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function networkCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

const isResponse = (x: unknown): x is Response => typeof Response !== "undefined" && x instanceof Response;

/** Turn anything a Flickr call threw into a classified FlickrApiError. */
export function classifyFlickrError(err: unknown, method: string): FlickrApiError {
  if (err instanceof FlickrApiError) return err;
  const write = isWriteMethod(method);
  const ambiguous: FlickrErrorKind = write ? "unknown-outcome" : "transient";
  const cause = (err as { cause?: unknown } | null)?.cause;
  const message = err instanceof Error ? err.message : String(err);

  // REST: flickr-sdk throws Error(json.message, { cause: json }).
  if (cause && typeof cause === "object" && (cause as { stat?: unknown }).stat === "fail") {
    const code = Number((cause as { code?: unknown }).code);
    return new FlickrApiError(`${method}: Flickr error ${code} (${message})`, { method, kind: kindOfCode(method, code), code, cause: err });
  }
  if (isResponse(cause)) {
    // Non-2xx from the transport (FetchTransport's contract).
    const http = httpFailureOf(cause);
    if (http || !cause.ok) {
      const status = http?.status ?? cause.status;
      const oauthProblem = http?.oauthProblem ?? null;
      return new FlickrApiError(`${method}: HTTP ${status}${oauthProblem ? ` (oauth_problem=${oauthProblem})` : ""}`, {
        method,
        kind: kindOfHttpStatus(method, status, oauthProblem),
        httpStatus: status,
        oauthProblem,
        retryAfterSeconds: http?.retryAfterSeconds ?? null,
        cause: err,
      });
    }
    // Upload/replace `stat="fail"`: flickr-sdk throws Error(msg, { cause: res }); the code comes
    // from our transport, or failing that from the message text.
    const body = flickrErrorOf(cause);
    const code = body?.code ?? UPLOAD_MESSAGES[message] ?? null;
    return new FlickrApiError(`${method}: Flickr error ${code ?? "?"} (${message})`, {
      method,
      kind: code === null ? "permanent" : kindOfCode(method, code),
      code,
      duplicatePhotoId: body?.duplicatePhotoId ?? null,
      cause: err,
    });
  }

  const transport = transportErrorOf(err);
  const name = err instanceof Error ? err.name : "";
  if (transport?.timedOut || name === "TimeoutError") {
    return new FlickrApiError(`${method}: no answer within the timeout`, { method, kind: ambiguous, cause: err });
  }
  if (name === "AbortError") return new FlickrApiError(`${method}: aborted`, { method, kind: ambiguous, cause: err });
  const netCode = networkCode(err);
  if (netCode && NOT_SENT.has(netCode)) {
    return new FlickrApiError(`${method}: could not connect (${netCode})`, { method, kind: "transient", cause: err });
  }
  // A 2xx body that is not what the SDK expected (an HTML page, half a document): Flickr may have
  // carried the call out.
  if (err instanceof SyntaxError || name === "XmlError") {
    return new FlickrApiError(`${method}: unreadable response (${message})`, { method, kind: ambiguous, cause: err });
  }
  if (transport || netCode || (err instanceof TypeError && /fetch failed|terminated|network|socket/i.test(message))) {
    // fetch failed / terminated / other side closed / ECONNRESET: the request may have arrived.
    return new FlickrApiError(`${method}: connection lost (${netCode ?? message})`, { method, kind: ambiguous, cause: err });
  }
  return new FlickrApiError(`${method}: ${message}`, { method, kind: "permanent", cause: err });
}

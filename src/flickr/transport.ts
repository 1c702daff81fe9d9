/**
 * The one way heritage talks to Flickr: a flickr-sdk `Transport` that
 * - sends requests for `https://{api,up,www}.flickr.com` to another endpoint when one is set (the
 *   sandbox), keeping path and parameters, so the SDK's signatures — made over the real Flickr
 *   URL — stay valid;
 * - gives every request its own timeout (flickr-sdk has none), uploads a longer one;
 * - counts calls per method and runs hooks before (a rate limiter can await there) and after
 *   each request;
 * - reads each body itself, so a body cut off mid-way fails inside the timeout with the method
 *   known, and keeps Flickr's numeric `<err code>` of upload/replace failures, which flickr-sdk
 *   drops (it is attached to the Response it hands back; see `flickrErrorOf`);
 * - throws on non-2xx exactly as flickr-sdk's FetchTransport does, `Error(statusText, {cause: Response})`
 *   with the body still readable, so the SDK's contract holds.
 */
import type { GET, POST, Transport } from "flickr-sdk";
import { POST_REGEXP } from "flickr-sdk";

/** What a hook learns about a call (never parameters: they hold signatures and tokens). */
export interface CallInfo {
  /** REST method name, `upload`, `replace`, or `oauth.request_token` / `oauth.access_token`. */
  method: string;
  kind: "rest" | "upload" | "replace" | "oauth";
  /** Whether the call changes something on Flickr. */
  write: boolean;
  /** The URL actually requested, without its query. */
  url: string;
}

export interface ResponseInfo extends CallInfo {
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Flickr's error code when the body says `stat="fail"`, else null. */
  flickrCode: number | null;
  durationMs: number;
  /** The network error or timeout, when there was one. */
  error?: unknown;
}

export interface HeritageTransportOptions {
  /** Where to send Flickr's requests instead (e.g. `http://127.0.0.1:4010`); unset = Flickr itself. */
  endpoint?: string;
  /** Per-request timeout for REST and OAuth calls, ms. @default 60000 */
  timeoutMs?: number;
  /** Per-request timeout for upload and replace, ms. @default 600000 */
  uploadTimeoutMs?: number;
  /** The fetch to use (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Aborts every request in flight (e.g. the CLI's SIGINT signal). */
  signal?: AbortSignal;
  /** Runs before each request; awaited, so a rate limiter can hold the call here. */
  onCall?: (call: CallInfo) => void | Promise<void>;
  /** Runs after each request, successful or not. */
  onResponse?: (info: ResponseInfo) => void;
}

export const TRANSPORT_DEFAULTS = { timeoutMs: 60_000, uploadTimeoutMs: 600_000 } as const;

/** Flickr's error as read from an upload/replace body, attached to the Response handed to the SDK. */
export interface FlickrBodyError {
  code: number;
  message: string;
  /**
   * Upload error 9 (`dedup_check`): the photo with the same bytes, read from a
   * `<duplicate_photo_id>` element beside `<err>` or an attribute of `<err>` (which one Flickr
   * sends is unconfirmed), or null.
   */
  duplicatePhotoId?: string | null;
}

/** Facts about a failed HTTP exchange, attached to the Response in the error's `cause`. */
export interface HttpFailureInfo {
  status: number;
  /** `oauth_problem` of a 401 (signature_invalid, nonce_used, …), or null. */
  oauthProblem: string | null;
  /** Retry-After in seconds, when the server sent one. */
  retryAfterSeconds: number | null;
}

/** Attached to errors thrown while requesting, so the classifier knows what was under way. */
export interface TransportErrorInfo {
  method: string;
  write: boolean;
  /** `request`: no response yet (it may or may not have arrived); `body`: the response broke off. */
  phase: "request" | "body";
  timedOut: boolean;
}

const BODY_ERROR = Symbol.for("heritage.flickrBodyError");
const HTTP_FAILURE = Symbol.for("heritage.httpFailure");
const TRANSPORT_ERROR = Symbol.for("heritage.transportError");

/** The `<err code msg>` of an upload/replace Response this transport produced, if it failed. */
export function flickrErrorOf(response: unknown): FlickrBodyError | null {
  return (response as { [BODY_ERROR]?: FlickrBodyError } | null)?.[BODY_ERROR] ?? null;
}

export function httpFailureOf(response: unknown): HttpFailureInfo | null {
  return (response as { [HTTP_FAILURE]?: HttpFailureInfo } | null)?.[HTTP_FAILURE] ?? null;
}

export function transportErrorOf(err: unknown): TransportErrorInfo | null {
  return (err as { [TRANSPORT_ERROR]?: TransportErrorInfo } | null)?.[TRANSPORT_ERROR] ?? null;
}

function attach<T extends object>(target: T, key: symbol, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: false });
  return target;
}

const FLICKR_HOSTS = /^https:\/\/(?:api|up|www)\.flickr\.com(?=\/|$)/;

/** Rewrite a Flickr URL to the endpoint (path and query kept); other URLs pass unchanged. */
export function rewriteUrl(url: string, endpoint: string | undefined): string {
  if (!endpoint) return url;
  return url.replace(FLICKR_HOSTS, endpoint.replace(/\/+$/, ""));
}

/** The XML error of an upload/replace body: `<rsp stat="fail"><err code="5" msg="…" /></rsp>`. */
export function parseUploadError(xml: string): FlickrBodyError | null {
  if (!/<rsp[^>]*stat="fail"/.test(xml)) return null;
  const code = /<err[^>]*\bcode="(\d+)"/.exec(xml);
  const msg = /<err[^>]*\bmsg="([^"]*)"/.exec(xml);
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const duplicate = /<duplicate_photo_id>\s*(\d+)\s*<\/duplicate_photo_id>/.exec(xml) ?? /<err[^>]*\bduplicate_photo_id="(\d+)"/.exec(xml);
  return { code: code ? Number(code[1]) : -1, message: msg ? decode(msg[1]!) : "", ...(duplicate ? { duplicatePhotoId: duplicate[1]! } : {}) };
}

function restFailureCode(text: string): number | null {
  if (!text.includes('"stat":"fail"')) return null;
  try {
    const json = JSON.parse(text) as { code?: unknown };
    return typeof json.code === "number" ? json.code : Number(json.code ?? NaN) || null;
  } catch {
    return null;
  }
}

function describe(url: string, method: string | null): Omit<CallInfo, "url"> {
  const path = new URL(url).pathname.replace(/\/+$/, "");
  if (path.endsWith("/services/upload")) return { method: "upload", kind: "upload", write: true };
  if (path.endsWith("/services/replace")) return { method: "replace", kind: "replace", write: true };
  if (path.includes("/services/oauth/")) return { method: `oauth.${path.split("/").at(-1)}`, kind: "oauth", write: false };
  const name = method ?? "(none)";
  return { method: name, kind: "rest", write: POST_REGEXP.test(name) };
}

export class HeritageTransport implements Transport {
  private readonly options: HeritageTransportOptions;
  private readonly fetchFn: typeof fetch;
  private readonly byMethod: Record<string, number> = {};
  private count = 0;

  constructor(options: HeritageTransportOptions = {}) {
    this.options = options;
    this.fetchFn = options.fetch ?? globalThis.fetch;
  }

  /** Calls per method since creation (or the last `resetCounts`). */
  counts(): Record<string, number> {
    return { ...this.byMethod };
  }

  total(): number {
    return this.count;
  }

  resetCounts(): void {
    for (const key of Object.keys(this.byMethod)) delete this.byMethod[key];
    this.count = 0;
  }

  async get(url: string, params: GET): Promise<Response> {
    const target = new URL(rewriteUrl(url, this.options.endpoint));
    let method: string | null = null;
    for (const [key, value] of params.entries()) {
      target.searchParams.set(key, value);
      if (key === "method") method = value;
    }
    return this.send(url, target.href, { method: "GET" }, method);
  }

  async post(url: string, params: POST): Promise<Response> {
    const body = params.getFormData();
    const method = body.get("method");
    return this.send(url, rewriteUrl(url, this.options.endpoint), { method: "POST", body }, typeof method === "string" ? method : null);
  }

  private async send(flickrUrl: string, target: string, init: RequestInit, restMethod: string | null): Promise<Response> {
    const call: CallInfo = { ...describe(flickrUrl, restMethod), url: target.split("?")[0]! };
    this.count += 1;
    this.byMethod[call.method] = (this.byMethod[call.method] ?? 0) + 1;
    await this.options.onCall?.(call);
    const upload = call.kind === "upload" || call.kind === "replace";
    const ms = upload ? (this.options.uploadTimeoutMs ?? TRANSPORT_DEFAULTS.uploadTimeoutMs) : (this.options.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs);
    // Not AbortSignal.timeout: its timer is unref'd, and undici can leave a request whose connection
    // was cut waiting with no socket — with nothing else running, the process would just exit.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(Object.assign(new Error(`no answer within ${ms} ms`), { name: "TimeoutError" })), ms);
    const signal = this.options.signal ? AbortSignal.any([timeout.signal, this.options.signal]) : timeout.signal;
    try {
      return await this.exchange(call, target, { ...init, signal }, timeout.signal, upload);
    } finally {
      clearTimeout(timer);
    }
  }

  private async exchange(call: CallInfo, target: string, init: RequestInit, timeout: AbortSignal, upload: boolean): Promise<Response> {
    const started = performance.now();
    const report = (status: number | null, flickrCode: number | null, error?: unknown) =>
      this.options.onResponse?.({ ...call, status, flickrCode, durationMs: performance.now() - started, ...(error === undefined ? {} : { error }) });
    const fail = (err: unknown, phase: TransportErrorInfo["phase"], status: number | null): never => {
      report(status, null, err);
      if (err !== null && typeof err === "object") {
        attach(err, TRANSPORT_ERROR, { method: call.method, write: call.write, phase, timedOut: timeout.aborted } satisfies TransportErrorInfo);
      }
      throw err;
    };

    let res: Response;
    try {
      // Aborted while waiting in onCall (e.g. Ctrl-C during a rate-limit wait): do not send at all.
      init.signal?.throwIfAborted();
      res = await this.fetchFn(target, init);
    } catch (err) {
      return fail(err, "request", null);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return fail(err, "body", res.status);
    }
    const copy = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    if (!res.ok) {
      const retryAfter = Number(res.headers.get("retry-after"));
      attach(copy, HTTP_FAILURE, {
        status: res.status,
        oauthProblem: res.status === 401 ? new URLSearchParams(text).get("oauth_problem") : null,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      } satisfies HttpFailureInfo);
      report(res.status, null);
      // As FetchTransport: the SDK's callers expect this error, with the Response as its cause.
      throw new Error(res.statusText || `HTTP ${res.status}`, { cause: copy });
    }
    if (upload && !/<rsp[\s>]/.test(text)) {
      // A proxy's or an error page's HTML (or any other non-XML) with a 2xx status: flickr-sdk
      // would fail reading it with a TypeError. The upload may or may not have been carried out.
      const snippet = text.replace(/\s+/g, " ").trim().slice(0, 60);
      return fail(new SyntaxError(`the answer is not Flickr's XML (${res.headers.get("content-type") ?? "no content type"}: ${JSON.stringify(snippet)})`), "body", res.status);
    }
    const bodyError = upload ? parseUploadError(text) : null;
    if (bodyError) attach(copy, BODY_ERROR, bodyError);
    report(res.status, bodyError?.code ?? (call.kind === "rest" ? restFailureCode(text) : null));
    return copy;
  }
}

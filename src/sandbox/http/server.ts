/**
 * The HTTP face of the sandbox: routes Flickr's paths, applies the quota and the faults around
 * each call, commits the store before a response goes out, and serves the inspection endpoints.
 *
 *   GET|POST /services/rest            REST (GET: query; POST: multipart or urlencoded)
 *   POST     /services/upload          upload (XML)
 *   POST     /services/replace         replace (XML)
 *   GET      /services/oauth/request_token | access_token   OAuth (form bodies)
 *   GET      /services/oauth/authorize                        approves at once, redirects back
 *   GET      /sandbox/photos | /sandbox/calls                 inspection (no quota, not counted)
 *   POST     /sandbox/faults {"spec": "…"} · DELETE /sandbox/faults · POST /sandbox/faults/once (JSON)
 *   POST     /sandbox/calls/reset
 *   POST     /sandbox/community (JSON)                        the simulated public (methods/community.ts)
 *   Control requests (POST/DELETE) need `Content-Type: application/json`; no CORS preflight is answered.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { SandboxConfig } from "../options.js";
import type { SandboxStore } from "../store.js";
import type { CallRecorder } from "../calls.js";
import type { FaultDecision, FaultInjector, FaultRuleInput } from "../faults.js";
import { Throttle, type RollingQuota } from "../quota.js";
import { dispatchOAuth, dispatchRest, dispatchUpload, type DispatchDeps, type Outcome } from "../api/dispatch.js";
import { messageFor } from "../api/errors.js";
import { authorize, verifierPage, type OAuthResponse } from "../oauth/endpoints.js";
import {
  htmlPage,
  jsonBody,
  notFound,
  restFail,
  restFormat,
  serverErrorPage,
  tooManyRequests,
  unexpectedHtml,
  uploadFail,
  type Body,
} from "./bodies.js";
import { parseTarget, readRequest, readText, type ParsedRequest } from "./request.js";
import { readExifTakenDate } from "../upload/exif-date.js";

export interface ServerDeps extends DispatchDeps {
  store: SandboxStore;
  config: SandboxConfig;
  calls: CallRecorder;
  quota: RollingQuota;
  faults: FaultInjector;
  /** The sandbox's base URL (known once it listens). */
  baseUrl(): string;
  /** The account that approves authorisation requests. */
  approverNsid(): string;
  inspectPhotos(): unknown;
  /** The simulated public: a JSON control request, and the crowd's turn before each call. */
  community?: { control(body: unknown): unknown; tick(nowMs: number): void };
}

type Route = "rest" | "upload" | "replace" | "request_token" | "access_token";

const ROUTES: Record<string, Route> = {
  "/services/rest": "rest",
  "/services/upload": "upload",
  "/services/replace": "replace",
  "/services/oauth/request_token": "request_token",
  "/services/oauth/access_token": "access_token",
};

/** REST bodies are small; uploads may be as large as the limit, plus multipart overhead. */
const REST_BODY_LIMIT = 8 * 1024 * 1024;

function send(res: ServerResponse, body: Body): void {
  const payload = Buffer.from(body.text, "utf8");
  res.writeHead(body.status, { "content-type": body.contentType, "content-length": payload.length, ...body.headers });
  res.end(payload);
}

/** Send half of the body under the full Content-Length, then cut the connection. */
function sendTruncated(res: ServerResponse, body: Body): void {
  const payload = Buffer.from(body.text, "utf8");
  res.writeHead(body.status, { "content-type": body.contentType, "content-length": payload.length });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
}

/** Run a fault-control action; a bad spec is a 400 with the message, not a crash. */
async function controlFaults(action: () => Promise<void>): Promise<Body> {
  try {
    await action();
    return jsonBody({ ok: true });
  } catch (err) {
    return jsonBody({ ok: false, error: err instanceof Error ? err.message : String(err) }, 400);
  }
}

const CONTROL_PATHS = new Set(["/sandbox/faults", "/sandbox/faults/once", "/sandbox/calls/reset", "/sandbox/community"]);

const isJsonRequest = (req: IncomingMessage): boolean => /^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "");

/** POST /sandbox/faults takes `{"spec": "…"}`, a JSON string, or a list of rule objects. */
function faultSpecOf(body: unknown): string | FaultRuleInput[] {
  if (typeof body === "string" || Array.isArray(body)) return body as string | FaultRuleInput[];
  if (body && typeof body === "object" && typeof (body as { spec?: unknown }).spec === "string") return (body as { spec: string }).spec;
  throw new Error('expected {"spec": "<fault spec>"}');
}

/** A community request: JSON only (a form post from a web page cannot forge one), 400 for a bad one. */
async function controlCommunity(httpReq: IncomingMessage, control: (body: unknown) => unknown): Promise<Body> {
  if (!/^application\/json\b/i.test(httpReq.headers["content-type"] ?? "")) return jsonBody({ ok: false, error: "Content-Type must be application/json" }, 415);
  try {
    return jsonBody({ ok: true, result: control(JSON.parse(await readText(httpReq, 1024 * 1024))) });
  } catch (err) {
    return jsonBody({ ok: false, error: err instanceof Error ? err.message : String(err) }, 400);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SandboxHttp {
  server: Server;
  /** Close the listener and every open connection, hung requests included. */
  close(): Promise<void>;
}

function faultBody(route: Route, req: ParsedRequest, before: NonNullable<FaultDecision["before"]>): Body | null {
  switch (before.kind) {
    case "status":
      return serverErrorPage(before.status);
    case "429":
      return tooManyRequests();
    case "html":
      return unexpectedHtml();
    case "code": {
      const upload = route === "upload" || route === "replace";
      return upload
        ? uploadFail(before.code, messageFor(before.code, true))
        : restFail(before.code, messageFor(before.code, false), restFormat(req.params) ?? { format: "json", callback: null });
    }
    default:
      return null; // reset and hang have no body
  }
}

function execute(deps: ServerDeps, route: Route, req: ParsedRequest): Outcome {
  switch (route) {
    case "rest":
      return dispatchRest(deps, req);
    case "upload":
    case "replace":
      return dispatchUpload(deps, req, route);
    default:
      return dispatchOAuth(deps, req, route);
  }
}

/** The quota and the throttle, before anything else: a 429 body when the call is refused. */
function refusal(deps: ServerDeps, throttle: Throttle, req: ParsedRequest, method: string, now: number): Body | null {
  const key = req.params.oauth_consumer_key ?? req.params.api_key ?? "";
  const why = !deps.quota.tryTake(key, now) ? "over quota" : throttle.refuses(key, now) ? "throttled" : null;
  if (why === null) return null;
  deps.calls.failure(method, "http429");
  deps.config.logger.info(`${req.verb} ${method} → 429 ${why}`);
  return tooManyRequests();
}

/** A fault that fires before the call runs: answer it (or cut or hang the connection). */
function sendFault(deps: ServerDeps, route: Route, req: ParsedRequest, method: string, decision: FaultDecision, httpReq: IncomingMessage, res: ServerResponse): void {
  const before = decision.before!;
  const body = faultBody(route, req, before);
  deps.calls.failure(method, body ? (body.status === 200 && before.kind === "code" ? String(before.code) : `http${body.status}`) : before.kind);
  deps.config.logger.info(`${req.verb} ${method} → fault ${decision.fired.at(-1) ?? before.kind}`);
  if (before.kind === "reset") return void httpReq.socket.destroy();
  if (before.kind === "hang") return; // the connection stays open until the client or stop() ends it
  send(res, body!);
}

/** Run the call, commit the store, then answer (or lose or truncate the answer, as a fault says). */
async function answer(deps: ServerDeps, route: Route, req: ParsedRequest, method: string, decision: FaultDecision, httpReq: IncomingMessage, res: ServerResponse): Promise<void> {
  const log = deps.config.logger;
  // The handlers are synchronous; the one asynchronous read an upload needs happens here.
  if (route === "upload" && req.file) req.file.exifTaken = await readExifTakenDate(req.file.bytes);
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = execute(deps, route, req);
  } catch (err) {
    log.error(`${req.verb} ${method} → internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    outcome = { body: serverErrorPage(500), failure: "http500", summary: "internal error" };
  }
  // Commit before answering: a response the client sees is always backed by stored state.
  deps.store.flush();
  deps.calls.serverTime(performance.now() - started);
  if (outcome.failure) deps.calls.failure(method, outcome.failure);
  log.info(`${req.verb} ${method} → ${outcome.summary}${decision.after ? ` (then fault ${decision.after})` : ""}`);
  if (decision.after === "lost") return void httpReq.socket.destroy();
  if (decision.after === "truncate") return sendTruncated(res, outcome.body);
  send(res, outcome.body);
}

async function handleApi(deps: ServerDeps, throttle: Throttle, route: Route, httpReq: IncomingMessage, res: ServerResponse): Promise<void> {
  const limit = route === "upload" || route === "replace" ? deps.config.maxUploadBytes + 1024 * 1024 : REST_BODY_LIMIT;
  let req: ParsedRequest;
  try {
    req = await readRequest(httpReq, limit);
  } catch {
    // The client went away while sending (a killed publisher): nothing to answer, nothing done.
    return void httpReq.socket.destroy();
  }
  const oauth = route === "request_token" || route === "access_token";
  const method = route === "rest" ? req.params.method || "(none)" : oauth ? `oauth.${route}` : route;
  const now = deps.config.clock();
  deps.community?.tick(now);
  deps.calls.count(method, now);
  const refused = refusal(deps, throttle, req, method, now);
  if (refused) return send(res, refused);
  const decision = deps.faults.decide(oauth ? "oauth" : method);
  for (const label of decision.fired) deps.calls.fault(label);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.before) return sendFault(deps, route, req, method, decision, httpReq, res);
  await answer(deps, route, req, method, decision, httpReq, res);
}

function handleAuthorize(deps: ServerDeps, path: string, query: URLSearchParams, res: ServerResponse): void {
  const params = Object.fromEntries(query.entries());
  const response: OAuthResponse = path.endsWith("/verifier") ? verifierPage(params) : authorize(deps.store, params, deps.approverNsid(), deps.baseUrl());
  if (response.kind === "redirect") {
    res.writeHead(302, { location: response.location, "content-length": 0 });
    res.end();
  } else if (response.kind === "html") send(res, htmlPage(response.status, response.body));
}

/** Control endpoints change the sandbox; everything else under /sandbox only reads. */
async function control(deps: ServerDeps, verb: string, path: string, httpReq: IncomingMessage): Promise<Body | null> {
  if (verb === "POST" && path === "/sandbox/calls/reset") {
    deps.calls.reset();
    return jsonBody({ ok: true });
  }
  if (verb === "DELETE" && path === "/sandbox/faults") {
    deps.faults.clear();
    return jsonBody({ ok: true });
  }
  if (verb === "POST" && path === "/sandbox/faults") {
    return controlFaults(async () => deps.faults.set(faultSpecOf(JSON.parse(await readText(httpReq, 64 * 1024)))));
  }
  if (verb === "POST" && path === "/sandbox/faults/once") {
    return controlFaults(async () => {
      const { kind, method, nth } = JSON.parse(await readText(httpReq, 64 * 1024)) as { kind: string; method?: string; nth?: number };
      deps.faults.once(kind, { ...(method ? { method } : {}), ...(nth ? { nth } : {}) });
    });
  }
  return null;
}

async function handleInspection(deps: ServerDeps, path: string, httpReq: IncomingMessage, res: ServerResponse): Promise<void> {
  const verb = httpReq.method ?? "GET";
  if (verb === "GET" && path === "/sandbox/photos") return send(res, jsonBody(deps.inspectPhotos()));
  if (verb === "GET" && path === "/sandbox/calls") return send(res, jsonBody(deps.calls.snapshot()));
  if (verb === "GET" && path === "/sandbox/faults") return send(res, jsonBody(deps.faults.rules()));
  // No CORS preflight is ever answered, and a control request must say application/json: a
  // web page can send neither without a preflight, so it cannot change a running sandbox.
  if (verb === "OPTIONS") return send(res, jsonBody({ ok: false, error: "no cross-origin requests" }, 405));
  if ((verb === "POST" || verb === "DELETE") && CONTROL_PATHS.has(path) && !isJsonRequest(httpReq)) {
    httpReq.resume();
    return send(res, jsonBody({ ok: false, error: "control requests need Content-Type: application/json" }, 415));
  }
  if (verb === "POST" && path === "/sandbox/community" && deps.community) return send(res, await controlCommunity(httpReq, deps.community.control));
  return send(res, (await control(deps, verb, path, httpReq)) ?? notFound());
}

export function createSandboxHttp(deps: ServerDeps): SandboxHttp {
  const sockets = new Set<Socket>();
  const log = deps.config.logger;
  const throttle = new Throttle(deps.config.throttleAfterCalls, deps.config.throttleSeconds);

  const server = createServer((httpReq, res) => {
    const { path, query } = parseTarget(httpReq.url);
    const route = ROUTES[path];
    const work = route
      ? handleApi(deps, throttle, route, httpReq, res)
      : path === "/services/oauth/authorize" || path === "/services/oauth/verifier"
        ? Promise.resolve(handleAuthorize(deps, path, query, res))
        : path.startsWith("/sandbox")
          ? handleInspection(deps, path, httpReq, res)
          : Promise.resolve(send(res, notFound()));
    work.catch((err: unknown) => {
      log.error(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) send(res, serverErrorPage(500));
      else res.socket?.destroy();
    });
  });
  let closing = false;
  server.on("connection", (socket: Socket) => {
    // A connection accepted while closing would keep close() waiting (a hung request never ends).
    if (closing) return void socket.destroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * Carry out one API call that got past the quota and the faults: authenticate it, check the
 * method, the HTTP verb and the permission, run the handler, and build the body Flickr would send.
 * Synchronous and free of HTTP details, so a call's server time is this function's time.
 */
import type { SandboxConfig } from "../options.js";
import type { SandboxStore } from "../store.js";
import { PERM_RANK, type Perm } from "../model.js";
import type { RequestAuthenticator, AuthFailure, TokenKind } from "../oauth/verify.js";
import { accessToken, requestToken, type OAuthResponse } from "../oauth/endpoints.js";
import { formBody, restFail, restFormat, restOk, uploadDuplicate, uploadFail, uploadOk, type Body, type RestFormat } from "../http/bodies.js";
import { DuplicatePhotoError, replacePhoto, uploadPhoto } from "../upload/upload.js";
import type { ParsedRequest } from "../http/request.js";
import { ApiError, insufficientPermissions, messageFor, methodNotFound } from "./errors.js";
import type { ApiContext, Caller } from "./context.js";
import { methodSpec, requiresPost } from "./registry.js";

export interface DispatchDeps {
  store: SandboxStore;
  config: SandboxConfig;
  authenticator: RequestAuthenticator;
}

export interface Outcome {
  body: Body;
  /** Failure label for the statistics: a Flickr code ("98") or an HTTP problem ("http401"); null on success. */
  failure: string | null;
  /** A few words for the log (never a secret). */
  summary: string;
}

const ok = (body: Body, summary = "ok"): Outcome => ({ body, failure: null, summary });

function oauthFailure(failure: Extract<AuthFailure, { kind: "oauth" }>): Outcome {
  const fields: Record<string, string> = { oauth_problem: failure.problem };
  if (failure.debugSbs) fields.debug_sbs = failure.debugSbs;
  return { body: formBody(401, fields), failure: "http401", summary: `401 ${failure.problem}` };
}

function authenticate(deps: DispatchDeps, req: ParsedRequest, tokenKind: TokenKind): Caller | AuthFailure {
  const result = deps.authenticator.authenticate({ verb: req.verb, path: req.rawPath, params: req.params }, tokenKind);
  if (result.ok) return result.caller;
  const { ok: _ok, ...failure } = result;
  return failure;
}

const isFailure = (x: Caller | AuthFailure): x is AuthFailure => "kind" in x;

function context(deps: DispatchDeps, caller: Caller, params: Record<string, string>): ApiContext {
  return { store: deps.store, config: deps.config, caller, params, now: deps.config.clock() };
}

function permissionError(caller: Caller, needed: Perm): ApiError | null {
  if (PERM_RANK[caller.perms] >= PERM_RANK[needed]) return null;
  return insufficientPermissions(needed, caller.perms);
}

/** `/services/rest`. */
export function dispatchRest(deps: DispatchDeps, req: ParsedRequest): Outcome {
  const asked = restFormat(req.params);
  // An unknown format is itself reported in JSON, the format a client most likely reads.
  const format: RestFormat = asked ?? { format: "json", callback: null };
  const fail = (e: ApiError): Outcome => ({ body: restFail(e.code, e.message, format), failure: String(e.code), summary: `fail ${e.code} ${e.message}` });
  if (asked === null) return fail(new ApiError(111, `Format "${req.params.format}" not found`));
  const caller = authenticate(deps, req, "access");
  if (isFailure(caller)) return caller.kind === "oauth" ? oauthFailure(caller) : fail(new ApiError(caller.code, caller.message));
  const method = req.params.method ?? "";
  const spec = methodSpec(method);
  if (!spec) return fail(methodNotFound(method));
  // Flickr's docs require POST for writes; the code it gives a GET is unconfirmed (99 here).
  if (requiresPost(spec) && req.verb !== "POST") return fail(new ApiError(99, `Insufficient permissions. Method "${method}" requires an HTTP POST request`));
  const denied = permissionError(caller, spec.perm);
  if (denied) return fail(denied);
  try {
    return ok(restOk(spec.handler(context(deps, caller, req.params)), format));
  } catch (err) {
    if (err instanceof ApiError) return fail(err);
    throw err;
  }
}

/** `/services/upload` and `/services/replace`: XML whatever `format` says. */
export function dispatchUpload(deps: DispatchDeps, req: ParsedRequest, kind: "upload" | "replace"): Outcome {
  const fail = (code: number, message = messageFor(code, true)): Outcome => ({ body: uploadFail(code, message), failure: String(code), summary: `fail ${code} ${message}` });
  if (req.tooLarge) return fail(8);
  const caller = authenticate(deps, req, "access");
  if (isFailure(caller)) return caller.kind === "oauth" ? oauthFailure(caller) : fail(caller.code, caller.message);
  const denied = permissionError(caller, "write");
  if (denied) return fail(denied.code, denied.message);
  try {
    const ctx = context(deps, caller, req.params);
    if (kind === "upload") {
      const photo = uploadPhoto(ctx, req.file);
      return ok(uploadOk(photo.id), `photo ${photo.id}`);
    }
    const photo = replacePhoto(ctx, req.file);
    return ok(uploadOk(photo.id, { secret: photo.secret, originalsecret: photo.originalsecret }), `photo ${photo.id}`);
  } catch (err) {
    if (err instanceof DuplicatePhotoError) return { body: uploadDuplicate(err.photoId, err.style), failure: "9", summary: `fail 9 duplicate of ${err.photoId}` };
    if (err instanceof ApiError) return fail(err.code, err.message);
    throw err;
  }
}

function oauthBody(response: OAuthResponse): Outcome {
  if (response.kind !== "form") throw new Error("request_token/access_token answer with a form");
  const failure = response.status === 200 ? null : "http401";
  return { body: formBody(response.status, response.body), failure, summary: failure ? `401 ${response.body.oauth_problem}` : "ok" };
}

/** `/services/oauth/request_token` and `/services/oauth/access_token`. */
export function dispatchOAuth(deps: DispatchDeps, req: ParsedRequest, endpoint: "request_token" | "access_token"): Outcome {
  const caller = authenticate(deps, req, endpoint === "request_token" ? "none" : "request");
  if (isFailure(caller)) {
    // The OAuth endpoints always answer in the OAuth layer.
    return oauthFailure(caller.kind === "oauth" ? caller : { kind: "oauth", problem: caller.code === 100 ? "consumer_key_unknown" : "token_rejected" });
  }
  return oauthBody(endpoint === "request_token" ? requestToken(deps.store, caller.consumerKey, req.params) : accessToken(deps.store, req.params));
}

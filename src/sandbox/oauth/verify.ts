/**
 * Authenticate one request as Flickr does (flickr-api.md §2): the consumer key stands in for the
 * API key; the token says who the caller is and with which permission; the signature is checked
 * against the canonical Flickr URL; the timestamp must be near the clock and the nonce fresh.
 *
 * Failures come in two shapes, because Flickr answers them in two layers:
 * - `api`: a Flickr error code in the normal body (100 unknown key, 98 unknown or revoked token,
 *   96 bad signature when `signatureErrorStyle` is "json", 97 no signature);
 * - `oauth`: HTTP 401 with a form body `oauth_problem=…` (signature_invalid with `debug_sbs`,
 *   nonce_used, timestamp_refused, signature_method_rejected, token_rejected).
 * Checks run in the order key → token → timestamp → signature → nonce, so a forged request
 * cannot burn a legitimate nonce.
 */
import type { Caller } from "../api/context.js";
import type { SandboxConfig } from "../options.js";
import type { SandboxStore } from "../store.js";
import { NonceCache } from "./nonces.js";
import { canonicalUrl, hmacSignature, signatureBaseString, signaturesEqual } from "./signature.js";

export type AuthFailure =
  | { kind: "api"; code: number; message: string }
  | { kind: "oauth"; problem: string; debugSbs?: string };

export type AuthResult = { ok: true; caller: Caller } | ({ ok: false } & AuthFailure);

/** Which secret signs the token part: an access token (API calls) or a request token (access_token). */
export type TokenKind = "access" | "request" | "none";

export interface SignedRequest {
  verb: string;
  /** The request path as received (a trailing slash is accepted). */
  path: string;
  params: Readonly<Record<string, string>>;
}

const fail = (failure: AuthFailure): AuthResult => ({ ok: false, ...failure });

export class RequestAuthenticator {
  private readonly nonces: NonceCache;

  constructor(
    private readonly store: SandboxStore,
    private readonly config: SandboxConfig,
  ) {
    const tolerance = config.timestampToleranceSeconds;
    this.nonces = new NonceCache(Number.isFinite(tolerance) ? tolerance * 2000 : 2 * 3_600_000);
  }

  authenticate(req: SignedRequest, tokenKind: TokenKind): AuthResult {
    const p = req.params;
    if (p.oauth_signature === undefined) return this.apiKeyOnly(p);
    const consumer = this.store.consumers.get(p.oauth_consumer_key ?? "");
    if (!consumer) return fail({ kind: "api", code: 100, message: "Invalid API Key (Key not found)" });
    if (p.oauth_signature_method !== "HMAC-SHA1") return fail({ kind: "oauth", problem: "signature_method_rejected" });

    let tokenSecret = "";
    let caller: Caller = { consumerKey: consumer.key, account: null, token: null, perms: "none" };
    if (p.oauth_token !== undefined && tokenKind === "access") {
      const token = this.store.tokens.get(p.oauth_token);
      if (!token || token.revoked || token.consumerKey !== consumer.key) return fail({ kind: "api", code: 98, message: "Invalid auth token" });
      const account = this.store.accounts.get(token.nsid) ?? null;
      caller = { consumerKey: consumer.key, account, token, perms: token.perms };
      tokenSecret = token.secret;
    } else if (tokenKind === "request") {
      const request = this.store.requestTokens.get(p.oauth_token ?? "");
      if (!request || request.consumerKey !== consumer.key) return fail({ kind: "oauth", problem: "token_rejected" });
      tokenSecret = request.secret;
    }

    const timestamp = Number(p.oauth_timestamp);
    const nowMs = this.config.oauthClock();
    if (!/^\d+$/.test(p.oauth_timestamp ?? "") || Math.abs(nowMs / 1000 - timestamp) > this.config.timestampToleranceSeconds) {
      return fail({ kind: "oauth", problem: "timestamp_refused" });
    }

    const base = this.matchSignature(req, consumer.secret, tokenSecret);
    if (typeof base === "string") {
      if (this.config.signatureErrorStyle === "json" && !req.path.startsWith("/services/oauth/")) {
        return fail({ kind: "api", code: 96, message: "Invalid signature" });
      }
      return fail({ kind: "oauth", problem: "signature_invalid", debugSbs: base });
    }
    if (!this.nonces.use(`${consumer.key} ${p.oauth_token ?? ""} ${p.oauth_nonce ?? ""} ${timestamp}`, nowMs)) {
      return fail({ kind: "oauth", problem: "nonce_used" });
    }
    return { ok: true, caller };
  }

  /** `api_key` without OAuth: only methods that need no permission will accept it. */
  private apiKeyOnly(p: Readonly<Record<string, string>>): AuthResult {
    if (p.oauth_consumer_key !== undefined) return fail({ kind: "api", code: 97, message: "Missing signature" });
    if (p.api_key === undefined || p.api_key === "") return fail({ kind: "api", code: 100, message: "Invalid API Key (Key has invalid format)" });
    if (!this.store.consumers.has(p.api_key)) return fail({ kind: "api", code: 100, message: "Invalid API Key (Key not found)" });
    return { ok: true, caller: { consumerKey: p.api_key, account: null, token: null, perms: "none" } };
  }

  /**
   * True when the signature matches the canonical URL (or, if the request came with a trailing
   * slash, that URL with the slash); otherwise the canonical base string, for `debug_sbs`.
   */
  private matchSignature(req: SignedRequest, consumerSecret: string, tokenSecret: string): true | string {
    const url = canonicalUrl(req.path);
    if (url === undefined) return "";
    const candidates = req.path.endsWith("/") ? [url, `${url}/`] : [url];
    let first = "";
    for (const candidate of candidates) {
      const base = signatureBaseString(req.verb, candidate, req.params);
      first ||= base;
      if (signaturesEqual(hmacSignature(base, consumerSecret, tokenSecret), req.params.oauth_signature ?? "")) return true;
    }
    return first;
  }
}

/**
 * The three OAuth endpoints (flickr-api.md §2.4), as pure functions from a verified request to
 * the response to send. `authorize` is Flickr's browser page; the sandbox approves at once on
 * behalf of the default account and redirects back with a verifier, so a login can be tested end
 * to end. With the `oob` callback (a CLI has no web server) it redirects to a sandbox page that
 * shows the verifier, as Flickr's page would.
 */
import type { Perm } from "../model.js";
import type { SandboxStore } from "../store.js";

export type OAuthResponse =
  | { kind: "form"; status: number; body: Record<string, string> }
  | { kind: "redirect"; location: string }
  | { kind: "html"; status: number; body: string };

const rejected = (problem: string): OAuthResponse => ({ kind: "form", status: 401, body: { oauth_problem: problem } });

export function requestToken(store: SandboxStore, consumerKey: string, params: Readonly<Record<string, string>>): OAuthResponse {
  const callback = params.oauth_callback;
  if (!callback) return rejected("parameter_absent");
  const record = store.createRequestToken(consumerKey, callback);
  return { kind: "form", status: 200, body: { oauth_callback_confirmed: "true", oauth_token: record.token, oauth_token_secret: record.secret } };
}

const PERMS: readonly Exclude<Perm, "none">[] = ["read", "write", "delete"];

/** Approve a request token for `nsid` (the default account unless a test says otherwise). */
export function authorize(store: SandboxStore, params: Readonly<Record<string, string>>, nsid: string, baseUrl: string): OAuthResponse {
  const record = store.requestTokens.get(params.oauth_token ?? "");
  if (!record) return { kind: "html", status: 400, body: page("Invalid token", "This authorisation link has expired or was never issued.") };
  const perms = (params.perms ?? "read") as Exclude<Perm, "none">;
  if (!PERMS.includes(perms)) return { kind: "html", status: 400, body: page("Invalid permission", `Unknown permission "${escapeHtml(params.perms ?? "")}".`) };
  record.verifier = store.newVerifier(record.token);
  record.nsid = nsid;
  record.perms = perms;
  const target = new URL(record.callback === "oob" ? `${baseUrl}/services/oauth/verifier` : record.callback);
  target.searchParams.set("oauth_token", record.token);
  target.searchParams.set("oauth_verifier", record.verifier);
  return { kind: "redirect", location: target.href };
}

/** The page the `oob` flow lands on: the code to paste into the application. */
export function verifierPage(params: Readonly<Record<string, string>>): OAuthResponse {
  const code = escapeHtml(params.oauth_verifier ?? "");
  return { kind: "html", status: 200, body: page("Authorised", `Type this code into the application: <strong id="verifier">${code}</strong>`) };
}

export function accessToken(store: SandboxStore, params: Readonly<Record<string, string>>): OAuthResponse {
  const record = store.requestTokens.get(params.oauth_token ?? "");
  if (!record || record.verifier === null || record.nsid === null || record.perms === null) return rejected("token_rejected");
  if (params.oauth_verifier !== record.verifier) return rejected("verifier_invalid");
  // A request token is good for one exchange.
  store.requestTokens.delete(record.token);
  const account = store.accounts.get(record.nsid);
  const token = store.createToken(record.consumerKey, record.nsid, record.perms);
  return {
    kind: "form",
    status: 200,
    body: {
      fullname: account?.realname ?? "",
      oauth_token: token.token,
      oauth_token_secret: token.secret,
      user_nsid: record.nsid,
      username: account?.username ?? "",
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title} | heritage sandbox</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

/**
 * Logging in to Flickr (OAuth 1.0a through flickr-sdk), checking who is logged in, logging out.
 * The I/O with the person — showing the authorisation URL, reading the code they paste — is
 * passed in, so the flow runs the same from the CLI, a test, or against the sandbox.
 */
import { decodeCheckToken, decodeLogin, type Login } from "./decode/account.js";
import { FlickrResponseError } from "./decode/fields.js";
import { UserError } from "../errors.js";
import { createFlickrClient, type FlickrClient } from "./client.js";
import { deleteCredentials, type CredentialsLocation, type FlickrPerms, type StoredCredentials } from "./credentials.js";
import { classifyFlickrError, FlickrApiError } from "./errors.js";
import { rewriteUrl } from "./transport.js";

export interface LoginOptions {
  consumerKey: string;
  consumerSecret: string;
  /** The permission to ask for: the pipeline needs write; deleting photos needs delete. */
  perms: FlickrPerms;
  /** Talk to this endpoint instead of Flickr (the sandbox). */
  endpoint?: string;
  /** Show the URL to the person and resolve to the code they paste. */
  askForVerifier(authorizeUrl: string): Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WhoAmI {
  nsid: string;
  username: string;
  /** The token's permission, or null when Flickr did not say. */
  perms: FlickrPerms | null;
}

function oauthStepError(err: unknown, step: string): UserError | FlickrApiError {
  const e = classifyFlickrError(err, `oauth.${step}`);
  if (e.kind !== "permanent") return e;
  if (step === "access_token") {
    return new UserError("Flickr did not accept the verification code", {
      code: "AUTH_VERIFIER",
      hint: 'run "heritage auth login" again and paste the code shown after you approve the app',
      cause: e,
    });
  }
  return new UserError(`Flickr refused the app's key or secret${e.oauthProblem ? ` (${e.oauthProblem})` : ""}`, {
    code: "AUTH_CONSUMER",
    hint: "check FLICKR_CONSUMER_KEY and FLICKR_CONSUMER_SECRET against your app at https://www.flickr.com/services/apps/",
    cause: e,
  });
}

/** Run the OAuth flow; resolves to credentials ready to save. */
export async function login(options: LoginOptions): Promise<StoredCredentials> {
  const consumer = { consumerKey: options.consumerKey, consumerSecret: options.consumerSecret };
  const common = { ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const first = createFlickrClient({ credentials: consumer, ...common });
  // "oob": there is no web server to come back to; Flickr shows the code to paste instead.
  const request = await first.oauth.request("oob").catch((err: unknown) => {
    throw oauthStepError(err, "request_token");
  });
  const authorizeUrl = rewriteUrl(first.oauth.authorizeUrl(request.requestToken, options.perms), options.endpoint);
  const verifier = (await options.askForVerifier(authorizeUrl)).trim();
  if (verifier === "") throw new UserError("no verification code was given", { code: "AUTH_VERIFIER", hint: 'run "heritage auth login" again and paste the code' });
  const second = createFlickrClient({ credentials: { ...consumer, oauthToken: request.requestToken, oauthTokenSecret: request.requestTokenSecret }, ...common });
  const access = await second.oauth.verify(verifier).catch((err: unknown) => {
    throw oauthStepError(err, "access_token");
  });
  const credentials: StoredCredentials = {
    ...consumer,
    oauthToken: access.oauthToken,
    oauthTokenSecret: access.oauthTokenSecret,
    nsid: access.nsid,
    username: access.username,
    ...(access.fullname ? { fullname: access.fullname } : {}),
    perms: options.perms,
  };
  const granted = await tokenPerms(createFlickrClient({ credentials, ...common }), credentials).catch(() => null);
  if (granted) credentials.perms = granted;
  return credentials;
}

async function tokenPerms(client: FlickrClient, credentials: StoredCredentials): Promise<FlickrPerms | null> {
  const { perms } = decodeCheckToken(await client.flickr("flickr.auth.oauth.checkToken", { oauth_token: credentials.oauthToken }));
  return perms === "none" ? null : perms;
}

/** Who the credentials belong to (flickr.test.login) and with which permission (checkToken). */
export async function checkLogin(options: { credentials: StoredCredentials; endpoint?: string; fetch?: typeof fetch; timeoutMs?: number }): Promise<WhoAmI> {
  const client = createFlickrClient({
    credentials: options.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  let user: Login;
  try {
    user = decodeLogin(await client.flickr("flickr.test.login"));
  } catch (err) {
    if (err instanceof FlickrResponseError) throw err;
    const e = err instanceof FlickrApiError ? err : classifyFlickrError(err, "flickr.test.login");
    if (e.kind === "permanent" && (e.httpStatus === 401 || (e.code !== null && e.code >= 96 && e.code <= 100))) {
      throw new UserError(`Flickr rejected the stored credentials (${e.oauthProblem ?? `error ${e.code ?? e.httpStatus}`})`, {
        code: "AUTH_REJECTED",
        hint: 'run "heritage auth login" to log in again',
        cause: e,
      });
    }
    throw e;
  }
  const perms = await tokenPerms(client, options.credentials).catch(() => options.credentials.perms ?? null);
  return { nsid: user.nsid, username: user.username || (options.credentials.username ?? ""), perms };
}

/** Forget the stored credentials; resolves to the file removed, or null when there was none. */
export function logout(location: CredentialsLocation): Promise<string | null> {
  return deleteCredentials(location);
}

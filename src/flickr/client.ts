/**
 * The Flickr client the pipeline uses: flickr-sdk with HeritageTransport, plus three fixes for
 * flickr-sdk's sharp edges (flickr-api.md §12.3):
 * - parameters that are `undefined` or `null` are dropped (the SDK would send "undefined"),
 *   numbers and booleans become Flickr's strings;
 * - a path given to `upload`/`replace` is sent as a file Blob named by its base name (the SDK would
 *   read it whole into memory and send the full local path as the filename);
 * - failures come out as classified `FlickrApiError`s (transient / permanent / unknown-outcome),
 *   with the SDK's own error as `cause`.
 */
import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { createFlickr, type OAuthService, type Transport } from "flickr-sdk";
import { UserError } from "../errors.js";
import { registerSecret } from "../redact.js";
import { classifyFlickrError, type FlickrApiError } from "./errors.js";
import { HeritageTransport, type HeritageTransportOptions } from "./transport.js";

/** The environment variable naming an endpoint to use instead of Flickr (the sandbox's URL). */
export const ENDPOINT_ENV = "HERITAGE_FLICKR_ENDPOINT";

export interface FlickrCredentials {
  consumerKey: string;
  consumerSecret: string;
  /** Omitted for the first legs of the OAuth login. */
  oauthToken?: string | null;
  oauthTokenSecret?: string | null;
}

export type FlickrParamValue = string | number | boolean | null | undefined;
export type FlickrParams = Readonly<Record<string, FlickrParamValue>>;

export interface UploadResult {
  id: string;
  /** Absent from a sync upload's answer (Flickr's docs show none); present after replace. */
  secret?: string;
  originalsecret?: string;
}

export interface FlickrClient {
  /** Call a REST method. Resolves to Flickr's JSON; rejects with a FlickrApiError. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  flickr<T = any>(method: string, params?: FlickrParams): Promise<T>;
  /** Upload a file (path or Blob) with its metadata. */
  upload(file: string | Blob, params?: FlickrParams): Promise<UploadResult>;
  /** Replace a photo's file (needs Pro). */
  replace(photoId: string, file: string | Blob): Promise<UploadResult>;
  /** The OAuth login steps (request token, authorise URL, verify). */
  oauth: OAuthService;
  /** The transport in use: counts per method, hooks. */
  transport: Transport;
}

export interface CreateFlickrClientOptions extends Omit<HeritageTransportOptions, "fetch"> {
  credentials: FlickrCredentials;
  /**
   * Told when Flickr throttles a call (HTTP 429 or error 105); resolves once the run has waited,
   * true to send the call again (a throttled call was not carried out), false to fail it.
   */
  onThrottle?: (error: FlickrApiError) => Promise<boolean>;
  /** A transport of your own (tests); otherwise a HeritageTransport with these options. */
  transport?: Transport;
  fetch?: typeof fetch;
}

/** Drop undefined/null; numbers and booleans as Flickr spells them ("1"/"0" for booleans). */
export function toFlickrParams(params: FlickrParams = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
    // A multipart body carries line breaks as CRLF (fetch's FormData encoding rewrites a bare LF),
    // but flickr-sdk signs the value as given: a description with "\n" would reach Flickr with a
    // signature that no longer matches. Send CRLF from the start, so what is signed is what is sent.
    out[key] = text.replace(/\r?\n|\r/g, "\r\n");
  }
  return out;
}

/**
 * A file name Flickr accepts: ASCII letters, digits, spaces, `.`, `_` and `-` only (Flickr has answered
 * HTTP 401 to uploads with non-ASCII file names, flickr-api.md §15). Accented letters lose their
 * accents; anything else becomes `_`. The photo's title is always sent, so nothing is lost.
 */
export function asciiFileName(name: string, fallback = "photo"): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9 ._-]+/g, "_")
    .replace(/^[_. ]+|[_ ]+$/g, "");
  return ascii.slice(0, 100) || fallback;
}

/** A path becomes a lazily read File named by its (ASCII) base name; a File keeps its blob under an ASCII name. */
async function fileBlob(file: string | Blob): Promise<Blob> {
  if (typeof file !== "string") return file instanceof File && asciiFileName(file.name) !== file.name ? new File([file], asciiFileName(file.name), { type: file.type }) : file;
  return new File([await openAsBlob(file)], asciiFileName(basename(file)));
}

/**
 * The endpoint to use: the `--endpoint` flag, else HERITAGE_FLICKR_ENDPOINT, else none (Flickr).
 * Throws a UserError for something that is not an http(s) URL.
 */
export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = (flag ?? env[ENDPOINT_ENV])?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`the Flickr endpoint "${value}" is not an http(s) URL`, {
      code: "ENDPOINT_INVALID",
      hint: `give a URL such as http://127.0.0.1:4010 (from "heritage sandbox") with --endpoint or ${ENDPOINT_ENV}`,
    });
  }
  return url.href.replace(/\/+$/, "");
}

/** Build the client. Registers the secrets so they are masked wherever they might be printed. */
export function createFlickrClient(options: CreateFlickrClientOptions): FlickrClient {
  const { credentials, transport: given, onThrottle, ...transportOptions } = options;
  registerSecret(credentials.consumerSecret);
  registerSecret(credentials.oauthToken);
  registerSecret(credentials.oauthTokenSecret);
  const transport = given ?? new HeritageTransport(transportOptions);
  const sdk = createFlickr(
    {
      consumerKey: credentials.consumerKey,
      consumerSecret: credentials.consumerSecret,
      oauthToken: credentials.oauthToken ?? false,
      oauthTokenSecret: credentials.oauthTokenSecret ?? false,
    },
    transport,
  );
  const classified = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await run();
      } catch (err) {
        const error = classifyFlickrError(err, method);
        // Throttling pauses the run and the same call goes again; it is not a failure of the call.
        if (onThrottle && (error.httpStatus === 429 || error.code === 105) && (await onThrottle(error))) continue;
        throw error;
      }
    }
  };
  return {
    flickr: (method, params) =>
      // The SDK's typed overloads cannot know our method strings; the call itself is untyped JSON.
      classified(method, () => (sdk.flickr as (m: string, p: Record<string, string>) => Promise<never>)(method, toFlickrParams(params))),
    upload: (file, params) => classified("upload", async () => sdk.upload(await fileBlob(file), toFlickrParams(params))),
    replace: (photoId, file) => classified("replace", async () => sdk.replace(photoId, await fileBlob(file))),
    oauth: sdk.oauth,
    transport,
  };
}

/**
 * OAuth 1.0a HMAC-SHA1 exactly as flickr-sdk signs (flickr-api.md §2.1–2.3): RFC 3986 encoding,
 * parameters sorted by key, `oauth_signature` and the upload's `photo` left out, key
 * `enc(consumerSecret)&enc(tokenSecret)`. The URL in the base string is the *canonical Flickr URL*
 * the SDK signed, not the sandbox's own address.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** encodeURIComponent plus `! ' ( ) *`, as RFC 3986 and the SDK do. */
export function oauthEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The signature base string for a request. */
export function signatureBaseString(verb: string, canonicalUrl: string, params: Readonly<Record<string, string>>): string {
  const normalized = Object.keys(params)
    .filter((k) => k !== "oauth_signature" && k !== "photo")
    .sort()
    .map((k) => `${oauthEncode(k)}=${oauthEncode(params[k]!)}`)
    .join("&");
  return [verb.toUpperCase(), canonicalUrl, normalized].map(oauthEncode).join("&");
}

export function hmacSignature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac("sha1", `${oauthEncode(consumerSecret)}&${oauthEncode(tokenSecret)}`).update(baseString).digest("base64");
}

/** Constant-time comparison of two signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The real Flickr URL a sandbox path stands for (undefined for paths that are not Flickr's). */
export function canonicalUrl(path: string): string | undefined {
  const p = path.replace(/\/+$/, "");
  if (p === "/services/rest") return "https://api.flickr.com/services/rest";
  if (p === "/services/upload" || p === "/services/replace") return `https://up.flickr.com${p}`;
  if (p.startsWith("/services/oauth/")) return `https://www.flickr.com${p}`;
  return undefined;
}

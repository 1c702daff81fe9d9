/**
 * Read an incoming request into parameters: the query string, plus for POST the body — multipart
 * (as flickr-sdk sends every POST, REST calls included) or urlencoded. The upload's `photo` field
 * comes out as bytes. Bodies over the limit are drained, not kept, and flagged, so the client gets
 * a proper error instead of a broken pipe.
 */
import type { IncomingMessage } from "node:http";
import type { UploadedFile } from "../upload/upload.js";

export interface ParsedRequest {
  verb: string;
  /** Path without query, trailing slashes removed (Flickr accepts them). */
  path: string;
  /** The path exactly as sent (the signature check needs to know about a trailing slash). */
  rawPath: string;
  params: Record<string, string>;
  file: UploadedFile | null;
  /** The body was larger than the limit and was discarded. */
  tooLarge: boolean;
}

export function parseTarget(url: string | undefined): { rawPath: string; path: string; query: URLSearchParams } {
  const u = new URL(url ?? "/", "http://sandbox.invalid");
  const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, "") : u.pathname;
  return { rawPath: u.pathname, path, query: u.searchParams };
}

async function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  return { body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

/** The body as UTF-8 text (the inspection endpoints' control messages). */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const { body, tooLarge } = await readBody(req, limit);
  if (tooLarge) throw new Error(`body larger than ${limit} bytes`);
  return body.toString("utf8");
}

/** Parse a request; `limit` bounds the body (bytes). */
export async function readRequest(req: IncomingMessage, limit: number): Promise<ParsedRequest> {
  const { rawPath, path, query } = parseTarget(req.url);
  const params: Record<string, string> = Object.fromEntries(query.entries());
  const verb = (req.method ?? "GET").toUpperCase();
  let file: UploadedFile | null = null;
  let tooLarge = false;
  if (verb === "POST" || verb === "PUT") {
    const read = await readBody(req, limit);
    tooLarge = read.tooLarge;
    const contentType = req.headers["content-type"] ?? "";
    if (!tooLarge && read.body.length > 0 && /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType)) {
      // undici's own parser: the same one that produced the body on the client side. A body it
      // cannot parse counts as no body (the call then fails as Flickr's would: no key, no method).
      const form = await new Request("http://sandbox.invalid/", { method: "POST", headers: { "content-type": contentType }, body: read.body })
        .formData()
        .catch(() => null);
      for (const [key, value] of form?.entries() ?? []) {
        if (typeof value === "string") params[key] = value;
        else if (key === "photo") file = { bytes: new Uint8Array(await value.arrayBuffer()), filename: value.name };
      }
    }
  }
  return { verb, path, rawPath, params, file, tooLarge };
}

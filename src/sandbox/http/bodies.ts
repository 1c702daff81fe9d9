/**
 * Response bodies in Flickr's formats, as pure functions: REST JSON (with the JSONP wrapper when
 * `nojsoncallback` is missing), REST XML (the JSON turned back into the XML it came from),
 * upload/replace XML, OAuth form bodies, and the HTML pages Flickr's front end serves for 429/5xx.
 */

export interface Body {
  status: number;
  contentType: string;
  text: string;
  headers?: Record<string, string>;
}

export function restOk(payload: Record<string, unknown>, format: RestFormat): Body {
  return restBody({ ...payload, stat: "ok" }, format);
}

export function restFail(code: number, message: string, format: RestFormat): Body {
  return restBody({ stat: "fail", code, message }, format);
}

export interface RestFormat {
  format: "json" | "rest";
  /** JSONP callback name, or null for plain JSON (`nojsoncallback=1`). */
  callback: string | null;
}

/** Read `format`, `nojsoncallback` and `jsoncallback` (null: a format Flickr does not have, error 111). */
export function restFormat(params: Readonly<Record<string, string>>): RestFormat | null {
  const format = params.format ?? "rest";
  if (format === "json") {
    const plain = params.nojsoncallback === "1";
    return { format: "json", callback: plain ? null : (params.jsoncallback || "jsonFlickrApi").replace(/[^\w.$]/g, "") };
  }
  return format === "rest" ? { format: "rest", callback: null } : null;
}

function restBody(payload: Record<string, unknown>, format: RestFormat): Body {
  if (format.format === "rest") {
    return { status: 200, contentType: "text/xml; charset=utf-8", text: toRestXml(payload) };
  }
  const json = JSON.stringify(payload);
  return format.callback === null
    ? { status: 200, contentType: "application/json; charset=utf-8", text: json }
    : { status: 200, contentType: "text/javascript; charset=utf-8", text: `${format.callback}(${json})` };
}

export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" })[c]!);

const XML_HEAD = '<?xml version="1.0" encoding="utf-8" ?>\n';

/**
 * Flickr's JSON is its XML converted by fixed rules (scalars are attributes, `_content` is text,
 * arrays are repeated elements), so the XML is recovered by applying them backwards.
 */
export function toRestXml(payload: Record<string, unknown>): string {
  const { stat, code, message, ...rest } = payload;
  if (stat === "fail") return `${XML_HEAD}<rsp stat="fail">\n\t<err code="${String(code)}" msg="${escapeXml(String(message))}" />\n</rsp>\n`;
  const inner = Object.entries(rest)
    .map(([name, value]) => element(name, value, "\t"))
    .join("");
  return `${XML_HEAD}<rsp stat="ok">\n${inner}</rsp>\n`;
}

function element(name: string, value: unknown, indent: string): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v, indent)).join("");
  if (value === null || typeof value !== "object") return `${indent}<${name}>${escapeXml(String(value ?? ""))}</${name}>\n`;
  const attrs: string[] = [];
  const children: string[] = [];
  let text: string | null = null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "_content") text = String(v);
    else if (v !== null && typeof v === "object") children.push(element(k, v, `${indent}\t`));
    else attrs.push(` ${k}="${escapeXml(String(v ?? ""))}"`);
  }
  const open = `${indent}<${name}${attrs.join("")}`;
  if (children.length > 0) return `${open}>\n${children.join("")}${indent}</${name}>\n`;
  if (text !== null) return `${open}>${escapeXml(text)}</${name}>\n`;
  return `${open} />\n`;
}

/** Upload success, as the docs show it: no secret attributes (replace adds them). */
export function uploadOk(photoId: string, secrets?: { secret: string; originalsecret: string }): Body {
  const attrs = secrets ? ` secret="${secrets.secret}" originalsecret="${secrets.originalsecret}"` : "";
  return { status: 200, contentType: "text/xml; charset=utf-8", text: `${XML_HEAD}<rsp stat="ok">\n<photoid${attrs}>${photoId}</photoid>\n</rsp>\n` };
}

export function uploadFail(code: number, message: string): Body {
  return { status: 200, contentType: "text/xml; charset=utf-8", text: `${XML_HEAD}<rsp stat="fail">\n\t<err code="${code}" msg="${escapeXml(message)}" />\n</rsp>\n` };
}

/** Upload error 9 with the duplicate named as Flickr's uploader reads it, or on `<err>`, or not at all. */
export function uploadDuplicate(photoId: string, style: "element" | "attribute" | "bare"): Body {
  const message = "Duplicate photo/video detected";
  const err = style === "attribute" ? `<err code="9" msg="${message}" duplicate_photo_id="${photoId}" duplicate_photo_status="0" />` : `<err code="9" msg="${message}" />`;
  const sibling = style === "element" ? `\t<duplicate_photo_id>${photoId}</duplicate_photo_id>\n` : "";
  return { status: 200, contentType: "text/xml; charset=utf-8", text: `${XML_HEAD}<rsp stat="fail">\n\t${err}\n${sibling}</rsp>\n` };
}

export function formBody(status: number, fields: Record<string, string>): Body {
  return { status, contentType: "application/x-www-form-urlencoded", text: new URLSearchParams(fields).toString() };
}

/** The body Flickr's front end serves with a 429 (flickr-api.md §5). */
export const TOO_MANY_REQUESTS_HTML =
  "<html><body><h1>429 Too Many Requests</h1>You have sent too many requests in a given amount of time.</body></html>\n";

export function tooManyRequests(): Body {
  return { status: 429, contentType: "text/html", text: TOO_MANY_REQUESTS_HTML };
}

const STATUS_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

export function serverErrorPage(status: number): Body {
  const text = STATUS_TEXT[status] ?? "Error";
  return { status, contentType: "text/html", text: `<html><body><h1>${status} ${text}</h1></body></html>\n` };
}

/** A 200 page that is not what the client asked for (a proxy's or maintenance page). */
export function unexpectedHtml(): Body {
  return { status: 200, contentType: "text/html; charset=utf-8", text: "<!DOCTYPE html><html><head><title>Flickr</title></head><body><p>Flickr is having a nap.</p></body></html>\n" };
}

export function htmlPage(status: number, html: string): Body {
  return { status, contentType: "text/html; charset=utf-8", text: html };
}

export function jsonBody(value: unknown, status = 200): Body {
  return { status, contentType: "application/json; charset=utf-8", text: JSON.stringify(value) };
}

export function notFound(): Body {
  return { status: 404, contentType: "text/html", text: "<html><body><h1>404 Not Found</h1></body></html>\n" };
}

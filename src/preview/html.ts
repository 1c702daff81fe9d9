/**
 * Escaping for the report page. Every value that came from a manifest, a settings file or the
 * state is text until one of these functions has made it safe for the place it goes; the
 * description is the only HTML, and it goes through `renderFlickrDescription` instead.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text → HTML, safe both between tags and inside a quoted attribute value. Non-ASCII text is
 * kept as it is (the page is UTF-8), so Swedish letters stay readable in the source too.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * A value as JSON that can sit inside `<script type="application/json">`: every `<` is written
 * as `\u003c`, so neither `</script>` nor `<!--` in a title can end the block early, and U+2028
 * and U+2029 are escaped for older parsers. `JSON.parse` of the block's text gives the value back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A tag's attributes from a record, values escaped; `null`/`false` attributes are left out, `true` ones written bare. */
export function attributes(attrs: Record<string, string | number | boolean | null | undefined>): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** Attributes every link that leaves the report gets: a new tab, and nothing about the report sent along. */
export const EXTERNAL_LINK = { target: "_blank", rel: "noopener noreferrer" } as const;

/** `<a href>` to a page outside the report (licence, map, Flickr), opening in a new tab. */
export function externalLink(href: string, text: string): string {
  return `<a${attributes({ href, ...EXTERNAL_LINK })}>${escapeHtml(text)}</a>`;
}

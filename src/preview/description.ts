/**
 * A description as a Flickr photo page shows it. heritage sends Flickr the sanitized subset
 * (`sanitizeFlickrHtml`: links, bold, italic; everything else escaped); what the page then shows
 * follows what Flickr did to Commons descriptions we have (getInfo of RAÄ, KB, SLNSW, LoC,
 * Auckland Museum… in shared/data/flickr-commons):
 * - line breaks are kept (the text is not one paragraph);
 * - bare http(s) URLs become links ("( http://www.kb.se/… )" came back as an `<a>`);
 * - a link whose text is its own address is shown without the scheme, and an address longer
 *   than 60 characters is cut to 57 + "..." ("www.sl.nsw.gov.au/discover_collections/natural_world/anta...");
 *   a link with its own words ("image library", "COAL 80/97/30") keeps them.
 * Links in the report open in a new tab and send no referrer.
 */
import { sanitizeFlickrHtml } from "../map/description.js";
import { attributes, escapeHtml } from "./html.js";

/** The longest address Flickr shows whole; longer ones are cut to `LINK_TEXT_MAX - 3` + "...". */
export const LINK_TEXT_MAX = 60;

const LINK_ATTRIBUTES = { target: "_blank", rel: "noopener noreferrer nofollow" } as const;

/** The text Flickr shows for a link that is its own address: no scheme, at most 60 characters. */
export function flickrLinkText(url: string): string {
  const bare = url.replace(/^https?:\/\//i, "");
  return bare.length > LINK_TEXT_MAX ? `${bare.slice(0, LINK_TEXT_MAX - 3)}...` : bare;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Undo HTML character references (the sanitizer's output uses named and numeric ones). */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

// After sanitizeFlickrHtml these are the only tags left; any other "<" is text, written "&lt;".
const TAG = /<(\/?)(a|b|strong|i|em)\b([^>]*)>/gi;
const BARE_URL = /https?:\/\/[^\s<>"]+/gi;
// Sentence punctuation right after an address is not part of it ("see https://x.se/a.").
const TRAILING = /[.,;:!?'"]+$|\)+$/;

function link(href: string, textHtml: string): string {
  return `<a${attributes({ href, ...LINK_ATTRIBUTES })}>${textHtml}</a>`;
}

/** Plain text with bare addresses made into links, and line breaks made visible. */
function renderText(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    let url = m[0];
    const trail = TRAILING.exec(url);
    // Keep a closing parenthesis that belongs to the address, as in Wikipedia's "…_(film)".
    if (trail && !(trail[0].startsWith(")") && url.includes("("))) url = url.slice(0, url.length - trail[0].length);
    if (!/^https?:\/\/./i.test(url)) continue;
    out += escapeHtml(text.slice(last, m.index)) + link(url, escapeHtml(flickrLinkText(url)));
    last = m.index + url.length;
  }
  out += escapeHtml(text.slice(last));
  return out.replace(/\r\n?|\n/g, "<br>\n");
}

function hrefOf(attrs: string): string | null {
  const m = /\bhref="([^"]*)"/i.exec(attrs);
  return m ? decodeEntities(m[1]!) : null;
}

/**
 * Render a description (as heritage sends it to Flickr) the way the photo page shows it: only
 * the allowed tags, every link live, addresses shortened as Flickr does, line breaks kept.
 * The input is sanitized again first, so anything that is not Flickr's subset shows as text.
 */
export function renderFlickrDescription(description: string): string {
  const clean = sanitizeFlickrHtml(description).html;
  let out = "";
  let last = 0;
  // The link being collected: its address, and its content so far (rendered and as plain text).
  let anchor: { href: string | null; html: string; text: string } | null = null;
  const emit = (html: string, text: string) => {
    if (anchor) {
      anchor.html += html;
      anchor.text += text;
    } else {
      out += html;
    }
  };
  for (const m of clean.matchAll(TAG)) {
    const between = decodeEntities(clean.slice(last, m.index));
    // Text inside a link is the link's words: no links within links.
    emit(anchor ? escapeHtml(between).replace(/\r\n?|\n/g, "<br>\n") : renderText(between), between);
    last = m.index + m[0].length;
    const closing = m[1] === "/";
    const name = m[2]!.toLowerCase();
    if (name === "a") {
      if (!closing && !anchor) anchor = { href: hrefOf(m[3] ?? ""), html: "", text: "" };
      else if (closing && anchor) {
        const { href, html, text } = anchor;
        anchor = null;
        if (href === null) out += html; // a link without a usable address is only its words
        else {
          const words = text.trim();
          const ownAddress = words === href || words === href.replace(/^https?:\/\//i, "");
          out += link(href, ownAddress ? escapeHtml(flickrLinkText(href)) : html);
        }
      }
      // A link opened inside a link, or a stray </a>, adds nothing.
      continue;
    }
    emit(`<${closing ? "/" : ""}${name}>`, "");
  }
  const rest = decodeEntities(clean.slice(last));
  emit(anchor ? escapeHtml(rest) : renderText(rest), rest);
  if (anchor) out += anchor.href === null ? anchor.html : link(anchor.href, anchor.html);
  return out;
}

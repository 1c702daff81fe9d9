/**
 * The photo description: a template filled with the row's values, then reduced to the HTML
 * Flickr accepts.
 *
 * The default template follows how the Swedish National Heritage Board (RAÄ) described its
 * photos on Flickr Commons: the catalogue description, the place, "Photograph by:", "Date:" as
 * the catalogue wrote it (not Flickr's rounded date), and a persistent link to the catalogue
 * record. Flickr's allowed HTML is unconfirmed (flickr-api.md §11.4); heritage keeps links
 * (http, https, mailto), bold and italic, and *escapes* everything else so it shows as text —
 * nothing the archivist wrote silently disappears. Angle brackets that are not HTML at all
 * (`<!>`, `Arkitektur<Ic>`, `<!-- -->`) are the catalogue's own text: kept verbatim, no warning
 * (catalogue-markup.ts).
 */
import { createRequire } from "node:module";
import type SanitizeHtml from "sanitize-html";
import { warning, type Issue } from "../issues.js";
import { escapeCatalogueMarkup } from "./catalogue-markup.js";
import { renderTemplate } from "./template.js";

/**
 * sanitize-html (and the postcss it loads) is required on first use: loading it costs about 0.1 s
 * of every run's start, and most descriptions are Flickr-safe as written and never reach it.
 */
let loaded: typeof SanitizeHtml | null = null;
function sanitizer(): typeof SanitizeHtml {
  loaded ??= createRequire(import.meta.url)("sanitize-html") as typeof SanitizeHtml;
  return loaded;
}

/** RAÄ's Flickr Commons house style; every line vanishes when its field is empty. */
export const DEFAULT_DESCRIPTION_TEMPLATE = [
  "{description}",
  "",
  "Place: {place}",
  "",
  "Photograph by: {creator}",
  "Date: {date}",
  "",
  "Source: {institution}",
  "Identifier: {identifier}",
  'Persistent URL: <a href="{source_url}">{source_url}</a>',
].join("\n");

const ALLOWED_TAGS = ["a", "b", "strong", "i", "em"];
const ALLOWED_HREF = /^(https?:\/\/|mailto:)/i;

/** Result of `sanitizeFlickrHtml`. */
export interface SanitizedHtml {
  html: string;
  /** Tags that were escaped (shown as text), e.g. `<table>`, each once. */
  escaped: string[];
  /** Attributes removed from allowed tags, e.g. `onclick on <a>`, `href="javascript:…" on <a>`. */
  removed: string[];
}

/**
 * Line-break markup means a line break, which Flickr shows from a plain newline: `<br>` becomes
 * "\n" and paragraphs become blank-line-separated text, instead of being shown as literal tags.
 */
export function lineBreaksToNewlines(html: string): string {
  return html
    .replace(/\s*<br\s*\/?>\s*/gi, "\n")
    .replace(/\s*<\/p>\s*<p(\s[^>]*)?>\s*/gi, "\n\n")
    .replace(/^\s*<p(\s[^>]*)?>\s*/i, "")
    .replace(/\s*<\/p>\s*$/i, "");
}

/** Text between tags on the fast path: no markup character, no control other than tab and line ends. */
const PLAIN_TEXT = /[^<>&\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*/y;
/** A tag the sanitizer keeps exactly as written: lower case, no attribute but a plain http(s)/mailto href on `<a>`. */
const PLAIN_TAG = /<(\/?)(a|b|strong|i|em)( href="(?:https?:\/\/|mailto:)[^"\s<>&\u0000-\u001f\u007f]*")?>/y;

/**
 * Whether `html` is already what `sanitizeFlickrHtml` would make of it, so the parser can be
 * skipped: plain text without `<`, `>` or `&`, and only allowed tags written the way the
 * sanitizer writes them (`<a href="https://…">`, `<b>`…), each closed, properly nested and not
 * inside itself. Such text passes every step unchanged: no line-break markup, no catalogue
 * markup, nothing for the parser to decode, escape, drop or close. That is most descriptions
 * (the default template's link included), and the parser was the largest part of mapping a row.
 * test/map/description-fast-path.test.ts checks it against the full path on real catalogue text.
 */
export function isFlickrSafeAsWritten(html: string): boolean {
  const open: string[] = [];
  let at = 0;
  for (;;) {
    PLAIN_TEXT.lastIndex = at;
    PLAIN_TEXT.test(html);
    at = PLAIN_TEXT.lastIndex;
    if (at === html.length) return open.length === 0;
    PLAIN_TAG.lastIndex = at;
    const tag = PLAIN_TAG.exec(html);
    if (tag === null) return false;
    at = PLAIN_TAG.lastIndex;
    const [, slash, name, href] = tag;
    if (slash) {
      if (href !== undefined || open.pop() !== name) return false;
    } else {
      if ((name === "a") !== (href !== undefined) || open.includes(name!)) return false;
      open.push(name!);
    }
  }
}

/**
 * Reduce HTML to what Flickr allows in a description: `<a href>` (http, https, mailto), `<b>`,
 * `<strong>`, `<i>`, `<em>`; `<br>` and `<p>` become line breaks. Other tags are escaped, not
 * dropped; text is entity-encoded where HTML needs it (`&` → `&amp;`).
 */
export function sanitizeFlickrHtml(html: string): SanitizedHtml {
  return isFlickrSafeAsWritten(html) ? { html, escaped: [], removed: [] } : sanitizeFlickrHtmlFully(html);
}

/** sanitizeFlickrHtml without the fast path: every text through the parser (exported for the test that compares the two). */
export function sanitizeFlickrHtmlFully(html: string): SanitizedHtml {
  html = escapeCatalogueMarkup(lineBreaksToNewlines(html));
  const escaped = new Set<string>();
  const removed = new Set<string>();
  const options: SanitizeHtml.IOptions & { preserveEscapedAttributes: boolean } = {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ["href"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    disallowedTagsMode: "escape",
    // Escaped tags keep their attributes, so the text shows what was written.
    preserveEscapedAttributes: true,
    onOpenTag: (name, attribs) => {
      if (!ALLOWED_TAGS.includes(name)) {
        escaped.add(`<${name}>`);
        return;
      }
      for (const [attr, value] of Object.entries(attribs)) {
        if (name === "a" && attr === "href" && ALLOWED_HREF.test(value.trim())) continue;
        removed.add(name === "a" && attr === "href" ? `href="${value}" on <a>` : `${attr} on <${name}>`);
      }
    },
    transformTags: {
      // A relative or scheme-less link means nothing on Flickr: drop the href (reported above).
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        return { tagName, attribs: href !== undefined && ALLOWED_HREF.test(href.trim()) ? { ...rest, href: href.trim() } : rest };
      },
    },
  };
  return { html: sanitizer()(html, options), escaped: [...escaped], removed: [...removed] };
}

/** Result of `renderDescription`. */
export interface RenderedDescription {
  /** Flickr-safe HTML. */
  html: string;
  /** URL_INVALID (a link field that is no URL) and HTML_ESCAPED warnings. */
  issues: Issue[];
}

/**
 * Fill the description template (default: `DEFAULT_DESCRIPTION_TEMPLATE`) with the row's
 * values and make it Flickr-safe. Issues have `field: "description"` unless they concern a
 * template field.
 */
export function renderDescription(template: string | undefined, values: Record<string, string>): RenderedDescription {
  const rendered = renderTemplate(template ?? DEFAULT_DESCRIPTION_TEMPLATE, values);
  const clean = sanitizeFlickrHtml(rendered.text);
  const issues = [...rendered.issues];
  if (clean.escaped.length > 0 || clean.removed.length > 0) {
    const parts = [
      clean.escaped.length > 0 ? `escaped ${clean.escaped.join(", ")}` : null,
      clean.removed.length > 0 ? `removed ${clean.removed.join(", ")}` : null,
    ].filter((p) => p !== null);
    issues.push(
      warning("HTML_ESCAPED", {
        field: "description",
        value: [...clean.escaped, ...clean.removed].join(", "),
        message: `The description has HTML Flickr does not allow: ${parts.join("; ")}`,
        hint: "Flickr descriptions keep links (<a href=\"https://…\">), bold (<b>, <strong>) and italic (<i>, <em>); other markup shows as text. Remove it from the catalogue text or the template.",
      }),
    );
  }
  return { html: clean.html, issues };
}

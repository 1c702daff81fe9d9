/**
 * Descriptions compared by meaning. Flickr does not give a description back as it was sent
 * (recorded getInfo responses of RAÄ, State Library NSW and Auckland Museum; flickr-api.md §14):
 * links get `rel="noreferrer nofollow"` (2013: `rel="nofollow"`), link text equal to its URL
 * loses `http(s)://`, long link text is cut with "..." or "…", and `&` comes back as `&amp;`.
 * Comparing the bytes would call every published item drifted; comparing visible text and link
 * targets does not, and still sees every edit a reader could notice.
 *
 * The canonical form is a list of tokens: text (entities decoded, tags other than links dropped,
 * `<br>` a line break, line ends and runs of blanks normalised) and links (target, and the link's
 * text unless that text just shows the target). A link that shows its own URL is the same as the
 * URL written as plain text, so Flickr linkifying a bare URL is not a change either. Pure.
 */
import { Parser } from "htmlparser2";

export type DescriptionToken = { kind: "text"; text: string } | { kind: "link"; href: string; text: string };

const ELLIPSIS = /(?:\.\.\.|…)$/;
const stripScheme = (u: string): string => u.replace(/^https?:\/\//i, "").replace(/\/$/, "");

/** Does the link's text only show its target (whole, without the scheme, or cut with an ellipsis)? */
export function showsItsUrl(text: string, href: string): boolean {
  const t = text.trim();
  if (t === "" || t === href) return true;
  const target = stripScheme(href);
  if (stripScheme(t) === target) return true;
  const cut = t.replace(ELLIPSIS, "");
  return cut !== t && cut.length > 0 && target.startsWith(stripScheme(cut));
}

/** Blanks as a reader sees them: CRLF and CR are line breaks, runs of spaces are one, no blanks around a line break. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n");
}

/** Parse a description (Flickr's limited HTML) into raw tokens. */
function parse(html: string): DescriptionToken[] {
  const out: DescriptionToken[] = [];
  let link: { href: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "a" && link === null) link = { href: (attrs.href ?? "").trim(), text: "" };
        else if (name === "br") (link ? (link.text += "\n") : out.push({ kind: "text", text: "\n" }));
      },
      ontext(text) {
        if (link) link.text += text;
        else out.push({ kind: "text", text });
      },
      onclosetag(name) {
        if (name !== "a" || link === null) return;
        const { href, text } = link;
        link = null;
        // A link that only shows its URL reads exactly like the URL as plain text.
        out.push(showsItsUrl(text, href) ? { kind: "text", text: href } : { kind: "link", href, text: text.trim() });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

/** The canonical tokens of a description: adjacent text merged and tidied, empty text dropped. */
export function descriptionTokens(html: string | null | undefined): DescriptionToken[] {
  const merged: DescriptionToken[] = [];
  for (const token of parse(String(html ?? ""))) {
    const last = merged.at(-1);
    if (token.kind === "text" && last?.kind === "text") last.text += token.text;
    else merged.push({ ...token });
  }
  const out: DescriptionToken[] = [];
  merged.forEach((token, i) => {
    if (token.kind === "link") return void out.push({ ...token, text: tidy(token.text).trim() });
    // Only the ends of the whole description are trimmed: a blank next to a link is meaning.
    let text = tidy(token.text);
    if (i === 0) text = text.trimStart();
    if (i === merged.length - 1) text = text.trimEnd();
    if (text !== "") out.push({ kind: "text", text });
  });
  return out;
}

/** The canonical form as one string (for messages and hashing): links as `[text](href)`. */
export function canonicalDescription(html: string | null | undefined): string {
  return descriptionTokens(html)
    .map((t) => (t.kind === "text" ? t.text : `[${t.text}](${t.href})`))
    .join("");
}

/** Same link text, allowing one side to be the other cut with an ellipsis. */
function sameLinkText(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const cut = short.replace(ELLIPSIS, "");
  return cut !== short && cut.length > 0 && long.startsWith(cut);
}

/** Do two descriptions say the same thing (same visible text, same link targets)? */
export function sameDescription(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = descriptionTokens(a);
  const y = descriptionTokens(b);
  if (x.length !== y.length) return false;
  return x.every((t, i) => {
    const u = y[i]!;
    if (t.kind === "text" || u.kind === "text") return t.kind === u.kind && t.text === u.text;
    return t.href === u.href && sameLinkText(t.text, u.text);
  });
}

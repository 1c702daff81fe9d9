/**
 * Descriptions compared by meaning, on descriptions real Flickr returned (test/fixtures/flickr/
 * descriptions-returned.json: RAÄ and KB 2013, State Library NSW, Auckland Museum, The National
 * Archives UK) against what the institution sent — reconstructed as their templates wrote links,
 * `<a href="URL">URL</a>` without rel, and `&` unescaped.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { canonicalDescription, descriptionTokens, sameDescription, showsItsUrl } from "../../src/flickr/description-canonical.js";
import { asFlickrReturnsIt } from "../../src/sandbox/serialize/flickr-description.js";
import { fixturePath } from "../helpers/paths.js";

const RETURNED = JSON.parse(readFileSync(fixturePath("flickr", "descriptions-returned.json"), "utf8")) as Record<string, { returned: string }>;

/** What an institution's template sent: every link written out with its full URL as text, no rel. */
function asSent(returned: string): string {
  return returned
    .replace(/<a href="([^"]*)" rel="[^"]*">([^<]*)<\/a>/g, (_m, href: string, text: string) => {
      const showsUrl = /^(www\.|[a-z0-9.-]+\.[a-z]{2,}\/)/i.test(text) || text.endsWith("...");
      return `<a href="${href}">${showsUrl ? href.replace(/&amp;/g, "&") : text}</a>`;
    })
    .replace(/&amp;(?![#a-z0-9]+;)/gi, "&");
}

for (const [name, { returned }] of Object.entries(RETURNED)) {
  test(`${name}: what was sent and what Flickr returned mean the same`, (t) => {
    const sent = asSent(returned);
    t.not(sent, returned);
    t.true(sameDescription(sent, returned));
    t.true(sameDescription(returned, sent));
  });

  test(`${name}: the sandbox's rewrite means the same as what was sent`, (t) => {
    const sent = asSent(returned);
    t.true(sameDescription(sent, asFlickrReturnsIt(sent)));
  });
}

test("the sandbox rewrites exactly as Flickr did in 2025 (State Library NSW, Auckland Museum)", (t) => {
  for (const name of ["slnsw-2959326615", "auckland-54450311696"]) {
    const { returned } = RETURNED[name]!;
    t.is(asFlickrReturnsIt(asSent(returned)), returned, name);
  }
});

const BASE = 'Boy in Visby &amp; harbour.\n\nPersistent URL: <a href="http://kmb.raa.se/show.html?id=1&amp;x=2">http://kmb.raa.se/show.html?id=1&amp;x=2</a>\nMore: <a href="https://example.org/catalogue">our catalogue</a>';

const SAME: [string, string][] = [
  ["rel added", BASE.replace(/<a href="([^"]*)">/g, '<a href="$1" rel="noreferrer nofollow">')],
  ["2013 rel", BASE.replace(/<a href="([^"]*)">/g, '<a href="$1" rel="nofollow">')],
  ["scheme dropped from URL text", BASE.replace(">http://kmb.raa.se", ">kmb.raa.se")],
  ["URL text cut with ...", BASE.replace(">http://kmb.raa.se/show.html?id=1&amp;x=2<", ">kmb.raa.se/show...<")],
  ["URL text cut with …", BASE.replace(">http://kmb.raa.se/show.html?id=1&amp;x=2<", ">kmb.raa.se/sh…<")],
  ["custom text cut with ...", BASE.replace(">our catalogue<", ">our cata...<")],
  ["& spelled as a raw &", BASE.replace("Visby &amp; harbour", "Visby & harbour")],
  ["& spelled &#38;", BASE.replace("Visby &amp; harbour", "Visby &#38; harbour")],
  ["CRLF line breaks", BASE.replace(/\n/g, "\r\n")],
  ["trailing blanks", `${BASE.replace("harbour.\n", "harbour. \n")}  \n`],
  ["bare URL instead of a link that shows it", BASE.replace(/<a href="http:\/\/kmb[^"]*">[^<]*<\/a>/, "http://kmb.raa.se/show.html?id=1&amp;x=2")],
  ["bold markup", BASE.replace("Boy", "<b>Boy</b>")],
];

const DIFFERENT: [string, string][] = [
  ["another link target", BASE.replace('href="https://example.org/catalogue"', 'href="https://example.org/other"')],
  ["another URL shown and linked", BASE.replace(/id=1&amp;x=2/g, "id=7&amp;x=2")],
  ["other visible text", BASE.replace("Boy", "Girl")],
  ["other link text", BASE.replace(">our catalogue<", ">their catalogue<")],
  ["link removed, text kept", BASE.replace(/<a href="https[^"]*">our catalogue<\/a>/, "our catalogue")],
  ["a line break removed", BASE.replace("harbour.\n\n", "harbour.\n")],
  ["URL text cut where it does not match", BASE.replace(">http://kmb.raa.se/show.html?id=1&amp;x=2<", ">kmb.raa.se/other...<")],
  ["empty", ""],
];

for (const [name, variant] of SAME) test(`same meaning: ${name}`, (t) => t.true(sameDescription(BASE, variant), canonicalDescription(variant)));
for (const [name, variant] of DIFFERENT) test(`different meaning: ${name}`, (t) => t.false(sameDescription(BASE, variant), canonicalDescription(variant)));

test("the canonical form: text decoded, links that show their URL as the URL, other links as [text](href)", (t) => {
  t.is(canonicalDescription(BASE), "Boy in Visby & harbour.\n\nPersistent URL: http://kmb.raa.se/show.html?id=1&x=2\nMore: [our catalogue](https://example.org/catalogue)");
  t.deepEqual(descriptionTokens("&lt;table&gt; <br>x"), [{ kind: "text", text: "<table>\nx" }]);
  t.is(canonicalDescription(null), "");
});

test("showsItsUrl", (t) => {
  t.true(showsItsUrl("www.sl.nsw.gov.au", "http://www.sl.nsw.gov.au"));
  t.true(showsItsUrl("www.sl.nsw.gov.au/discover_collections/natural_world/anta...", "http://www.sl.nsw.gov.au/discover_collections/natural_world/antarctica/hurley/index.html"));
  t.false(showsItsUrl("COAL 80/97/30", "http://www.nationalarchives.gov.uk/catalogue/x"));
  t.false(showsItsUrl("...", "http://a.se"));
});

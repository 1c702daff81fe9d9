import test from "ava";
import { readFileSync } from "node:fs";
import { decodeEntities, flickrLinkText, renderFlickrDescription } from "../../src/preview/description.js";
import { fixturePath } from "../helpers/paths.js";

const FIXTURES = fixturePath("flickr") + "/";

// What Flickr showed for links on real Commons photos: getInfo of RAÄ (2013), KB, SLNSW,
// Auckland Museum and BHL (the reference collection's flickr-commons folder; KB's is in test/fixtures/flickr).
const LINK_TEXTS: [url: string, shown: string][] = [
  ["http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564", "kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564"],
  ["http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000226348", "www.kms.raa.se/cocoon/bild/show-image.html?id=16001000226348"],
  ["http://www.kb.se/english/collections/manuscripts/private/strindberg/", "www.kb.se/english/collections/manuscripts/private/strindb..."],
  ["http://www.sl.nsw.gov.au/discover_collections/natural_world/antarctica/hurley/index.html", "www.sl.nsw.gov.au/discover_collections/natural_world/anta..."],
  ["https://www.aucklandmuseum.com/discover/collections/record/1058670", "www.aucklandmuseum.com/discover/collections/record/1058670"],
  ["https://biodiversitylibrary.org/page/33665645", "biodiversitylibrary.org/page/33665645"],
];

for (const [url, shown] of LINK_TEXTS) {
  test(`a link to ${url} reads “${shown}” as on Flickr`, (t) => {
    t.is(flickrLinkText(url), shown);
    // …whether the archivist wrote the address as a link or bare
    t.true(renderFlickrDescription(`<a href="${url}">${url}</a>`).includes(`>${shown}</a>`));
    t.true(renderFlickrDescription(`See ${url} for more`).includes(`>${shown}</a>`));
  });
}

test("the KB description from a real getInfo renders its bare URL as the link Flickr made of it", (t) => {
  const info = JSON.parse(readFileSync(`${FIXTURES}getInfo.10289777634.national-library-of-sweden.json`, "utf8"));
  const stored: string = info.photo.description._content;
  const flickrLink = /<a href="([^"]+)" rel="nofollow">([^<]+)<\/a>/.exec(stored)!;
  // The same description as the archivist wrote it: a bare address in parentheses.
  const written = stored.replace(flickrLink[0], flickrLink[1]!);
  const html = renderFlickrDescription(written);
  t.regex(html, new RegExp(`<a href="${flickrLink[1]!.replace(/[.?]/g, "\\$&")}"[^>]*>${flickrLink[2]!.replace(/[.?]/g, "\\$&")}</a>`));
  t.true(html.includes("<b>Photographer:</b> August Strindberg"));
});

test("links open in a new tab without a referrer; link words are kept when they are not the address", (t) => {
  const html = renderFlickrDescription('Contact our <a href="http://www.nationalarchives.gov.uk/imagelibrary">image library</a>.');
  t.is(html, 'Contact our <a href="http://www.nationalarchives.gov.uk/imagelibrary" target="_blank" rel="noopener noreferrer nofollow">image library</a>.');
});

const CASES: { name: string; input: string; includes: string[]; excludes: string[] }[] = [
  {
    name: "markup Flickr does not allow shows as text",
    input: "<table><tr><td>1</td></tr></table><script>alert(1)</script>",
    includes: ["&lt;table&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    excludes: ["<table", "<script"],
  },
  {
    name: "bold, strong, italic and emphasis stay",
    input: "<b>B</b> <strong>S</strong> <i>I</i> <em>E</em>",
    includes: ["<b>B</b>", "<strong>S</strong>", "<i>I</i>", "<em>E</em>"],
    excludes: ["&lt;b&gt;"],
  },
  {
    name: "a javascript: link keeps its words and loses its address",
    input: '<a href="javascript:alert(1)">click</a> here',
    includes: ["click here"],
    excludes: ["javascript:", "<a"],
  },
  {
    name: "event handlers are removed from allowed tags",
    input: '<b onclick="steal()">bold</b> <a href="https://x.se/" onmouseover="x()">x.se</a>',
    includes: ["<b>bold</b>", 'href="https://x.se/"'],
    excludes: ["onclick", "onmouseover", "steal"],
  },
  {
    name: "line breaks are kept",
    input: "Line one\nLine two\r\n\r\nParagraph",
    includes: ["Line one<br>\nLine two<br>\n<br>\nParagraph"],
    excludes: [],
  },
  {
    name: "ampersands and quotes in text are entities once, not twice",
    input: "Almquist & Cöster, “Q&amp;A” \"quoted\"",
    includes: ["Almquist &amp; Cöster", "“Q&amp;A”", "&quot;quoted&quot;"],
    excludes: ["&amp;amp;"],
  },
  {
    name: "an address in a sentence ends before its full stop; one with parentheses keeps them",
    input: "See https://sv.wikipedia.org/wiki/Sigurd_(film). Or https://x.se/a.",
    includes: ['href="https://sv.wikipedia.org/wiki/Sigurd_(film)"', ">x.se/a</a>."],
    excludes: ['href="https://x.se/a."'],
  },
  {
    name: "& in a link's address is written as &amp; in the attribute",
    input: '<a href="http://x.se/?a=1&b=2">catalogue</a>',
    includes: ['href="http://x.se/?a=1&amp;b=2"'],
    excludes: [],
  },
  {
    name: "no link inside a link",
    input: '<a href="https://a.se/">see https://b.se/ now</a>',
    includes: ['<a href="https://a.se/" target="_blank" rel="noopener noreferrer nofollow">see https://b.se/ now</a>'],
    excludes: ['href="https://b.se/"'],
  },
  {
    name: "Swedish and other non-ASCII text is left as it is",
    input: "Sikfiske med nät i Kukkolaforsen i Torne älv — Ærø, Łódź, 東京",
    includes: ["Sikfiske med nät i Kukkolaforsen i Torne älv — Ærø, Łódź, 東京"],
    excludes: ["&#"],
  },
  {
    name: "mailto links stay links",
    input: '<a href="mailto:arkiv@example.se">write to us</a>',
    includes: ['href="mailto:arkiv@example.se"', ">write to us</a>"],
    excludes: [],
  },
];

for (const c of CASES) {
  test(`description: ${c.name}`, (t) => {
    const html = renderFlickrDescription(c.input);
    for (const s of c.includes) t.true(html.includes(s), `expected ${JSON.stringify(s)} in ${JSON.stringify(html)}`);
    for (const s of c.excludes) t.false(html.includes(s), `did not expect ${JSON.stringify(s)} in ${JSON.stringify(html)}`);
  });
}

test("rendering what heritage sends is stable: rendering the text of a rendered description gives the same text", (t) => {
  const html = renderFlickrDescription("A & B <i>C</i>\nhttps://example.org/x");
  const text = decodeEntities(html.replace(/<br>\n/g, "\n").replace(/<[^>]+>/g, ""));
  t.is(text, "A & B C\nexample.org/x");
});

test("decodeEntities undoes named, decimal and hex references and leaves unknown ones", (t) => {
  t.is(decodeEntities("&amp;&lt;&gt;&quot;&#39;&#x27;&#229;&nbsp;&bogus;"), "&<>\"''å\u00a0&bogus;");
});

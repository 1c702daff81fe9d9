/**
 * The description: RAÄ's house style as default template, and the HTML Flickr allows. The RAÄ
 * texts are from flickr.photos.getInfo of RAÄ's Flickr Commons photos (2013, straup/flickr-commons-metadata).
 */
import test from "ava";
import { DEFAULT_DESCRIPTION_TEMPLATE, renderDescription, sanitizeFlickrHtml } from "../../src/map/description.js";
import { templateFields } from "../../src/map/template.js";

const html: { name: string; input: string; expected: string; escaped?: string[]; removed?: string[] }[] = [
  { name: "plain text is unchanged", input: "Vy över Strömstad och hamnen.", expected: "Vy över Strömstad och hamnen." },
  { name: "ampersand is encoded as RAÄ's text had it", input: "Unknown. Almquist & Cöster", expected: "Unknown. Almquist &amp; Cöster" },
  { name: "newlines are kept", input: "English.\n\nSvenska.", expected: "English.\n\nSvenska." },
  { name: "bold and italic are kept", input: "<b>Date:</b> 1893-94. <i>Titanic</i> <strong>s</strong> <em>e</em>", expected: "<b>Date:</b> 1893-94. <i>Titanic</i> <strong>s</strong> <em>e</em>" },
  { name: "https, http and mailto links are kept", input: '<a href="https://kmb.raa.se/x">a</a> <a href="http://b.se">b</a> <a href="mailto:arkiv@example.org">c</a>', expected: '<a href="https://kmb.raa.se/x">a</a> <a href="http://b.se">b</a> <a href="mailto:arkiv@example.org">c</a>' },
  { name: "a link's other attributes are removed", input: '<a href="https://a.se" rel="nofollow" onclick="x()">a</a>', expected: '<a href="https://a.se">a</a>', removed: ["rel on <a>", "onclick on <a>"] },
  { name: "a javascript: link loses its href", input: '<a href="javascript:alert(1)">a</a>', expected: "<a>a</a>", removed: ['href="javascript:alert(1)" on <a>'] },
  { name: "a relative link loses its href", input: '<a href="/bild/1">a</a>', expected: "<a>a</a>", removed: ['href="/bild/1" on <a>'] },
  { name: "a protocol-relative link loses its href", input: '<a href="//evil.example">a</a>', expected: "<a>a</a>", removed: ['href="//evil.example" on <a>'] },
  { name: "other tags are escaped with their attributes, not dropped", input: '<img src="x.jpg"> <u>u</u>', expected: '&lt;img src="x.jpg" /&gt; &lt;u&gt;u&lt;/u&gt;', escaped: ["<img>", "<u>"] },
  { name: "script is escaped as text", input: "<script>alert(1)</script>", expected: "&lt;script&gt;alert(1)&lt;/script&gt;", escaped: ["<script>"] },
  { name: "<br> becomes a line break", input: "Visby<br>Gotland<br />Sverige", expected: "Visby\nGotland\nSverige" },
  { name: "paragraphs become blank-line-separated text", input: "<p>Första stycket.</p>\n<p class=\"x\">Andra.</p>", expected: "Första stycket.\n\nAndra." },
  { name: "a table is escaped", input: "<table><tr><td>x</td></tr></table>", expected: "&lt;table&gt;&lt;tr&gt;&lt;td&gt;x&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;", escaped: ["<table>", "<tr>", "<td>"] },
  { name: "a lone < is text", input: "barn < 3 år", expected: "barn &lt; 3 år" },
  { name: "an unclosed bold is closed", input: "<b>bold", expected: "<b>bold</b>" },
  // Shapes of LSH (Livrustkammaren, Skokloster, Hallwyl) exports: catalogue text, not markup.
  {
    name: "<!> paragraph separators are kept with the text between them",
    input: "Porträtt av drottning Kristina.<!>Kopia efter David Beck.<!>Inventarium 1696.",
    expected: "Porträtt av drottning Kristina.&lt;!&gt;Kopia efter David Beck.&lt;!&gt;Inventarium 1696.",
  },
  { name: "classification codes keep their case", input: "Arkitektur<Ic> Interiör<Ib>; Vapen<Ma>", expected: "Arkitektur&lt;Ic&gt; Interiör&lt;Ib&gt;; Vapen&lt;Ma&gt;" },
  { name: "a comment shows as written", input: "Okänd <!-- kontrollera --> fotograf", expected: "Okänd &lt;!-- kontrollera --&gt; fotograf" },
  { name: "a lone capital code is text", input: "Grupporträtt<B>", expected: "Grupporträtt&lt;B&gt;" },
  { name: "a closed capital tag is HTML", input: "<B>fet</B>", expected: "<b>fet</b>" },
  { name: "old capital HTML is still HTML", input: "<TABLE>x</TABLE>", expected: "&lt;table&gt;x&lt;/table&gt;", escaped: ["<table>"] },
];

for (const row of html) {
  test(`sanitizeFlickrHtml: ${row.name}`, (t) => {
    const result = sanitizeFlickrHtml(row.input);
    t.is(result.html, row.expected);
    t.deepEqual(result.escaped, row.escaped ?? []);
    t.deepEqual(result.removed, row.removed ?? []);
  });
}

test("renderDescription warns once with what was escaped and removed", (t) => {
  const result = renderDescription("{description}", { description: 'Se <u>här</u>: <a href="/x" class="c">länk</a>' });
  t.is(result.html, 'Se &lt;u&gt;här&lt;/u&gt;: <a>länk</a>');
  t.deepEqual(
    result.issues.map((i) => [i.code, i.severity, i.field]),
    [["HTML_ESCAPED", "warning", "description"]],
  );
  t.regex(result.issues[0]!.message, /escaped <u>; removed href="\/x" on <a>, class on <a>/);
  t.truthy(result.issues[0]!.hint);
});

test("catalogue markup survives into the description without a warning; real HTML still warns", (t) => {
  const lsh = renderDescription("{description}\nKlassifikation: {Klassifikation}", {
    description: "Stora salen.<!>Foto 1911.<!>Se även <!-- ej publ. --> LRK 123.",
    klassifikation: "Arkitektur<Ic>",
  });
  t.is(lsh.html, "Stora salen.&lt;!&gt;Foto 1911.&lt;!&gt;Se även &lt;!-- ej publ. --&gt; LRK 123.\nKlassifikation: Arkitektur&lt;Ic&gt;");
  t.deepEqual(lsh.issues, []);
  const html = renderDescription("{description}", { description: "Stora salen<Ic> <table>" });
  t.deepEqual(html.issues.map((i) => [i.code, i.value]), [["HTML_ESCAPED", "<table>"]]);
});

test("the default template uses the RAÄ fields", (t) => {
  t.deepEqual(templateFields(DEFAULT_DESCRIPTION_TEMPLATE), ["description", "place", "creator", "date", "institution", "identifier", "source_url"]);
});

test("the default template reads like RAÄ's Flickr Commons descriptions", (t) => {
  // Photo 4700136932 ("Visby, Gotland, Sweden"), as RAÄ described it on Flickr in 2010.
  const result = renderDescription(undefined, {
    description:
      "People with an engine in Almedalen in Visby. The Hanseatic town of Visby is today a UNESCO World Heritage.\n\nMänniskor med en maskin i Almedalen i Visby. Hansestaden Visby är idag ett världsarv på UNESCO:s världsarvslista.",
    place: "Visby, Gotland",
    creator: "Unknown",
    date: "1870s",
    institution: "Riksantikvarieämbetet",
    identifier: "16001000227124",
    source_url: "http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000227124",
  });
  t.deepEqual(result.issues, []);
  t.is(
    result.html,
    [
      "People with an engine in Almedalen in Visby. The Hanseatic town of Visby is today a UNESCO World Heritage.",
      "",
      "Människor med en maskin i Almedalen i Visby. Hansestaden Visby är idag ett världsarv på UNESCO:s världsarvslista.",
      "",
      "Place: Visby, Gotland",
      "",
      "Photograph by: Unknown",
      "Date: 1870s",
      "",
      "Source: Riksantikvarieämbetet",
      "Identifier: 16001000227124",
      'Persistent URL: <a href="http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000227124">http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000227124</a>',
    ].join("\n"),
  );
});

test("the default template leaves no stray labels for a sparse row", (t) => {
  const result = renderDescription(undefined, { identifier: "f0009418", date: "" , creator: "", place: "" });
  t.is(result.html, "Identifier: f0009418");
  t.deepEqual(result.issues, []);
});

test("a source URL that is not a URL drops the link line and warns", (t) => {
  const result = renderDescription(undefined, { description: "Katt på trappan.", identifier: "f0009418", source_url: "kmb.raa.se/1" });
  t.is(result.html, "Katt på trappan.\n\nIdentifier: f0009418");
  t.deepEqual(
    result.issues.map((i) => [i.code, i.field]),
    [["URL_INVALID", "source_url"]],
  );
});

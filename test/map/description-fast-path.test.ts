/**
 * sanitizeFlickrHtml skips the HTML parser for text that is already Flickr-safe as written
 * (isFlickrSafeAsWritten). That is a speed change only: on every input, real catalogue text
 * included, the result must be exactly what the full parser path gives.
 */
import test from "ava";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_DESCRIPTION_TEMPLATE, isFlickrSafeAsWritten, sanitizeFlickrHtml, sanitizeFlickrHtmlFully } from "../../src/map/description.js";
import { renderTemplate } from "../../src/map/template.js";
import { openManifest } from "../../src/manifest/open.js";
import { fixturePath } from "../helpers/paths.js";

const fixture = (p: string) => fixturePath(p);

/** Every text value of every row of the fixture manifests (real exports: LSH, Nationalmuseum LIDO, KMB). */
async function catalogueTexts(): Promise<string[]> {
  // [folder copied, manifest in it]
  const manifests = [
    ["manifests/kmb", "manifests/kulturmiljobild.csv"],
    ["exports/pipe-utf16", "bilder.txt"],
    ["exports/keyed-json", "foton.json"],
    ["exports/lsh-events", "ereignis.csv"],
    ["exports/tsv-keywords", "samling.tsv"],
    ["exports/lido", "nationalmuseum.xml"],
  ] as const;
  const texts: string[] = [];
  const root = mkdtempSync(join(tmpdir(), "heritage-fast-path-"));
  try {
    for (const [k, [folder, manifest]] of manifests.entries()) {
      // A copy with an empty collection folder: only the rows' text is wanted here.
      const dir = join(root, String(k));
      cpSync(fixture(folder), dir, { recursive: true });
      mkdirSync(join(dir, "images"), { recursive: true });
      texts.push(...(await rowTexts(join(dir, manifest))));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return texts;
}

async function rowTexts(manifest: string): Promise<string[]> {
  const texts: string[] = [];
  {
    const opened = await openManifest(manifest);
    for await (const { item } of opened.rows()) {
      for (const v of [...Object.values(item.values), ...Object.values(item.extra)]) {
        if (v === undefined) continue;
        texts.push(...(Array.isArray(v) ? v : [v]));
      }
    }
  }
  return texts;
}

/** Real date expressions (third column of real-dates.txt): catalogue text with odd punctuation. */
function realDates(): string[] {
  return readFileSync(fixture("dates/real-dates.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split("\t")[2] ?? "");
}

/** Inputs at the edges of the fast path's grammar: each either passes unchanged or must go through the parser. */
const EDGES = [
  "",
  "Vy över Strömstad.",
  "tab\there, CRLF\r\nand CR\rend",
  'citat "så här" och \'så\'',
  "Almquist & Cöster",
  "Almquist &amp; Cöster",
  "barn < 3 år",
  "barn > 3 år",
  "a\u0000b",
  "a\u000bb",
  "a\u007fb",
  "nbsp\u00a0and\u2028line sep",
  '<a href="https://kmb.raa.se/x">https://kmb.raa.se/x</a>',
  '<a href="http://b.se">b</a> <a href="mailto:arkiv@example.org">c</a>',
  '<a href="HTTPS://kmb.raa.se/x">x</a>',
  '<a href="https://a.se/?x=1&y=2">q</a>',
  '<a href="https://a.se/ x">space</a>',
  '<a href="https://a.se/\u00a0">nbsp</a>',
  '<a href=" https://a.se">lead</a>',
  "<a href='https://a.se'>single</a>",
  "<a href=https://a.se>bare</a>",
  '<a href="https://a.se" rel="x">attr</a>',
  '<a href="javascript:alert(1)">js</a>',
  '<a href="/relative">rel</a>',
  '<a href="//evil.example">pr</a>',
  "<a>no href</a>",
  '<a href="https://a.se">unclosed',
  '<a href="https://a.se"><a href="https://b.se">nested</a></a>',
  "<b>bold</b> <i>it</i> <strong>s</strong> <em>e</em>",
  "<b><i>nested</i></b>",
  "<b><i>crossed</b></i>",
  "<b><b>twice</b></b>",
  "<b>unclosed",
  "stray</b>",
  "<B>upper</B>",
  "<b >space</b>",
  "<br>",
  "Visby<br>Gotland",
  "<p>stycke</p>",
  "<img src=x>",
  "<u>u</u>",
  "<s>x</s> <sub>2</sub>",
  "<em>x</em><emx>",
  "<i>x</i><img>",
  "Porträtt<!>Kopia",
  "Arkitektur<Ic>",
  "<!-- c -->",
  "<script>alert(1)</script>",
];

test("the fast path gives exactly what the parser gives, on real catalogue text in templates and on the grammar's edges", async (t) => {
  const texts = [...(await catalogueTexts()), ...realDates(), ...EDGES];
  t.true(texts.length > 500, `only ${texts.length} texts`);
  const inputs: string[] = [];
  texts.forEach((text, i) => {
    inputs.push(text);
    // As the default template renders them, link line included.
    inputs.push(renderTemplate(DEFAULT_DESCRIPTION_TEMPLATE, { description: text, place: "Växjö", creator: text, identifier: `ID-${i}`, institution: "Museet", source_url: `https://samlingar.example.org/objekt/${i}` }).text);
    inputs.push(`<b>Beskrivning:</b> ${text}\n\n<a href="https://example.org/${i}">${text}</a>`);
  });
  let fast = 0;
  for (const input of inputs) {
    if (isFlickrSafeAsWritten(input)) fast++;
    t.deepEqual(sanitizeFlickrHtml(input), sanitizeFlickrHtmlFully(input), JSON.stringify(input));
  }
  // Both paths are exercised: most real text takes the fast one, the edges and markup the other.
  t.log(`fast path taken for ${fast} of ${inputs.length} inputs`);
  t.true(fast > inputs.length / 2, `fast path taken for ${fast} of ${inputs.length}`);
  t.true(fast < inputs.length, "every input took the fast path: the parser side is untested");
});

test("the fast path is taken only when the text would pass the parser unchanged", (t) => {
  for (const input of EDGES) {
    if (isFlickrSafeAsWritten(input)) t.is(sanitizeFlickrHtmlFully(input).html, input, JSON.stringify(input));
  }
  t.true(isFlickrSafeAsWritten('Persistent URL: <a href="https://kmb.raa.se/x">https://kmb.raa.se/x</a>'));
  t.false(isFlickrSafeAsWritten("Almquist & Cöster"));
  t.false(isFlickrSafeAsWritten("<b>unclosed"));
});

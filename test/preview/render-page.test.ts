import test from "ava";
import { buildPreviewModel } from "../../src/preview/model.js";
import { CONTENT_SECURITY_POLICY, PAGE_SIZE, renderPreviewPage, searchText, type TileData } from "../../src/preview/render-page.js";
import type { PreviewImage } from "../../src/preview/types.js";
import { NOW, source } from "./helpers.js";

const BREAKOUT = "</script><script>window.pwned = 1</script><!--";
const ROWS = [
  // Titles lose their tags in mapping (HTML_ESCAPED); an extra column keeps the text as written.
  source(2, { identifier: "G-1", file: "g1.tif", title: "Visby <!-- hamn", license: "CC0", place: "Gotland, Visby", tags: "ringmur; medeltid" }, { extra: { notes: BREAKOUT } }),
  source(3, { identifier: "G-2", file: "g2.tif", title: "Strömstad, Bohuslän", license: "CC0", description: "Vy över hamnen." }),
];
const IMAGES = new Map<number, PreviewImage>([
  [2, { kind: "image", thumb: "thumbs/a.jpg", thumbWidth: 320, thumbHeight: 213, view: "thumbs/b.jpg", width: 1024, height: 682 }],
  [3, { kind: "placeholder", reason: "The file does not exist in the collection folder" }],
]);

function page(): string {
  const model = buildPreviewModel({
    manifest: "manifests/gotland.csv",
    collection: "collections/gotland",
    institution: "Riksantikvarieämbetet",
    generatedAt: NOW,
    toolVersion: "0.0.0-test",
    sources: ROWS,
    images: IMAGES,
    collectionIssues: [],
    states: null,
    accountDefaultLicense: null,
    existingAlbums: [],
    quota: 3600,
  });
  return renderPreviewPage(model);
}

function data(html: string): { pageSize: number; items: TileData[] } {
  const m = /<script type="application\/json" id="preview-data">([\s\S]*?)<\/script>/.exec(html)!;
  return JSON.parse(m[1]!);
}

function views(html: string): string[] {
  const m = /<script type="application\/json" id="preview-views">([\s\S]*?)<\/script>/.exec(html)!;
  return JSON.parse(m[1]!);
}

test("the page is one UTF-8 document with a CSP that forbids every network load", (t) => {
  const html = page();
  t.true(html.startsWith("<!doctype html>\n<html lang=\"en\">"));
  t.true(html.includes('<meta charset="utf-8">'));
  t.true(html.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`));
  t.regex(CONTENT_SECURITY_POLICY, /^default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline';/);
  t.true(html.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'));
  // Nothing to fetch: no external stylesheet, script, font or icon.
  t.false(/<(script|img|link|iframe)[^>]+(src|href)="(https?:)?\/\//i.test(html));
  t.false(/@import|@font-face|url\(/i.test(html));
  t.true(html.includes('<link rel="icon" href="data:,">'));
});

test("a title with </script> cannot break out of the data block, and comes back intact", (t) => {
  const html = page();
  t.is(html.match(/<\/script>/g)!.length, 3, "only the two data blocks and the script are closed");
  t.false(html.includes("window.pwned = 1</script>"));
  const items = data(html).items;
  t.is(items[0]!.t, "Visby <!-- hamn");
  t.is(items[0]!.alt, "Visby <!-- hamn");
  t.true(items[0]!.s.includes(BREAKOUT), "the search text holds the value as written");
  t.true(views(html)[0]!.includes("<td>&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;&lt;!--</td>"));
});

test("the script gets a tile per row (thumbnail or placeholder, counts, flags) and an item view per row", (t) => {
  const html = page();
  const { pageSize, items } = data(html);
  t.is(pageSize, PAGE_SIZE);
  t.deepEqual(items.map((i) => [i.r, i.i, i.v]), [[2, "G-1", "ok"], [3, "G-2", "ok"]]);
  t.like(items[0], { img: "thumbs/a.jpg", tw: 320, th: 213, nd: 1, nc: 1, e: 0, w: 0, p: null });
  t.regex(items[1]!.img, /^data:image\/svg\+xml;charset=utf-8,/);
  t.is(items[1]!.alt, "No image: The file does not exist in the collection folder");
  const itemViews = views(html);
  t.is(itemViews.length, 2);
  t.regex(itemViews[1]!, /^<article class="item item-ok" aria-labelledby="item-title">/);
  t.true(itemViews[1]!.includes("Strömstad, Bohuslän"));
});

test("search text is lower-case NFC over identifier, title, values, tags and issue codes", (t) => {
  const model = buildPreviewModel({
    manifest: "m.csv", collection: "c", institution: null, generatedAt: NOW, toolVersion: "0", images: new Map(), collectionIssues: [], states: null, accountDefaultLicense: null, existingAlbums: [], quota: 3600,
    // "Strömstad" written decomposed (o + combining diaeresis), as some exports do
    sources: [source(2, { identifier: "RAÄ-1", file: "x.tif", title: "Stro\u0308mstad", tags: "Hamn", license: "CC BY 3.0" })],
  });
  const text = searchText(model.items[0]!);
  t.true(text.includes("raä-1"));
  t.true(text.includes("strömstad"));
  t.true(text.includes("hamn"));
  t.true(text.includes("license_not_on_flickr"));
});

test("filters carry their counts, and the summary links to filtered views", (t) => {
  const html = page();
  t.regex(html, /<input type="radio" name="status" value="all" checked> All <span class="count">2<\/span>/);
  t.regex(html, /value="nodate"> No date <span class="count">2<\/span>/);
  t.false(html.includes('value="published"'), "no publication filters without a state");
  t.true(html.includes('<a href="#status=errors">'));
});

import test from "ava";
import { previewItem } from "../../src/preview/item.js";
import { altText, issuePart, renderItemView, type ItemPart } from "../../src/preview/render-item.js";
import type { PreviewImage, PreviewItem } from "../../src/preview/types.js";
import { error, warning } from "../../src/issues.js";
import { SETTINGS, source } from "./helpers.js";

const IMAGE: PreviewImage = { kind: "image", thumb: "thumbs/t.jpg", thumbWidth: 320, thumbHeight: 240, view: "thumbs/v.jpg", width: 1024, height: 768 };

const KUKKOLA = {
  identifier: "16001000414564",
  file: "kmb/16001000414564.tif",
  title: "Fishing in the Kukkola rapids, Norrbotten, Sweden",
  description: "Sikfiske med nät i Kukkolaforsen i Torne älv.\n\nFishing whitefish with nets.",
  creator: "Unknown. Almquist & Cöster",
  date: "1940-talet",
  place: "Kukkola, Haparanda, Norrbotten",
  latitude: "65,962139",
  longitude: "24,043235",
  geo_accuracy: "14",
  tags: "fishing; rapids; Torne älv",
  album: "Norrbotten; Fishing",
  license: "http://rightsstatements.org/vocab/NKC/1.0/",
  source_url: "http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564",
};

function item(values: Record<string, string>, options: Parameters<typeof source>[2] = {}, image: PreviewImage = IMAGE): PreviewItem {
  return previewItem(source(2, values, options), { state: undefined, hasState: false, plans: [], image });
}

/** The inner HTML of the first element with this class, up to its closing tag (not nested in itself). */
function part(html: string, className: string, tag = "dd|p|div|figure|section"): string {
  const m = new RegExp(`class="${className}"[^>]*>([\\s\\S]*?)</(${tag})>`).exec(html);
  if (!m) throw new Error(`no .${className} in ${html}`);
  return m[1]!;
}

const DATES: [written: string, shown: string | null][] = [
  ["1923-05-17", "May 17, 1923"],
  ["17 maj 1923", "May 17, 1923"],
  ["maj 1923", "May 1923"],
  ["1923-05", "May 1923"],
  ["1923", "1923"],
  ["ca 1920", "circa 1920"],
  ["[1915?]", "circa 1915"],
  ["1920-talet", "circa 1925"],
  ["1880s", "circa 1885"],
  ["okänd", null],
  ["", null],
];

for (const [written, shown] of DATES) {
  test(`the date “${written}” shows as ${shown === null ? "no date" : `“${shown}”`}`, (t) => {
    const html = renderItemView(item({ ...KUKKOLA, date: written }));
    const date = part(html, "fact-date");
    if (shown === null) t.regex(date, /No date/);
    else t.regex(date, new RegExp(`<span class="date-taken">${shown}</span>`));
    // The catalogue's own words are shown beside Flickr's when they differ.
    if (written && shown !== written) t.true(date.includes(`catalogue: “${written.replace("[", "[")}”`));
  });
}

const LICENSES: [written: string, name: string | null, url: string | null][] = [
  ["http://rightsstatements.org/vocab/NKC/1.0/", "No known copyright restrictions", "https://www.flickr.com/commons/usage/"],
  ["CC BY 4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"],
  ["https://creativecommons.org/publicdomain/mark/1.0/", "Public Domain Mark", "https://creativecommons.org/publicdomain/mark/1.0/"],
  ["CC0", "Public Domain Dedication (CC0)", "https://creativecommons.org/publicdomain/zero/1.0/"],
  ["Fri att använda", null, null],
];

for (const [written, name, url] of LICENSES) {
  test(`the licence “${written}” shows as ${name ?? "no licence"} with its link`, (t) => {
    const html = part(renderItemView(item({ ...KUKKOLA, license: written })), "fact-license");
    if (name === null) {
      t.regex(html, /No licence Flickr offers/);
      t.true(html.includes("catalogue: “Fri att använda”"));
      t.false(html.includes("<a "));
    } else {
      t.true(html.includes(`<a href="${url}" target="_blank" rel="noopener noreferrer">${name}</a>`));
    }
  });
}

test("the item view shows title, description, place with a map link, albums, tags and machine tags", (t) => {
  const html = renderItemView(item(KUKKOLA));
  t.regex(html, /<h2 id="item-title" tabindex="-1">Fishing in the Kukkola rapids, Norrbotten, Sweden<\/h2>/);
  t.true(part(html, "description").includes("Sikfiske med nät i Kukkolaforsen i Torne älv.<br>\n<br>\nFishing whitefish with nets."));
  const place = part(html, "fact-place");
  t.true(place.includes("Kukkola, Haparanda, Norrbotten"));
  t.true(place.includes('href="https://www.openstreetmap.org/?mlat=65.962139&amp;mlon=24.043235#map=14/65.962139/24.043235"'));
  t.true(place.includes("(accuracy 14)"));
  t.true(part(html, "fact-albums").includes("<li>Norrbotten</li><li>Fishing</li>"));
  t.regex(html, /<ul class="tag-list"><li>fishing<\/li><li>rapids<\/li><li>Torne älv<\/li><li>Riksantikvarieämbetet<\/li><\/ul>/);
  t.regex(html, /<ul class="tag-list machine-tags"><li>raa:id=16001000414564<\/li><li>raa:url=http:\/\/kmb.raa.se\/cocoon\/bild\/show-image.html\?id=16001000414564<\/li><\/ul>/);
  t.true(part(html, "fact-visibility").includes("Public"));
  t.regex(html, /<img src="thumbs\/v.jpg" width="1024" height="768" alt="Fishing in the Kukkola rapids, Norrbotten, Sweden"/);
});

test("the source row lists the values as written, extra columns with their own (non-ASCII) headers", (t) => {
  const html = renderItemView(item(KUKKOLA, { extra: { "Län": "Norrbotten", Socken: "Karl Gustav" } }));
  const row = part(html, "row", "section");
  t.true(row.includes("<th scope=\"row\">creator</th><td>Unknown. Almquist &amp; Cöster</td>"));
  t.true(row.includes("<th scope=\"row\">Län</th><td>Norrbotten</td>"));
  t.true(row.indexOf(">identifier<") < row.indexOf(">Län<"), "manifest fields first, extra columns after");
});

test("text from the manifest is escaped everywhere; only the description's allowed tags are HTML", (t) => {
  const nasty = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';
  const html = renderItemView(
    item({ ...KUKKOLA, title: `Gatan ${nasty}`, place: nasty, tags: `a${nasty}`, album: nasty, description: `<b>ok</b> ${nasty}` }, { extra: { [nasty]: nasty } }),
  );
  t.false(/<script|<img src=x|onerror=alert/i.test(html.replace(/&lt;[^&]*&gt;/g, "")), "no live markup from the row");
  t.false(html.includes("<script"));
  t.true(html.includes("<b>ok</b>"));
  t.true(html.includes("Gatan &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
});

test("each issue is listed with its code, value, message and hint, and flagged where it belongs", (t) => {
  const html = renderItemView(item({ ...KUKKOLA, license: "CC BY 3.0", latitude: "0", longitude: "0" }));
  const issues = part(html, "issues", "section");
  t.regex(issues, /<li class="issue issue-error"><p class="issue-head"><span class="severity">Error<\/span> <code>LICENSE_NOT_ON_FLICKR<\/code>/);
  t.true(issues.includes('<span class="field">license</span> = <q>CC BY 3.0</q>'));
  t.regex(issues, /<p class="issue-hint">.*Flickr offers CC BY 2\.0 \(4\) or CC BY 4\.0 \(11\)/);
  t.regex(issues, /GEO_NULL_ISLAND/);
  t.regex(part(html, "fact-license"), /flag-error.*LICENSE_NOT_ON_FLICKR/);
  t.regex(part(html, "fact-place"), /flag-error.*GEO_NULL_ISLAND/);
  t.regex(part(html, "fact-date"), /flag-warning.*DATE_LOSSY/);
  t.notRegex(part(html, "fact-albums"), /flag/);
  t.regex(html, /<tr class="has-error"><th scope="row">license<\/th>/);
});

const PARTS: [field: string | null, part: ItemPart][] = [
  ["file", "image"],
  ["title", "title"],
  ["license", "license"],
  ["date", "date"],
  ["latitude", "place"],
  ["geo_accuracy", "place"],
  ["tags", "tags"],
  ["album", "albums"],
  ["safety_level", "visibility"],
  ["source_url", "description"],
  ["identifier", "row"],
  ["notes", "row"],
  [null, "row"],
];

for (const [field, where] of PARTS) {
  test(`an issue about ${field ?? "the whole row"} is flagged at the ${where}`, (t) => {
    t.is(issuePart(warning("TAG_DUPLICATE", { field })), where);
  });
}

test("a row without a picture gets a placeholder that says why, as alt text and caption", (t) => {
  const reason = "The file does not exist in the collection folder";
  const html = renderItemView(
    item({ ...KUKKOLA, file: "missing.tif" }, { issues: [error("FILE_MISSING", { row: 2, field: "file", value: "missing.tif", message: reason })] }, { kind: "placeholder", reason }),
  );
  t.regex(html, /<figure class="photo photo-missing"><img src="data:image\/svg\+xml;charset=utf-8,[^"]+" width="320" height="240" alt="No image: The file does not exist in the collection folder">/);
  t.regex(part(html, "photo photo-missing", "figure"), /<figcaption>The file does not exist in the collection folder <span class="flags">/);
  const svg = decodeURIComponent(/src="data:image\/svg\+xml;charset=utf-8,([^"]+)"/.exec(html)![1]!);
  t.true(svg.includes("No image"));
  t.true(svg.includes("The file does not exist in the"));
});

test("alt text is the title, else the identifier, else the row", (t) => {
  t.is(altText({ title: "Visby", identifier: "X1", row: 3 }), "Visby");
  t.is(altText({ title: "", identifier: "X1", row: 3 }), "X1");
  t.is(altText({ title: "", identifier: null, row: 3 }), "Untitled (row 3)");
});

test("a missing title and description are said, not left blank", (t) => {
  const html = renderItemView(item({ identifier: "X1", file: "x.tif", license: "CC0" }, { settings: { ...SETTINGS, templates: { description: "{description}" } } }));
  t.regex(html, /<h2 id="item-title" tabindex="-1"><span class="missing">\(no title\)<\/span>/);
  t.regex(html, /<p class="description missing">\(no description\)<\/p>/);
  t.regex(html, /TITLE_MISSING/);
});

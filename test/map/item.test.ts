/**
 * mapItem on realistic rows. The RAÄ row rebuilds photo 10082673916 ("Fishing in the Kukkola
 * rapids") from what RAÄ published on Flickr Commons in 2013 (straup/flickr-commons-metadata);
 * its Kulturmiljöbild fields (socken, landskap, kommun, län, format) are extra columns.
 */
import test from "ava";
import { mapItem } from "../../src/map/item.js";
import { defaultSettings, type Settings } from "../../src/settings/schema.js";
import type { ManifestItem } from "../../src/manifest/types.js";
import { ISSUE_CODES } from "../../src/issues.js";

const NOW = { now: new Date("2025-06-19T12:00:00Z") };

function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...overrides };
}

const RAA_SETTINGS = settings({
  namespace: "raa",
  institution: "Riksantikvarieämbetet",
  extra_tags: ["The Swedish National Heritage Board", "Riksantikvarieämbetet"],
  defaults: { license: "http://rightsstatements.org/vocab/NKC/1.0/" },
});

const KUKKOLA: ManifestItem = {
  row: 2,
  values: {
    identifier: "16001000414564",
    file: "kmb/16001000414564.tif",
    title: "Fishing in the Kukkola rapids, Norrbotten, Sweden",
    description:
      "Fishing whitefish with nets in the Kukkola rapids in Torne river near the Finnish border.\n\nSikfiske med nät i Kukkolaforsen i Torne älv nära gränsen till Finland.",
    creator: "Unknown. Almquist & Cöster",
    date: "1940-1959",
    place: "Kukkola, Haparanda, Norrbotten",
    latitude: "65,9760",
    longitude: "24,0400",
    tags: "fishing; rapids; Torne river",
    album: "Norrbotten; Fishing",
    source_url: "http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564",
  },
  extra: { Socken: "Karl Gustav", Landskap: "Norrbotten", Kommun: "Haparanda", "Län": "Norrbotten", Format: "Cliché, film with text" },
};

/** RAÄ's own layout, as a heritage template over the Kulturmiljöbild columns. */
const RAA_TEMPLATE = [
  "{description}",
  "",
  "Parish (socken): {Socken}",
  "Province (landskap): {Landskap}",
  "Municipality (kommun): {Kommun}",
  "County (län): {län}",
  "",
  "Photograph by: {creator}",
  "Date: {date}",
  "Format: {Format}",
  "",
  'Persistent URL: <a href="{source_url}">{source_url}</a>',
].join("\n");

test("mapItem: a RAÄ row becomes RAÄ's Flickr photo", (t) => {
  const mapped = mapItem(KUKKOLA, { ...RAA_SETTINGS, templates: { description: RAA_TEMPLATE } }, NOW);
  t.is(mapped.row, 2);
  t.is(mapped.identifier, "16001000414564");
  // RAÄ's description on Flickr, without its trailing spaces, rel="nofollow" (Flickr adds it)
  // and the "Read more about the photo database" footer.
  t.is(
    mapped.fields.description,
    [
      "Fishing whitefish with nets in the Kukkola rapids in Torne river near the Finnish border.",
      "",
      "Sikfiske med nät i Kukkolaforsen i Torne älv nära gränsen till Finland.",
      "",
      "Parish (socken): Karl Gustav",
      "Province (landskap): Norrbotten",
      "Municipality (kommun): Haparanda",
      "County (län): Norrbotten",
      "",
      "Photograph by: Unknown. Almquist &amp; Cöster",
      "Date: 1940-1959",
      "Format: Cliché, film with text",
      "",
      'Persistent URL: <a href="http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564">http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564</a>',
    ].join("\n"),
  );
  t.deepEqual(mapped.fields, {
    title: "Fishing in the Kukkola rapids, Norrbotten, Sweden",
    description: mapped.fields.description,
    tags: [
      "fishing",
      "rapids",
      "Torne river",
      "The Swedish National Heritage Board",
      "Riksantikvarieämbetet",
      "raa:id=16001000414564",
      "raa:url=http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564",
    ],
    license_id: 7,
    date_taken: "1950-01-01 00:00:00", // RAÄ's own Flickr photo has 1950: the midpoint
    date_taken_granularity: 8,
    latitude: 65.976,
    longitude: 24.04,
    accuracy: 16,
    albums: ["Norrbotten", "Fishing"],
    is_public: 1,
    hidden: null,
    safety_level: null,
    content_type: null,
  });
  t.deepEqual(mapped.license, {
    id: 7,
    name: "No known copyright restrictions",
    url: "https://www.flickr.com/commons/usage/",
    statement: "http://rightsstatements.org/vocab/NKC/1.0/",
  });
  t.is(mapped.date.display, "1940-1959");
  // The one thing to tell the archivist: Flickr will say "circa 1950" for "1940-1959".
  t.deepEqual(
    mapped.issues.map((i) => [i.code, i.severity, i.row, i.identifier, i.field, i.message]),
    [["DATE_LOSSY", "warning", 2, "16001000414564", "date", "1940-1959 (a range) is published as circa 1950, its midpoint"]],
  );
});

test("mapItem: the default template reads like RAÄ's descriptions", (t) => {
  const mapped = mapItem(KUKKOLA, RAA_SETTINGS, NOW);
  t.is(
    mapped.fields.description,
    [
      "Fishing whitefish with nets in the Kukkola rapids in Torne river near the Finnish border.",
      "",
      "Sikfiske med nät i Kukkolaforsen i Torne älv nära gränsen till Finland.",
      "",
      "Place: Kukkola, Haparanda, Norrbotten",
      "",
      "Photograph by: Unknown. Almquist &amp; Cöster",
      "Date: 1940-1959",
      "",
      "Source: Riksantikvarieämbetet",
      "Identifier: 16001000414564",
      'Persistent URL: <a href="http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564">http://kmb.raa.se/cocoon/bild/show-image.html?id=16001000414564</a>',
    ].join("\n"),
  );
});

test("mapItem: values after defaults, lists joined with '; ', extra columns by header", (t) => {
  const mapped = mapItem(KUKKOLA, RAA_SETTINGS, NOW);
  t.is(mapped.values.tags, "fishing; rapids; Torne river");
  t.is(mapped.values.album, "Norrbotten; Fishing");
  t.is(mapped.values.license, "http://rightsstatements.org/vocab/NKC/1.0/", "the default licence is a resolved value");
  t.is(mapped.values["Län"], "Norrbotten");
  t.is(mapped.values.Format, "Cliché, film with text");
  t.false("is_public" in mapped.values, "empty fields are absent");
});

test("mapItem: settings.defaults fill empty fields only", (t) => {
  const s = settings({ defaults: { license: "CC0", creator: "Okänd", tags: "Kulturmiljöbild; RAÄ", geo_accuracy: "11", title: "Utan titel" } });
  const item: ManifestItem = {
    row: 3,
    values: { identifier: "f0009418", file: "f0009418.tif", creator: "Lundberg, Bengt A", tags: [], latitude: "55.6", longitude: "13.7", license: "  " },
    extra: {},
  };
  const mapped = mapItem(item, s, NOW);
  t.is(mapped.fields.license_id, 9, "empty licence took the default");
  t.is(mapped.values.creator, "Lundberg, Bengt A", "the row's creator wins");
  t.deepEqual(mapped.fields.tags.slice(0, 2), ["Kulturmiljöbild", "RAÄ"], "an empty tag list took the default");
  t.is(mapped.fields.accuracy, 11, "default accuracy from settings.defaults.geo_accuracy");
  t.is(mapped.fields.title, "Utan titel");
  t.deepEqual(mapped.issues, []);
});

test("mapItem: JSON/YAML lists and the institution column", (t) => {
  const item: ManifestItem = {
    row: 1,
    values: { identifier: "NMGrh 16", file: "NMGrh16.tif", title: "Ferdinand III", tags: ["porträtt", "Habsburg"], album: ["Porträtt", "Porträtt"], license: "http://creativecommons.org/publicdomain/mark/1.0/", date: "Utf. ca 1638" },
    extra: { institution: "Nationalmuseum" },
  };
  const mapped = mapItem(item, settings({ namespace: "nm", institution: "Riksantikvarieämbetet", date: { earliest_year: 1500 } }), NOW);
  t.deepEqual(mapped.fields.tags, ["porträtt", "Habsburg", "nm:id=NMGrh 16"]);
  t.deepEqual(mapped.fields.albums, ["Porträtt"]);
  t.is(mapped.fields.license_id, 10);
  t.is(mapped.fields.date_taken, "1638-01-01 00:00:00");
  t.regex(mapped.fields.description, /^Date: Utf\. ca 1638\n\nSource: Nationalmuseum\nIdentifier: NMGrh 16$/);
  t.deepEqual(mapped.issues, []);
});

test("mapItem: a title template with computed fields", (t) => {
  const s = settings({ ...RAA_SETTINGS, templates: { title: "{title} ({date_display})\n{title}" } });
  t.is(mapItem(KUKKOLA, s, NOW).fields.title, "Fishing in the Kukkola rapids, Norrbotten, Sweden (circa 1950)");
  const undated = { ...KUKKOLA, values: { ...KUKKOLA.values, date: "okänd" } };
  t.is(mapItem(undated, s, NOW).fields.title, "Fishing in the Kukkola rapids, Norrbotten, Sweden");
});

test("mapItem: NKC outside Flickr Commons is an error", (t) => {
  const mapped = mapItem(KUKKOLA, { ...RAA_SETTINGS, commons: false }, NOW);
  t.is(mapped.fields.license_id, null);
  t.true(mapped.issues.some((i) => i.code === "LICENSE_NKC_NOT_COMMONS" && i.severity === "error" && i.row === 2));
});

test("mapItem: a row full of mistakes reports each, each with code, row, field, message and hint", (t) => {
  const item: ManifestItem = {
    row: 7,
    values: {
      title: "   ",
      license: "CC BY 3.0",
      date: "sekelskiftet",
      latitude: "0",
      longitude: "0",
      tags: ['"quoted"', "bad-ns:id=1"],
      is_public: "kanske",
      safety_level: "9",
      source_url: "www.example.org/1",
      description: "<table>x</table>",
    },
    extra: {},
  };
  const mapped = mapItem(item, settings(), NOW);
  t.deepEqual(
    mapped.issues.map((i) => [i.code, i.field]),
    [
      ["ROW_MISSING_VALUE", "identifier"],
      ["ROW_MISSING_VALUE", "file"],
      ["LICENSE_NOT_ON_FLICKR", "license"],
      ["DATE_UNPARSEABLE", "date"],
      ["URL_INVALID", "source_url"],
      ["TAG_INVALID", "tags"],
      ["MACHINE_TAG_INVALID", "tags"],
      ["GEO_NULL_ISLAND", "latitude"],
      ["ROW_INVALID_VALUE", "is_public"],
      ["ROW_INVALID_VALUE", "safety_level"],
      ["TITLE_MISSING", "title"],
      // The description's URL_INVALID for the same value is not repeated.
      ["HTML_ESCAPED", "description"],
    ],
  );
  for (const issue of mapped.issues) {
    t.true(issue.code in ISSUE_CODES);
    t.is(issue.row, 7);
    t.is(issue.identifier, null);
    t.truthy(issue.field);
    t.truthy(issue.message);
    t.truthy(issue.hint, issue.code);
  }
  t.is(mapped.fields.license_id, null);
  t.is(mapped.fields.date_taken, null);
  t.is(mapped.fields.latitude, null);
  t.deepEqual(mapped.fields.tags, ["quoted"], "no identifier, no id machine tag");
});

test("mapItem: a row without a licence and without a default is an error, never All Rights Reserved", (t) => {
  const item: ManifestItem = { row: 2, values: { identifier: "1", file: "1.tif", title: "T" }, extra: {} };
  const mapped = mapItem(item, settings(), NOW);
  t.is(mapped.fields.license_id, null);
  t.deepEqual(
    mapped.issues.map((i) => i.code),
    ["LICENSE_MISSING"],
  );
  t.deepEqual(mapped.license, { id: null, name: null, url: null, statement: null });
});

test("mapItem: over many kinds of rows, no issue lacks a code, field, row, message or hint", (t) => {
  const licences = ["", "CC BY 3.0", "http://kulturarvsdata.se/resurser/License#by", "InC", "NoC-US", "RAÄ", "CC BY-NC 4.0", "All rights reserved", "CC0", "Utgången upphovsrätt"];
  const dates = ["", "hello", "Utf. efter 1643", "1920-talet", "2999", "1700", "1923-02-30", "vår 1932", "okänd", "1949-07-01 - 1949-07-15"];
  const tags = ["", '"x"', "a:b-c=d", "!!", "x; X", "raa:id=other", Array.from({ length: 80 }, (_, i) => `t${i}`).join(";")];
  const geos: [string, string, string][] = [["", "", ""], ["59", "", ""], ["x", "18", ""], ["120", "59", ""], ["0", "0", ""], ["59", "18", "40"]];
  const titles = ["", "<b>x</b>", "Visby"];
  const urls = ["", "kmb.raa.se/1", "https://kmb.raa.se/1"];
  let count = 0;
  for (let i = 0; i < 210; i++) {
    const [latitude, longitude, geo_accuracy] = geos[i % geos.length]!;
    const item: ManifestItem = {
      row: i + 2,
      values: {
        identifier: i % 11 === 0 ? "" : `id${i}`,
        file: i % 13 === 0 ? "" : `f${i}.tif`,
        title: titles[i % titles.length]!,
        license: licences[i % licences.length]!,
        date: dates[i % dates.length]!,
        tags: tags[i % tags.length]!,
        latitude,
        longitude,
        geo_accuracy,
        source_url: urls[i % urls.length]!,
        hidden: i % 17 === 0 ? "maybe" : "",
        description: i % 5 === 0 ? "<p>para</p>" : "Text.",
      },
      extra: {},
    };
    const mapped = mapItem(item, settings({ namespace: "raa", commons: i % 2 === 0 }), NOW);
    for (const issue of mapped.issues) {
      count++;
      t.true(issue.code in ISSUE_CODES, issue.code);
      t.true(issue.severity === "error" || issue.severity === "warning");
      t.is(issue.row, i + 2);
      t.is(issue.identifier, mapped.identifier);
      t.truthy(issue.field, issue.code);
      t.truthy(issue.message, issue.code);
      t.truthy(issue.hint, issue.code);
      t.not(issue.value, null, issue.code);
    }
    if (mapped.fields.license_id === 0) t.regex(mapped.license.statement ?? "", /all rights reserved/i);
  }
  t.true(count > 400, `${count} issues checked`);
});

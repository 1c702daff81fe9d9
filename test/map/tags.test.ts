/**
 * mapTags and splitList. Tags in the rows come from RAÄ's photos on Flickr Commons (2013
 * getInfo: "The Swedish National Heritage Board", "Riksantikvarieämbetet", "sailing boats",
 * "steam machine", "castlesmansionsruins") and K-samsök keywords ("Byggnadsminnen").
 */
import test from "ava";
import { mapTags, splitList, MAX_TAGS, type MapTagsInput } from "../../src/map/tags.js";
import { formatTagsParam, parseTagsParam } from "../../src/flickr/tag-syntax.js";
import type { IssueCode } from "../../src/issues.js";

const BASE: MapTagsInput = { tags: [], extraTags: [], namespace: "raa", identifier: "16001000227124", sourceUrl: null, sourceUrlMachineTag: true };

interface Row {
  name: string;
  input: Partial<MapTagsInput>;
  expected: { tags: string[]; codes: IssueCode[] };
}

const rows: Row[] = [
  {
    name: "RAÄ tags, extra tags, then the id machine tag",
    input: { tags: ["steam machine", "cathedral", "churches", "Almedalen"], extraTags: ["The Swedish National Heritage Board", "Riksantikvarieämbetet"] },
    expected: {
      tags: ["steam machine", "cathedral", "churches", "Almedalen", "The Swedish National Heritage Board", "Riksantikvarieämbetet", "raa:id=16001000227124"],
      codes: [],
    },
  },
  {
    name: "source URL machine tag when enabled",
    input: { tags: ["Visby"], sourceUrl: "http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000227124" },
    expected: { tags: ["Visby", "raa:id=16001000227124", "raa:url=http://www.kms.raa.se/cocoon/bild/show-image.html?id=16001000227124"], codes: [] },
  },
  {
    name: "no source URL machine tag when disabled",
    input: { tags: ["Visby"], sourceUrl: "http://www.kms.raa.se/x", sourceUrlMachineTag: false },
    expected: { tags: ["Visby", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "whitespace trimmed and collapsed",
    input: { tags: ["  sailing   boats ", "sea\tside", "line\nbreak"] },
    expected: { tags: ["sailing boats", "sea side", "line break", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "exact duplicate kept once",
    input: { tags: ["harbour", "harbour"] },
    expected: { tags: ["harbour", "raa:id=16001000227124"], codes: ["TAG_DUPLICATE"] },
  },
  {
    name: "duplicates by Flickr's normalised form (case, spaces, punctuation)",
    input: { tags: ["Sailing boats", "sailingboats", "SAILING-BOATS", "castles, mansions, ruins", "castlesmansionsruins"] },
    expected: { tags: ["Sailing boats", "castles, mansions, ruins", "raa:id=16001000227124"], codes: ["TAG_DUPLICATE", "TAG_DUPLICATE", "TAG_DUPLICATE"] },
  },
  {
    name: "an extra tag duplicating a row tag",
    input: { tags: ["Riksantikvarieämbetet"], extraTags: ["riksantikvarieämbetet"] },
    expected: { tags: ["Riksantikvarieämbetet", "raa:id=16001000227124"], codes: ["TAG_DUPLICATE"] },
  },
  {
    name: "non-ASCII letters distinguish tags",
    input: { tags: ["Västra Götaland", "Vastra Gotaland"] },
    expected: { tags: ["Västra Götaland", "Vastra Gotaland", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "embedded double quotes removed with a warning",
    input: { tags: ['the "Titanic"', '"quoted"'] },
    expected: { tags: ["the Titanic", "quoted", "raa:id=16001000227124"], codes: ["TAG_INVALID", "TAG_INVALID"] },
  },
  {
    name: "a tag of quotes only is dropped",
    input: { tags: ['""'] },
    expected: { tags: ["raa:id=16001000227124"], codes: ["TAG_INVALID"] },
  },
  {
    name: "punctuation-only tags are dropped",
    input: { tags: ["-", "!!", "Visby"] },
    expected: { tags: ["Visby", "raa:id=16001000227124"], codes: ["TAG_INVALID", "TAG_INVALID"] },
  },
  {
    name: "empty tags are ignored silently",
    input: { tags: ["", "  ", "Visby"] },
    expected: { tags: ["Visby", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "valid user machine tags are kept",
    input: { tags: ["dc:subject=Visby", "geh:medium=albumen print", "ksamsok:itemKeyWord=Byggnadsminnen"] },
    expected: { tags: ["dc:subject=Visby", "geh:medium=albumen print", "ksamsok:itemKeyWord=Byggnadsminnen", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "a colon without = is an ordinary tag",
    input: { tags: ["S:t Drottensgatan", "UNESCO:s världsarv"] },
    expected: { tags: ["S:t Drottensgatan", "UNESCO:s världsarv", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "machine tag with a non-ASCII namespace is an error",
    input: { tags: ["riksantikvarieämbetet:id=1", "Visby"] },
    expected: { tags: ["Visby", "raa:id=16001000227124"], codes: ["MACHINE_TAG_INVALID"] },
  },
  {
    name: "machine tag with a hyphen in the predicate is an error",
    input: { tags: ["dc:date-taken=1901"] },
    expected: { tags: ["raa:id=16001000227124"], codes: ["MACHINE_TAG_INVALID"] },
  },
  {
    name: "machine tag without a value is an error",
    input: { tags: ["dc:date="] },
    expected: { tags: ["raa:id=16001000227124"], codes: ["MACHINE_TAG_INVALID"] },
  },
  {
    name: "a user tag claiming another id in heritage's namespace is an error",
    input: { tags: ["raa:id=999"] },
    expected: { tags: ["raa:id=16001000227124"], codes: ["MACHINE_TAG_INVALID"] },
  },
  {
    name: "a user tag repeating the id machine tag is a duplicate",
    input: { tags: ["RAA:ID=16001000227124"] },
    expected: { tags: ["raa:id=16001000227124"], codes: ["TAG_DUPLICATE"] },
  },
  {
    name: "another predicate in heritage's namespace is allowed",
    input: { tags: ["raa:format=Albumen print"] },
    expected: { tags: ["raa:format=Albumen print", "raa:id=16001000227124"], codes: [] },
  },
  {
    name: "identifier with spaces stays one machine tag",
    input: { identifier: "NMGrh 16" },
    expected: { tags: ["raa:id=NMGrh 16"], codes: [] },
  },
  {
    name: "identifier with a double quote",
    input: { identifier: 'A"1' },
    expected: { tags: ["raa:id=A1"], codes: ["TAG_INVALID"] },
  },
  {
    name: "no identifier, no id machine tag",
    input: { identifier: null, tags: ["Visby"] },
    expected: { tags: ["Visby"], codes: [] },
  },
  {
    name: "an invalid namespace is an error and no machine tags",
    input: { namespace: "riksantikvarieämbetet", tags: ["Visby"] },
    expected: { tags: ["Visby"], codes: ["MACHINE_TAG_INVALID"] },
  },
];

for (const row of rows) {
  test(`mapTags: ${row.name}`, (t) => {
    const result = mapTags({ ...BASE, ...row.input });
    t.deepEqual(result.tags, row.expected.tags);
    t.deepEqual(
      result.issues.map((i) => i.code),
      row.expected.codes,
    );
    for (const issue of result.issues) {
      t.truthy(issue.field);
      t.truthy(issue.hint);
      t.not(issue.value, null);
    }
  });
}

const many = (n: number) => Array.from({ length: n }, (_, i) => `tag ${i + 1}`);
const limits: { name: string; tags: number; extra: number; url: boolean; total: number; tooMany: boolean }[] = [
  { name: "74 + id = 75 is allowed", tags: 74, extra: 0, url: false, total: 75, tooMany: false },
  { name: "75 + id = 76 is too many", tags: 75, extra: 0, url: false, total: 76, tooMany: true },
  { name: "72 + 2 extra + id = 75", tags: 72, extra: 2, url: false, total: 75, tooMany: false },
  { name: "74 + url + id = 76: machine tags count", tags: 74, extra: 0, url: true, total: 76, tooMany: true },
];
for (const row of limits) {
  test(`mapTags limit: ${row.name}`, (t) => {
    const result = mapTags({
      ...BASE,
      tags: many(row.tags),
      extraTags: Array.from({ length: row.extra }, (_, i) => `extra ${i}`),
      sourceUrl: row.url ? "https://example.org/1" : null,
    });
    t.is(result.tags.length, row.total);
    const issue = result.issues.find((i) => i.code === "TAGS_TOO_MANY");
    t.is(issue !== undefined, row.tooMany);
    if (issue) {
      t.is(issue.severity, "error");
      t.is(issue.value, `${row.total} tags`);
      t.true(issue.message.includes(String(MAX_TAGS)));
    }
  });
}

test("mapped tags survive Flickr's tags parameter unchanged", (t) => {
  const result = mapTags({
    ...BASE,
    tags: ['the "Titanic"', "sailing boats", "geh:medium=albumen print", "Västra Götaland"],
    identifier: "NMGrh 16",
    sourceUrl: "http://collection.nationalmuseum.se/eMuseumPlus?service=ExternalInterface&objectId=14685",
  });
  t.deepEqual(parseTagsParam(formatTagsParam(result.tags)), result.tags);
});

const lists: { name: string; input: string | string[] | undefined; expected: string[] }[] = [
  { name: "undefined", input: undefined, expected: [] },
  { name: "empty string", input: "", expected: [] },
  { name: "one item", input: "Gotland", expected: ["Gotland"] },
  { name: "semicolons, trimmed", input: " harbour ; church;sea ", expected: ["harbour", "church", "sea"] },
  { name: "empty items dropped", input: "a;;b; ;", expected: ["a", "b"] },
  { name: "commas are not separators", input: "castles, mansions, ruins", expected: ["castles, mansions, ruins"] },
  { name: "array items trimmed, not split", input: [" a ", "b; c", ""], expected: ["a", "b; c"] },
];
for (const row of lists) {
  test(`splitList: ${row.name}`, (t) => t.deepEqual(splitList(row.input), row.expected));
}

test("a source URL that is not http(s) gets no machine tag, with a warning", (t) => {
  const result = mapTags({ ...BASE, sourceUrl: "kmb.raa.se/cocoon/bild/show-image.html?id=1" });
  t.deepEqual(result.tags, ["raa:id=16001000227124"]);
  t.deepEqual(
    result.issues.map((i) => [i.code, i.severity, i.field]),
    [["URL_INVALID", "warning", "source_url"]],
  );
  t.deepEqual(mapTags({ ...BASE, sourceUrl: "kmb.raa.se/1", sourceUrlMachineTag: false }).issues, []);
});

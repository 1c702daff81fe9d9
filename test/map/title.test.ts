/** Titles from RAÄ's and Nationalmuseum's records ("Visby, Gotland, Sweden", "Ferdinand III"). */
import test from "ava";
import { mapTitle } from "../../src/map/title.js";
import type { IssueCode } from "../../src/issues.js";

interface Row {
  name: string;
  template?: string;
  values: Record<string, string>;
  expected: string;
  codes?: IssueCode[];
}

const rows: Row[] = [
  { name: "the title as written", values: { title: "Visby, Gotland, Sweden" }, expected: "Visby, Gotland, Sweden" },
  { name: "whitespace trimmed and collapsed", values: { title: "  Visby,   Gotland\n Sweden  " }, expected: "Visby, Gotland Sweden" },
  { name: "control characters become spaces", values: { title: "Ferdinand\u0000III\u0007" }, expected: "Ferdinand III" },
  { name: "tabs and non-breaking spaces", values: { title: "Ferdinand\t\u00a0III" }, expected: "Ferdinand III" },
  { name: "a template with two fields", template: "{title}, {place}", values: { title: "Katt på trappan", place: "Everlöv" }, expected: "Katt på trappan, Everlöv" },
  { name: "a fallback line when a field is empty", template: "{title}, {place}\n{title}", values: { title: "Kumlatofta", place: "" }, expected: "Kumlatofta" },
  { name: "the identifier as the last fallback", template: "{title}\n{identifier}", values: { title: "", identifier: "f0009418" }, expected: "f0009418" },
  { name: "extra columns by header", template: "{Motiv} ({Bildbeteckning})", values: { motiv: "Kumlatofta", bildbeteckning: "f0009418" }, expected: "Kumlatofta (f0009418)" },
  { name: "entities are decoded", values: { title: "Almquist &amp; Cöster &#246; &#x2013; &nbsp;x" }, expected: "Almquist & Cöster ö – x" },
  { name: "an unknown entity stays", values: { title: "A &bogus; B" }, expected: "A &bogus; B" },
  { name: "HTML tags are removed with a warning", values: { title: "<i>Vasa</i> &amp; <b>Kronan</b>" }, expected: "Vasa & Kronan", codes: ["HTML_ESCAPED"] },
  { name: "a lone < is text", values: { title: "Barn < 3 år" }, expected: "Barn < 3 år" },
  { name: "empty title is an error", values: { title: "" }, expected: "", codes: ["TITLE_MISSING"] },
  { name: "whitespace-only title is an error", values: { title: " \n\t " }, expected: "", codes: ["TITLE_MISSING"] },
  { name: "a template whose every line is empty is an error", template: "{title}\n{identifier}", values: {}, expected: "", codes: ["TITLE_MISSING"] },
  { name: "markup only is an error", values: { title: "<br>" }, expected: "", codes: ["HTML_ESCAPED", "TITLE_MISSING"] },
];

for (const row of rows) {
  test(`mapTitle: ${row.name}`, (t) => {
    const result = mapTitle({ template: row.template, values: row.values });
    t.is(result.title, row.expected);
    t.deepEqual(
      result.issues.map((i) => i.code),
      row.codes ?? [],
    );
    for (const issue of result.issues) {
      t.is(issue.field, "title");
      t.truthy(issue.hint);
    }
  });
}

test("TITLE_MISSING is an error whose hint names the ways to supply a title", (t) => {
  const [issue] = mapTitle({ values: {} }).issues;
  t.is(issue?.severity, "error");
  t.regex(issue?.hint ?? "", /defaults\.title/);
  t.regex(issue?.hint ?? "", /\{identifier\}/);
});

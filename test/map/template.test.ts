import test from "ava";
import { renderTemplate, templateFields, checkTemplate } from "../../src/map/template.js";
import type { IssueCode } from "../../src/issues.js";

interface Row {
  name: string;
  template: string;
  values: Record<string, string>;
  expected: string;
  codes?: IssueCode[];
}

const rows: Row[] = [
  { name: "a field is replaced", template: "Date: {date}", values: { date: "1870s" }, expected: "Date: 1870s" },
  { name: "a line with an empty field is left out", template: "A\nPhotograph by: {creator}\nB", values: { creator: "" }, expected: "A\nB" },
  { name: "a missing field counts as empty", template: "A\nPhotograph by: {creator}\nB", values: {}, expected: "A\nB" },
  { name: "a whitespace-only value counts as empty", template: "Photograph by: {creator}", values: { creator: "  " }, expected: "" },
  { name: "any empty field takes its line", template: "{place}, {country}", values: { place: "Visby", country: "" }, expected: "" },
  { name: "an optional field may be empty", template: "{title}{suffix?}", values: { title: "Visby" }, expected: "Visby" },
  { name: "optional with spaces inside the braces", template: "{ title }, { place ? }", values: { title: "Visby", place: "" }, expected: "Visby" },
  { name: "separators between empty optional parts collapse", template: "{Ort?}, {Socken?}, {Land?}", values: { ort: "Larnaca", land: "Cypern" }, expected: "Larnaca, Cypern" },
  { name: "a leading empty optional part takes its separator", template: "{Ort?}, {Socken?}, {Land?}", values: { land: "Cypern" }, expected: "Cypern" },
  { name: "a trailing empty optional part takes its separator", template: "Plats: {Ort?} – {Land?}", values: { ort: "Visby" }, expected: "Plats: Visby" },
  { name: "brackets around an empty optional part go with it", template: "Foto: {creator} ({år?})", values: { creator: "Okänd" }, expected: "Foto: Okänd" },
  { name: "a line whose optional parts are all empty is dropped", template: "A\nPlats: {Ort?}, {Land?}\nB", values: {}, expected: "A\nB" },
  { name: "a label stays when one optional part is filled", template: "Plats: {Ort?}, {Land?}", values: { land: "Sverige" }, expected: "Plats: Sverige" },
  { name: "column names with commas and spaces", template: "Plats: {Ort, foto}", values: { "ort, foto": "Visby" }, expected: "Plats: Visby" },
  { name: "dotted column names", template: "{metadata.title.sv}", values: { "metadata.title.sv": "Hamnen" }, expected: "Hamnen" },
  { name: "names are case-insensitive", template: "{Creator} / {CREATOR}", values: { creator: "Okänd" }, expected: "Okänd / Okänd" },
  { name: "extra column headers with spaces and parentheses", template: "Parish (socken): {Parish (socken)}", values: { "parish (socken)": "Visby" }, expected: "Parish (socken): Visby" },
  { name: "blank-line runs collapse to one", template: "{a}\n\n{b}\n\n{c}", values: { a: "A", b: "", c: "C" }, expected: "A\n\nC" },
  { name: "leading and trailing blank lines are trimmed", template: "\n\n{a}\n\n", values: { a: "A" }, expected: "A" },
  { name: "trailing spaces on lines are removed", template: "A   \nB", values: {}, expected: "A\nB" },
  { name: "multi-line values keep their lines", template: "{description}\n\nDate: {date}", values: { description: "English.\r\n\r\nSvenska.", date: "1880s" }, expected: "English.\n\nSvenska.\n\nDate: 1880s" },
  { name: "values are inserted once, not re-read as templates", template: "{a}", values: { a: "{b}" }, expected: "{b}" },
  { name: "double braces are literal", template: "{{not a field}} {a}", values: { a: "A" }, expected: "{not a field} A" },
  { name: "empty braces are literal", template: "{} {a}", values: { a: "A" }, expected: "{} A" },
  {
    name: "a link field is attribute-escaped",
    template: '<a href="{source_url}">{source_url}</a>',
    values: { source_url: "http://collection.nationalmuseum.se/eMuseumPlus?service=ExternalInterface&objectId=14685" },
    expected: '<a href="http://collection.nationalmuseum.se/eMuseumPlus?service=ExternalInterface&amp;objectId=14685">http://collection.nationalmuseum.se/eMuseumPlus?service=ExternalInterface&objectId=14685</a>',
  },
  {
    name: "a quote cannot break out of the attribute",
    template: '<a href="{source_url}">link</a>',
    values: { source_url: 'https://example.org/"onmouseover="alert(1)' },
    expected: '<a href="https://example.org/&quot;onmouseover=&quot;alert(1)">link</a>',
  },
  {
    name: "a link field that is no URL drops its line with a warning",
    template: 'A\nPersistent URL: <a href="{source_url}">{source_url}</a>\nB',
    values: { source_url: "kmb.raa.se/cocoon/bild/show-image.html?id=1" },
    expected: "A\nB",
    codes: ["URL_INVALID"],
  },
  { name: "javascript: is no http URL", template: '<a href="{u}">x</a>', values: { u: "javascript:alert(1)" }, expected: "", codes: ["URL_INVALID"] },
  { name: "an empty optional link field still drops its line", template: 'A\n<a href="{u?}">x</a>', values: {}, expected: "A" },
  { name: "an empty link field drops its line without a warning", template: '<a href="{u}">x</a>', values: { u: "" }, expected: "" },
];

for (const row of rows) {
  test(`renderTemplate: ${row.name}`, (t) => {
    const result = renderTemplate(row.template, row.values);
    t.is(result.text, row.expected);
    t.deepEqual(
      result.issues.map((i) => i.code),
      row.codes ?? [],
    );
    for (const issue of result.issues) {
      t.truthy(issue.field);
      t.truthy(issue.hint);
    }
  });
}

test("templateFields lists each field once, as first written", (t) => {
  t.deepEqual(templateFields("{Title}, {place?}\n{title} {{x}} <a href=\"{source_url}\">{Parish (socken)}</a>"), ["Title", "place", "source_url", "Parish (socken)"]);
  t.deepEqual(templateFields("no fields {{here}}"), []);
});

test("checkTemplate reports unknown fields with a suggestion", (t) => {
  const known = new Set(["title", "creator", "date", "place", "Parish (socken)"]);
  t.deepEqual(checkTemplate("{title} {Creator} {parish (socken)}", known), []);
  const issues = checkTemplate("{title}\nPhotograph by: {creater}\n{photographer}", known);
  t.deepEqual(
    issues.map((i) => [i.code, i.severity, i.field, i.value]),
    [
      ["TEMPLATE_FIELD_UNKNOWN", "error", "creater", "{creater}"],
      ["TEMPLATE_FIELD_UNKNOWN", "error", "photographer", "{photographer}"],
    ],
  );
  t.regex(issues[0]?.hint ?? "", /Did you mean \{creator\}\?/);
  t.notRegex(issues[1]?.hint ?? "", /Did you mean/);
  t.regex(issues[1]?.hint ?? "", /Known fields: .*creator/);
});

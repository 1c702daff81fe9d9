import test from "ava";
import {
  columnLetter,
  csvColumnName,
  duplicateColumnIssues,
  missingColumnIssues,
  resolveColumns,
  unknownColumnIssues,
  type ResolvedColumn,
} from "../../src/manifest/columns.js";
import type { CanonicalField } from "../../src/fields.js";

const mapping: Array<[string, CanonicalField | null, ResolvedColumn["via"]]> = [
  ["identifier", "identifier", "canonical"],
  ["  Title ", "title", "canonical"],
  ["FILE", "file", "canonical"],
  ["Source URL", "source_url", "canonical"],
  ["geo-accuracy", "geo_accuracy", "canonical"],
  ["dc:identifier", "identifier", "alias"],
  ["DC:Title", "title", "alias"],
  ["dc:creator", "creator", "alias"],
  ["dcterms:created", "date", "alias"],
  ["dc:rights", "license", "alias"],
  ["dc:subject", "tags", "alias"],
  ["edm:isShownAt", "source_url", "alias"],
  ["filename", "file", "alias"],
  ["lat", "latitude", "alias"],
  ["Inventarienummer", null, null],
  ["", null, null],
];
for (const [header, field, via] of mapping) {
  test(`resolveColumns: ${JSON.stringify(header)} → ${field ?? "extra"}`, (t) => {
    const [column] = resolveColumns([header]);
    t.is(column!.field, field);
    t.is(column!.via, via);
    t.is(column!.header, header.trim());
  });
}

test("settings aliases map export headers and win over canonical names and built-in aliases", (t) => {
  const columns = resolveColumns(["Inventarienr", "Bildfil", "title", "dc:title", "Beskrivning"], {
    inventarienr: "identifier", // matched case-insensitively
    Bildfil: "file",
    title: "place", // this export's "title" column holds the place
    "dc:title": "title",
    " beskrivning ": "description",
  });
  t.deepEqual(
    columns.map((c) => [c.header, c.field, c.via]),
    [
      ["Inventarienr", "identifier", "settings"],
      ["Bildfil", "file", "settings"],
      ["title", "place", "settings"],
      ["dc:title", "title", "settings"],
      ["Beskrivning", "description", "settings"],
    ],
  );
});

test("columnLetter names columns as spreadsheets do", (t) => {
  t.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter), ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
});

test("unknown columns are reported once each, with the column letter and a hint", (t) => {
  const columns = resolveColumns(["identifier", "file", "Anmärkning", "Fotonummer", "Anmärkning"]);
  const issues = unknownColumnIssues(columns, csvColumnName);
  t.deepEqual(
    issues.map((i) => [i.code, i.severity, i.field]),
    [
      ["MANIFEST_UNKNOWN_COLUMN", "warning", "Anmärkning"],
      ["MANIFEST_UNKNOWN_COLUMN", "warning", "Fotonummer"],
    ],
  );
  t.regex(issues[0]!.message, /column C \(“Anmärkning”\).*\{Anmärkning\}/);
  t.regex(issues[0]!.hint!, /columns: \{ "Anmärkning": <field> \}/);
});

test("two columns for one field are an error; two extras with one header a warning", (t) => {
  const columns = resolveColumns(["identifier", "title", "dc:title", "file", "Note", "note"]);
  const issues = duplicateColumnIssues(columns, csvColumnName);
  t.deepEqual(
    issues.map((i) => [i.code, i.severity, i.field]),
    [
      ["MANIFEST_DUPLICATE_COLUMN", "error", "title"],
      ["MANIFEST_DUPLICATE_COLUMN", "warning", "note"],
    ],
  );
  t.regex(issues[0]!.message, /column C \(“dc:title”\) and column B \(“title”\) both name the field “title”; only column B/);
});

test("a missing required column is an error unless a default supplies it", (t) => {
  const columns = resolveColumns(["title", "dc:creator"]);
  t.deepEqual(
    missingColumnIssues(columns, {}).map((i) => [i.code, i.severity, i.field]),
    [
      ["MANIFEST_MISSING_COLUMN", "error", "identifier"],
      ["MANIFEST_MISSING_COLUMN", "error", "file"],
    ],
  );
  t.deepEqual(
    missingColumnIssues(columns, { file: "same.tif" }).map((i) => i.field),
    ["identifier"],
  );
  t.deepEqual(missingColumnIssues(resolveColumns(["dc:identifier", "path"]), {}), []);
});

import test, { type ExecutionContext } from "ava";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openManifest } from "../../src/manifest/open.js";
import { buildStructuredRow } from "../../src/manifest/read-structured.js";
import { resolveColumns } from "../../src/manifest/columns.js";
import type { OpenedManifest, ReadRow } from "../../src/manifest/types.js";
import { UserError } from "../../src/errors.js";
import { fixturePath } from "../helpers/paths.js";

const FIXTURES = fixturePath("manifests") + "/";

/** A temporary project with manifests/<name> and a collections/images/ folder for `collection: ../collections/images`. */
async function project(t: ExecutionContext, name: string, content: string | Uint8Array, files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "heritage-structured-"));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, "manifests"));
  await mkdir(join(root, "collections", "images"), { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, "manifests", file), text);
  const path = join(root, "manifests", name);
  await writeFile(path, content);
  return path;
}

async function readAll(manifest: OpenedManifest): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for await (const row of manifest.rows()) rows.push(row);
  return rows;
}

test("a YAML manifest with embedded settings reads the same items as the CSV export with its sidecar", async (t) => {
  const yaml = await openManifest(join(FIXTURES, "kmb/manifests/kmb-embedded.yaml"));
  const csv = await openManifest(join(FIXTURES, "kmb/manifests/kulturmiljobild.csv"));
  t.is(yaml.source.format, "yaml");
  t.is(yaml.source.settingsPath, join(FIXTURES, "kmb/manifests/kmb-embedded.yaml"));
  t.is(yaml.source.collection, csv.source.collection);
  t.is(yaml.source.settings.institution, "Riksantikvarieämbetet");
  t.deepEqual(yaml.source.settings.defaults, { album: "Kulturmiljöbild" });
  t.deepEqual(
    yaml.source.issues.map((i) => [i.code, i.field]),
    [["MANIFEST_UNKNOWN_COLUMN", "Anmärkning"]],
  );
  const fromYaml = await readAll(yaml);
  const fromCsv = await readAll(csv);
  t.deepEqual(
    fromYaml.map((r) => r.item.row),
    [1, 2, 3, 4],
  );
  t.deepEqual(
    fromYaml.map((r) => [r.item.values, r.item.extra]),
    fromCsv.map((r) => [r.item.values, r.item.extra]),
  );
});

test("a bare JSON list with Dublin Core keys, lists and numbers", async (t) => {
  const manifest = await openManifest("kmb/manifests/kmb-dc.json", { cwd: FIXTURES });
  t.is(manifest.source.format, "json");
  t.is(manifest.source.settingsPath, null);
  t.is(manifest.source.collection, join(FIXTURES, "kmb/collections/kmb-dc"));
  t.deepEqual(manifest.source.issues, []);
  const rows = await readAll(manifest);
  t.deepEqual(rows[0]!.item.values, {
    identifier: "f0009418",
    file: "f0009418.tif",
    title: "Kumlatofta",
    description: "Katt på trappan.",
    creator: "Lundberg, Bengt A",
    date: "2000-08-23",
    place: "Everlöv, Sjöbo, Skåne",
    tags: ["katt", "trappa"],
    license: "http://creativecommons.org/licenses/by/2.5/se/",
    latitude: "55.64",
    longitude: "13.71",
  });
  t.is(rows[1]!.item.values.tags, "katt; höna; rest sten", "a ;-separated string stays a string for the mapper to split");
  t.deepEqual(rows[1]!.item.values.album, ["Kulturmiljöbild", "Katter"]);
  t.true(rows.every((r) => r.issues.length === 0));
});

test("YAML scalars are kept as written: leading zeros, decimals, yes/no, dates", async (t) => {
  const text = [
    "items:",
    "  - identifier: 0012",
    "    file: 0012.tif",
    "    latitude: 59.30",
    "    is_public: yes",
    "    hidden: false",
    "    date: 1923-05-01",
    "    geo_accuracy: 16",
    "    title: ~",
    "    creator:",
    "    Fotonummer: 007",
    "  - identifier: &id A-2",
    "    file: a2.tif",
    "    description: *id",
  ].join("\n");
  const rows = await readAll(await openManifest(await project(t, "m.yaml", text, { "m.settings.yaml": "collection: ../collections/images\n" })));
  t.deepEqual(rows[0]!.item.values, {
    identifier: "0012",
    file: "0012.tif",
    latitude: "59.30",
    is_public: "yes",
    hidden: "false",
    date: "1923-05-01",
    geo_accuracy: "16",
  });
  t.deepEqual(rows[0]!.item.extra, { Fotonummer: "007" });
  t.is(rows[1]!.item.values.description, "A-2", "aliases resolve to their anchor's text");
});

test("JSON numbers and booleans become text; null and empty strings are absent", async (t) => {
  const text = JSON.stringify({ settings: { collection: "../collections/images" }, items: [{ identifier: 12, file: "a.tif", latitude: 59.3, is_public: true, title: null, creator: "  " }] });
  const rows = await readAll(await openManifest(await project(t, "m.json", text)));
  t.deepEqual(rows[0]!.item.values, { identifier: "12", file: "a.tif", latitude: "59.3", is_public: "true" });
});

const rowProblems: Array<{ name: string; item: unknown; code: string; field: string | null; message: RegExp }> = [
  { name: "a nested mapping", item: { identifier: "A1", file: "a.tif", place: { name: "Åre" } }, code: "ROW_INVALID_VALUE", field: "place", message: /nested mapping/ },
  { name: "a list of lists in tags", item: { identifier: "A1", file: "a.tif", tags: [["a"]] }, code: "ROW_INVALID_VALUE", field: "tags", message: /nested lists/ },
  { name: "an unsafe integer", item: { identifier: 12345678901234567890, file: "a.tif" }, code: "ROW_INVALID_VALUE", field: "identifier", message: /too large to be read exactly/ },
  { name: "an item that is text", item: "A1.tif", code: "MANIFEST_ROW_SHAPE", field: null, message: /Item 3 is text/ },
  { name: "an item that is a list", item: ["A1", "a.tif"], code: "MANIFEST_ROW_SHAPE", field: null, message: /Item 3 is a list/ },
  { name: "two keys for one field", item: { identifier: "A1", file: "a.tif", title: "T", "dc:title": "DC" }, code: "MANIFEST_DUPLICATE_COLUMN", field: "title", message: /both “title” and “dc:title”/ },
];
for (const c of rowProblems) {
  test(`buildStructuredRow: ${c.name} is an issue of the row`, (t) => {
    const keys = c.item && typeof c.item === "object" && !Array.isArray(c.item) ? Object.keys(c.item) : [];
    const columns = new Map(resolveColumns(keys).map((col, i) => [keys[i]!, col]));
    const { item, issues } = buildStructuredRow(3, c.item, columns);
    t.deepEqual(
      issues.map((i) => [i.severity, i.code, i.row, i.field]),
      [["error", c.code, 3, c.field]],
    );
    t.regex(issues[0]!.message, c.message);
    if (c.field && c.code !== "MANIFEST_DUPLICATE_COLUMN") t.false(c.field in item.values, "the bad value is left out");
    if (keys.includes("identifier") && typeof (c.item as Record<string, unknown>).identifier === "string") t.is(issues[0]!.identifier, "A1");
  });
}

test("a list of texts in a text field reads as a ; list", (t) => {
  const columns = new Map(resolveColumns(["identifier", "creator", "Ämnesord"]).map((c) => [c.header, c]));
  const { item, issues } = buildStructuredRow(1, { identifier: "A1", creator: ["Anna Larsson", " Per Berg "], Ämnesord: ["hamn", "båt"] }, columns);
  t.deepEqual(issues, []);
  t.is(item.values.creator, "Anna Larsson; Per Berg");
  t.is(item.extra["Ämnesord"], "hamn; båt");
});

test("list values are trimmed and empty entries dropped; an empty list is absent", (t) => {
  const columns = new Map(resolveColumns(["tags", "album"]).map((c) => [c.header, c]));
  const { item } = buildStructuredRow(1, { tags: [" katt ", "", 1920, "höna"], album: [] }, columns);
  t.deepEqual(item.values, { tags: ["katt", "1920", "höna"] });
});

test("settings aliases apply to JSON keys too", async (t) => {
  const text = JSON.stringify({ settings: { collection: "../collections/images", columns: { Inventarienr: "identifier", Bildfil: "file" } }, items: [{ Inventarienr: "A1", Bildfil: "a.tif" }] });
  const manifest = await openManifest(await project(t, "m.json", text));
  t.deepEqual(manifest.source.issues, []);
  t.deepEqual((await readAll(manifest))[0]!.item.values, { identifier: "A1", file: "a.tif" });
});

test("unknown keys are reported once for the file; missing required keys once", async (t) => {
  const items = [
    { identifier: "A1", Fotonummer: "F1" },
    { identifier: "A2", Fotonummer: "F2", Anmärkning: "x" },
  ];
  const manifest = await openManifest(await project(t, "m.json", JSON.stringify({ settings: { collection: "../collections/images" }, items })));
  t.deepEqual(
    manifest.source.issues.map((i) => [i.severity, i.code, i.field]),
    [
      ["error", "MANIFEST_MISSING_COLUMN", "file"],
      ["warning", "MANIFEST_UNKNOWN_COLUMN", "Fotonummer"],
      ["warning", "MANIFEST_UNKNOWN_COLUMN", "Anmärkning"],
    ],
  );
  t.regex(manifest.source.issues[1]!.message, /key “Fotonummer”/);
});

test("no items is MANIFEST_EMPTY; an empty YAML file too", async (t) => {
  for (const [name, text] of [
    ["m.json", '{"settings": {"collection": "../collections/images"}, "items": []}'],
    ["m.yaml", "settings:\n  collection: ../collections/images\nitems: []\n"],
  ] as const) {
    const manifest = await openManifest(await project(t, name, text));
    t.deepEqual(
      manifest.source.issues.map((i) => i.code),
      ["MANIFEST_EMPTY"],
    );
  }
});

test("rows() can be called twice", async (t) => {
  const manifest = await openManifest(join(FIXTURES, "kmb/manifests/kmb-embedded.yaml"));
  t.deepEqual(await readAll(manifest), await readAll(manifest));
});

const syntaxErrors: Array<{ name: string; file: string; text: string; message: RegExp; hint: RegExp }> = [
  { name: "JSON trailing comma", file: "m.json", text: '{\n  "items": [\n    {"identifier": "A1", "file": "a.tif"},\n  ]\n}', message: /JSON syntax error at line 4, column 3: a comma before “\]”/, hint: /line 4/ },
  { name: "JSON missing comma", file: "m.json", text: '[\n  {"identifier": "A1"\n   "file": "a.tif"}\n]', message: /line 3, column 4: expected “,” or “}”/, hint: /line 3/ },
  { name: "YAML bad indentation", file: "m.yaml", text: "items:\n  - identifier: A1\n   file: a.tif\n", message: /YAML syntax error: .* at line 3, column 1/s, hint: /line 3.*indentation/ },
  { name: "YAML duplicate key", file: "m.yaml", text: "items:\n  - identifier: A1\n    identifier: A2\n", message: /Map keys must be unique at line 3, column 5/, hint: /line 3/ },
  { name: "YAML unquoted colon", file: "m.yaml", text: "items:\n  - title: Göteborg: hamnen\n", message: /line 2, column 12/, hint: /needs quotes/ },
];
for (const c of syntaxErrors) {
  test(`syntax error: ${c.name} → UserError with line and column`, async (t) => {
    const path = await project(t, c.file, c.text);
    const err = await t.throwsAsync(openManifest(path), { instanceOf: UserError });
    t.is(err!.code, "MANIFEST_PARSE");
    t.is(err!.exitCode, 2);
    t.true(err!.message.includes(path));
    t.regex(err!.message, c.message);
    t.regex(err!.hint!, c.hint);
  });
}

const shapeErrors: Array<{ name: string; file: string; text: string; message: RegExp; hint: RegExp }> = [
  { name: "a typo in a top-level key", file: "m.json", text: '{"item": [], "items": []}', message: /unknown top-level key “item” \(did you mean “items”\?\)/, hint: /only "settings", "items" and "\$schema"/ },
  { name: "a settings file opened as a manifest", file: "m.yaml", text: "collection: ../collections/images\nnamespace: raa\n", message: /has no "items" list/, hint: /looks like a settings file/ },
  { name: "items that are not a list", file: "m.json", text: '{"items": {"identifier": "A1"}}', message: /"items" .* is not a list/, hint: /one entry per image/ },
  { name: "a single value", file: "m.json", text: '"A1.tif"', message: /not a manifest: it holds a single string/, hint: /"items"/ },
];
for (const c of shapeErrors) {
  test(`wrong shape: ${c.name} → UserError`, async (t) => {
    const err = await t.throwsAsync(openManifest(await project(t, c.file, c.text)), { instanceOf: UserError });
    t.regex(err!.message, c.message);
    t.regex(err!.hint!, c.hint);
  });
}

test("a YAML manifest saved as UTF-16 with BOM is read", async (t) => {
  const text = "settings:\n  collection: ../collections/images\nitems:\n  - identifier: A1\n    file: a.tif\n    title: Åre\n";
  const manifest = await openManifest(await project(t, "m.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])));
  t.deepEqual((await readAll(manifest))[0]!.item.values, { identifier: "A1", file: "a.tif", title: "Åre" });
});

test("nested records become dotted-path columns; one under a field's own name is warned about", async (t) => {
  const items = [{ identifier: "A1", file: "a.tif", place: { name: "Åre" }, metadata: { title: { sv: "Fjället" } } }];
  const manifest = await openManifest(await project(t, "m.json", JSON.stringify({ settings: { collection: "../collections/images" }, items })));
  t.deepEqual(
    manifest.source.issues.map((i) => [i.code, i.field]),
    [["MANIFEST_UNKNOWN_COLUMN", "place.name"]],
  );
  const [row] = await readAll(manifest);
  t.deepEqual(row!.item.extra, { "place.name": "Åre", "metadata.title.sv": "Fjället" });
});

test("an object keyed by id is a list of records with the key as _key", async (t) => {
  const dir = await project(t, "m.json", JSON.stringify({ "F 1": { file: "a.tif", title: "A" }, "F 2": { file: "b.tif", title: "B" } }));
  await writeFile(join(dirname(dir), "m.settings.yaml"), "collection: ../collections/images\ncolumns: { _key: identifier }\n");
  const manifest = await openManifest(dir);
  t.deepEqual(manifest.source.issues, []);
  t.deepEqual(
    (await readAll(manifest)).map((r) => [r.item.row, r.item.values.identifier, r.item.values.title]),
    [
      [1, "F 1", "A"],
      [2, "F 2", "B"],
    ],
  );
});

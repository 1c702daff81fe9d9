import test, { type ExecutionContext } from "ava";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openManifest } from "../../src/manifest/open.js";
import { closest, collectionPath, defaultCollectionPath, loadSettings, parseSettings, sidecarPaths } from "../../src/settings/load.js";
import { defaultSettings } from "../../src/settings/schema.js";
import { UserError } from "../../src/errors.js";

async function tempRoot(t: ExecutionContext): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "heritage-settings-"));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, "manifests"));
  return root;
}

const MANIFEST = "identifier,file\nA1,a.tif\n";

const invalid: Array<{ name: string; raw: unknown; line: RegExp }> = [
  { name: "a namespace with a hyphen", raw: { namespace: "my-ns" }, line: /^namespace: "my-ns" — ASCII letters, digits and underscore only$/ },
  { name: "a typo in a setting name", raw: { colection: "../x" }, line: /^colection: unknown setting — did you mean “collection”\?$/ },
  { name: "an unknown defaults key", raw: { defaults: { nope: "x" } }, line: /^defaults\.nope: unknown setting — known here: identifier, file, title/ },
  { name: "a number where text is expected", raw: { institution: 16 }, line: /^institution: 16 — expected text, not a number; write it in quotes: "16"$/ },
  { name: "a column alias to an unknown field", raw: { columns: { "Foto nr": "titel" } }, line: /^columns\["Foto nr"\]: "titel" — expected one of identifier, file, .* — did you mean “title”\?$/ },
  { name: "a column alias written the wrong way round", raw: { columns: { identifier: "Inventarienr" } }, line: /write “Inventarienr: identifier”/ },
  { name: "a number out of range", raw: { images: { jpeg_quality: 200 } }, line: /^images\.jpeg_quality: 200 — expected at most 100$/ },
  { name: "text for a boolean", raw: { commons: "yes" }, line: /^commons: "yes" — expected true or false, not text$/ },
  { name: "text for a list", raw: { extra_tags: "Riksantikvarieämbetet" }, line: /^extra_tags: "Riksantikvarieämbetet" — expected a list, not text$/ },
  { name: "an unknown nested key", raw: { images: { jpeg_qualty: 80 } }, line: /^images\.jpeg_qualty: unknown setting — did you mean “jpeg_quality”\?$/ },
  { name: "a licence id out of range", raw: { licenses: { "Fri användning": 17 } }, line: /^licenses\["Fri användning"\]: 17 — expected at most 16$/ },
  { name: "not a mapping at all", raw: "collection: x", line: /^the settings must be a mapping of setting names to values, not text$/ },
];
for (const c of invalid) {
  test(`parseSettings: ${c.name}`, (t) => {
    const err = t.throws(() => parseSettings(c.raw, "m.settings.yaml"), { instanceOf: UserError });
    t.is(err!.code, "SETTINGS_INVALID");
    t.is(err!.exitCode, 2);
    const [head, ...lines] = err!.message.split("\n");
    t.is(head, "Invalid settings in m.settings.yaml:");
    t.is(lines.length, 1);
    t.regex(lines[0]!.replace(/^\s+• /, ""), c.line);
    t.regex(err!.hint!, /settings\.schema\.json/);
  });
}

test("parseSettings lists every problem, one line each", (t) => {
  const err = t.throws(() => parseSettings({ namespace: "a b", commons: 1, foo: true }, "x"), { instanceOf: UserError });
  t.is(err!.message.split("\n").length, 4);
});

test("parseSettings fills defaults for valid settings", (t) => {
  const settings = parseSettings({ institution: "Nordiska museet", columns: { Inventarienr: "identifier" } }, "x");
  t.is(settings.institution, "Nordiska museet");
  t.is(settings.namespace, defaultSettings().namespace);
  t.deepEqual(settings.columns, { Inventarienr: "identifier" });
});

test("defaults may be written as YAML numbers and booleans; they are kept as text like a CSV cell", (t) => {
  const settings = parseSettings({ defaults: { geo_accuracy: 16, is_public: true } }, "x");
  t.deepEqual(settings.defaults, { geo_accuracy: "16", is_public: "true" });
});

test("closest suggests near names only", (t) => {
  t.is(closest("colection", ["collection", "columns"]), "collection");
  t.is(closest("Namespace", ["namespace"]), "namespace");
  t.is(closest("titel", ["title", "file"]), "title");
  t.is(closest("zzz", ["title", "file"]), null);
});

test("default and configured collection folders", (t) => {
  t.is(defaultCollectionPath("/data/manifests/postcards.csv"), "/data/collections/postcards");
  t.is(defaultCollectionPath("/data/manifests/2024.export.yaml"), "/data/collections/2024.export");
  t.is(collectionPath("/data/manifests/postcards.csv", parseSettings({ collection: "../masters/pc" }, "x")), "/data/masters/pc");
  t.is(collectionPath("/data/manifests/postcards.csv", parseSettings({ collection: "/mnt/tiff" }, "x")), "/mnt/tiff");
  t.deepEqual(sidecarPaths("/data/manifests/postcards.csv"), [
    "/data/manifests/postcards.settings.yaml",
    "/data/manifests/postcards.settings.yml",
    "/data/manifests/postcards.settings.json",
  ]);
});

test("the sidecar may be .yml or .json; an empty one means defaults", async (t) => {
  for (const [file, text, namespace] of [
    ["m.settings.yml", "namespace: nm\n", "nm"],
    ["m.settings.json", '{"namespace": "js"}', "js"],
    ["m.settings.yaml", "", "heritage"],
  ] as const) {
    const root = await tempRoot(t);
    await writeFile(join(root, "manifests", file), text);
    const loaded = await loadSettings(join(root, "manifests", "m.csv"));
    t.is(loaded.settingsPath, join(root, "manifests", file));
    t.is(loaded.settings.namespace, namespace);
  }
});

test("without settings: defaults, settingsPath null, collection beside the manifests folder", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, "collections", "postcards"), { recursive: true });
  await writeFile(join(root, "manifests", "postcards.csv"), MANIFEST);
  const manifest = await openManifest("manifests/postcards.csv", { cwd: root });
  t.is(manifest.source.path, join(root, "manifests", "postcards.csv"));
  t.is(manifest.source.settingsPath, null);
  t.deepEqual(manifest.source.settings, defaultSettings());
  t.is(manifest.source.collection, join(root, "collections", "postcards"));
});

test("collection in the settings is relative to the manifest's folder, not the working directory", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, "masters"));
  await writeFile(join(root, "manifests", "m.csv"), MANIFEST);
  await writeFile(join(root, "manifests", "m.settings.yaml"), "collection: ../masters\n");
  const manifest = await openManifest(join(root, "manifests", "m.csv"), { cwd: "/" });
  t.is(manifest.source.collection, join(root, "masters"));
});

test("a missing collection folder is a UserError with the path and how to set it", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "manifests", "m.csv"), MANIFEST);
  const err = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.is(err!.code, "COLLECTION_MISSING");
  t.is(err!.exitCode, 2);
  t.true(err!.message.includes(join(root, "collections", "m")));
  t.regex(err!.message, /does not exist/);
  t.true(err!.hint!.includes(join(root, "manifests", "m.settings.yaml")));
  t.regex(err!.hint!, /collection: \.\.\/collections\/m/);

  await writeFile(join(root, "manifests", "m.settings.yaml"), "collection: ../nowhere\n");
  const named = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.true(named!.message.includes(join(root, "nowhere")));
  t.regex(named!.hint!, /set "collection" in .*m\.settings\.yaml/);
});

test("a collection path that is a file is refused", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "manifests", "m.csv"), MANIFEST);
  await writeFile(join(root, "manifests", "m.settings.yaml"), "collection: m.csv\n");
  const err = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.regex(err!.message, /is a file, not a folder/);
});

test("invalid settings in a sidecar name the file; a YAML error names its line", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, "collections", "m"), { recursive: true });
  await writeFile(join(root, "manifests", "m.csv"), MANIFEST);
  const sidecar = join(root, "manifests", "m.settings.yaml");
  await writeFile(sidecar, "namespace: my-ns\n");
  const invalid = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.is(invalid!.code, "SETTINGS_INVALID");
  t.true(invalid!.message.startsWith(`Invalid settings in ${sidecar}:`));
  await writeFile(sidecar, "columns:\n  Inventarienr: identifier\n   Bildfil: file\n");
  const syntax = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.is(syntax!.code, "MANIFEST_PARSE");
  t.true(syntax!.message.includes(sidecar));
  t.regex(syntax!.message, /at line 2, column 17/);
});

test("invalid embedded settings name the manifest's settings section", async (t) => {
  const root = await tempRoot(t);
  const path = join(root, "manifests", "m.yaml");
  await writeFile(path, "settings:\n  namespace: my-ns\nitems: []\n");
  const err = await t.throwsAsync(openManifest(path), { instanceOf: UserError });
  t.true(err!.message.startsWith(`Invalid settings in the "settings" section of ${path}:`));
});

test("settings in two places are refused", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "manifests", "m.csv"), MANIFEST);
  await writeFile(join(root, "manifests", "m.settings.yaml"), "namespace: a\n");
  await writeFile(join(root, "manifests", "m.settings.json"), '{"namespace": "b"}');
  const two = await t.throwsAsync(openManifest(join(root, "manifests", "m.csv")), { instanceOf: UserError });
  t.is(two!.code, "SETTINGS_AMBIGUOUS");

  await writeFile(join(root, "manifests", "e.yaml"), "settings:\n  namespace: a\nitems: []\n");
  await writeFile(join(root, "manifests", "e.settings.yaml"), "namespace: b\n");
  const both = await t.throwsAsync(openManifest(join(root, "manifests", "e.yaml")), { instanceOf: UserError });
  t.is(both!.code, "SETTINGS_AMBIGUOUS");
  t.regex(both!.hint!, /one place/);
});

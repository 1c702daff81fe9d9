/**
 * Catalogue exports as they come (issue 13): each sample export under test/fixtures/exports is
 * validated through the CLI with only its settings file — no reshaping of the export. The
 * images are generated per test (tiny, distinct); the exports are copied into a temp project.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import sharp from "sharp";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/images.js";
import { fixturePath } from "../helpers/paths.js";

const EXPORTS = fixturePath("exports") + "/";

interface Report {
  items: Array<{ row: number; identifier: string | null; file: string | null; flickr: { title: string | null; description: string; tags: string[]; license_id: number | null } }>;
  issues: Array<{ severity: string; code: string; row: number | null; field: string | null; value: string | null; message: string; hint?: string }>;
  summary: { items: number; errors: number; warnings: number };
}

/** Copy one sample export into a temp folder and put `images` (tiny generated images) beside it. */
async function sample(t: ExecutionContext, name: string, images: string[]): Promise<string> {
  const dir = await tempDir(t, "heritage-export-");
  await cp(join(EXPORTS, name), dir, { recursive: true });
  await mkdir(join(dir, "images"), { recursive: true });
  for (const [i, file] of images.entries()) {
    const image = sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 30 * i, g: 90, b: 200 - 20 * i } } });
    await (/\.tiff?$/i.test(file) ? image.tiff() : image.jpeg()).toFile(join(dir, "images", file));
  }
  return dir;
}

async function validate(t: ExecutionContext, manifest: string, expectedCode = 0): Promise<Report> {
  const run = await runCli(["validate", "--json", manifest]);
  t.is(run.code, expectedCode, run.stderr || run.stdout.slice(-2000));
  return JSON.parse(run.stdout) as Report;
}

const codes = (report: Report) => report.issues.map((i) => [i.code, i.row, i.field]);

test("a pipe-separated UTF-16 table with file_template, a column name with a comma, empty columns and optional parts", async (t) => {
  const dir = await sample(t, "pipe-utf16", ["SMVK 001.tif", "SMVK 002.TIF", "SMVK 003.jpg"]);
  const bytes = await readFile(join(dir, "bilder.txt"));
  t.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], "the sample really is UTF-16 with a BOM");
  const report = await validate(t, join(dir, "bilder.txt"));
  t.deepEqual(
    report.items.map((i) => [i.identifier, i.file, i.flickr.title, i.flickr.description]),
    [
      ["SMVK 001", "SMVK 001.tif", "Hamnen i Larnaca", "Plats: Larnaca, Cypern\nFotograf: Okänd"],
      ["SMVK 002", "SMVK 002.TIF", "Kyrkan i Ramsele", "Plats: Ramsele, Ramsele socken, Sverige\nFotograf: Anna Larsson"],
      ["SMVK 003", "SMVK 003.jpg", "Gatuvy", "Fotograf: Okänd"],
    ],
  );
  // Anmärkning is empty in every row and still a column: no TEMPLATE_FIELD_UNKNOWN.
  t.false(report.issues.some((i) => i.code === "TEMPLATE_FIELD_UNKNOWN"));
  const substituted = report.issues.filter((i) => i.code === "FILE_SUBSTITUTED");
  t.deepEqual(
    substituted.map((i) => [i.severity, i.row, i.value]),
    [
      ["warning", 3, "SMVK 002.tif"],
      ["warning", 4, "SMVK 003.tif"],
    ],
  );
  t.regex(substituted[0]!.message, /“SMVK 002\.TIF” is used/);
  t.regex(substituted[1]!.message, /“SMVK 003\.jpg” is used/);
  t.is(report.summary.errors, 0);
});

test("the --items preview of the pipe table shows the substituted file and the collapsed place", async (t) => {
  const dir = await sample(t, "pipe-utf16", ["SMVK 001.tif", "SMVK 002.TIF", "SMVK 003.jpg"]);
  const run = await runCli(["validate", "--items", join(dir, "bilder.txt")], { env: { NO_COLOR: "1" } });
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /Plats: Larnaca, Cypern/);
  t.notRegex(run.stdout, /Larnaca, , Cypern/);
  t.regex(run.stdout, /SMVK 002\.TIF/);
});

test("a pipe table read at the wrong delimiter names the delimiter used and the one suspected", async (t) => {
  const dir = await sample(t, "pipe-utf16", []);
  await writeFile(join(dir, "bilder.settings.yaml"), 'collection: images\ndelimiter: ";"\n');
  const report = await validate(t, join(dir, "bilder.txt"), 1);
  const missing = report.issues.filter((i) => i.code === "MANIFEST_MISSING_COLUMN");
  t.true(missing.length > 0);
  t.regex(missing[0]!.message, /split at the semicolon into 1 column; it also contains the pipe \(\|\)/);
  t.regex(missing[0]!.hint ?? "", /delimiter: "\|"/);
});

test("a JSON object keyed by photo number, nested records, and a filename-mapping CSV joined by key", async (t) => {
  const dir = await sample(t, "keyed-json", ["smvk_101.jpg", "smvk_102.jpg"]);
  const report = await validate(t, join(dir, "foton.json"));
  t.deepEqual(
    report.items.map((i) => [i.identifier, i.file, i.flickr.title, i.flickr.description, i.flickr.tags.filter((tag) => !tag.includes(":"))]),
    [
      ["SMVK 101", "smvk_101.jpg", "Båtar i hamnen", "Fiskebåtar vid kaj.\nEnglish title: Boats in the harbour", ["hamn", "båtar"]],
      ["SMVK 102", "smvk_102.jpg", "Torget", "Marknadsdag.\nEnglish title: The square", ["torg", "marknad"]],
    ],
  );
  t.deepEqual(codes(report), []);
});

test("a keyed record with no row in the joined file is a warning naming the key", async (t) => {
  const dir = await sample(t, "keyed-json", ["smvk_101.jpg", "smvk_102.jpg"]);
  await writeFile(join(dir, "filnamn.csv"), "Fotonummer;Filnamn\nSMVK 101;smvk_101.jpg\n");
  const report = await validate(t, join(dir, "foton.json"), 1);
  const unmatched = report.issues.filter((i) => i.code === "JOIN_UNMATCHED");
  t.deepEqual(
    unmatched.map((i) => [i.severity, i.row, i.value]),
    [["warning", 2, "SMVK 102"]],
  );
  t.regex(unmatched[0]!.message, /“Fotonummer” = “SMVK 102”/);
  // Without its file name the row cannot be published: that stays an error of the row.
  t.true(report.issues.some((i) => i.code === "ROW_MISSING_VALUE" && i.row === 2 && i.field === "file"));
});

test("a joined file that is missing is a usage error naming it", async (t) => {
  const dir = await sample(t, "keyed-json", []);
  await rm(join(dir, "filnamn.csv"));
  const run = await runCli(["validate", "--json", join(dir, "foton.json")]);
  t.is(run.code, 2);
  t.regex(run.stderr, /joined file .*filnamn\.csv/);
});

test("a TSV with ', ' keyword lists and LSH catalogue text", async (t) => {
  const dir = await sample(t, "tsv-keywords", ["lsh-1001.jpg", "lsh-1002.jpg"]);
  const report = await validate(t, join(dir, "samling.tsv"));
  t.deepEqual(
    report.items.map((i) => i.flickr.tags.filter((tag) => !tag.includes(":"))),
    [
      ["interiör", "salong", "kakelugn"],
      ["interiör", "matsal"],
    ],
  );
  // <!> separators keep the text between them, <Ic> keeps its case, and neither is warned about.
  t.is(report.items[0]!.flickr.description, "Stora salen mot norr.&lt;!&gt;Foto taget vid inventeringen 1911.&lt;!&gt;Jfr LSH 1002.\nKlassifikation: Arkitektur&lt;Ic&gt;");
  t.deepEqual(codes(report), []);
});

test("without a list separator, a tag containing ', ' is a warning suggesting one", async (t) => {
  const dir = await sample(t, "tsv-keywords", ["lsh-1001.jpg", "lsh-1002.jpg"]);
  const settings = await readFile(join(dir, "samling.settings.yaml"), "utf8");
  await writeFile(join(dir, "samling.settings.yaml"), settings.replace(/lists:\n {2}Nyckelord: ", "\n/, ""));
  const report = await validate(t, join(dir, "samling.tsv"));
  const warned = report.issues.filter((i) => i.code === "TAG_LIST_SEPARATOR");
  t.deepEqual(
    warned.map((i) => [i.severity, i.row, i.value]),
    [
      ["warning", 2, "interiör, salong, kakelugn"],
      ["warning", 3, "interiör, matsal"],
    ],
  );
  t.regex(warned[0]!.hint ?? "", /lists: \{ "Nyckelord": ", " \}/);
});

test("a LIDO file: one row per record, Swedish titles, subjects as tags, rights and record link", async (t) => {
  const dir = await sample(t, "lido", ["14679.jpg", "17267.jpg", "7426.jpg"]);
  const report = await validate(t, join(dir, "nationalmuseum.xml"));
  t.deepEqual(
    report.items.map((i) => [i.row, i.identifier, i.file, i.flickr.title, i.flickr.license_id]),
    [
      [1, "NMGrh 10", "14679.jpg", "Fredrika Lovisa, prinsessa av Preussen", 10],
      [2, "NM 317", "17267.jpg", "Hamnstycke med figurer", 10],
      [3, "NMK 125/1958", "7426.jpg", 'Oljemålning på träpannå "Den heliga Magdalena"', 10],
    ],
  );
  t.deepEqual(report.items[0]!.flickr.tags.filter((tag) => !tag.includes(":")), ["Prinsessan Fredrika Lovisa"]);
  const second = report.items[1]!.flickr.description;
  t.regex(second, /^Konstnär: Nicolaes Berchem\nDatering: Utf\. mellan ca 1665 och 1670\nInventarienummer: NM 317\nFoto: Cecilia Heisser\n<a href="http:\/\/collection\.nationalmuseum\.se\/eMuseumPlus\?service=ExternalInterface&amp;module=collection&amp;objectId=17267/);
  t.false(report.issues.some((i) => i.severity === "error"), JSON.stringify(report.issues));
});

test("an XML file that is not LIDO is an empty manifest, not a crash", async (t) => {
  const dir = await sample(t, "lido", []);
  await writeFile(join(dir, "nationalmuseum.xml"), '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>');
  const report = await validate(t, join(dir, "nationalmuseum.xml"), 1);
  t.deepEqual(codes(report), [["MANIFEST_EMPTY", null, null]]);
});

test("broken XML is a parse error with the line", async (t) => {
  const dir = await sample(t, "lido", []);
  const xml = await readFile(join(dir, "nationalmuseum.xml"), "utf8");
  await writeFile(join(dir, "nationalmuseum.xml"), xml.replace("</lido:lidoWrap>", "<lido:lido><lido:lidoRecID>x</lido:lido>"));
  const run = await runCli(["validate", "--json", join(dir, "nationalmuseum.xml")]);
  t.is(run.code, 2, run.stdout.slice(-500));
  t.regex(run.stderr, /XML syntax error/);
});

test("a JSON table keyed by id can be the joined file, and its columns serve templates", async (t) => {
  const dir = await sample(t, "tsv-keywords", ["lsh-1001.jpg", "lsh-1002.jpg"]);
  await writeFile(join(dir, "fotografer.json"), JSON.stringify({ "LSH 1001": { fotograf: { namn: "Okänd" } }, "LSH 1002": { fotograf: { namn: "Anna Larsson" } } }));
  const settings = await readFile(join(dir, "samling.settings.yaml"), "utf8");
  await writeFile(
    join(dir, "samling.settings.yaml"),
    settings.replace("Klassifikation: {Klassifikation}", "Klassifikation: {Klassifikation}\n    Foto: {fotograf.namn}") + "join: { file: fotografer.json, on: Inventarienr, key: _key }\n",
  );
  const report = await validate(t, join(dir, "samling.tsv"));
  t.deepEqual(
    report.items.map((i) => i.flickr.description.split("\n").pop()),
    ["Foto: Okänd", "Foto: Anna Larsson"],
  );
  t.deepEqual(codes(report), []);
});

test("join.on naming no column of the manifest is a settings error, not a warning on every row", async (t) => {
  const dir = await sample(t, "keyed-json", []);
  const settings = await readFile(join(dir, "foton.settings.yaml"), "utf8");
  await writeFile(join(dir, "foton.settings.yaml"), settings.replace("on: _key", "on: Fotonumer"));
  const run = await runCli(["validate", "--json", join(dir, "foton.json")]);
  t.is(run.code, 2);
  t.regex(run.stderr, /join\.on names “Fotonumer”, which is not a column/);
});

test("a real LSH export (UTF-16, |, CRLF) reads with only a settings file", async (t) => {
  const ids = ["3775", "3769", "3773", "3794", "594", "2415"];
  const dir = await sample(t, "lsh-events", ids.map((id) => `LSH-${id}.jpg`));
  const report = await validate(t, join(dir, "ereignis.csv"));
  t.deepEqual(
    report.items.map((i) => [i.identifier, i.file]),
    ids.map((id) => [id, `LSH-${id}.jpg`]),
  );
  t.is(report.items[0]!.flickr.title, "300-årsminnet av Gustaf II Adolfs födelse 1894");
  t.is(report.items[0]!.flickr.description, "År 1894 firades 300-årsminnet av Gustaf II Adolfs födelse 9 december 1594.\nPlats: Sverige\nTyp: Jubileum");
  t.is(report.items[4]!.flickr.description, "Adolf Fredrik och Lovisa Ulrikas kröning i Storkyrkan, S:t Nicolai, Stockholm\nPlats: Storkyrkan, Stockholm\nTyp: Ceremoni – Kröning");
  t.is(report.summary.errors, 0, JSON.stringify(report.issues.filter((i) => i.severity === "error")));
});

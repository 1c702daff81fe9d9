import test, { type ExecutionContext } from "ava";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { openManifest } from "../../src/manifest/open.js";
import type { OpenedManifest, ReadRow } from "../../src/manifest/types.js";
import { UserError } from "../../src/errors.js";
import { fixturePath } from "../helpers/paths.js";

const FIXTURES = fixturePath("manifests") + "/";

/** A temporary project: manifests/<name> with `content`, and collections/<base>/ beside it. */
async function project(t: ExecutionContext, name: string, content: string | Uint8Array, files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "heritage-csv-"));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, "manifests"));
  await mkdir(join(root, "collections", basename(name, extname(name))), { recursive: true });
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

const simple = (rows: ReadRow[]) => rows.map((r) => ({ row: r.item.row, ...r.item.values, ...r.item.extra }));

const SWEDISH_ROWS = [
  { row: 2, identifier: "A1", file: "a1.tif", title: "Göteborg, hamnen" },
  { row: 3, identifier: "A2", file: "a2.tif", title: "Västerås; Åre" },
];

test("the fixture export: BOM, semicolons, CRLF, a quoted cell with a line break, sidecar aliases", async (t) => {
  const manifest = await openManifest("kmb/manifests/kulturmiljobild.csv", { cwd: FIXTURES });
  const { source } = manifest;
  t.is(source.format, "csv");
  t.is(source.delimiter, ";");
  t.is(source.encoding, "utf-8");
  t.is(source.settingsPath, join(FIXTURES, "kmb/manifests/kulturmiljobild.settings.yaml"));
  t.is(source.collection, join(FIXTURES, "kmb/collections/kulturmiljobild"));
  t.is(source.settings.namespace, "raa");
  t.deepEqual(
    source.issues.map((i) => [i.code, i.field]),
    [["MANIFEST_UNKNOWN_COLUMN", "Anmärkning"]],
  );
  const rows = await readAll(manifest);
  t.deepEqual(
    rows.map((r) => [r.item.row, r.item.values.identifier]),
    [
      [2, "f0009418"],
      [3, "ac00666"],
      [4, "fd925413"], // the line break inside row 3's description does not shift the numbering
      [5, "MS000379"],
    ],
  );
  t.deepEqual(rows[1]!.item.values, {
    identifier: "ac00666",
    file: "ac00666.tif",
    title: "Halmstad",
    description: "Parti av Norre Katts park.\nLän: Halland; Kommun: Halmstad",
    creator: "Okänd, Okänd",
    date: "1940/1959",
    place: "Halmstad, Halland",
    license: "http://creativecommons.org/publicdomain/mark/1.0/",
    source_url: "http://kulturarvsdata.se/raa/kmb/html/16001000372297",
  });
  t.deepEqual(rows[1]!.item.extra, { Anmärkning: "Datering 1940-01-01 - 1959-12-31" });
  t.deepEqual(rows[0]!.item.extra, {}, "empty cells are left out");
  t.false("source_url" in rows[3]!.item.values);
  t.true(rows.every((r) => r.issues.length === 0));
});

const delimiters: Array<[string, string, string]> = [
  ["comma", "swedish.csv", ","],
  ["semicolon", "swedish.csv", ";"],
  ["tab", "swedish.tsv", "\t"],
  ["tab in a .csv", "swedish.csv", "\t"],
];
for (const [name, file, d] of delimiters) {
  test(`reads a ${name}-separated file`, async (t) => {
    const quote = (v: string) => (v.includes(d) || v.includes(";") || v.includes(",") ? `"${v}"` : v);
    const text = [["identifier", "file", "title"], ...SWEDISH_ROWS.map((r) => [r.identifier, r.file, r.title])].map((r) => r.map(quote).join(d)).join("\n");
    const manifest = await openManifest(await project(t, file, text));
    t.is(manifest.source.delimiter, d);
    t.deepEqual(simple(await readAll(manifest)), SWEDISH_ROWS);
  });
}

const lineEndings: Array<[string, string, boolean]> = [
  ["LF without BOM", "\n", false],
  ["CRLF with BOM", "\r\n", true],
  ["CR (old Mac) without BOM", "\r", false],
  ["CRLF without a final line break", "\r\n", false],
];
for (const [name, eol, bom] of lineEndings) {
  test(`reads UTF-8 with ${name}`, async (t) => {
    const lines = ["identifier,file,title", 'A1,a1.tif,"Göteborg, hamnen"', 'A2,a2.tif,Västerås; Åre'];
    const body = lines.join(eol) + (name.includes("without a final") ? "" : eol);
    const manifest = await openManifest(await project(t, "m.csv", (bom ? "\uFEFF" : "") + body));
    t.deepEqual(manifest.source.issues, []);
    t.deepEqual(simple(await readAll(manifest)), SWEDISH_ROWS);
  });
}

test("rows are numbered by record: quoted line breaks do not shift them, blank lines are counted and skipped", async (t) => {
  const text = [
    "identifier,file,description",
    'A1,a1.tif,"three',
    "lines",
    'of text"',
    "",
    ",,",
    "A2,a2.tif,after a blank line and an empty row",
    '"A3",a3.tif,"quoted ""inner"" quotes"',
  ].join("\r\n");
  const rows = await readAll(await openManifest(await project(t, "m.csv", text)));
  t.deepEqual(
    rows.map((r) => [r.item.row, r.item.values.identifier, r.item.values.description]),
    [
      [2, "A1", "three\nlines\nof text"],
      [5, "A2", "after a blank line and an empty row"],
      [6, "A3", 'quoted "inner" quotes'],
    ],
  );
});

test("cell values are trimmed, including no-break spaces, and whitespace-only cells are absent", async (t) => {
  const rows = await readAll(await openManifest(await project(t, "m.csv", "identifier,file,title,creator\n  A1 ,\u00a0a1.tif\u00a0,   ,\t\n")));
  t.deepEqual(rows[0]!.item.values, { identifier: "A1", file: "a1.tif" });
});

test("a Windows-1252 file is decoded correctly, with a warning naming the encoding; no mojibake", async (t) => {
  const text = "identifier;file;title;Anmärkning\r\nA1;a1.tif;Göteborg, hamnen;Åre\r\nA2;a2.tif;Västerås; Åre;\r\n";
  const manifest = await openManifest(await project(t, "m.csv", Buffer.from(text.replace("Västerås; Åre", '"Västerås; Åre"'), "latin1")));
  t.is(manifest.source.encoding, "windows-1252");
  const warning = manifest.source.issues.find((i) => i.code === "MANIFEST_ENCODING_CONVERTED");
  t.is(warning?.severity, "warning");
  t.regex(warning!.message, /Windows-1252/);
  const rows = await readAll(manifest);
  t.deepEqual(simple(rows), [
    { ...SWEDISH_ROWS[0], Anmärkning: "Åre" },
    { ...SWEDISH_ROWS[1] },
  ]);
  t.false(JSON.stringify(rows).includes("Ã"));
  t.true(manifest.source.issues.some((i) => i.code === "MANIFEST_UNKNOWN_COLUMN" && i.field === "Anmärkning"));
});

const unicodeText = "identifier\tfile\ttitle\r\nA1\ta1.tif\tGöteborg, hamnen\r\nA2\ta2.tif\tVästerås; Åre\r\n";
const utf16: Array<[string, () => Buffer, boolean]> = [
  ["UTF-16 LE with BOM (Excel “Unicode Text”)", () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicodeText, "utf16le")]), false],
  ["UTF-16 BE with BOM", () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(unicodeText, "utf16le").swap16()]), false],
  ["UTF-16 LE without BOM", () => Buffer.from(unicodeText, "utf16le"), true],
  ["UTF-16 BE without BOM", () => Buffer.from(unicodeText, "utf16le").swap16(), true],
];
for (const [name, make, warns] of utf16) {
  test(`reads ${name}`, async (t) => {
    const manifest = await openManifest(await project(t, "m.txt", make()));
    t.is(manifest.source.delimiter, "\t");
    t.is(manifest.source.issues.some((i) => i.code === "MANIFEST_ENCODING_CONVERTED"), warns);
    const rows = await readAll(manifest);
    t.deepEqual(simple(rows), SWEDISH_ROWS);
    t.false(JSON.stringify(rows).includes("Ã"));
  });
}

test("a binary file is refused with what it looks like and how to save it", async (t) => {
  const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.alloc(200, 0x11)]);
  const path = await project(t, "export.csv", xlsx);
  const err = await t.throwsAsync(openManifest(path), { instanceOf: UserError });
  t.is(err!.code, "MANIFEST_ENCODING");
  t.is(err!.exitCode, 2);
  t.true(err!.message.includes(path));
  t.regex(err!.message, /Excel workbook \(\.xlsx\)/);
  t.regex(err!.hint!, /save it as UTF-8 \(in Excel: Save As → CSV UTF-8/i);
});

test("text in an encoding that is neither UTF-8 nor Windows-1252 is refused, naming the byte", async (t) => {
  const macRoman = Buffer.concat([Buffer.from("identifier,file,title\nA1,a1.tif,G"), Buffer.from([0x9a]), Buffer.from("teborg\n")]);
  const err = await t.throwsAsync(openManifest(await project(t, "m.csv", macRoman)), { instanceOf: UserError });
  t.regex(err!.message, /not UTF-8, not Windows-1252/);
  t.regex(err!.message, /0x9A/);
  t.regex(err!.hint!, /UTF-8/);
});

test("UTF-8 with a bad byte far below the sniffed head: earlier rows are read, then a UserError names the line and offset", async (t) => {
  const rows = Array.from({ length: 3000 }, (_, i) => `id${i},f${i}.tif,Rad ${i} i Göteborg`);
  const head = `identifier,file,title\n${rows.join("\n")}\n`;
  t.true(Buffer.byteLength(head) > 64 * 1024, "the bad byte lies beyond the sniffed head");
  const data = Buffer.concat([Buffer.from(head), Buffer.from("bad,bad.tif,Malm"), Buffer.from([0xf6]), Buffer.from("\nlast,last.tif,x\n")]);
  const manifest = await openManifest(await project(t, "m.csv", data));
  t.is(manifest.source.encoding, "utf-8");
  const seen: string[] = [];
  const err = await t.throwsAsync(
    (async () => {
      for await (const row of manifest.rows()) seen.push(String(row.item.values.title));
    })(),
    { instanceOf: UserError },
  );
  t.regex(err!.message, new RegExp(`line 3002 \\(byte offset ${Buffer.byteLength(head) + "bad,bad.tif,Malm".length}\\)`));
  t.regex(err!.message, /0xF6.*“ö”/);
  t.true(seen.length > 0 && seen.length <= 3000);
  t.false(seen.some((title) => title.includes("Ã") || title.includes("\uFFFD")));
});

test("cell-count problems are issues of the row, not crashes", async (t) => {
  const text = [
    "identifier;file;title;",
    "A1;a1.tif;complete", // the trailing empty header column is not required
    "A2;a2.tif", // short
    "A3;a3.tif;Stockholm; Sweden", // an unquoted semicolon spills into the unnamed column
    "A4;a4.tif;too;many;cells",
    "A5;a5.tif;trailing empties;;;;",
  ].join("\n");
  const rows = await readAll(await openManifest(await project(t, "m.csv", text)));
  t.deepEqual(
    rows.map((r) => [r.item.row, r.issues.map((i) => `${i.severity}:${i.code}`)]),
    [
      [2, []],
      [3, ["error:MANIFEST_ROW_SHAPE"]],
      [4, ["warning:MANIFEST_ROW_SHAPE"]],
      [5, ["error:MANIFEST_ROW_SHAPE", "warning:MANIFEST_ROW_SHAPE"]],
      [6, []],
    ],
  );
  const short = rows[1]!.issues[0]!;
  t.is(short.row, 3);
  t.is(short.identifier, "A2");
  t.regex(short.message, /Row 3 has 2 cells, but the header has 3 columns/);
  t.regex(rows[2]!.issues[0]!.message, /D: “Sweden”.*ignored/);
  t.regex(rows[3]!.issues[0]!.message, /E: “cells”/);
  t.is(rows[2]!.item.values.title, "Stockholm");
});

test("unknown columns are reported once for the file, and kept on every row", async (t) => {
  const text = "identifier,file,Fotonummer,Anmärkning\nA1,a1.tif,F-1,x\nA2,a2.tif,F-2,\nA3,a3.tif,F-3,y\n";
  const manifest = await openManifest(await project(t, "m.csv", text));
  t.deepEqual(
    manifest.source.issues.map((i) => [i.code, i.field]),
    [
      ["MANIFEST_UNKNOWN_COLUMN", "Fotonummer"],
      ["MANIFEST_UNKNOWN_COLUMN", "Anmärkning"],
    ],
  );
  const rows = await readAll(manifest);
  t.deepEqual(
    rows.map((r) => r.item.extra),
    [{ Fotonummer: "F-1", Anmärkning: "x" }, { Fotonummer: "F-2" }, { Fotonummer: "F-3", Anmärkning: "y" }],
  );
  t.true(rows.every((r) => r.issues.length === 0));
});

test("duplicate and missing columns are whole-file issues; the first duplicate column is read", async (t) => {
  const manifest = await openManifest(await project(t, "m.csv", "dc:identifier,title,dc:title\nA1,First,Second\n"));
  t.deepEqual(
    manifest.source.issues.map((i) => [i.severity, i.code, i.field]),
    [
      ["error", "MANIFEST_MISSING_COLUMN", "file"],
      ["error", "MANIFEST_DUPLICATE_COLUMN", "title"],
    ],
  );
  const [row] = await readAll(manifest);
  t.deepEqual(row!.item.values, { identifier: "A1", title: "First" });
});

test("an empty file and a header without rows are MANIFEST_EMPTY errors", async (t) => {
  for (const content of ["", "\uFEFF", "\r\n\r\n", "identifier,file,title\r\n"]) {
    const manifest = await openManifest(await project(t, "m.csv", content));
    t.deepEqual(
      manifest.source.issues.map((i) => [i.severity, i.code]),
      [["error", "MANIFEST_EMPTY"]],
      JSON.stringify(content),
    );
    t.deepEqual(await readAll(manifest), []);
  }
});

test("text garbled by an earlier export is a warning on its row, with the likely repair", async (t) => {
  const rows = await readAll(await openManifest(await project(t, "m.csv", "identifier,file,title\nA1,a.tif,GÃ¶teborg\nA2,b.tif,Göteborg\n")));
  t.deepEqual(
    rows.map((r) => r.issues.map((i) => [i.code, i.row, i.field, i.value])),
    [[["MANIFEST_ENCODING", 2, "title", "GÃ¶teborg"]], []],
  );
  t.regex(rows[0]!.issues[0]!.message, /“Göteborg”/);
});

test("a garbled header is a whole-file MANIFEST_ENCODING warning", async (t) => {
  const manifest = await openManifest(await project(t, "m.csv", "identifier,file,AnmÃ¤rkning\nA1,a.tif,x\n"));
  const issue = manifest.source.issues.find((i) => i.code === "MANIFEST_ENCODING");
  t.is(issue?.field, "AnmÃ¤rkning");
  t.is(issue?.row, null);
  t.regex(issue!.message, /“Anmärkning”/);
});

test("rows() can be read twice, and again after stopping early", async (t) => {
  const text = "identifier,file\n" + Array.from({ length: 50 }, (_, i) => `id${i},f${i}.tif`).join("\n");
  const manifest = await openManifest(await project(t, "m.csv", text));
  const first = await readAll(manifest);
  for await (const row of manifest.rows()) if (row.item.row === 5) break;
  const second = await readAll(manifest);
  t.is(first.length, 50);
  t.deepEqual(second, first);
});

test("an unclosed quote is a UserError naming the row where it starts", async (t) => {
  const text = 'identifier,file,title\nA1,a1.tif,ok\nA2,a2.tif,"never closed\nA3,a3.tif,x\n';
  const manifest = await openManifest(await project(t, "m.csv", text));
  const err = await t.throwsAsync(readAll(manifest), { instanceOf: UserError });
  t.is(err!.code, "MANIFEST_PARSE");
  t.regex(err!.message, /row 3 \(from line 3\) is never closed/);
  t.regex(err!.hint!, /closing quote/);
});

test("text after a closing quote is a UserError naming the line (found while opening, in the first row)", async (t) => {
  const err = await t.throwsAsync(openManifest(await project(t, "m.csv", 'identifier,file,title\nA1,a1.tif,"10" x 8"\n')), { instanceOf: UserError });
  t.regex(err!.message, /line 2 has text after its closing quote/);
  t.regex(err!.hint!, /""/);
});

test("a stray quote inside an unquoted cell is kept as written", async (t) => {
  const rows = await readAll(await openManifest(await project(t, "m.csv", 'identifier,file,title\nA1,a1.tif,Glasplåt 13x18 cm (5" x 7")\n')));
  t.is(rows[0]!.item.values.title, 'Glasplåt 13x18 cm (5" x 7")');
});

import test from "ava";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.js";
import { openManifest } from "../../src/manifest/open.js";
import { validateRows } from "../../src/validate/validate.js";

const SAMPLE = join(REPO_ROOT, "manifests/sample.csv");
const BROKEN = join(REPO_ROOT, "manifests/broken.csv");

test("the shipped sample validates with zero errors (exit 0)", async (t) => {
  const run = await runCli(["validate", SAMPLE]);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stdout, /5 items: 0 errors, \d+ warnings?\. Ready to publish\./);
});

// Every kind of problem, on the row the broken manifest puts it (the title column says which).
const EXPECTED: [code: string, row: number | null][] = [
  ["MANIFEST_DUPLICATE_COLUMN", null],
  ["MANIFEST_UNKNOWN_COLUMN", null],
  ["TEMPLATE_FIELD_UNKNOWN", null],
  ["ROW_MISSING_VALUE", 2],
  ["ROW_MISSING_VALUE", 3],
  ["ROW_DUPLICATE_ID", 5],
  ["ROW_INVALID_VALUE", 6],
  ["LICENSE_MISSING", 7],
  ["LICENSE_UNKNOWN", 8],
  ["LICENSE_NOT_ON_FLICKR", 9],
  ["LICENSE_IN_COPYRIGHT", 10],
  ["LICENSE_NOT_FLICKR_LICENSE", 11],
  ["LICENSE_RESTRICTIVE", 12],
  ["DATE_UNPARSEABLE", 13],
  ["DATE_LOSSY", 14],
  ["DATE_FUTURE", 15],
  ["DATE_OUT_OF_RANGE", 16],
  ["TAGS_TOO_MANY", 17],
  ["TAG_INVALID", 18],
  ["TAG_DUPLICATE", 19],
  ["MACHINE_TAG_INVALID", 20],
  ["TITLE_MISSING", 21],
  ["HTML_ESCAPED", 22],
  ["URL_INVALID", 23],
  ["GEO_OUT_OF_RANGE", 24],
  ["GEO_SWAPPED", 25],
  ["GEO_NULL_ISLAND", 26],
  ["GEO_INCOMPLETE", 27],
  ["GEO_INVALID", 28],
  ["FILE_MISSING", 29],
  ["FILE_EMPTY", 30],
  ["FILE_OUTSIDE_COLLECTION", 31],
  ["FILE_OUTSIDE_COLLECTION", 32],
  ["FILE_OUTSIDE_COLLECTION", 33],
  ["FILE_DUPLICATE", 35],
  ["FILE_SAME_CONTENT", 37],
  ["FILE_NOT_IMAGE", 38],
  ["FILE_NOT_IMAGE", 39],
  ["IMAGE_CORRUPT", 40],
  ["IMAGE_CORRUPT", 41],
  ["IMAGE_UNSUPPORTED", 42],
  ["IMAGE_TOO_MANY_PIXELS", 43],
  ["IMAGE_MULTI_PAGE", 44],
  ["EMBEDDED_DATE_DIFFERS", 45],
  ["EMBEDDED_GPS_DIFFERS", 46],
  ["EMBEDDED_RIGHTS_DIFFERS", 47],
  ["MANIFEST_ROW_SHAPE", 48],
];

test("the broken collection reports each kind of problem on its row, and exits 1", async (t) => {
  const run = await runCli(["validate", BROKEN, "--json"]);
  t.is(run.code, 1);
  const report = JSON.parse(run.stdout);
  const found = new Set(report.issues.map((i: { code: string; row: number | null }) => `${i.code}@${i.row}`));
  for (const [code, row] of EXPECTED) t.true(found.has(`${code}@${row}`), `${code} on row ${row}`);
  // the row's title names the problem it demonstrates
  for (const item of report.items) {
    const codes = report.issues.filter((i: { row: number }) => i.row === item.row).map((i: { code: string }) => i.code);
    const named = /^([A-Z_]+)/.exec(item.flickr.title ?? "")?.[1];
    if (named && !/the first/.test(item.flickr.title)) t.true(codes.includes(named), `row ${item.row} (${named}) has ${codes.join(", ")}`);
  }
  t.is(report.summary.items, 47);
});

test("the human report groups issues by kind with row, identifier, column, value and hint", async (t) => {
  const run = await runCli(["validate", BROKEN]);
  t.is(run.code, 1);
  t.regex(run.stdout, /error LICENSE_NOT_ON_FLICKR — A licence version Flickr does not offer \(1\)\n {2}row 9 {2}BRK-009 {2}license = "CC BY 3\.0": .*\n {6}→ .*CC BY 2\.0 \(4\) or CC BY 4\.0 \(11\)/);
  t.regex(run.stdout, /row 32 {2}BRK-032 {2}file = "\/etc\/hostname": /);
  t.regex(run.stdout, /47 items: \d+ errors, \d+ warnings\. Fix the errors before publishing/);
  // errors come before warnings
  t.true(run.stdout.indexOf("error ") < run.stdout.indexOf("warning "));
  t.notRegex(run.stdout + run.stderr, /\n\s+at .*\.(ts|js):\d+/, "no stack traces");
});

test("validate --json follows heritage.validate/1: every field present, null where it does not apply", async (t) => {
  const run = await runCli(["validate", SAMPLE, "--json"]);
  const report = JSON.parse(run.stdout);
  t.deepEqual(Object.keys(report).sort(), ["collection", "issues", "items", "manifest", "schema", "summary"]);
  t.is(report.schema, "heritage.validate/1");
  t.deepEqual(Object.keys(report.summary).sort(), ["errors", "items", "warnings"]);
  const flickrKeys = ["accuracy", "albums", "content_type", "date_taken", "date_taken_granularity", "description", "hidden", "is_public", "latitude", "license_id", "longitude", "perm_addmeta", "perm_comment", "safety_level", "tags", "title"];
  for (const item of report.items) {
    t.deepEqual(Object.keys(item).sort(), ["file", "flickr", "identifier", "row"]);
    t.deepEqual(Object.keys(item.flickr).sort(), flickrKeys);
  }
  const screening = report.items.find((i: { identifier: string }) => i.identifier === "DEMO-0005");
  t.like(screening.flickr, { date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null, license_id: 10 });
  const collaroy = report.items[0];
  t.like(collaroy.flickr, { license_id: 7, date_taken: "1908-01-01 00:00:00", date_taken_granularity: 6, latitude: -33.7323, longitude: 151.3012, accuracy: 15, albums: ["Beach life"] });
  t.true(collaroy.flickr.tags.includes("heritagedemo:id=SLNSW-a845001"));
  t.regex(collaroy.flickr.description, /Persistent URL: <a href="https:\/\/www\.flickr\.com\/photo\.gne\?id=4115677815">/);
  for (const issue of report.issues) t.deepEqual(Object.keys(issue).sort(), ["code", "field", "file", "hint", "identifier", "message", "row", "severity", "value"]);
});

test("items come out in manifest order whatever the probe concurrency", async (t) => {
  const rows = async (concurrency: number) => {
    const out: string[] = [];
    for await (const v of validateRows(await openManifest(BROKEN), { concurrency })) out.push(`${v.row}:${v.issues.map((i) => i.code).join("+")}`);
    return out;
  };
  const one = await rows(1);
  t.is(one.length, 47);
  t.deepEqual(await rows(12), one);
  t.deepEqual(one.map((r) => Number(r.split(":")[0])), [...one.keys()].map((i) => i + 2));
});

test("--deep decodes fully and reports damage the header probe cannot see", async (t) => {
  const shallow = JSON.parse((await runCli(["validate", BROKEN, "--json"])).stdout);
  const deep = JSON.parse((await runCli(["validate", BROKEN, "--json", "--deep"])).stdout);
  t.true(deep.summary.errors >= shallow.summary.errors);
  t.true(deep.issues.some((i: { code: string }) => i.code === "IMAGE_CORRUPT"));
});

function tmpProject(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "heritage-validate-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "manifests"));
  mkdirSync(join(dir, "collections/c"), { recursive: true });
  copyFileSync(join(REPO_ROOT, "collections/sample/fashion/bon-ton-plate-46-caption.jpg"), join(dir, "collections/c/a.jpg"));
  return dir;
}

test("an unreadable manifest or a missing collection folder is a usage error (exit 2), never a stack trace", async (t) => {
  const dir = tmpProject(t);
  const missing = await runCli(["validate", join(dir, "manifests/nope.csv")]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^error: .*nope\.csv/m);
  writeFileSync(join(dir, "manifests/other.csv"), "identifier,file,title,license\nA1,a.jpg,Title,CC0\n");
  const noCollection = await runCli(["validate", join(dir, "manifests/other.csv")]);
  t.is(noCollection.code, 2);
  t.regex(noCollection.stderr, /collections\/other/);
  t.regex(noCollection.stderr, /hint: /);
  t.notRegex(missing.stderr + noCollection.stderr, /\n\s+at /);
});

test("a Windows-1252 export from Excel validates with its åäö intact", async (t) => {
  const dir = tmpProject(t);
  const text = "identifier;file;title;license\r\nA1;a.jpg;Kyrkan i Västerås, vy från söder;Utgången upphovsrätt\r\n";
  const bytes = Buffer.from([...text].map((ch) => ({ å: 0xe5, ä: 0xe4, ö: 0xf6 })[ch] ?? ch.charCodeAt(0)));
  writeFileSync(join(dir, "manifests/c.csv"), bytes);
  const run = await runCli(["validate", join(dir, "manifests/c.csv"), "--json"]);
  const report = JSON.parse(run.stdout);
  t.is(report.items[0].flickr.title, "Kyrkan i Västerås, vy från söder");
  t.is(report.items[0].flickr.license_id, 10);
  t.true(report.issues.some((i: { code: string }) => i.code === "MANIFEST_ENCODING_CONVERTED"));
  t.notRegex(run.stdout, /Ã/);
});

test("--json on a manifest that breaks halfway (an unclosed quote after 3,000 rows): stdout is one JSON document, the report closed with the error inside", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-halfway-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "images"));
  writeFileSync(join(dir, "m.settings.yaml"), "namespace: hx\ncollection: images\n");
  const rows = Array.from({ length: 3000 }, (_, i) => `K${i},k${i}.jpg,Title ${i},a description long enough to take the report past its first writes`);
  writeFileSync(join(dir, "m.csv"), `identifier,file,title,description\n${rows.join("\n")}\nK-last,last.jpg,"never closed,x\n`);
  const run = await runCli(["validate", join(dir, "m.csv"), "--json"]);
  t.is(run.code, 2);
  const doc = JSON.parse(run.stdout) as { schema: string; items: unknown[]; error: { schema: string; code: string; message: string } };
  t.is(doc.schema, "heritage.validate/1");
  t.true(doc.items.length > 0, "the rows read before the break are in the report");
  t.is(doc.error.schema, "heritage.error/1");
  t.is(doc.error.code, "MANIFEST_PARSE");
  t.regex(doc.error.message, /never closed/);
  t.regex(run.stderr, /^code: MANIFEST_PARSE$/m, "the person at the terminal is told too");
});

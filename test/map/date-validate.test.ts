/**
 * Through the real CLI: `validate` tells "could not read" from "read, but Flickr will not take
 * it" and from "a life, not a photo date", and the date settings (`date.ranges`,
 * `date.max_span`, `date.earliest_year`) reach the mapping.
 */
import test from "ava";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.js";

interface JsonIssue {
  code: string;
  row: number | null;
  message: string;
}
interface JsonItem {
  identifier: string;
  flickr?: { date_taken: string | null; date_taken_granularity: number | null; description: string };
}

function project(t: { teardown(fn: () => void): void }, settings: string): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-dates-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "manifests"));
  mkdirSync(join(dir, "collections/d"), { recursive: true });
  // Five different pictures, so that no file problem hides among the date reports.
  const rows = [
    ["A1", "hello", "fashion/bon-ton-plate-46.jpg"],
    ["A2", "1700", "fashion/bon-ton-plate-46-caption.jpg"],
    ["A3", "*1890", "events/outdoor-screening.tif"],
    ["A4", "1890\u00a0–\u00a01900", "collaroy/a845001.tif"],
    ["A5", "1700-1850", "collaroy/a845001-inscription.tif"],
  ];
  for (const [id, , file] of rows) copyFileSync(join(REPO_ROOT, "collections/sample", file!), join(dir, "collections/d", `${id}${file!.slice(-4)}`));
  writeFileSync(
    join(dir, "manifests/d.csv"),
    ["identifier;file;title;license;date", ...rows.map(([id, date, file]) => `${id};${id}${file!.slice(-4)};Photo ${id};CC0;${date}`)].join("\n") + "\n",
  );
  writeFileSync(join(dir, "manifests/d.settings.yaml"), `namespace: demo\n${settings}`);
  return dir;
}

async function validate(dir: string): Promise<{ code: number; issues: JsonIssue[]; items: JsonItem[]; text: string }> {
  const json = await runCli(["validate", join(dir, "manifests/d.csv"), "--json", "--items"]);
  const text = await runCli(["validate", join(dir, "manifests/d.csv")]);
  const report = JSON.parse(json.stdout) as { issues: JsonIssue[]; items: JsonItem[] };
  return { code: json.code, issues: report.issues, items: report.items, text: text.stdout };
}

const dateIssues = (issues: JsonIssue[]) => issues.filter((i) => i.code.startsWith("DATE_")).map((i) => [i.row, i.code]);

test("validate: unreadable, not accepted by Flickr, a life and too wide are four different reports", async (t) => {
  const dir = project(t, "date: { earliest_year: 1800 }\n");
  const run = await validate(dir);
  t.is(run.code, 0, `date problems are warnings: the photos publish without a date ${JSON.stringify(run.issues.map((i) => i.code))}`);
  t.deepEqual(dateIssues(run.issues), [
    [2, "DATE_UNPARSEABLE"],
    [3, "DATE_OUT_OF_RANGE"],
    [4, "DATE_LIFE"],
    [5, "DATE_LOSSY"],
    [6, "DATE_LOSSY"],
  ]);
  const byRow = new Map(run.issues.filter((i) => i.code.startsWith("DATE_")).map((i) => [i.row, i.message]));
  t.regex(byRow.get(2)!, /could not be read/);
  t.regex(byRow.get(3)!, /read as 1700, but not accepted by Flickr/);
  t.regex(byRow.get(4)!, /year of birth/);
  t.regex(byRow.get(5)!, /circa 1895, its midpoint/);
  t.regex(byRow.get(6)!, /wider than date\.max_span \(100 years\)/);
  // The human report names both kinds, each with its own words.
  t.regex(run.text, /DATE_UNPARSEABLE/);
  t.regex(run.text, /DATE_OUT_OF_RANGE/);
});

test("validate: date.ranges and date.max_span from the settings file reach the mapping", async (t) => {
  const dir = project(t, "date: { earliest_year: 1600, ranges: start, max_span: 200 }\n");
  const run = await validate(dir);
  const taken = new Map(run.items.map((i) => [i.identifier, i.flickr?.date_taken ?? null]));
  t.is(taken.get("A2"), "1700-01-01 00:00:00", "1700 is above a floor of 1600");
  t.is(taken.get("A4"), "1890-01-01 00:00:00", "ranges: start");
  t.is(taken.get("A5"), "1700-01-01 00:00:00", "150 years is within max_span 200");
  const a4 = run.items.find((i) => i.identifier === "A4");
  t.true(a4?.flickr?.description.includes("1890\u00a0–\u00a01900") || a4?.flickr?.description.includes("1890 – 1900"), "the date as written stays in the description");
});

test("validate: a misspelt date setting is refused", async (t) => {
  const dir = project(t, "date: { earliest_year: 1800, ranges: middle }\n");
  const run = await runCli(["validate", join(dir, "manifests/d.csv")]);
  t.is(run.code, 2);
  t.regex(run.stderr, /ranges/);
});

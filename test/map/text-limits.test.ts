import test from "ava";
import { mapItem } from "../../src/map/item.js";
import { defaultSettings, type Settings } from "../../src/settings/schema.js";
import type { ManifestItem } from "../../src/manifest/types.js";
import { fittingXmpPacket } from "../../src/image/write-copy.js";
import { emptyEmbedFields } from "../../src/image/embed-fields.js";
import { MAX_SEGMENT_PAYLOAD, XMP_HEADER } from "../../src/image/jpeg-segments.js";

const NOW = { now: new Date("2026-01-01T00:00:00Z") };

function row(values: Record<string, string>): ManifestItem {
  return { row: 2, values: { identifier: "KMB 1", file: "a.tif", license: "CC0", ...values }, extra: {} } as ManifestItem;
}
function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...overrides };
}

test("a title longer than 255 characters is an error on the title field, naming its length and the limit", (t) => {
  const mapped = mapItem(row({ title: "Å".repeat(300) }), settings(), NOW);
  const issue = mapped.issues.find((i) => i.code === "TITLE_TOO_LONG");
  t.truthy(issue);
  t.is(issue!.severity, "error");
  t.is(issue!.field, "title");
  t.is(issue!.row, 2);
  t.regex(issue!.message, /300 characters/);
  t.regex(issue!.message, /255/);
  t.is(String(issue!.value).length <= 120, true, "the value shown is an excerpt, not the whole text");
});

test("a title of exactly 255 characters is fine; the limit is a setting", (t) => {
  t.false(mapItem(row({ title: "a".repeat(255) }), settings(), NOW).issues.some((i) => i.code === "TITLE_TOO_LONG"));
  const strict = settings({ limits: { title_length: 100, description_bytes: 65_536 } });
  t.true(mapItem(row({ title: "a".repeat(101) }), strict, NOW).issues.some((i) => i.code === "TITLE_TOO_LONG"));
});

test("a description over 64 KB is an error on the description field, not an image problem", (t) => {
  const mapped = mapItem(row({ title: "t", description: "x".repeat(70_000) }), settings(), NOW);
  const issue = mapped.issues.find((i) => i.code === "DESCRIPTION_TOO_LONG");
  t.truthy(issue);
  t.is(issue!.field, "description");
  t.false(mapped.issues.some((i) => i.code.startsWith("IMAGE_")));
});

test("the embedded XMP never overflows a JPEG segment, even for a 3 MB title", (t) => {
  const embed = { ...emptyEmbedFields(), title: "T".repeat(3_000_000), description: "D".repeat(100_000) };
  const { packet, shortened } = fittingXmpPacket(embed);
  t.true(shortened);
  t.true(Buffer.byteLength(packet, "utf8") <= MAX_SEGMENT_PAYLOAD - XMP_HEADER.length);
  t.regex(packet, /TTTT/, "the title is kept, shortened");
});

test("CLI: validate reports an over-long title on its row and column, and a long title never fails the copy", async (t) => {
  const { makeCollection, rowFor } = await import("../helpers/collection.js");
  const { runCli } = await import("../helpers/cli.js");
  const c = await makeCollection(t, 3);
  const rows = [rowFor(1), { ...rowFor(2), title: "Lång titel ".repeat(40) }, rowFor(3)];
  c.write(rows);
  const run = await runCli(["validate", c.manifest, "--json"], { cwd: c.dir });
  t.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { issues: { code: string; row: number; field: string }[] };
  const issue = report.issues.find((i) => i.code === "TITLE_TOO_LONG");
  t.truthy(issue, run.stdout.slice(0, 500));
  t.is(issue!.row, 3);
  t.is(issue!.field, "title");
  t.false(report.issues.some((i) => i.code === "IMAGE_CORRUPT"));
});

/**
 * Characters nobody sees but Flickr would publish — NUL, a right-to-left override, a
 * zero-width space, a lone surrogate from a "\ud800" escape — are a warning on their field
 * (code, row, field, the value with the characters made visible, a hint); the text is kept.
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCollection } from "../helpers/collection.js";
import { runCli } from "../helpers/cli.js";

interface Doc {
  items: { identifier: string; flickr: { title: string; description: string } }[];
  issues: { code: string; severity: string; row: number; field: string; value: string; hint?: string; message: string }[];
}

async function validateJson(t: Parameters<typeof makeCollection>[0], manifestName: string, text: string): Promise<Doc> {
  const c = await makeCollection(t, 2);
  writeFileSync(join(c.dir, "manifests", manifestName), text);
  const run = await runCli(["validate", join("manifests", manifestName), "--json"], { cwd: c.dir });
  if (run.code === 2) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Doc;
}

test("JSON: NUL, RTL override, zero-width space and a lone surrogate each warn on their field; the text is kept", async (t) => {
  const items = [
    { identifier: "T-001", file: "img-001.jpg", title: "Harbour\u0000view", description: "Photo of exe.jpg\u202Egpj", license: "CC0" },
    { identifier: "T-002", file: "img-002.jpg", title: "Zero\u200Bwidth", description: "Broken \\ud83d pair", license: "CC0" },
  ];
  // The lone surrogate must arrive as a JSON escape (a UTF-8 file cannot hold one).
  const text = JSON.stringify({ items }).replace("\\\\ud83d", "\\ud83d");
  const doc = await validateJson(t, "test.json", text);
  const text1 = doc.issues.filter((i) => i.code.startsWith("TEXT_"));
  t.deepEqual(
    text1.map((i) => [i.code, i.severity, i.row, i.field]).sort(),
    [
      ["TEXT_HIDDEN_CHARACTER", "warning", 1, "description"],
      ["TEXT_HIDDEN_CHARACTER", "warning", 1, "title"],
      ["TEXT_HIDDEN_CHARACTER", "warning", 2, "title"],
      ["TEXT_LONE_SURROGATE", "warning", 2, "description"],
    ].sort(),
  );
  const rtl = text1.find((i) => i.row === 1 && i.field === "description")!;
  t.regex(rtl.message, /U\+202E RIGHT-TO-LEFT OVERRIDE/);
  t.is(rtl.value, "Photo of exe.jpg⟨U+202E⟩gpj");
  t.truthy(rtl.hint);
  t.regex(text1.find((i) => i.code === "TEXT_LONE_SURROGATE")!.value, /⟨U\+D83D⟩/);
  t.regex(text1.find((i) => i.row === 1 && i.field === "title")!.message, /U\+0000 NUL/);
  // Kept as written (warnings, not edits); only NUL, which Flickr cannot take, the mapper
  // already replaces.
  t.true(doc.items[0]!.flickr.description.includes("exe.jpg\u202Egpj"));
  t.is(doc.items[1]!.flickr.title, "Zero\u200Bwidth");
});

test("YAML: a direction override in an extra column and a zero-width space in tags warn too", async (t) => {
  const yaml = `items:\n  - identifier: T-001\n    file: img-001.jpg\n    title: Plain\n    license: CC0\n    tags: ["harbour", "ship\\u200b"]\n    note: "abc\\u202edef"\n`;
  const doc = await validateJson(t, "test.yaml", yaml);
  const found = doc.issues.filter((i) => i.code === "TEXT_HIDDEN_CHARACTER").map((i) => i.field).sort();
  t.deepEqual(found, ["note", "tags"]);
});

test("ordinary text — Persian with a zero-width non-joiner, emoji with a joiner, tabs and line breaks — does not warn", async (t) => {
  const items = [{ identifier: "T-001", file: "img-001.jpg", title: "می‌خواهم 👩‍🔬", description: "Line one\nLine two\twith a tab", license: "CC0" }];
  const doc = await validateJson(t, "test.json", JSON.stringify({ items }));
  t.deepEqual(doc.issues.filter((i) => i.code.startsWith("TEXT_")), []);
});

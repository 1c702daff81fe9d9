import test, { type ExecutionContext } from "ava";
import { chmod, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifestFormat, openManifest } from "../../src/manifest/open.js";
import { UserError } from "../../src/errors.js";
import type { ManifestFormat } from "../../src/manifest/types.js";
import { openTo, spawnCliAs, unprivileged } from "../helpers/unprivileged.js";

async function tempRoot(t: ExecutionContext): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "heritage-open-"));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, "manifests"));
  return root;
}

const formats: Array<[string, ManifestFormat | null]> = [
  ["a.csv", "csv"],
  ["a.CSV", "csv"],
  ["a.tsv", "csv"],
  ["a.txt", "csv"],
  ["a.json", "json"],
  ["a.yaml", "yaml"],
  ["a.yml", "yaml"],
  ["a.xml", "lido"],
  ["a.XML", "lido"],
  ["a.xlsx", null],
  ["a", null],
];
for (const [file, format] of formats) {
  test(`manifestFormat(${JSON.stringify(file)}) → ${format ?? "UserError"}`, (t) => {
    if (format) t.is(manifestFormat(file), format);
    else {
      const err = t.throws(() => manifestFormat(file), { instanceOf: UserError });
      t.is(err!.code, "MANIFEST_FORMAT");
      t.regex(err!.message, /\.csv, \.tsv, \.txt, \.json, \.yaml, \.yml, \.xml/);
    }
  });
}

test("a workbook gets a hint on saving it as CSV UTF-8", (t) => {
  const err = t.throws(() => manifestFormat("/data/export.xlsx"), { instanceOf: UserError });
  t.regex(err!.message, /“\.xlsx” files are not a manifest format/);
  t.regex(err!.hint!, /Save As → CSV UTF-8/);
});

test("a missing manifest is a UserError (exit 2) naming the path and listing manifests nearby", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "manifests", "postcards.csv"), "identifier,file\n");
  await writeFile(join(root, "manifests", "postcards.settings.yaml"), "");
  const err = await t.throwsAsync(openManifest("manifests/postcard.csv", { cwd: root }), { instanceOf: UserError });
  t.is(err!.code, "MANIFEST_NOT_FOUND");
  t.is(err!.exitCode, 2);
  t.is(err!.message, `Manifest not found: ${join(root, "manifests", "postcard.csv")}`);
  t.true(err!.hint!.includes(`resolved from ${root}`));
  t.regex(err!.hint!, /Manifests in .*: postcards\.csv\.$/);
});

test("a folder instead of a manifest is a UserError listing the manifests in it", async (t) => {
  const root = await tempRoot(t);
  await writeFile(join(root, "manifests", "b.yaml"), "[]");
  await writeFile(join(root, "manifests", "a.csv"), "identifier,file\n");
  const err = await t.throwsAsync(openManifest(join(root, "manifests")), { instanceOf: UserError });
  t.regex(err!.message, /is a folder, not a manifest file/);
  t.regex(err!.hint!, /a\.csv, b\.yaml/);
});

test("an unreadable manifest is a UserError", async (t) => {
  const as = unprivileged(t);
  if (as === null) return t.pass();
  const root = await tempRoot(t);
  const path = join(root, "manifests", "m.csv");
  await writeFile(path, "identifier,file\n");
  await chmod(path, 0o000);
  if (as === "self") {
    const err = await t.throwsAsync(openManifest(path), { instanceOf: UserError });
    t.regex(err!.message, /permission denied/);
    return;
  }
  // As root, which reads any file: the CLI runs as nobody, and must say the same.
  openTo(root, join(root, "manifests"));
  const run = await spawnCliAs(as, ["validate", "manifests/m.csv"], { cwd: root });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /permission denied/);
  t.notRegex(run.stderr, /internal error|a bug/i);
});

test("a 100,000-row CSV is streamed: every row, in order, numbered by record", async (t) => {
  const root = await tempRoot(t);
  await mkdir(join(root, "collections", "big"), { recursive: true });
  const path = join(root, "manifests", "big.csv");
  const out = createWriteStream(path);
  out.write("identifier;file;title;description;tags\r\n");
  for (let i = 0; i < 100_000; i++) {
    // Every 1000th row has a quoted two-line description: it must not shift the numbering.
    const description = i % 1000 === 0 ? `"Rad ${i}\r\nandra raden"` : `Rad ${i} i Göteborg`;
    if (!out.write(`id${i};bilder/${i}.tif;Vy över hamnen ${i};${description};"hamn;Göteborg"\r\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");

  const manifest = await openManifest(path);
  let count = 0;
  let inOrder = true;
  let last = 0;
  let multiline = 0;
  for await (const { item, issues } of manifest.rows()) {
    if (item.row !== count + 2 || item.values.identifier !== `id${count}` || issues.length > 0) inOrder = false;
    if (typeof item.values.description === "string" && item.values.description.includes("\n")) multiline++;
    last = item.row;
    count++;
  }
  t.is(count, 100_000);
  t.true(inOrder);
  t.is(last, 100_001);
  t.is(multiline, 100);
});

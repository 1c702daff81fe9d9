/**
 * The CSV reader hands rows on a parsed chunk at a time (`batches()`, issue 12); `rows()` is the
 * same rows one by one. These tests put the awkward things at a batch boundary: a quoted cell
 * with line breaks that spans two chunks, a BOM, blank lines, a bad byte and an unclosed quote
 * in a later batch — and check that the two interfaces agree, row numbers included.
 */
import test, { type ExecutionContext } from "ava";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openManifest } from "../../src/manifest/open.js";
import { rowBatches } from "../../src/manifest/batches.js";
import type { OpenedManifest, ReadRow } from "../../src/manifest/types.js";
import { UserError } from "../../src/errors.js";

/** The reader's chunk size: a file longer than this comes in more than one batch. */
const CHUNK = 64 * 1024;

async function project(t: ExecutionContext, content: string | Uint8Array): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "heritage-csv-batches-"));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, "manifests"));
  await mkdir(join(root, "collections", "big"), { recursive: true });
  const path = join(root, "manifests", "big.csv");
  await writeFile(path, content);
  return path;
}

async function batchesOf(opened: OpenedManifest): Promise<ReadRow[][]> {
  const out: ReadRow[][] = [];
  for await (const batch of opened.batches!()) out.push(batch);
  return out;
}

async function rowsOf(opened: OpenedManifest): Promise<ReadRow[]> {
  const out: ReadRow[] = [];
  for await (const row of opened.rows()) out.push(row);
  return out;
}

const line = (i: number) => `ID-${i},f${i}.tif,Title number ${i} with some words to make the line longer\n`;

/** Rows until the text is past `bytes`, counting from row 2; returns the text and the next row number. */
function rowsUpTo(bytes: number, from = 2): { text: string; next: number } {
  let text = "";
  let i = from;
  while (text.length < bytes) text += line(i++);
  return { text, next: i };
}

test("a quoted cell with line breaks across a chunk boundary is one row; batches and rows agree, row numbers exact", async (t) => {
  const header = "identifier,file,title\n";
  const before = rowsUpTo(CHUNK - header.length - 120);
  const quoted = `ID-${before.next},f${before.next}.tif,"first line\r\n${"x".repeat(100)}\nthird line, with a comma and ""quotes"""\n`;
  const after = rowsUpTo(2 * CHUNK, before.next + 1);
  const start = header.length + before.text.length;
  t.true(start < CHUNK && start + quoted.length > CHUNK, "the quoted cell spans the first chunk's end");
  const path = await project(t, header + before.text + quoted + after.text);
  const opened = await openManifest(path);
  const batches = await batchesOf(opened);
  t.true(batches.length >= 3, `${batches.length} batches`);
  const flat = batches.flat();
  t.deepEqual(flat, await rowsOf(opened));
  t.deepEqual(
    flat.map((r) => r.item.row),
    flat.map((_, k) => k + 2),
  );
  t.deepEqual(
    flat.map((r) => r.item.values.identifier),
    flat.map((r) => `ID-${r.item.row}`),
  );
  const cell = flat.find((r) => r.item.row === before.next)!;
  t.is(cell.item.values.title, `first line\n${"x".repeat(100)}\nthird line, with a comma and "quotes"`);
  t.deepEqual(cell.issues, []);
});

test("a BOM is not part of the first header cell; blank lines in a later batch are counted, not returned", async (t) => {
  const head = rowsUpTo(CHUNK + 100);
  const tail = `\n\n   ,  , \nID-X,fx.tif,After the blanks\n`;
  const path = await project(t, `\uFEFFidentifier,file,title\n${head.text}${tail}`);
  const opened = await openManifest(path);
  t.deepEqual(opened.source.columns, ["identifier", "file", "title"]);
  t.deepEqual(opened.source.issues, []);
  const rows = (await batchesOf(opened)).flat();
  t.is(rows[0]!.item.values.identifier, "ID-2");
  const last = rows[rows.length - 1]!;
  // Three blank records (two empty lines and one of empty cells) after the last numbered row.
  t.deepEqual([last.item.row, last.item.values.identifier], [head.next + 3, "ID-X"]);
  t.deepEqual(rows, await rowsOf(opened));
});

test("a bad byte in the second batch: the first batch is handed on, then a UserError names the line", async (t) => {
  const head = rowsUpTo(CHUNK + 5000);
  const lines = head.text.split("\n").length; // the bad line's number, counting the header
  const bytes = Buffer.concat([Buffer.from(`identifier,file,title\n${head.text}ID-BAD,bad.tif,Caf`), Buffer.from([0xe9]), Buffer.from("\nID-Z,z.tif,After\n")]);
  const path = await project(t, bytes);
  const opened = await openManifest(path);
  const seen: number[] = [];
  const err = await t.throwsAsync(async () => {
    for await (const batch of opened.batches!()) seen.push(...batch.map((r) => r.item.row));
  });
  t.true(err instanceof UserError);
  t.is((err as UserError).code, "MANIFEST_ENCODING");
  t.regex(err!.message, new RegExp(`at line ${lines + 1} .*0xE9`));
  t.true(seen.length > 0 && seen.length < head.next - 2, `${seen.length} rows before the error`);
  t.deepEqual(
    seen,
    seen.map((_, k) => k + 2),
  );
});

test("an unclosed quote in a later batch is a UserError naming the row where it starts", async (t) => {
  const head = rowsUpTo(2 * CHUNK);
  const path = await project(t, `identifier,file,title\n${head.text}ID-Q,q.tif,"never closed\n${rowsUpTo(1000, head.next + 1).text}`);
  const opened = await openManifest(path);
  const err = await t.throwsAsync(() => batchesOf(opened));
  t.is((err as UserError).code, "MANIFEST_PARSE");
  t.regex(err!.message, new RegExp(`row ${head.next} \\(from line ${head.next}\\)`));
});

test("rowBatches gathers the rows of a reader without batches, in order", async (t) => {
  const rows: ReadRow[] = Array.from({ length: 600 }, (_, k) => ({ item: { row: k + 2, values: { identifier: `R${k}` }, extra: {} }, issues: [] }));
  const opened: OpenedManifest = {
    source: { path: "/x.json", format: "json", collection: "/c", settings: (await openManifest(await project(t, "identifier,file\nA,a.tif\n"))).source.settings, settingsPath: null, issues: [] },
    async *rows() {
      yield* rows;
    },
  };
  const batches: ReadRow[][] = [];
  for await (const batch of rowBatches(opened)) batches.push(batch);
  t.true(batches.length > 1);
  t.deepEqual(batches.flat(), rows);
});

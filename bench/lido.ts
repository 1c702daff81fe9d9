/**
 * LIDO reading in constant memory: peak RSS of a process that reads every record of generated
 * LIDO files of 1,000 and 100,000 records (Nationalmuseum records from test/fixtures, repeated
 * with distinct ids). If the reader held the file or the records, the larger file's peak would
 * grow with its size; streamed, both peaks are about Node's own footprint. Figures only; nothing
 * is asserted.
 *
 *   npx tsx bench/lido.ts [--records 100000]
 */
import { createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { commandLine, machineLine, mib, numberFlag, printTable, REPO, runMeasured, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const large = numberFlag(argv, "records", 100_000);
const WORKER = fileURLToPath(new URL("./lib/lido-read-worker.ts", import.meta.url));
const SAMPLE = path.join(REPO, "test/fixtures/exports/lido/nationalmuseum.xml");

console.log(`command: ${commandLine("lido.ts")}`);
console.log(machineLine());

/** Write a LIDO file of `count` records made from the sample's, each with its own ids. */
async function writeLido(file: string, count: number): Promise<void> {
  const sample = readFileSync(SAMPLE, "utf8");
  const head = sample.slice(0, sample.indexOf("<lido:lido>"));
  const records = [...sample.matchAll(/<lido:lido>[\s\S]*?<\/lido:lido>/g)].map((m) => m[0]);
  const out = createWriteStream(file);
  out.write(head);
  for (let i = 0; i < count; i++) {
    const record = records[i % records.length]!
      .replace(/<lido:workID>[^<]*</, `<lido:workID>BENCH ${i + 1}<`)
      .replace(/(<lido:recordID[^>]*>)[^<]*</, `$1${i + 1}<`);
    if (!out.write(`${record}\n`)) await once(out, "drain");
  }
  out.end("</lido:lidoWrap>\n");
  await once(out, "finish");
}

const root = tempRoot("heritage-bench-lido");
try {
  const results: Array<{ records: number; bytes: number; peakRss: number; wallMs: number; rows: number }> = [];
  for (const count of [1_000, large]) {
    const dir = path.join(root.dir, String(count));
    mkdirSync(path.join(dir, "images"), { recursive: true });
    const file = path.join(dir, "export.xml");
    await writeLido(file, count);
    writeFileSync(path.join(dir, "export.settings.yaml"), 'collection: images\nlanguage: sv\nfile_template: "{recordID}.jpg"\n');
    const m = await runMeasured([WORKER, file], { cwd: REPO, nodeArgs: ["--import", "tsx"], scratch: root.dir });
    if (m.code !== 0) throw new Error(`the worker exited ${m.code}: ${m.stderr}`);
    const read = JSON.parse(m.stdout.trim().split("\n").pop()!) as { rows: number };
    results.push({ records: count, bytes: statSync(file).size, peakRss: m.peakRss, wallMs: m.wallMs, rows: read.rows });
  }
  printTable(
    "LIDO read (openManifest + every row, child process)",
    ["records", "file MiB", "rows read", "peak RSS MiB", "wall s", "records/s"],
    results.map((r) => [String(r.records), mib(r.bytes).toFixed(1), String(r.rows), mib(r.peakRss).toFixed(0), (r.wallMs / 1000).toFixed(1), String(Math.round(r.records / (r.wallMs / 1000)))]),
  );
  const [small, big] = [results[0]!, results[1]!];
  console.log(
    JSON.stringify({
      bench: "lido",
      records: big.records,
      file_mib: Number(mib(big.bytes).toFixed(1)),
      rows_read: big.rows,
      peak_rss_mib: Number(mib(big.peakRss).toFixed(1)),
      peak_rss_mib_1000: Number(mib(small.peakRss).toFixed(1)),
      records_per_s: Math.round(big.records / (big.wallMs / 1000)),
    }),
  );
} finally {
  root.cleanup();
}

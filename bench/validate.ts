/**
 * Validation throughput and memory on a generated 10,000-row manifest, against a bare reader in
 * the same run. Figures only; nothing is asserted.
 *
 *   npx tsx bench/validate.ts [--rows 10000] [--files 300] [--runs 3] [--concurrency 4]
 *
 * A temporary project gets `files` distinct real masters made with sharp from the repository's
 * images (crops, rotations, mirrors, sizes, JPEG qualities, every fifth an LZW TIFF), and a
 * manifest of `rows` rows with realistic metadata (åäö titles and descriptions, dates such as
 * "ca 1920", "1920-talet", "17 maj 1923", licence URIs, tags, coordinates, albums).
 *
 * Every row names its own file. Rows sharing a file would each get FILE_DUPLICATE (an error that
 * blocks the row), which is not the path a real collection takes; 10,000 independently encoded
 * masters would take long to make and gigabytes of disk. So each master is written rows/files
 * times with an 8-digit copy number in its XMP packet: every file has its own content (no
 * FILE_SAME_CONTENT), but the ~33 copies of a master share its size, so the duplicate check
 * must tell them apart by their first and last bytes (JPEG: XMP in the header; LZW TIFF from
 * sharp: XMP at the end) and hashes none of them in full.
 *
 * Each run, interleaved so that the machine's load hits all three alike:
 *  - bare reader (bench/lib/validate-bare-reader.ts, its own process): csv-parse + sharp
 *    `metadata()` per row, `concurrency` at a time — the least a validator must do;
 *  - `node bin/heritage.js validate manifests/bench.csv --json` end to end in a child process
 *    (wall time including Node's start-up; peak RSS of that process), with the hash cache
 *    removed first (cold);
 *  - the in-process pipeline (openManifest + validateRows as the command calls it, header-only,
 *    no JSON output), counting the files read in full for a hash.
 * The bare-reader ratio is in-process validate time / bare-reader time of the same run (both
 * without start-up); medians over the runs. On a machine shared with other work the wall times
 * swing with its load, so the CPU-time ratio (user + system, every thread, same spans) is
 * printed too: it is what the load changes least. The files were just written, so the page cache is
 * warm: this measures heritage, not the disk.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { openManifest } from "../src/manifest/open.js";
import { validateRows } from "../src/validate/validate.js";
import { hashFile } from "../src/image/hash-content.js";
import { fileURLToPath } from "node:url";
import { benchRow, copyOf, createProject, csvText, makeBaseImage, mapLimit, sourceImages, writeFiles, type BenchRow } from "./lib/bench-project.js";
import { checkBuild, CLI, commandLine, loadLine, machineLine, median, mib, numberFlag, printTable, REPO, runMeasured, tempRoot } from "./lib/measure.js";

const BARE_READER = fileURLToPath(new URL("./lib/validate-bare-reader.ts", import.meta.url));

const argv = process.argv.slice(2);
const rowCount = numberFlag(argv, "rows", 10_000);
const fileCount = Math.min(rowCount, numberFlag(argv, "files", 300));
const runs = numberFlag(argv, "runs", 3);
const concurrency = argv.includes("--concurrency") ? numberFlag(argv, "concurrency", 4) : null;
const PER_BOX = 500;

console.log(`command: ${commandLine("validate.ts")}`);
console.log(machineLine());
console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; validate concurrency ${concurrency ?? "4 (default)"}`);
const stale = checkBuild();
if (stale) console.log(stale);

const root = tempRoot("heritage-bench-validate");
try {
  const project = createProject(root.dir);
  sharp.cache(false);

  // ---- inputs ----
  let started = performance.now();
  const sources = await sourceImages();
  const bases = await mapLimit(
    Array.from({ length: fileCount }, (_, i) => i),
    2,
    (i) => makeBaseImage(sources[i % sources.length]!, i, { jpegLongEdge: [700, 1800], tiffLongEdge: [500, 1000], tiffEvery: 5 }),
  );
  const baseSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const rows: BenchRow[] = [];
  for (let r = 0; r < rowCount; r++) {
    const base = bases[r % fileCount]!;
    const id = `BENCH-${String(r + 1).padStart(6, "0")}`;
    rows.push(benchRow(r + 1, `box-${String(Math.floor(r / PER_BOX) + 1).padStart(2, "0")}/${id}.${base.ext}`));
  }
  for (let b = 0; b * PER_BOX < rowCount; b++) mkdirSync(path.join(project.collection, `box-${String(b + 1).padStart(2, "0")}`));
  const totalBytes = await writeFiles(rowCount, (r) => ({ file: path.join(project.collection, rows[r]!.file), bytes: copyOf(bases[r % fileCount]!, r + 1) }));
  const manifestText = csvText(rows);
  writeFileSync(project.manifest, manifestText);
  const writeSeconds = (performance.now() - started) / 1000;
  const tiffs = rows.filter((r) => r.file.endsWith(".tif")).length;
  console.log(
    `inputs: ${fileCount} distinct masters from ${sources.length} repository images (${baseSeconds.toFixed(1)} s), ` +
      `written as ${rowCount} files with unique XMP copy numbers, ${mib(totalBytes).toFixed(0)} MiB, mean ${(totalBytes / rowCount / 1024).toFixed(0)} KiB/file, ` +
      `${rowCount - tiffs} JPEG + ${tiffs} TIFF (${writeSeconds.toFixed(1)} s); manifest ${rowCount} rows, ${(manifestText.length / 1024 / 1024).toFixed(1)} MiB`,
  );

  // ---- per run: bare reader, CLI end to end (cold hash cache), in-process ----
  type Summary = { items: number; errors: number; warnings: number };
  let summary: Summary | null = null;
  let codes: Record<string, number> = {};
  const outFile = path.join(root.dir, "validate.json");
  const bare: { ms: number; cpuMs: number; wallMs: number; peakRss: number }[] = [];
  const cli: { wallMs: number; peakRss: number }[] = [];
  const inProcess: { ms: number; cpuMs: number; hashed: number }[] = [];
  for (let k = 0; k < runs; k++) {
    const job = { manifest: project.manifest, collection: project.collection, concurrency: concurrency ?? 4 };
    const b = await runMeasured([BARE_READER, JSON.stringify(job)], { cwd: REPO, nodeArgs: ["--import", "tsx"], scratch: root.dir });
    if (b.code !== 0) throw new Error(`the bare reader exited ${b.code}: ${b.stderr}`);
    const bareResult = JSON.parse(b.stdout.trim().split("\n").pop()!) as { rows: number; ms: number; cpuMs: number };
    if (bareResult.rows !== rowCount) throw new Error(`the bare reader read ${bareResult.rows} rows, expected ${rowCount}`);
    bare.push({ ms: bareResult.ms, cpuMs: bareResult.cpuMs, wallMs: b.wallMs, peakRss: b.peakRss });

    rmSync(path.join(path.dirname(project.manifest), ".heritage"), { recursive: true, force: true });
    const m = await runMeasured([CLI, "validate", "manifests/bench.csv", "--json", ...(concurrency ? ["--concurrency", String(concurrency)] : [])], {
      cwd: project.dir,
      stdoutFile: outFile,
      scratch: root.dir,
    });
    if (m.code !== 0 && m.code !== 1) throw new Error(`heritage validate exited ${m.code}: ${m.stderr}`);
    cli.push({ wallMs: m.wallMs, peakRss: m.peakRss });
    if (!summary) {
      const report = JSON.parse(readFileSync(outFile, "utf8")) as { summary: Summary; items: unknown[]; issues: { code: string; severity: string }[] };
      summary = report.summary;
      codes = {};
      for (const i of report.issues) codes[`${i.severity} ${i.code}`] = (codes[`${i.severity} ${i.code}`] ?? 0) + 1;
    }

    let hashed = 0;
    const counting = (file: string) => {
      hashed++;
      return hashFile(file);
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const opened = await openManifest(project.manifest);
    let n = 0;
    for await (const v of validateRows(opened, { contentHash: "when-needed", hashes: null, hashFile: counting, ...(concurrency ? { concurrency } : {}) })) if (v) n++;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (n !== rowCount) throw new Error(`validateRows yielded ${n} items, expected ${rowCount}`);
    inProcess.push({ ms, cpuMs, hashed });
    console.log(
      `  run ${k + 1}: bare reader ${(bareResult.ms / 1000).toFixed(2)} s; CLI ${(m.wallMs / 1000).toFixed(2)} s, peak RSS ${mib(m.peakRss).toFixed(0)} MiB, exit ${m.code}; ` +
        `in-process ${(ms / 1000).toFixed(2)} s (${hashed} files hashed in full); ratio ${(ms / bareResult.ms).toFixed(2)} by time, ${(cpuMs / bareResult.cpuMs).toFixed(2)} by CPU`,
    );
  }

  const rate = (ms: number) => rowCount / (ms / 1000);
  const cliMedian = median(cli.map((c) => c.wallMs));
  const inMedian = median(inProcess.map((r) => r.ms));
  const bareMedian = median(bare.map((r) => r.ms));
  const ratios = inProcess.map((r, k) => r.ms / bare[k]!.ms);
  const cpuRatios = inProcess.map((r, k) => r.cpuMs / bare[k]!.cpuMs);
  const cpuPerRow = (ms: number) => `${((ms / rowCount) * 1000).toFixed(0)} µs`;
  const cliPeak = Math.max(...cli.map((c) => c.peakRss));
  printTable(
    `heritage validate: ${rowCount.toLocaleString("en")} rows, each its own file (${fileCount} distinct masters × ~${Math.round(rowCount / fileCount)} copies), ${mib(totalBytes).toFixed(0)} MiB`,
    ["measurement", "median rows/s", "median s", "per run (s)", "peak RSS"],
    [
      ["bare reader: csv-parse + sharp metadata()", rate(bareMedian).toFixed(0), (bareMedian / 1000).toFixed(2), bare.map((r) => (r.ms / 1000).toFixed(2)).join(" / "), `${mib(Math.max(...bare.map((r) => r.peakRss))).toFixed(0)} MiB`],
      ["CLI `validate --json`, end to end", rate(cliMedian).toFixed(0), (cliMedian / 1000).toFixed(2), cli.map((c) => (c.wallMs / 1000).toFixed(2)).join(" / "), `${mib(cliPeak).toFixed(0)} MiB`],
      ["in-process openManifest + validateRows", rate(inMedian).toFixed(0), (inMedian / 1000).toFixed(2), inProcess.map((r) => (r.ms / 1000).toFixed(2)).join(" / "), "(not isolated)"],
      ["  ↳ validate / bare reader, same run (time)", median(ratios).toFixed(2) + "×", "", ratios.map((r) => r.toFixed(2)).join(" / "), ""],
      ["  ↳ validate / bare reader, same run (CPU)", median(cpuRatios).toFixed(2) + "×", "", cpuRatios.map((r) => r.toFixed(2)).join(" / "), ""],
      ["  ↳ CPU per row: bare / validate", cpuPerRow(median(bare.map((r) => r.cpuMs))), cpuPerRow(median(inProcess.map((r) => r.cpuMs))), "", ""],
    ],
  );
  if (summary) {
    console.log(`\nvalidate summary: ${summary.items} items, ${summary.errors} errors, ${summary.warnings} warnings`);
    for (const [code, n] of Object.entries(codes).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${code}`);
  }
  console.log(`\nat the end: ${loadLine()}`);
  console.log(
    JSON.stringify({
      bench: "validate",
      rows: rowCount,
      runs,
      cli_rows_per_s: Math.round(rate(cliMedian)),
      in_process_rows_per_s: Math.round(rate(inMedian)),
      bare_reader_rows_per_s: Math.round(rate(bareMedian)),
      bare_reader_ratio: Number(median(ratios).toFixed(2)),
      bare_reader_cpu_ratio: Number(median(cpuRatios).toFixed(2)),
      cli_peak_rss_mib: Math.round(mib(cliPeak)),
      hashed_in_full: median(inProcess.map((r) => r.hashed)),
    }),
  );
} finally {
  root.cleanup();
}

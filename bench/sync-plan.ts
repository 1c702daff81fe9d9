/**
 * Sync planning on a large state: N published items, `changed` of them edited in the catalogue.
 * Figures only; nothing is asserted.
 *
 *   npx tsx bench/sync-plan.ts [--items 100000 | --sizes 10000,100000] [--changed 100] [--cli-runs 3] [--force-runs 1] [--no-warmup] [--profile DIR] [--first-sync] [--keep]
 *
 * Per size, in a temporary project: `items` tiny distinct real PNGs (one 8×8 PNG made with
 * sharp, each copy with its own tEXt chunk, so every file has its own content hash), a manifest
 * with one row per file (realistic metadata, see lib/bench-project.ts), and a state database built
 * with the state API as a finished publish leaves it: token verified, account default licence
 * known, every item uploaded (photo id) with its master's real size, mtime and SHA-256, all nine
 * field groups pushed with the hashes of the manifest's mapped fields, status published, the
 * albums created, and each row's fingerprint (as sync works it out; warning counts 0). With
 * `--first-sync` the fingerprints are instead recorded by one real `heritage sync` (nothing to
 * do), as the first sync after an upgrade does (its time is shown: it maps every row). `--keep`
 * leaves the project in place (for profiling) and prints where. Then `changed`
 * rows, spread over the manifest, are edited (title, tags, date, description, location, album).
 *
 * Measured, each in its own process (wall time and peak RSS of that process):
 *   `node bin/heritage.js sync manifests/bench.csv --dry-run --json --endpoint <sandbox>`
 * `cli-runs` times after one uncounted warm-up run (medians quoted), and the same with `--force` (every row mapped: what sync
 * did before row fingerprints) `force-runs` times — a same-run ratio. With two sizes, the peak
 * RSS growth per item between them. Last line: {"bench":"sync-plan",...}.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openManifest } from "../src/manifest/open.js";
import { mapItem } from "../src/map/item.js";
import { openState } from "../src/state/open.js";
import { recordRowFingerprints } from "../src/state/row-fingerprints.js";
import { mappingContext, rowFingerprint } from "../src/collection/fingerprint.js";
import { VERSION } from "../src/version.js";
import { dateFloorFor } from "../src/doctor/calibration.js";
import { statePathsFor } from "../src/state/paths.js";
import { groupHash, groupSlice } from "../src/plan/groups.js";
import { FIELD_GROUP_NAMES, type FlickrFields } from "../src/flickr/fields.js";
import { sandboxCliEnv, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { tokenFingerprint } from "../src/publish/connect.js";
import { benchRow, createProject, csvText, mapLimit, sha256, tinyPngFactory, writeFiles, type BenchRow } from "./lib/bench-project.js";
import { checkBuild, CLI, commandLine, loadLine, machineLine, median, mib, numberFlag, printTable, runMeasured, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const sizesFlag = argv.includes("--sizes") ? argv[argv.indexOf("--sizes") + 1]! : null;
const sizes = sizesFlag ? sizesFlag.split(",").map((s) => Number(s)) : [numberFlag(argv, "items", 100_000)];
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes needs positive whole numbers, got ${String(sizesFlag)}`);
const changedWanted = numberFlag(argv, "changed", 100);
const cliRuns = numberFlag(argv, "cli-runs", 3);
/** A first `sync --dry-run` that is not counted (`--no-warmup` counts every run). */
const warmup = !argv.includes("--no-warmup");
const forceRuns = argv.includes("--force-runs") ? Number(argv[argv.indexOf("--force-runs") + 1]) : 1;
const profileAt = argv.includes("--profile") ? path.resolve(argv[argv.indexOf("--profile") + 1]!) : null;
/**
 * Record the row fingerprints through one real `heritage sync` (every row mapped: minutes at
 * 100,000) instead of writing them with the state API as a finished publish leaves them.
 */
const firstSync = argv.includes("--first-sync");
/** Keep the project (and print how to run sync on it again) instead of deleting it: for profiling. */
const keep = argv.includes("--keep");
const PER_FOLDER = 1000;
/** The child's own CPU time (user + system), which the shared machine's load changes far less than wall time. */
const CPU_PRELOAD = ["--import", `data:text/javascript,${encodeURIComponent('import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.BENCH_CPU_FILE, JSON.stringify(process.cpuUsage())));')}`];
const EDITS = ["album", "title", "tags", "date", "description", "location"];
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

console.log(`command: ${commandLine("sync-plan.ts")}`);
console.log(machineLine());
const stale = checkBuild();
if (stale) console.log(stale);

interface PlanJson {
  counts: Record<string, number>;
  calls: { total: number; items: number; overhead: number; by_method: Record<string, number> };
}

interface AtSize {
  items: number;
  changed: number;
  seconds: number[];
  cpu: number[];
  peakRss: number[];
  forceSeconds: number[];
  forceCpu: number[];
  forcePeakRss: number[];
  backfillSeconds: number | null;
  plan: PlanJson;
  received: number;
}

/** Build the project and the state a finished publish leaves; returns the rows (for the edits). */
async function buildProject(dir: string, sandbox: Sandbox, itemCount: number): Promise<{ project: ReturnType<typeof createProject>; rows: BenchRow[] }> {
  const project = createProject(dir);
  let t0 = performance.now();
  const png = await tinyPngFactory();
  const rows: BenchRow[] = [];
  for (let i = 0; i < itemCount; i++) {
    const id = `SYNC-${String(i + 1).padStart(6, "0")}`;
    rows.push(benchRow(i + 1, `part-${String(Math.floor(i / PER_FOLDER) + 1).padStart(3, "0")}/${id}.png`, { prefix: "SYNC" }));
  }
  for (let f = 0; f * PER_FOLDER < itemCount; f++) mkdirSync(path.join(project.collection, `part-${String(f + 1).padStart(3, "0")}`));
  const hashes: string[] = new Array(itemCount);
  const totalBytes = await writeFiles(itemCount, (i) => {
    const bytes = png(i + 1);
    hashes[i] = sha256(bytes);
    return { file: path.join(project.collection, rows[i]!.file), bytes };
  });
  const stats = await mapLimit(rows, 64, (r) => stat(path.join(project.collection, r.file)));
  writeFileSync(project.manifest, csvText(rows));
  console.log(`files: ${itemCount} distinct ${(totalBytes / itemCount).toFixed(0)}-byte PNGs in ${Math.ceil(itemCount / PER_FOLDER)} folders (${secs(t0)} s)`);

  t0 = performance.now();
  const opened = await openManifest(project.manifest);
  const mapped = new Map<string, { row: number; fields: FlickrFields; fingerprint: string }>();
  const now = new Date();
  // As sync sees the settings: the date floor resolved (no `heritage doctor` calibration in this fresh config).
  opened.source.settings.date.earliest_year = dateFloorFor(opened.source.settings.date.earliest_year, null).year;
  const context = mappingContext(opened.source, VERSION);
  for await (const { item, issues } of opened.rows()) {
    const m = mapItem(item, opened.source.settings, { now });
    mapped.set(m.identifier!, { row: item.row, fields: m.fields, fingerprint: rowFingerprint(item, issues, context) });
  }
  const mapSeconds = secs(t0);
  t0 = performance.now();
  // Where sync looks for it: the state of this manifest against this endpoint.
  const database = statePathsFor(project.manifest, null, { endpoint: sandbox.url }).database;
  const store = openState(database);
  store.account.set({ nsid: sandbox.credentials.nsid, username: sandbox.credentials.username, endpoint: sandbox.url, defaultLicense: 7 });
  // The token was verified by that publish: an unchanged sync then spends no call on checks.
  store.account.set({ perms: "delete", verifiedToken: tokenFingerprint(sandbox.credentials, sandbox.url) });
  const albums = new Set<string>();
  for (const m of mapped.values()) for (const a of m.fields.albums) albums.add(a);
  [...albums].forEach((title, k) => store.albums.recordCreated(title, String(72157700000000000 + k), String(54000000000 + k)));
  for (let start = 0; start < itemCount; start += 5000) {
    store.transaction(() => {
      for (let i = start; i < Math.min(itemCount, start + 5000); i++) {
        const r = rows[i]!;
        const m = mapped.get(r.identifier)!;
        store.items.ensure({ identifier: r.identifier, row: m.row, file: r.file });
        store.items.adoptPhoto(r.identifier, { photoId: String(54000000000 + i), secret: "0a1b2c3d4e" });
        store.items.recordSource(r.identifier, { size: stats[i]!.size, mtimeMs: stats[i]!.mtimeMs, sha256: hashes[i]! });
        for (const g of FIELD_GROUP_NAMES) store.items.recordPushed(r.identifier, g, groupSlice(m.fields, g), groupHash(m.fields, g));
        store.items.setStatus(r.identifier, "published");
      }
    });
  }
  // As a publish leaves them (warning counts aside: these rows have none worth counting here).
  if (!firstSync) recordRowFingerprints(store, rows.map((r) => ({ identifier: r.identifier, fingerprint: mapped.get(r.identifier)!.fingerprint, warnings: 0 })));
  store.close();
  console.log(`state: ${itemCount} published items × ${FIELD_GROUP_NAMES.length} field groups, ${albums.size} albums, built with the state API in ${secs(t0)} s (manifest mapped in ${mapSeconds} s); database ${mib(statSync(database).size).toFixed(0)} MiB`);
  return { project, rows };
}

function editRows(rows: BenchRow[], changedCount: number): string {
  const edited: Record<string, number> = {};
  for (let k = 0; k < changedCount; k++) {
    const i = Math.floor(((k + 0.5) * rows.length) / changedCount);
    rows[i] = benchRow(i + 1, rows[i]!.file, { prefix: "SYNC", variant: k + 1 });
    const kind = EDITS[(k + 1) % 6]!;
    edited[kind] = (edited[kind] ?? 0) + 1;
  }
  return Object.entries(edited).map(([k, n]) => `${n} ${k}`).join(", ");
}

async function measureAt(itemCount: number): Promise<AtSize> {
  const root = tempRoot(`heritage-bench-sync-plan-${itemCount}`);
  const sandbox = await startSandbox({ seed: 3, quota: 10_000_000 });
  try {
    const { project, rows } = await buildProject(root.dir, sandbox, itemCount);
    const cpuFile = path.join(root.dir, "cpu.json");
    const env = { ...sandboxCliEnv(sandbox.credentials, path.join(root.dir, "config"), process.env), BENCH_CPU_FILE: cpuFile };
    const cli = async (extra: string[], nodeArgs: string[] = []) => {
      const outFile = path.join(root.dir, "out.json");
      const m = await runMeasured([CLI, "sync", "manifests/bench.csv", "--endpoint", sandbox.url, "--json", ...extra], { cwd: project.dir, env, stdoutFile: outFile, scratch: root.dir, nodeArgs: [...CPU_PRELOAD, ...nodeArgs] });
      if (m.code !== 0 && m.code !== 1) throw new Error(`heritage sync ${extra.join(" ")} exited ${m.code}: ${m.stderr}`);
      const cpu = JSON.parse(readFileSync(cpuFile, "utf8")) as { user: number; system: number };
      return { ...m, cpuSeconds: (cpu.user + cpu.system) / 1e6, json: JSON.parse(readFileSync(outFile, "utf8")) as PlanJson };
    };
    // With --first-sync, the first sync of a state without fingerprints maps every row and records them (nothing to send).
    const backfill = firstSync ? await cli(["--no-read-back"]) : null;
    if (backfill) console.log(`first sync (records the row fingerprints; maps every row): ${(backfill.wallMs / 1000).toFixed(1)} s, peak RSS ${mib(backfill.peakRss).toFixed(0)} MiB, ${sandbox.calls().total} calls`);
    const changed = Math.min(itemCount, changedWanted);
    console.log(`manifest: ${itemCount} rows, ${changed} edited: ${editRows(rows, changed)}`);
    writeFileSync(project.manifest, csvText(rows));
    sandbox.resetCalls();
    const at: AtSize = { items: itemCount, changed, seconds: [], cpu: [], peakRss: [], forceSeconds: [], forceCpu: [], forcePeakRss: [], backfillSeconds: backfill ? backfill.wallMs / 1000 : null, plan: { counts: {}, calls: { total: 0, items: 0, overhead: 0, by_method: {} } }, received: 0 };
    // One run first, not counted: the first run after building the project pays for cold caches
    // (at 10,000 items it was 20 % slower than the runs after it), which no later run does.
    if (warmup) await cli(["--dry-run"]);
    for (let k = 0; k < cliRuns; k++) {
      const profile = profileAt && k === 0 ? ["--cpu-prof", "--cpu-prof-dir", profileAt, "--heap-prof", "--heap-prof-dir", profileAt] : [];
      const m = await cli(["--dry-run"], profile);
      at.seconds.push(m.wallMs / 1000);
      at.cpu.push(m.cpuSeconds);
      at.peakRss.push(m.peakRss);
      at.plan = m.json;
    }
    for (let k = 0; k < forceRuns; k++) {
      const m = await cli(["--dry-run", "--force"]);
      at.forceSeconds.push(m.wallMs / 1000);
      at.forceCpu.push(m.cpuSeconds);
      at.forcePeakRss.push(m.peakRss);
    }
    at.received = sandbox.calls().total;
    return at;
  } finally {
    await sandbox.stop();
    // The sandbox is gone, but the endpoint still names the state, and a dry run calls nothing for unchanged rows.
    if (keep) console.log(`kept: ${root.dir} (cd there; node ${CLI} sync manifests/bench.csv --dry-run --endpoint ${sandbox.url})`);
    else root.cleanup();
  }
}

const results: AtSize[] = [];
for (const n of sizes) {
  console.log(`\n== ${n} items ==`);
  results.push(await measureAt(n));
}
const each = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(" / ");
for (const r of results) {
  const rss = Math.max(...r.peakRss);
  printTable(
    `sync --dry-run --json at ${r.items} items, ${r.changed} edited (${cliRuns} runs; --force ${forceRuns} run${forceRuns === 1 ? "" : "s"})`,
    ["measurement", "value"],
    [
      ["wall time, median (per run)", `${median(r.seconds).toFixed(2)} s (${each(r.seconds)})`],
      ["CPU time (user + system), median", `${median(r.cpu).toFixed(2)} s (${each(r.cpu)})${r.forceCpu.length ? `; --force ${median(r.forceCpu).toFixed(2)} s, ratio ${(median(r.forceCpu) / median(r.cpu)).toFixed(1)}×` : ""}`],
      ["peak RSS, max of runs", `${mib(rss).toFixed(0)} MiB (${(rss / r.items / 1024).toFixed(2)} KiB per item)`],
      ["--force (maps every row), median", r.forceSeconds.length ? `${median(r.forceSeconds).toFixed(2)} s (${each(r.forceSeconds)}), peak RSS ${mib(Math.max(...r.forcePeakRss)).toFixed(0)} MiB` : "not run"],
      ["same-run ratio --force / default", r.forceSeconds.length ? `${(median(r.forceSeconds) / median(r.seconds)).toFixed(1)}×` : "-"],
      ["plan: dispositions", Object.entries(r.plan.counts).filter(([k]) => !k.includes(":") && !["upload", "replace", "album-add", "album-remove"].includes(k)).map(([k, n]) => `${k} ${n}`).join(", ")],
      ["plan: API calls", `${r.plan.calls.total} (${Object.entries(r.plan.calls.by_method).map(([m, n]) => `${m.replace(/^flickr\./, "")} ${n}`).join(", ")})`],
      ["calls the sandbox received (dry runs)", String(r.received)],
    ],
  );
}
const first = results[0]!;
const last = results[results.length - 1]!;
const growth = results.length > 1 ? (Math.max(...last.peakRss) - Math.max(...first.peakRss)) / (last.items - first.items) / 1024 : null;
if (growth !== null) console.log(`\npeak RSS growth between ${first.items} and ${last.items} items: ${growth.toFixed(3)} KiB per item`);
console.log(`\nat the end: ${loadLine()} (this machine is shared: figures vary with its load)`);
console.log(
  JSON.stringify({
    bench: "sync-plan",
    warmup,
    sizes: results.map((r) => ({
      items: r.items,
      changed: r.changed,
      seconds_median: Number(median(r.seconds).toFixed(3)),
      seconds: r.seconds.map((s) => Number(s.toFixed(3))),
      cpu_seconds_median: Number(median(r.cpu).toFixed(3)),
      force_cpu_seconds_median: r.forceCpu.length ? Number(median(r.forceCpu).toFixed(3)) : null,
      peak_rss_mib: Number(mib(Math.max(...r.peakRss)).toFixed(1)),
      force_seconds_median: r.forceSeconds.length ? Number(median(r.forceSeconds).toFixed(3)) : null,
      force_peak_rss_mib: r.forcePeakRss.length ? Number(mib(Math.max(...r.forcePeakRss)).toFixed(1)) : null,
      force_ratio: r.forceSeconds.length ? Number((median(r.forceSeconds) / median(r.seconds)).toFixed(2)) : null,
      first_sync_seconds: r.backfillSeconds === null ? null : Number(r.backfillSeconds.toFixed(3)),
      calls_planned: r.plan.calls.total,
      unchanged: r.plan.counts.unchanged ?? 0,
      calls_received: r.received,
    })),
    rss_growth_kib_per_item: growth === null ? null : Number(growth.toFixed(4)),
    load_average: Number(loadLine().match(/[\d.]+/)![0]),
  }),
);

/**
 * Sync planning on a large state: 100,000 published items, 100 of them edited in the catalogue.
 * Figures only; nothing is asserted.
 *
 *   npx tsx bench/sync-plan.ts [--items 100000] [--changed 100] [--runs 5] [--cli-runs 3]
 *
 * Inputs, in a temporary project: `items` tiny distinct real PNGs (one 8×8 PNG made with sharp,
 * each copy with its own tEXt chunk, so every file has its own content hash), a manifest with
 * one row per file (realistic metadata, see lib/bench-project.ts), and a state database built
 * with the state API as a finished publish leaves it: token verified, account default licence
 * known, every item uploaded (photo id) with its master's real size, mtime and SHA-256, all
 * nine field groups pushed with the hashes of the manifest's mapped fields, status published,
 * the albums created. Then `changed` rows, spread
 * over the manifest, are edited (title, tags, date, description, location, album in turn).
 *
 * (a) In a child process (tsx; its own peak RSS): `store.listItems()`; the manifest validated
 *     and mapped as sync does it (validateRows with the state's fingerprints: a master whose
 *     size and mtime match is not read again; header reads are counted); `planRun` alone —
 *     medians of `runs` (of 3 for listItems).
 * (b) End to end: `node bin/heritage.js sync manifests/bench.csv --dry-run --json --endpoint
 *     <sandbox>` (`cli-runs` times): wall time, peak RSS, the calls the plan says it will make,
 *     and the calls the sandbox actually received (a dry run without --verify makes none).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openManifest } from "../src/manifest/open.js";
import { mapItem } from "../src/map/item.js";
import { openState } from "../src/state/open.js";
import { statePathsFor } from "../src/state/paths.js";
import { groupHash, groupSlice } from "../src/plan/groups.js";
import { FIELD_GROUP_NAMES, type FlickrFields } from "../src/flickr/fields.js";
import { sandboxCliEnv, startSandbox } from "../src/sandbox/index.js";
import { tokenFingerprint } from "../src/publish/connect.js";
import { benchRow, createProject, csvText, mapLimit, sha256, tinyPngFactory, writeFiles, type BenchRow } from "./lib/bench-project.js";
import type { SyncPlanJob, SyncPlanResult } from "./lib/sync-plan-worker.js";
import { checkBuild, CLI, commandLine, loadLine, machineLine, median, mib, numberFlag, printTable, REPO, runMeasured, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const itemCount = numberFlag(argv, "items", 100_000);
const changedCount = Math.min(itemCount, numberFlag(argv, "changed", 100));
const runs = numberFlag(argv, "runs", 5);
const cliRuns = numberFlag(argv, "cli-runs", 3);
const profileAt = argv.includes("--profile") ? path.resolve(argv[argv.indexOf("--profile") + 1]!) : null;
const skipWorker = argv.includes("--no-in-process");
const PER_FOLDER = 1000;
const WORKER = fileURLToPath(new URL("./lib/sync-plan-worker.ts", import.meta.url));
const EDITS = ["album", "title", "tags", "date", "description", "location"];

console.log(`command: ${commandLine("sync-plan.ts")}`);
console.log(machineLine());
const stale = checkBuild();
if (stale) console.log(stale);

const root = tempRoot("heritage-bench-sync-plan");
const sandbox = await startSandbox({ seed: 3, quota: 1_000_000 });
try {
  const project = createProject(root.dir);
  const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

  // ---- files ----
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

  // ---- the state a finished publish leaves, from the manifest's own mapping ----
  t0 = performance.now();
  const opened = await openManifest(project.manifest);
  const mapped = new Map<string, { row: number; fields: FlickrFields; errors: number }>();
  const now = new Date();
  for await (const { item } of opened.rows()) {
    const m = mapItem(item, opened.source.settings, { now });
    mapped.set(m.identifier!, { row: item.row, fields: m.fields, errors: m.issues.filter((i) => i.severity === "error").length });
  }
  const mapSeconds = secs(t0);
  t0 = performance.now();
  // Where sync looks for it: the state of this manifest against this endpoint.
  const database = statePathsFor(project.manifest, null, { endpoint: sandbox.url }).database;
  const store = openState(database);
  store.setMeta("nsid", sandbox.credentials.nsid);
  store.setMeta("username", sandbox.credentials.username);
  store.setMeta("endpoint", sandbox.url);
  store.setMeta("account_default_license", "7");
  // The token was verified by that publish: an unchanged sync then spends no call on checks.
  store.setMeta("perms", "delete");
  store.setMeta("verified_token", tokenFingerprint(sandbox.credentials, sandbox.url));
  const albums = new Set<string>();
  for (const m of mapped.values()) for (const a of m.fields.albums) albums.add(a);
  [...albums].forEach((title, k) => store.recordAlbumCreated(title, String(72157700000000000 + k), String(54000000000 + k)));
  const BATCH = 5000;
  for (let start = 0; start < itemCount; start += BATCH) {
    store.transaction(() => {
      for (let i = start; i < Math.min(itemCount, start + BATCH); i++) {
        const r = rows[i]!;
        const m = mapped.get(r.identifier)!;
        store.ensureItem({ identifier: r.identifier, row: m.row, file: r.file });
        store.adoptPhoto(r.identifier, { photoId: String(54000000000 + i), secret: "0a1b2c3d4e" });
        store.recordSource(r.identifier, { size: stats[i]!.size, mtimeMs: stats[i]!.mtimeMs, sha256: hashes[i]! });
        for (const g of FIELD_GROUP_NAMES) store.recordPushed(r.identifier, g, groupSlice(m.fields, g), groupHash(m.fields, g));
        store.setStatus(r.identifier, "published");
      }
    });
  }
  store.close();
  const mappingErrors = [...mapped.values()].reduce((n, m) => n + m.errors, 0);
  console.log(
    `state: ${itemCount} published items × ${FIELD_GROUP_NAMES.length} field groups, ${albums.size} albums, built with the state API in ${secs(t0)} s ` +
      `(manifest mapped in ${mapSeconds} s; ${mappingErrors} row errors); database ${mib(statSync(database).size).toFixed(0)} MiB`,
  );

  // ---- the catalogue edits ----
  const edited: Record<string, number> = {};
  for (let k = 0; k < changedCount; k++) {
    const i = Math.floor(((k + 0.5) * itemCount) / changedCount);
    rows[i] = benchRow(i + 1, rows[i]!.file, { prefix: "SYNC", variant: k + 1 });
    const kind = EDITS[(k + 1) % 6]!;
    edited[kind] = (edited[kind] ?? 0) + 1;
  }
  writeFileSync(project.manifest, csvText(rows));
  console.log(`manifest: ${itemCount} rows (${mib(statSync(project.manifest).size).toFixed(1)} MiB), ${changedCount} edited: ${Object.entries(edited).map(([k, n]) => `${n} ${k}`).join(", ")}`);

  if (!skipWorker) await inProcess();
  async function inProcess() {
  // ---- (a) in-process, in its own process ----
  const job: SyncPlanJob = { manifest: project.manifest, database, runs };
  const worker = await runMeasured([WORKER, JSON.stringify(job)], { cwd: REPO, nodeArgs: ["--import", "tsx"], scratch: root.dir });
  if (worker.code !== 0) throw new Error(`the worker exited ${worker.code}: ${worker.stderr}`);
  const a = JSON.parse(worker.stdout.trim().split("\n").pop()!) as SyncPlanResult;
  const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
  const each = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(" / ");
  printTable(
    `(a) in-process (child process with tsx): ${a.items} state items, ${a.rows} manifest rows`,
    ["measurement", "median", "per run (ms)"],
    [
      ["store.listItems()", ms(a.listItemsMs), each(a.listItemsMs)],
      [`validateRows + map, fingerprints known (headers read: ${a.probed})`, `${(a.collectMs / 1000).toFixed(1)} s`, "1 run"],
      ["planRun alone (pure)", ms(a.planMs), each(a.planMs)],
    ],
  );
  printTable(
    "    memory of that process",
    ["point", "RSS"],
    [
      ["start (Node + tsx + modules)", `${mib(a.rss.baseline).toFixed(0)} MiB`],
      [`after listItems() ×${Math.min(runs, 3) + 1}`, `${mib(a.rss.afterState).toFixed(0)} MiB`],
      ["after validating and mapping the manifest", `${mib(a.rss.afterInputs).toFixed(0)} MiB`],
      [`after planRun ×${runs}`, `${mib(a.rss.afterPlans).toFixed(0)} MiB`],
      ["peak (maxRSS)", `${mib(a.rss.peak).toFixed(0)} MiB`],
    ],
  );
  console.log(`    plan: ${Object.entries(a.counts).map(([k, n]) => `${k} ${n}`).join(", ")}; ${a.changedItems} items with actions; row errors ${a.rowErrors}`);
  console.log(`    calls planned: ${a.calls.total} (${Object.entries(a.calls.byMethod).map(([m, n]) => `${m.replace(/^flickr\./, "")} ${n}`).join(", ")})`);

  }

  // ---- (b) end to end: heritage sync --dry-run --json ----
  const env = sandboxCliEnv(sandbox.credentials, path.join(root.dir, "config"), process.env);
  sandbox.resetCalls();
  const outFile = path.join(root.dir, "plan.json");
  const cli: { wallMs: number; peakRss: number; code: number | null }[] = [];
  for (let k = 0; k < cliRuns; k++) {
    const nodeArgs = profileAt ? ["--cpu-prof", "--cpu-prof-dir", profileAt, "--heap-prof", "--heap-prof-dir", profileAt] : [];
    const m = await runMeasured([CLI, "sync", "manifests/bench.csv", "--dry-run", "--json", "--endpoint", sandbox.url], { cwd: project.dir, env, stdoutFile: outFile, scratch: root.dir, nodeArgs });
    if (m.code !== 0 && m.code !== 1) throw new Error(`heritage sync --dry-run exited ${m.code}: ${m.stderr}`);
    cli.push({ wallMs: m.wallMs, peakRss: m.peakRss, code: m.code });
  }
  const plan = JSON.parse(readFileSync(outFile, "utf8")) as {
    counts: Record<string, number>;
    calls: { total: number; items: number; overhead: number; by_method: Record<string, number> };
    seconds_at_quota: number;
    items: { disposition: string; calls: number }[];
  };
  const received = sandbox.calls();
  printTable(
    `(b) node bin/heritage.js sync manifests/bench.csv --dry-run --json --endpoint <sandbox>, ${cliRuns} runs`,
    ["measurement", "value"],
    [
      ["wall time, median (per run)", `${(median(cli.map((c) => c.wallMs)) / 1000).toFixed(1)} s (${cli.map((c) => (c.wallMs / 1000).toFixed(1)).join(" / ")})`],
      ["rows per second, median", (itemCount / (median(cli.map((c) => c.wallMs)) / 1000)).toFixed(0)],
      ["peak RSS (max of runs)", `${mib(Math.max(...cli.map((c) => c.peakRss))).toFixed(0)} MiB`],
      ["exit code", cli.map((c) => String(c.code)).join(" / ")],
      ["plan: dispositions", Object.entries(plan.counts).filter(([k]) => !k.includes(":") && !["upload", "replace", "album-add", "album-remove"].includes(k)).map(([k, n]) => `${k} ${n}`).join(", ")],
      ["plan: items listed in the JSON", String(plan.items.length)],
      ["plan: API calls (items + overhead)", `${plan.calls.total} (${plan.calls.items} + ${plan.calls.overhead}); ${plan.seconds_at_quota} s at the quota`],
      ...Object.entries(plan.calls.by_method).map(([m, n]): [string, string] => [`  ${m}`, String(n)]),
      ["calls the sandbox received (all runs)", `${received.total}${received.total === 0 ? " (none, as a dry run without --verify should)" : " — UNEXPECTED"}`],
    ],
  );
  console.log(`\nat the end: ${loadLine()}`);
} finally {
  await sandbox.stop();
  root.cleanup();
}

/**
 * Exactly once at full scale (issue 11's target): a 60-item publish with 30% of upload answers
 * lost, search lagging 0–30 s behind every upload and change, some searches answering total > 0
 * with an empty page, dedup_check ignored by the service, and 6 SIGKILLs at random points; then
 * runs to the end. Counts duplicates and losses on the sandbox, and the wall time it cost.
 *
 *   npx tsx bench/exactly-once.ts [--items 60] [--lag 30] [--lost 0.3] [--kills 6] [--grace 60] [--seed 1]
 *
 * Uses the built CLI (dist/): run `npm run build` first.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { sandboxCliEnv, startSandbox } from "../src/sandbox/index.js";
import { seededRandom } from "../src/publish/retry.js";
import { checkBuild, CLI, commandLine, loadLine, machineLine, numberFlag, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const items = numberFlag(argv, "items", 60);
const lag = numberFlag(argv, "lag", 30);
const lost = numberFlag(argv, "lost", 0.3);
const kills = numberFlag(argv, "kills", 6);
const grace = numberFlag(argv, "grace", 60);
const seed = numberFlag(argv, "seed", 1);

console.log(`command: ${commandLine("exactly-once.ts")}`);
console.log(machineLine());
const stale = checkBuild();
if (stale) console.log(stale);

const root = tempRoot("heritage-bench-exactly-once");
const collection = path.join(root.dir, "collections", "bench");
mkdirSync(collection, { recursive: true });
mkdirSync(path.join(root.dir, "manifests"));
const manifest = path.join(root.dir, "manifests", "bench.csv");
const rows: string[] = ["identifier,file,title,date,tags,license,album"];
for (let i = 1; i <= items; i++) {
  const n = String(i).padStart(3, "0");
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 29) % 256 } } })
    .jpeg()
    .toFile(path.join(collection, `img-${n}.jpg`));
  rows.push(`B-${n},img-${n}.jpg,Bench photograph ${n},${1900 + i},bench; lag,http://rightsstatements.org/vocab/NKC/1.0/,Album ${"ABC"[i % 3]}`);
}
writeFileSync(manifest, `${rows.join("\n")}\n`);
writeFileSync(path.join(root.dir, "manifests", "bench.settings.yaml"), "namespace: benchns\ncommons: true\ninstitution: Bench Archive\n");

const sandbox = await startSandbox({ seed, quota: 1_000_000, searchLagSeconds: lag, searchEmptyPageRate: 0.1, dedupCheck: "ignored" });
sandbox.faults.set(`lost-upload=${lost},seed=${seed + 10}`);
const env = { ...process.env, ...sandboxCliEnv(sandbox.credentials, path.join(root.dir, "config")), NO_COLOR: "1" };
const args = [CLI, "publish", manifest, "--endpoint", sandbox.url, "--quota", "1000000", "--reconcile-grace", String(grace), "--timeout", "10000"];

/** One CLI run, SIGKILLed once the sandbox served `killAfter` more calls (null: to the end). */
function run(killAfter: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const start = sandbox.calls().total;
    const child = spawn(process.execPath, args, { cwd: root.dir, env, stdio: "ignore" });
    const watch = killAfter === null ? null : setInterval(() => sandbox.calls().total - start >= killAfter && child.kill("SIGKILL"), 2);
    child.on("close", (code, signal) => {
      if (watch) clearInterval(watch);
      resolve({ code, signal });
    });
  });
}

const random = seededRandom(seed);
const started = performance.now();
const runs: string[] = [];
let finished = false;
try {
  for (let attempt = 0; attempt < 30 && !finished; attempt++) {
    const killAfter = attempt < kills ? 1 + Math.floor(random() * 40) : null;
    const exit = await run(killAfter);
    runs.push(`${killAfter ?? "-"}→${exit.signal ?? exit.code}`);
    finished = exit.code === 0;
  }
  const wallS = (performance.now() - started) / 1000;
  const photos = sandbox.photos();
  const perId = new Map<string, number>();
  for (const p of photos) {
    const tag = p.tags.find((t) => t.raw.startsWith("benchns:id="))?.raw;
    if (tag) perId.set(tag, (perId.get(tag) ?? 0) + 1);
  }
  const duplicates = [...perId.values()].reduce((n, c) => n + (c - 1), 0);
  const losses = items - perId.size;
  const stats = sandbox.calls();
  console.log(`runs (kill after N calls → exit): ${runs.join(", ")}`);
  console.log(`photos ${photos.length} for ${items} items: ${duplicates} duplicates, ${losses} losses; uploads sent ${stats.byMethod.upload ?? 0}; calls ${stats.total}; wall ${wallS.toFixed(1)} s`);
  console.log(`at the end: ${loadLine()}`);
  console.log(
    JSON.stringify({
      bench: "exactly-once",
      items,
      lost_rate: lost,
      search_lag_s: lag,
      empty_page_rate: 0.1,
      dedup_check: "ignored",
      kills: runs.filter((r) => r.endsWith("SIGKILL")).length,
      runs: runs.length,
      finished,
      duplicates,
      losses,
      uploads_sent: stats.byMethod.upload ?? 0,
      search_calls: stats.byMethod["flickr.photos.search"] ?? 0,
      get_photos_calls: stats.byMethod["flickr.people.getPhotos"] ?? 0,
      api_calls: stats.total,
      wall_s: Number(wallS.toFixed(1)),
    }),
  );
} finally {
  await sandbox.stop();
  root.cleanup();
}

/**
 * API calls per published photo, and photos per hour. Figures only; nothing is asserted.
 *
 *   npx tsx bench/publish.ts [--items 40] [--virtual-items 120] [--rest-latency 80-250] [--upload-latency 1500-4000]
 *                            [--typical-small 50] [--typical-large 550] [--runs 3] [--calls-only]
 *
 * 0. Calls per photo for the typical Commons item (issue 12): licence from the account's default
 *    (NKC on a Commons account), a year date, one album; small generated images published by the
 *    CLI to a fresh sandbox, at two sizes, `runs` times. calls = a × photos + b: `a` (the slope
 *    between the two sizes) is what each more photo costs, `b` what a run costs once. The median
 *    of the runs goes into the JSON last line, with the sample's figures from part 1.
 *
 * 1. Calls per photo: `heritage publish manifests/sample.csv` (the CLI, a child process) against
 *    an in-process sandbox with a quota that cannot bind. The sandbox counts every call; the run
 *    log attributes each write to its item. Each item's calls are set against the minimum it
 *    could cost: 1 upload + 1 call per field group that has to be set after the upload (licence
 *    when it is neither the account's default nor 7, which Flickr only gives by default; date
 *    taken when there is one; location when there is one; one per album), from
 *    `heritage validate --json`.
 *
 * 2. Photos per hour at the default quota, from measured inputs:
 *    - quota bound: 3,600 calls/hour (heritage paces 1 call/s with a burst of 5, src/publish/budget.ts)
 *      divided by the calls per photo; and the same publish actually paced in virtual time
 *      (runPipeline in-process, the budget and the sandbox on a virtual clock, `virtual-items`
 *      small items), so the pacing is measured rather than assumed;
 *    - latency bound: a real publish of `items` generated 4000×3000 JPEG masters at the default
 *      --concurrency 3 with a quota that cannot bind, against the sandbox with injected latency
 *      (every call `rest-latency` ms; uploads `upload-latency` ms on top: a ~5 MB copy at
 *      ~20 Mbit/s up plus Flickr's processing);
 *    - effective rate = min(quota bound, latency bound), and which one binds.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { sandboxCliEnv, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { openState } from "../src/state/open.js";
import { runPipeline, type PipelineOptions } from "../src/publish/run.js";
import type { FlickrFields } from "../src/flickr/fields.js";
import { benchRow, copyOf, createProject, csvText, makeBaseImage, makeLargeMaster, mapLimit, sourceImages, writeFiles } from "./lib/bench-project.js";
import { benchContext, virtualClock } from "./lib/bench-context.js";
import { checkBuild, CLI, commandLine, loadLine, machineLine, median, mib, numberFlag, printTable, REPO, runMeasured, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const items = numberFlag(argv, "items", 40);
const virtualItems = numberFlag(argv, "virtual-items", 120);
const rangeFlag = (name: string, fallback: string): [number, number] => {
  const i = argv.indexOf(`--${name}`);
  const m = /^(\d+)(?:-(\d+))?$/.exec(i >= 0 ? (argv[i + 1] ?? "") : fallback);
  if (!m) throw new Error(`--${name} needs MIN-MAX in ms, e.g. ${fallback}`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
};
const restLatency = rangeFlag("rest-latency", "80-250");
const uploadLatency = rangeFlag("upload-latency", "1500-4000");
const QUOTA = 3600;
const typicalSmall = numberFlag(argv, "typical-small", 50);
const typicalLarge = numberFlag(argv, "typical-large", 550);
const runs = numberFlag(argv, "runs", 3);
const callsOnly = argv.includes("--calls-only");

console.log(`command: ${commandLine("publish.ts")}`);
console.log(machineLine());
const stale = checkBuild();
if (stale) console.log(stale);

const root = tempRoot("heritage-bench-publish");
mkdirSync(root.dir, { recursive: true });
const sandboxes: Sandbox[] = [];

function cliEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  return sandboxCliEnv(sandbox.credentials, path.join(root.dir, "config"), process.env);
}

interface LogLine {
  ts: string;
  event?: string;
  method?: string;
  identifier?: string | null;
  outcome?: string;
}
const readLog = (file: string) => readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as LogLine);

/**
 * Calls an item cannot avoid: the upload, and one per field group Flickr only takes afterwards —
 * and, for a public photo whose licence needs a call, the setPerms that makes it public once the
 * licence landed (heritage never shows a photo under a licence it does not have).
 */
function minimumCalls(f: FlickrFields, accountDefault: number): { calls: number; parts: string[] } {
  const parts = ["upload"];
  if (f.license_id !== null && f.license_id !== accountDefault && f.license_id !== 7) parts.push("licence", ...(f.is_public === 1 ? ["visibility"] : []));
  if (f.date_taken !== null) parts.push("date");
  if (f.latitude !== null && f.longitude !== null) parts.push("geo");
  for (let k = 0; k < f.albums.length; k++) parts.push("album");
  return { calls: parts.length, parts };
}

const SHORT: Record<string, string> = {
  upload: "upload",
  "flickr.photos.licenses.setLicense": "setLicense",
  "flickr.photos.setDates": "setDates",
  "flickr.photos.geo.setLocation": "setLocation",
  "flickr.photosets.create": "album create",
  "flickr.photosets.addPhoto": "album add",
  "flickr.photosets.getPhotos": "album read",
  "flickr.photosets.editPhotos": "album write",
};
const short = (m: string) => SHORT[m] ?? m.replace(/^flickr\./, "");

function dirBytes(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = dirBytes(p);
      files += sub.files;
      bytes += sub.bytes;
    } else {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

/** The typical Commons item: NKC (the Commons account's default licence), a year, one album. */
async function publishTypical(dir: string, count: number, seed: number): Promise<{ total: number; byMethod: Record<string, number> }> {
  const sandbox = await startSandbox({ seed, quota: 1_000_000 });
  sandboxes.push(sandbox);
  const project = createProject(dir);
  const rows = Array.from({ length: count }, (_, k) => ({
    ...benchRow(k + 1, `TYP-${String(k + 1).padStart(6, "0")}.jpg`, { prefix: "TYP" }),
    license: "http://rightsstatements.org/vocab/NKC/1.0/",
    date: "1923",
    album: "Typiska föremål",
    latitude: "",
    longitude: "",
    geo_accuracy: "",
  }));
  await mapLimit(rows.map((r, k) => [r, k] as const), 4, ([r, k]) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: { r: k % 256, g: (k * 7) % 256, b: (k * 13) % 256 } } }).jpeg().toFile(path.join(project.collection, r.file)),
  );
  writeFileSync(project.manifest, csvText(rows));
  const run = await runMeasured([CLI, "publish", "manifests/bench.csv", "--endpoint", sandbox.url, "--quota", "1000000", "--reconcile-grace", "0", "--json"], { cwd: project.dir, env: cliEnv(sandbox), scratch: root.dir });
  if (run.code !== 0) throw new Error(`publish of ${count} typical items exited ${run.code}: ${run.stderr}`);
  const stats = sandbox.calls();
  await sandbox.stop();
  sandboxes.splice(sandboxes.indexOf(sandbox), 1);
  return { total: stats.total, byMethod: stats.byMethod };
}

const figures: Record<string, unknown> = { bench: "publish" };

try {
  // ================= 0. calls per photo: the typical Commons item =================
  const typical: { slope: number; constant: number; perPhotoLarge: number; byMethod: Record<string, number> }[] = [];
  for (let r = 0; r < runs; r++) {
    const small = await publishTypical(path.join(root.dir, `typical-${r}-small`), typicalSmall, 10 + r);
    const large = await publishTypical(path.join(root.dir, `typical-${r}-large`), typicalLarge, 20 + r);
    const slope = (large.total - small.total) / (typicalLarge - typicalSmall);
    typical.push({ slope, constant: small.total - slope * typicalSmall, perPhotoLarge: large.total / typicalLarge, byMethod: large.byMethod });
  }
  printTable(
    `0. typical Commons item (NKC = the account's default licence, a year date, one album): publish of ${typicalSmall} and of ${typicalLarge} items, ${runs} runs`,
    ["run", "calls/photo (slope)", "calls/run (constant)", `calls/photo at ${typicalLarge}, all in`, `calls at ${typicalLarge} by method`],
    typical.map((x, i) => [String(i + 1), x.slope.toFixed(3), x.constant.toFixed(1), x.perPhotoLarge.toFixed(3), Object.entries(x.byMethod).map(([m, n]) => `${short(m)} ${n}`).join(", ")]),
  );
  figures.typical = {
    runs,
    items: [typicalSmall, typicalLarge],
    calls_per_photo: Number(median(typical.map((x) => x.slope)).toFixed(3)),
    calls_per_run: Number(median(typical.map((x) => x.constant)).toFixed(1)),
    calls_per_photo_all_in: Number(median(typical.map((x) => x.perPhotoLarge)).toFixed(3)),
    target_calls_per_photo: 2.0,
  };

  // ================= 1. calls per photo: the sample =================
  const sandbox = await startSandbox({ seed: 1, quota: 1_000_000 });
  sandboxes.push(sandbox);
  const env = cliEnv(sandbox);
  const validated = await runMeasured([CLI, "validate", "manifests/sample.csv", "--json"], { cwd: REPO, scratch: root.dir });
  const sampleItems = (JSON.parse(validated.stdout) as { items: { identifier: string; flickr: FlickrFields }[] }).items;
  const stateA = path.join(root.dir, "state-sample");
  const pub = await runMeasured(
    [CLI, "publish", "manifests/sample.csv", "--endpoint", sandbox.url, "--state", stateA, "--quota", "1000000", "--reconcile-grace", "0", "--json"],
    { cwd: REPO, env, scratch: root.dir },
  );
  if (pub.code !== 0) throw new Error(`publish of the sample exited ${pub.code}: ${pub.stderr}`);
  const statsA = sandbox.calls();
  const logA = readLog(path.join(stateA, "log.jsonl"));
  const store = openState(path.join(stateA, "state.sqlite"), { readonly: true });
  const accountDefault = Number(store.account.get("defaultLicense"));
  store.close();

  const perItem = new Map<string, string[]>();
  const loggedByMethod: Record<string, number> = {};
  for (const l of logA) {
    if (!l.method || !l.identifier || l.outcome !== "ok") continue;
    (perItem.get(l.identifier) ?? perItem.set(l.identifier, []).get(l.identifier)!).push(l.method);
    loggedByMethod[l.method] = (loggedByMethod[l.method] ?? 0) + 1;
  }
  const rowsA: string[][] = [];
  let actualSum = 0;
  let minSum = 0;
  for (const it of sampleItems) {
    const methods = perItem.get(it.identifier) ?? [];
    const min = minimumCalls(it.flickr, accountDefault);
    actualSum += methods.length;
    minSum += min.calls;
    const f = it.flickr;
    rowsA.push([
      it.identifier,
      `${f.license_id}/${f.date_taken ? "date" : "-"}/${f.latitude !== null ? "geo" : "-"}/${f.albums.length}`,
      String(methods.length),
      String(min.calls),
      methods.map(short).join(", "),
      min.parts.join(", "),
    ]);
  }
  const overheadByMethod: Record<string, number> = {};
  for (const [m, n] of Object.entries(statsA.byMethod)) {
    const extra = n - (loggedByMethod[m] ?? 0);
    if (extra > 0) overheadByMethod[m] = extra;
  }
  const overhead = statsA.total - actualSum;
  const photosA = sampleItems.length;
  console.log(`\n1. API calls per photo: heritage publish manifests/sample.csv (${photosA} items) → sandbox, quota not binding; account default licence ${accountDefault}`);
  printTable(
    "per item (licence id / date / geo / albums)",
    ["identifier", "lic/date/geo/alb", "actual", "minimum", "actual calls", "minimum calls"],
    [...rowsA, ["all items", "", String(actualSum), String(minSum), "", ""]],
  );
  printTable(
    "per run",
    ["", "calls"],
    [
      ["total counted by the sandbox", String(statsA.total)],
      ["  per item (writes in the run log)", String(actualSum)],
      [`  run overhead: ${Object.entries(overheadByMethod).map(([m, n]) => `${short(m)} ${n}`).join(", ")}`, String(overhead)],
      ["calls per photo, total", (statsA.total / photosA).toFixed(2)],
      ["calls per photo, items only (overhead amortised away)", (actualSum / photosA).toFixed(2)],
      ["minimum possible per photo", (minSum / photosA).toFixed(2)],
      ["429s / failures", `${statsA.served429} / ${Object.keys(statsA.failures).length}`],
    ],
  );

  figures.sample = {
    photos: photosA,
    calls: statsA.total,
    calls_per_photo: Number((statsA.total / photosA).toFixed(2)),
    calls_per_photo_items: Number((actualSum / photosA).toFixed(2)),
    minimum_per_photo: Number((minSum / photosA).toFixed(2)),
  };
  if (!callsOnly) await latencyAndQuota();
  console.log(`\nat the end: ${loadLine()}`);
  console.log(JSON.stringify(figures));
} finally {
  for (const s of sandboxes) await s.stop();
  root.cleanup();
}

/** Parts 2a and 2b: photos per hour, bound by latency and by the quota. */
async function latencyAndQuota(): Promise<void> {
  const sandbox = await startSandbox({ seed: 3, quota: 1_000_000 });
  sandboxes.push(sandbox);
  const env = cliEnv(sandbox);
  const perPhotoSample = (figures.sample as { calls_per_photo_items: number }).calls_per_photo_items;
  const minPerPhoto = (figures.sample as { minimum_per_photo: number }).minimum_per_photo;
  // ================= 2a. latency bound: a real publish with injected latency =================
  sharp.cache(false);
  const sources = await sourceImages();
  const genA = createProject(path.join(root.dir, "latency"));
  const baseCount = Math.min(4, items);
  const t0 = Date.now();
  // Pictures with some detail (the smallest fixtures are a few hundred pixels of flat colour).
  const detailed = sources.filter((s) => statSync(s).size > 50_000);
  const bigBases = await mapLimit(Array.from({ length: baseCount }, (_, i) => i), 2, (i) => makeLargeMaster(detailed[(i * 3) % detailed.length]!, i, 4000, 3000));
  const rowsB = Array.from({ length: items }, (_, k) => benchRow(k + 1, `PUB-${String(k + 1).padStart(6, "0")}.jpg`, { prefix: "PUB" }));
  const masterBytes = await writeFiles(items, (k) => ({ file: path.join(genA.collection, rowsB[k]!.file), bytes: copyOf(bigBases[k % baseCount]!, k + 1) }), 4);
  writeFileSync(genA.manifest, csvText(rowsB));
  console.log(
    `\n2a. latency bound: ${items} generated 4000×3000 JPEG masters (${baseCount} encodes, copies with unique XMP numbers; mean ${mib(masterBytes / items).toFixed(1)} MiB; ${((Date.now() - t0) / 1000).toFixed(1)} s to make)`,
  );
  const faultSpec = `latency=${restLatency[0]}-${restLatency[1]}ms,latency@upload=${uploadLatency[0]}-${uploadLatency[1]}ms,seed=7`;
  sandbox.resetCalls();
  sandbox.faults.set(faultSpec);
  const pubB = await runMeasured([CLI, "publish", "manifests/bench.csv", "--endpoint", sandbox.url, "--quota", "1000000", "--concurrency", "3", "--reconcile-grace", "0", "--json"], {
    cwd: genA.dir,
    env,
    scratch: root.dir,
  });
  sandbox.faults.clear();
  if (pubB.code !== 0) throw new Error(`publish of the generated collection exited ${pubB.code}: ${pubB.stderr}`);
  const statsB = sandbox.calls();
  const stateB = path.join(genA.dir, "manifests", ".heritage", "bench");
  const logB = readLog(path.join(stateB, "log.jsonl"));
  const startTs = Date.parse(logB.find((l) => l.event === "start")!.ts);
  const endTs = Date.parse(logB.find((l) => l.event === "end")!.ts);
  const copies = dirBytes(path.join(stateB, "copies"));
  const itemCallsB = logB.filter((l) => l.method && l.identifier && l.outcome === "ok").length;
  const meanCopyMiB = mib(copies.bytes / Math.max(1, copies.files));
  const execSeconds = (endTs - startTs) / 1000;
  const latencyBoundExec = (items / execSeconds) * 3600;
  const latencyBoundWall = (items / (pubB.wallMs / 1000)) * 3600;
  const meanRest = (restLatency[0] + restLatency[1]) / 2;
  const meanUpload = (uploadLatency[0] + uploadLatency[1]) / 2 + meanRest;
  const postCalls = itemCallsB / items - 1;
  const serialSeconds = (meanUpload + postCalls * meanRest) / 1000;
  printTable(
    `publish --concurrency 3 --quota 1000000, faults "${faultSpec}"`,
    ["", "value"],
    [
      ["wall time (CLI, validate + normalize + upload + setters)", `${(pubB.wallMs / 1000).toFixed(1)} s`],
      ["execution phase (run log start → end)", `${execSeconds.toFixed(1)} s`],
      ["peak RSS of the publish process", `${mib(pubB.peakRss).toFixed(0)} MiB`],
      ["upload copies (JPEG masters pass through unchanged)", `${copies.files} files, mean ${meanCopyMiB.toFixed(1)} MiB`],
      [`  at 20 Mbit/s a ${meanCopyMiB.toFixed(1)} MiB copy takes`, `${((copies.bytes / Math.max(1, copies.files)) * 8 / 20e6).toFixed(1)} s (injected: ${uploadLatency[0] / 1000}–${uploadLatency[1] / 1000} s + ${restLatency[0]}–${restLatency[1]} ms)`],
      ["calls per photo (items / total with overhead)", `${(itemCallsB / items).toFixed(2)} / ${(statsB.total / items).toFixed(2)}`],
      ["model: one item's calls back to back", `${serialSeconds.toFixed(2)} s → ×3 in parallel = ${((3 * 3600) / serialSeconds).toFixed(0)} photos/h`],
      ["measured photos/hour, execution phase", latencyBoundExec.toFixed(0)],
      ["measured photos/hour, whole run", latencyBoundWall.toFixed(0)],
      ["429s / failures", `${statsB.served429} / ${Object.keys(statsB.failures).length}`],
    ],
  );

  // ================= 2b. quota bound, paced in virtual time =================
  const vt = virtualClock(Date.now());
  const vSandbox = await startSandbox({ seed: 2, quota: QUOTA, clock: vt.now });
  sandboxes.push(vSandbox);
  const genV = createProject(path.join(root.dir, "virtual"));
  const smallBases = await mapLimit(Array.from({ length: 12 }, (_, i) => i), 2, (i) => makeBaseImage(sources[i % sources.length]!, i, { jpegLongEdge: [300, 500], tiffLongEdge: [300, 400], tiffEvery: 1_000_000 }));
  const rowsV = Array.from({ length: virtualItems }, (_, k) => benchRow(k + 1, `VT-${String(k + 1).padStart(6, "0")}.jpg`, { prefix: "VT" }));
  await writeFiles(virtualItems, (k) => ({ file: path.join(genV.collection, rowsV[k]!.file), bytes: copyOf(smallBases[k % smallBases.length]!, k + 1) }));
  writeFileSync(genV.manifest, csvText(rowsV));
  const ctx = benchContext({ cwd: genV.dir, env: cliEnv(vSandbox) });
  const options: PipelineOptions = {
    manifest: genV.manifest, mode: "publish", dryRun: false, strict: false, retryFailed: false, json: true, details: false, state: null,
    quota: QUOTA, concurrency: 3, normalizeConcurrency: 2, endpoint: vSandbox.url, sandbox: false, reconcileGraceSeconds: 0, timeoutMs: 30_000,
    prune: null, yes: false, replaceTags: false, debug: false,
  };
  const realStart = Date.now();
  const vStart = vt.now();
  const code = await runPipeline(ctx, options, { clock: vt.now, sleep: vt.sleep });
  const vSeconds = (vt.now() - vStart) / 1000;
  const realSeconds = (Date.now() - realStart) / 1000;
  if (code !== 0) throw new Error(`virtual-time publish exited ${code}: ${ctx.err()}`);
  const statsV = vSandbox.calls();
  const logV = readLog(path.join(genV.dir, "manifests", ".heritage", "bench", "log.jsonl"));
  const itemCallsV = logV.filter((l) => l.method && l.identifier && l.outcome === "ok").length;
  const simulated = (virtualItems / vSeconds) * 3600;
  const maxPerMinute = Math.max(...statsV.perMinute.map((m) => m.count));
  printTable(
    `2b. quota bound, paced: runPipeline of ${virtualItems} small items at --quota ${QUOTA} (the default), budget and sandbox on a virtual clock`,
    ["", "value"],
    [
      ["calls (sandbox) / per photo with overhead / items only", `${statsV.total} / ${(statsV.total / virtualItems).toFixed(2)} / ${(itemCallsV / virtualItems).toFixed(2)}`],
      ["simulated duration", `${vSeconds.toFixed(0)} s (${(vSeconds / 60).toFixed(1)} min; took ${realSeconds.toFixed(1)} s real)`],
      ["simulated calls per second / most calls in a minute", `${(statsV.total / vSeconds).toFixed(3)} / ${maxPerMinute}`],
      ["simulated photos/hour", simulated.toFixed(0)],
      ["429s served by the sandbox", String(statsV.served429)],
    ],
  );

  // ================= summary =================
  const perPhotoGen = itemCallsV / virtualItems;
  const quotaModelSample = QUOTA / perPhotoSample;
  const quotaModelGen = QUOTA / perPhotoGen;
  const quotaMinimum = QUOTA / minPerPhoto;
  const effective = Math.min(simulated, latencyBoundExec);
  printTable(
    `photos per hour at the default quota (${QUOTA} calls/h, paced at 1 call/s, burst 5)`,
    ["bound", "calls/photo", "photos/hour"],
    [
      ["quota, model 3600 / calls (sample, items only)", perPhotoSample.toFixed(2), quotaModelSample.toFixed(0)],
      ["quota, model 3600 / minimum calls (sample)", minPerPhoto.toFixed(2), quotaMinimum.toFixed(0)],
      ["quota, model 3600 / calls (generated catalogue mix)", perPhotoGen.toFixed(2), quotaModelGen.toFixed(0)],
      [`quota, simulated (${virtualItems} items, virtual clock, overhead incl.)`, (statsV.total / virtualItems).toFixed(2), simulated.toFixed(0)],
      [`latency, measured (${items} × 12 MP, --concurrency 3)`, (itemCallsB / items).toFixed(2), latencyBoundExec.toFixed(0)],
      ["effective = min(quota simulated, latency measured)", "", `${effective.toFixed(0)}  (${simulated <= latencyBoundExec ? "the quota binds" : "latency binds"})`],
    ],
  );
  console.log(
    `\nassumptions: REST calls ${restLatency[0]}–${restLatency[1]} ms each (Flickr API round trip from Europe); uploads another ${uploadLatency[0]}–${uploadLatency[1]} ms ` +
      `(a ~5 MB copy at ~20 Mbit/s up ≈ 2 s, plus Flickr's processing); latency uniform per call, seeded; no failures injected (test/publish/faults.test.ts covers those).`,
  );
  figures.photos_per_hour = { quota_simulated: Math.round(simulated), latency_measured: Math.round(latencyBoundExec), effective: Math.round(effective) };
}

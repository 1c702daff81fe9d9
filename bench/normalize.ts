/**
 * Normalization throughput and memory. Figures only; nothing is asserted.
 *
 *   npx tsx bench/normalize.ts [--count 6] [--rounds 3] [--quality 90]
 *   npx tsx bench/normalize.ts --huge
 *
 * Default mode: generates `count` 24-megapixel (6000×4000) 16-bit Adobe RGB TIFF masters in a
 * temporary folder (every third with EXIF orientation 6), then normalizes them with
 * heritage's normalizeImage, with a bare sharp conversion
 * (`sharp(f).rotate().toColourspace("srgb").jpeg({ quality })`) and with the same bare
 * conversion using heritage's JPEG settings (which isolates heritage's own overhead), each
 * variant in its own child process, rotating which goes first, for `rounds` rounds. Prints the
 * median seconds per image, the ratios, megapixels per second and each variant's peak RSS.
 *
 * --huge: one ~200-megapixel (16330×12250) 16-bit master, upright and rotated (orientation 6),
 * normalized by heritage (and the bare conversion, for comparison): peak RSS per run.
 *
 * Masters are deleted at the end (they are 144 MB each, 1.2 GB in --huge).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { adobeRgbProfile, writeMaster } from "./lib/image-masters.js";
import type { WorkerJob, WorkerResult } from "./lib/normalize-worker.js";

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const huge = argv.includes("--huge");
const count = flag("count", 6);
const rounds = flag("rounds", 3);
const quality = flag("quality", 90);
const WORKER = fileURLToPath(new URL("./lib/normalize-worker.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../", import.meta.url));

function runWorker(job: WorkerJob): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(job)], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as WorkerResult) : reject(new Error(`worker exited ${code}`))));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const dir = await mkdtemp(path.join(tmpdir(), "heritage-bench-normalize-"));
const cleanup = () => rm(dir, { recursive: true, force: true });
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  const profile = await adobeRgbProfile(dir);
  const outDir = path.join(dir, "out");
  await mkdir(outDir);
  console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, Node ${process.version}; sharp.cache(false), concurrency ${sharp.concurrency()}`);

  if (!huge) {
    const width = 6000;
    const height = 4000;
    const megapixels = (width * height) / 1e6;
    const files: string[] = [];
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const file = path.join(dir, `master-${i}.tif`);
      await writeMaster(file, { width, height, orientation: i % 3 === 2 ? 6 : 1, profile, seed: i });
      files.push(file);
    }
    console.log(`generated ${count} masters of ${width}×${height} 16-bit Adobe RGB (${((Date.now() - started) / 1000).toFixed(1)} s); quality ${quality}, ${rounds} rounds`);
    const variants: WorkerJob["variant"][] = ["heritage", "bare", "bare-same-jpeg"];
    const seconds: Record<string, number[]> = { heritage: [], bare: [], "bare-same-jpeg": [] };
    const peaks: Record<string, number[]> = { heritage: [], bare: [], "bare-same-jpeg": [] };
    const sizes: Record<string, number[]> = { heritage: [], bare: [], "bare-same-jpeg": [] };
    for (let r = 0; r < rounds; r++) {
      const order = [...variants.slice(r % variants.length), ...variants.slice(0, r % variants.length)];
      for (const variant of order) {
        const result = await runWorker({ variant, files, outDir, quality });
        seconds[variant]!.push(...result.seconds);
        peaks[variant]!.push(result.peakRssMb);
        sizes[variant]!.push(...result.bytes);
        console.log(`  round ${r + 1} ${variant.padEnd(14)} ${result.seconds.map((s) => s.toFixed(2)).join(" ")} s   peak RSS ${result.peakRssMb.toFixed(0)} MB`);
      }
    }
    const labels: Record<string, string> = {
      heritage: "heritage normalizeImage",
      bare: "bare sharp (sharp's JPEG defaults)",
      "bare-same-jpeg": "bare sharp (heritage's JPEG settings)",
    };
    console.log("");
    for (const v of variants) {
      const m = median(seconds[v]!);
      console.log(
        `${labels[v]!.padEnd(40)} median ${m.toFixed(2)} s/image  ${(megapixels / m).toFixed(1).padStart(5)} MP/s  peak RSS ${Math.max(...peaks[v]!).toFixed(0).padStart(4)} MB  copy ${mb(median(sizes[v]!))} MB`,
      );
    }
    const h = median(seconds.heritage!);
    console.log(`ratio heritage / bare (sharp defaults)      ${(h / median(seconds.bare!)).toFixed(2)}`);
    console.log(`ratio heritage / bare (same JPEG settings)  ${(h / median(seconds["bare-same-jpeg"]!)).toFixed(2)}`);
  } else {
    const width = 16330;
    const height = 12250;
    for (const orientation of [1, 6]) {
      const file = path.join(dir, `huge-${orientation}.tif`);
      const started = Date.now();
      await writeMaster(file, { width, height, orientation, profile, seed: orientation });
      console.log(`generated ${width}×${height} (${((width * height) / 1e6).toFixed(0)} MP) 16-bit master, orientation ${orientation} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      for (const variant of ["heritage", "bare"] as const) {
        const result = await runWorker({ variant, files: [file], outDir, quality });
        console.log(`  ${variant.padEnd(8)} ${result.seconds[0]!.toFixed(1)} s  peak RSS ${result.peakRssMb.toFixed(0)} MB  copy ${mb(result.bytes[0]!)} MB`);
        await rm(path.join(outDir, `${variant}-0.jpg`), { force: true });
      }
      await rm(file, { force: true });
    }
  }
} finally {
  await cleanup();
}

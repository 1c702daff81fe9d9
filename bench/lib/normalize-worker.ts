/**
 * One benchmark variant in its own process (so each peak RSS is its own): normalize the given
 * masters one after another and print one JSON line with the seconds per image, the output
 * sizes and the process's peak RSS.
 *
 *   node --import tsx bench/lib/normalize-worker.ts '{"variant":"heritage","files":[…],"outDir":"…","quality":90}'
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { emptyEmbedFields } from "../../src/image/embed-fields.js";
import { normalizeImage } from "../../src/image/normalize.js";

export interface WorkerJob {
  /**
   * heritage: normalizeImage. bare: the plain sharp conversion named in the issue (sharp's JPEG
   * defaults: 4:2:0, optimised Huffman tables). bare-same-jpeg: the same conversion with
   * heritage's JPEG settings at this size (4:4:4 at quality ≥ 90, no optimised coding above
   * 16 MP), isolating heritage's own overhead (hashing, metadata, EXIF policy).
   */
  variant: "heritage" | "bare" | "bare-same-jpeg";
  files: string[];
  outDir: string;
  quality: number;
}

export interface WorkerResult {
  variant: string;
  seconds: number[];
  bytes: number[];
  peakRssMb: number;
}

const job = JSON.parse(process.argv[2]!) as WorkerJob;
// The CLI's choice for batch work: distinct files gain nothing from libvips' operation cache.
sharp.cache(false);

const embed = {
  ...emptyEmbedFields(),
  title: "Badande kvinnor på Collaroy Beach",
  description: "Glasplåtsnegativ. Benchmark master.",
  creator: "Okänd fotograf",
  date: "ca. 1910",
  rights: "Public Domain Mark 1.0",
  rightsUrl: "https://creativecommons.org/publicdomain/mark/1.0/",
  identifier: "BENCH-1",
  sourceUrl: "https://example.org/record/BENCH-1",
  institution: "Benchmark Museum",
};

const seconds: number[] = [];
const bytes: number[] = [];
for (const [i, file] of job.files.entries()) {
  const out = path.join(job.outDir, `${job.variant}-${i}.jpg`);
  const started = performance.now();
  if (job.variant === "heritage") {
    const result = await normalizeImage(file, { outputPath: out, maxBytes: 200 * 1024 * 1024, jpegQuality: job.quality, maxPixels: 268_402_689, embed }, { sharp });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    bytes.push(result.bytes);
  } else if (job.variant === "bare") {
    const info = await sharp(file).rotate().toColourspace("srgb").jpeg({ quality: job.quality }).toFile(out);
    bytes.push(info.size);
  } else {
    const jpeg = { quality: job.quality, chromaSubsampling: job.quality >= 90 ? "4:4:4" : "4:2:0", optimiseCoding: false };
    const info = await sharp(file).rotate().toColourspace("srgb").jpeg(jpeg).toFile(out);
    bytes.push(info.size);
  }
  seconds.push((performance.now() - started) / 1000);
}
const result: WorkerResult = { variant: job.variant, seconds, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);

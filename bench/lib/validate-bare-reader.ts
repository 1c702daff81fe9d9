/**
 * The yardstick of bench/validate.ts: the least a validator must do, in its own process. Parse
 * the manifest CSV (csv-parse, streamed) and read each row's image header with sharp
 * (`metadata()`), `concurrency` at a time in manifest order, nothing else. Prints one JSON line
 * with the time from the first byte read to the last header (Node's start-up left out) and the
 * CPU time (user + system, all threads) over the same span.
 *
 *   node --import tsx bench/lib/validate-bare-reader.ts '{"manifest":"…","collection":"…","concurrency":4}'
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parse } from "csv-parse";
import pLimit from "p-limit";
import sharp from "sharp";

const job = JSON.parse(process.argv[2]!) as { manifest: string; collection: string; concurrency: number };
sharp.cache(false);
const started = performance.now();
const cpu0 = process.cpuUsage();
const limit = pLimit(job.concurrency);
const window = job.concurrency * 4;
const pending: Promise<number>[] = [];
let rows = 0;
let pixels = 0;
for await (const record of createReadStream(job.manifest).pipe(parse({ columns: true, bom: true }))) {
  const file = path.join(job.collection, (record as { file: string }).file);
  const task = limit(async () => {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    return meta.width * meta.height;
  });
  pending.push(task);
  while (pending.length >= window) pixels += await pending.shift()!;
  rows++;
}
while (pending.length > 0) pixels += await pending.shift()!;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ rows, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, pixels }));

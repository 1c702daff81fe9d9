/**
 * The measured half of bench/lido.ts, in its own process so its peak RSS is its own: open a
 * LIDO manifest and read every row (openManifest + rows(), as validate does), counting rows and
 * the rows with a title. Prints one JSON line.
 *
 *   node --import tsx bench/lib/lido-read-worker.ts /path/to/manifest.xml
 */
import { performance } from "node:perf_hooks";
import { openManifest } from "../../src/manifest/open.js";

const started = performance.now();
const opened = await openManifest(process.argv[2]!);
let rows = 0;
let titled = 0;
for await (const { item } of opened.rows()) {
  rows++;
  if (item.values.title !== undefined) titled++;
}
console.log(JSON.stringify({ rows, titled, readMs: Math.round(performance.now() - started) }));

/**
 * How fast is the sandbox? Fills an in-memory sandbox with N photos (default 5,000: a rehearsal
 * run's size), then times typical calls through flickr-sdk + HeritageTransport and prints the
 * server time per call (what /sandbox/calls measures: parsed request → response, no network) and
 * the client-side round trip. Figures only; nothing is asserted.
 *
 *   npx tsx bench/sandbox-calls.ts [photos=5000] [calls=300] [--data]
 *
 * With --data the sandbox persists to a temporary SQLite file (one transaction per call).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { createFlickrClient } from "../src/flickr/client.js";
import { startSandbox } from "../src/sandbox/index.js";

const args = process.argv.slice(2).filter((a) => a !== "--data");
const photoCount = Number(args[0] ?? 5000);
const callCount = Number(args[1] ?? 300);
const dataDir = process.argv.includes("--data") ? mkdtempSync(join(tmpdir(), "heritage-bench-")) : undefined;

const sandbox = await startSandbox({ seed: 1, quota: 1_000_000, ...(dataDir ? { dataDir } : {}) });
const client = createFlickrClient({ credentials: sandbox.credentials, endpoint: sandbox.url });
const jpeg = new Blob([new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#888" } }).jpeg().toBuffer())]);

async function measure(label: string, n: number, call: (i: number) => Promise<unknown>): Promise<void> {
  sandbox.resetCalls();
  const started = performance.now();
  for (let i = 0; i < n; i++) await call(i);
  const wall = performance.now() - started;
  const { serverTimeMs } = sandbox.calls();
  console.log(
    `${label.padEnd(44)} ${String(n).padStart(5)} calls  server ${serverTimeMs.mean.toFixed(3).padStart(7)} ms/call (max ${serverTimeMs.max.toFixed(2)})  round trip ${(wall / n).toFixed(3).padStart(7)} ms/call`,
  );
}

console.log(`sandbox with ${photoCount} photos, ${callCount} calls per row, ${dataDir ? "persisted to SQLite" : "in memory"} (Node ${process.version})`);
await measure("upload (64×48 JPEG, 4 tags)", photoCount, (i) => client.upload(jpeg, { title: `Photo ${i}`, tags: `heritage:id=ITEM-${i} archive "glass plate" sweden` }));
const ids = sandbox.photos().map((p) => p.id);
await measure("flickr.photos.getInfo", callCount, (i) => client.flickr("flickr.photos.getInfo", { photo_id: ids[i % ids.length] }));
await measure("photos.search by exact machine tag (index)", callCount, (i) => client.flickr("flickr.photos.search", { user_id: "me", machine_tags: `heritage:id="ITEM-${(i * 7) % photoCount}"` }));
await measure("photos.search by wildcard heritage:id= (scan)", Math.min(callCount, 50), () => client.flickr("flickr.photos.search", { user_id: "me", machine_tags: "heritage:id=", per_page: 500 }));
await measure("people.getPhotos, 500 per page, extras", Math.min(callCount, 50), (i) =>
  client.flickr("flickr.people.getPhotos", { user_id: "me", per_page: 500, page: (i % 10) + 1, extras: "tags,machine_tags,date_upload,last_update,license" }),
);
await measure("flickr.photos.setTags", callCount, (i) => client.flickr("flickr.photos.setTags", { photo_id: ids[i % ids.length], tags: `heritage:id=ITEM-${i % photoCount} re-synced` }));
await measure("flickr.photos.setMeta", callCount, (i) => client.flickr("flickr.photos.setMeta", { photo_id: ids[i % ids.length], title: `Title ${i}` }));
await sandbox.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });

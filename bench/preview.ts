/**
 * How fast is `heritage preview` on a big collection, and does the report stay responsive?
 * Builds a collection of N distinct masters from the five sample pictures (default 5,000: JPEG
 * and, one in ten, TIFF, 1,000–1,600 px, each with a unique mark so no two share content), with
 * a manifest of varied Swedish/English rows (some with warnings, some with errors). Then:
 *   1. a first preview (every picture made), and a second one (every picture reused);
 *   2. the report opened in Debian's chromium (if installed): time until the grid shows, to
 *      filter to errors, to search, to open an item, and the longest main-thread task.
 * Figures only; nothing is asserted.
 *
 *   npx tsx bench/preview.ts [items=5000] [--concurrency N]
 *
 * The generated collection is kept in bench/out/ (gitignored) and reused by the next run.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import pLimit from "p-limit";
import sharp from "sharp";
import { generatePreview } from "../src/preview/preview.js";

// Callbacks given to playwright run in the browser; this project's TypeScript has no DOM types.
declare const document: any, location: any, addEventListener: any, requestAnimationFrame: any, KeyboardEvent: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);
const concurrency = Number(flag("--concurrency") ?? Math.max(2, availableParallelism()));
const name = `bench-${count}`;
const base = join(ROOT, "bench/out", `preview-${count}`);
const manifest = join(base, "manifests", `${name}.csv`);
const collection = join(base, "collections", name);

const SOURCES = ["collaroy/a845001.tif", "collaroy/a845001-inscription.tif", "fashion/bon-ton-plate-46.jpg", "fashion/bon-ton-plate-46-caption.jpg", "events/outdoor-screening.tif"];
const PLACES = [["Visby, Gotland", "57,6348", "18,2948"], ["Strömstad, Bohuslän", "58,9394", "11,1712"], ["Kukkola, Norrbotten", "65,9621", "24,0432"], ["Stockholm, Uppland", "59,3260", "18,0718"], ["", "", ""]];
const DATES = ["1908", "maj 1914", "ca 1920", "1920-talet", "1893-94", "17 maj 1923", "okänd", "vår 1932", "1880s", "[1915?]"];
const LICENSES = ["http://rightsstatements.org/vocab/NKC/1.0/", "https://creativecommons.org/publicdomain/mark/1.0/", "CC BY 4.0", "CC0"];

const cell = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Row i of the manifest: every 40th names a missing file, every 50th an unknown licence. */
function row(i: number, file: string): string {
  const [place, lat, lon] = PLACES[i % PLACES.length] as [string, string, string];
  const values = [
    `BENCH-${String(i).padStart(5, "0")}`,
    i % 40 === 39 ? `missing/${i}.jpg` : file,
    `Vy över ${place.split(",")[0] || "okänd plats"}, bild ${i} — Riksantikvarieämbetet`,
    `Fotografi nummer ${i} ur samlingen. Människor, båtar och hamnen i ${place || "en okänd ort"}.\nSe https://example.org/record/${i} för mer.`,
    i % 3 === 0 ? "Okänd" : "Almquist & Cöster",
    DATES[i % DATES.length]!,
    place,
    lat,
    lon,
    lat ? "14" : "",
    ["hamn; båtar", "kyrka; medeltid", "människor", "fiske; älv"][i % 4]!,
    i % 50 === 49 ? "Fri att använda" : LICENSES[i % LICENSES.length]!,
    `Album ${i % 12}`,
    `https://example.org/record/${i}`,
  ];
  return values.map(cell).join(";");
}

async function buildCollection(): Promise<number> {
  const complete = join(base, ".complete");
  if (existsSync(complete) && existsSync(manifest)) return 0;
  const started = performance.now();
  await rm(base, { recursive: true, force: true });
  await mkdir(collection, { recursive: true });
  await mkdir(join(base, "manifests"), { recursive: true });
  const bases = await Promise.all(
    SOURCES.map((s, n) =>
      sharp(join(ROOT, "collections/sample", s))
        .autoOrient()
        .toColourspace("srgb")
        .resize(1000 + n * 150, 1000 + n * 150, { fit: "inside" })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ),
  );
  const limit = pLimit(concurrency);
  const rows: string[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        const b = bases[i % bases.length]!;
        // A 64×8 block whose pixels spell i: every master has its own content hash.
        const mark = Buffer.alloc(64 * 8 * 3);
        for (let bit = 0; bit < 16; bit++) mark.fill((i >> bit) & 1 ? 255 : 0, bit * 4 * 3, (bit * 4 + 4) * 3);
        const img = sharp(b.data, { raw: b.info }).composite([{ input: mark, raw: { width: 64, height: 8, channels: 3 }, left: 8, top: 8 }]);
        const tiff = i % 10 === 0;
        const file = `${String(Math.floor(i / 500)).padStart(2, "0")}/${i}.${tiff ? "tif" : "jpg"}`;
        await mkdir(join(collection, file, ".."), { recursive: true });
        await (tiff ? img.tiff({ compression: "deflate" }) : img.jpeg({ quality: 90 })).toFile(join(collection, file));
        rows[i] = row(i, file);
      }),
    ),
  );
  const header = "identifier;file;title;description;creator;date;place;latitude;longitude;geo_accuracy;tags;license;album;source_url";
  await writeFile(manifest, `${header}\n${rows.join("\n")}\n`);
  await writeFile(join(base, "manifests", `${name}.settings.yaml`), `institution: Riksantikvarieämbetet\nnamespace: bench\nextra_tags:\n  - Riksantikvarieämbetet\n`);
  await writeFile(complete, "");
  return performance.now() - started;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of await readdir(dir)) total += (await stat(join(dir, f))).size;
  return total;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

console.log(`heritage preview bench: ${count} items, concurrency ${concurrency} (Node ${process.version}, ${availableParallelism()} CPUs, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})`);
const built = await buildCollection();
console.log(built ? `collection generated in ${s(built)} (${base})` : `collection reused (${base})`);

const out = join(base, "report");
await rm(out, { recursive: true, force: true });
for (const label of ["first preview (pictures made)", "second preview (pictures reused)"]) {
  peakRss = 0;
  const r = await generatePreview({ manifest, cwd: ROOT, out, concurrency, toolVersion: "bench", sharp });
  if (r.interrupted) throw new Error("interrupted");
  console.log(
    `${label.padEnd(34)} ${s(r.ms.total).padStart(7)}  model+HTML ${s(r.ms.render)}  index.html ${mb(r.bytes)}  ` +
      `pictures made ${r.images.made}, reused ${r.images.cached}, placeholders ${r.images.placeholders}  peak RSS ${mb(peakRss)}`,
  );
  if (label.startsWith("first")) {
    const s2 = r.summary;
    console.log(`  rows: ${s2.validation.ok} ok, ${s2.validation.warnings} warnings, ${s2.validation.errors} errors; thumbs/ ${mb(await folderBytes(join(out, "thumbs")))}; publish plan ${s2.plans[0]!.calls} calls`);
  }
}
clearInterval(sampler);

const CHROMIUM = process.env.HERITAGE_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.log(`(no browser figures: ${CHROMIUM} is not installed)`);
} else {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Long tasks (main thread busy > 50 ms) from the start of the page.
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __longest: number; PerformanceObserver: new (cb: (l: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void } };
    w.__longest = 0;
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const url = pathToFileURL(join(out, "index.html")).href;
  const t0 = performance.now();
  await page.goto(url);
  await page.waitForSelector("#grid a.tile");
  const opened = performance.now() - t0;
  // Each step is timed inside the page, from the user's action to the end of the re-render (our
  // hashchange handler runs first; a listener added after it sees the DOM already updated).
  // Functions, not strings: the report's CSP has no 'unsafe-eval', so playwright cannot eval text.
  type Step = "errors" | "all" | "search" | "clear" | "last" | "item" | "next";
  const step = (kind: Step, arg = "") =>
    page.evaluate(
      ([k, a]) =>
        new Promise<number>((resolve) => {
          const t = performance.now();
          addEventListener("hashchange", () => requestAnimationFrame(() => resolve(performance.now() - t)), { once: true });
          if (k === "errors" || k === "all") document.querySelector(`input[name=status][value=${k}]`).click();
          else if (k === "search") {
            document.querySelector("#search").value = a;
            document.querySelector("#controls").requestSubmit();
          } else if (k === "clear") location.hash = "#";
          else if (k === "last") location.hash = `#page=${a}`;
          else if (k === "item") document.querySelector("#grid a.tile").click();
          else document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
        }),
      [kind, arg] as const,
    );
  const filter = await step("errors");
  const all = await step("all");
  const search = await step("search", "strömstad kyrka");
  await step("clear");
  const last = await step("last", String(Math.ceil(count / 100)));
  const item = await step("item");
  const next = await step("next");
  const longest = await page.evaluate(() => (globalThis as unknown as { __longest: number }).__longest);
  const ready = await page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(t: string): { domContentLoadedEventEnd: number }[] } }).performance.getEntriesByType("navigation")[0]!.domContentLoadedEventEnd);
  const heap = await page.evaluate(() => (globalThis as unknown as { performance: { memory?: { usedJSHeapSize: number } } }).performance.memory?.usedJSHeapSize ?? 0);
  console.log(
    `chromium: page parsed and first grid page rendered ${ready.toFixed(0)} ms after navigation start (${opened.toFixed(0)} ms as playwright saw it); ` +
      `then, action to next frame: filter to errors ${filter.toFixed(0)} ms, back to all ${all.toFixed(0)} ms, search ${search.toFixed(0)} ms, last page ${last.toFixed(0)} ms, ` +
      `open an item ${item.toFixed(0)} ms, next item ${next.toFixed(0)} ms; ` +
      `longest main-thread task ${longest.toFixed(0)} ms; JS heap ${mb(heap)}`,
  );
  await browser.close();
}

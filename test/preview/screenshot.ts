/**
 * Makes docs/preview.png, the README's picture of the report: the sample collection's preview
 * (with a state in which a few photos are published, one changed and one failed, so the
 * publication filters show) in Debian's chromium. Not a test; run it after changing the report:
 *
 *   npx tsx test/preview/screenshot.ts [docs/preview.png]
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { REPO_ROOT, runCli } from "../helpers/cli.js";
import { copyCollection, writeState } from "./helpers.js";

const target = resolve(REPO_ROOT, process.argv[2] ?? "docs/preview.png");
const CHROMIUM = process.env.HERITAGE_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);

const cleanups: (() => unknown)[] = [];
try {
  const { dir, manifest } = await copyCollection({ teardown: (fn) => cleanups.push(fn) }, "sample");
  await writeState(manifest, { "SLNSW-a845001": "published", "SLNSW-a845001-1": "changed", "DEMO-0005": "failed" });
  const out = join(dir, "report");
  const run = await runCli(["preview", "manifests/sample.csv", "--out", out], { cwd: dir });
  if (run.code !== 0) throw new Error(run.stderr);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.waitForSelector("#grid a.tile");
    await page.$$eval("#grid img", (imgs) => Promise.all(imgs.map((i) => (i as unknown as { decode(): Promise<void> }).decode())));
    await page.screenshot({ path: target, fullPage: true });
    console.log(`wrote ${target}`);
  } finally {
    await browser.close();
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}

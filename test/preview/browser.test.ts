/**
 * The report in a real browser: Debian's chromium driven by playwright-core (no browser is
 * downloaded; .ci/run installs chromium with apt). Reports are generated for the sample (without
 * and with a state) and the broken collection, opened from disk, and used as a curator would:
 * the grid, the filters, search, the item view by mouse and keyboard, on a phone-sized screen.
 * Every request the page makes is recorded: only its own file:// pictures and data: URIs may load.
 */
import test from "ava";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { runCli } from "../helpers/cli.js";
import { copyCollection, writeState } from "./helpers.js";

// Callbacks given to page.evaluate run in the browser; the tests' TypeScript has no DOM types.
declare const document: any, location: any, Image: any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Img = { decode(): Promise<void>; naturalWidth: number };

const CHROMIUM = process.env.HERITAGE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

interface Report {
  dir: string;
  url: string;
}

let browser: Browser;
const reports: Record<"sample" | "published" | "broken", Report> = {} as never;
let validateBroken: { items: { row: number; flickr: { title: string } }[]; issues: { severity: string; row: number | null }[] };

/** Temporary folders of the reports, removed after the last test (hooks have no t.teardown). */
const cleanups: (() => unknown)[] = [];

async function generate(name: "sample" | "broken", outcomes?: Parameters<typeof writeState>[1]): Promise<Report & { manifest: string; cwd: string }> {
  const { dir, manifest } = await copyCollection({ teardown: (fn) => cleanups.push(fn) }, name);
  if (outcomes) await writeState(manifest, outcomes, { nsid: "12345678@N00" });
  const out = join(dir, "report");
  const run = await runCli(["preview", manifest, "--out", out], { cwd: dir });
  if (run.code !== 0) throw new Error(`preview failed: ${run.stderr}`);
  return { dir: out, url: pathToFileURL(join(out, "index.html")).href, manifest, cwd: dir };
}

test.before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. The browser tests need it: .ci/run installs it with \`apt-get install chromium\` (no browser is downloaded by npm). Set HERITAGE_CHROMIUM to use another binary.`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  reports.sample = await generate("sample");
  reports.published = await generate("sample", { "SLNSW-a845001": "published", "SLNSW-a845001-1": "changed", "BONTON-1914-05-46": "failed" });
  const broken = await generate("broken");
  reports.broken = broken;
  validateBroken = JSON.parse((await runCli(["validate", broken.manifest, "--json"], { cwd: broken.cwd })).stdout);
});

test.after.always(async () => {
  await browser?.close();
  for (const cleanup of cleanups) await cleanup();
});

interface Opened {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Script errors and dialogs (alert() from a description would be one). */
  problems: string[];
}

/** Open a report; every request is recorded, and anything that is not the report's own file or a data: URI is refused. */
async function open(report: Report, options: { hash?: string; width?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const requests: string[] = [];
  const problems: string[] = [];
  const own = pathToFileURL(report.dir).href;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(own) || url.startsWith("data:") ? route.continue() : route.abort();
  });
  page.on("pageerror", (e) => problems.push(`error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(report.url + (options.hash ?? ""));
  await page.waitForSelector("#result-count:not(:empty), #item-view:not([hidden])");
  return { page, requests, problems };
}

function onlyOwnFiles(t: import("ava").ExecutionContext, report: Report, opened: Opened): void {
  const own = pathToFileURL(report.dir).href;
  const foreign = opened.requests.filter((u) => !u.startsWith(own) && !u.startsWith("data:"));
  t.deepEqual(foreign, [], "nothing comes from the network");
  t.deepEqual(opened.problems, []);
}

const tileRows = (page: Page) => page.$$eval("#grid a.tile", (as) => as.map((a) => Number(a.getAttribute("data-row"))));

test("sample: the grid shows every item with its thumbnail, identifier and title; nothing comes from the network", async (t) => {
  const opened = await open(reports.sample);
  const { page } = opened;
  t.deepEqual(await tileRows(page), [2, 3, 4, 5, 6]);
  t.deepEqual(await page.$$eval("#grid .tile-id", (e) => e.map((x) => x.textContent)), ["SLNSW-a845001", "SLNSW-a845001-1", "BONTON-1914-05-46", "BONTON-1914-05-46-1", "DEMO-0005"]);
  t.is(await page.textContent("#grid a[data-row='4'] .tile-title"), "Sais-tu ta leçon? Gazette du Bon Ton, plate 46, 1914");
  t.is(await page.getAttribute("#grid a[data-row='4'] img", "alt"), "Sais-tu ta leçon? Gazette du Bon Ton, plate 46, 1914");
  // Every thumbnail actually decoded (lazy images load once in view).
  await page.$$eval("#grid img", (imgs: Img[]) => Promise.all(imgs.map((i) => i.decode())));
  t.true((await page.$$eval("#grid img", (imgs: Img[]) => imgs.map((i) => i.naturalWidth))).every((w) => w > 0));
  t.is(await page.textContent("#result-count"), "Showing 1–5 of 5 photos.");
  onlyOwnFiles(t, reports.sample, opened);
  await page.context().close();
});

test("sample: the item view shows the title, description, licence, date and place as Flickr will", async (t) => {
  const opened = await open(reports.sample);
  const { page } = opened;
  await page.click("#grid a[data-row='4']");
  await page.waitForSelector("#item-view:not([hidden])");
  t.regex(page.url(), /#item=4$/);
  t.is(await page.textContent("#item-title"), "Sais-tu ta leçon? Gazette du Bon Ton, plate 46, 1914");
  t.is(await page.textContent("#item-content .fact-license .license-name"), "Public Domain Mark");
  t.is(await page.getAttribute("#item-content .fact-license a", "href"), "https://creativecommons.org/publicdomain/mark/1.0/");
  t.is(await page.getAttribute("#item-content .fact-license a", "target"), "_blank");
  t.is(await page.textContent("#item-content .date-taken"), "May 1914");
  t.is(await page.textContent("#item-content .description i"), "Gazette du Bon Ton");
  t.is(await page.textContent("#item-pos"), "3 of 5");
  t.is(await page.evaluate(() => document.activeElement?.id), "item-title", "the focus moves to the item's title");
  t.true(await page.$eval("#item-content .photo img", (i) => (i as Img).decode().then(() => (i as Img).naturalWidth > 0)));

  // Arrows move to the neighbours, Esc goes back to the grid with the focus on the tile.
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.hash === "#item=5");
  t.is(await page.textContent("#item-title"), "Caption of plate 46, Gazette du Bon Ton, 1914");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => location.hash === "#item=3");
  t.is(await page.textContent("#item-content .date-taken"), "1908");
  t.is(await page.textContent("#item-content .fact-license .license-name"), "No known copyright restrictions");
  t.regex((await page.getAttribute("#item-content .fact-place a", "href"))!, /^https:\/\/www\.openstreetmap\.org\/\?mlat=-33\.7323&mlon=151\.3012#map=15\//);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#item-view", { state: "hidden" });
  t.is(await page.evaluate(() => document.activeElement?.getAttribute("data-row")), "3");
  onlyOwnFiles(t, reports.sample, opened);
  await page.context().close();
});

test("sample: tiles are reached with Tab and opened with Enter; Back returns to the grid", async (t) => {
  const { page } = await open(reports.sample);
  await page.focus("#search");
  // Tab past the filters to the first tile: the radio group is one Tab stop.
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.className)) !== "tile tile-ok"; i++) await page.keyboard.press("Tab");
  t.is(await page.evaluate(() => document.activeElement?.getAttribute("data-row")), "2");
  await page.keyboard.press("Tab");
  t.is(await page.evaluate(() => document.activeElement?.getAttribute("data-row")), "3");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#item-view:not([hidden])");
  t.is(await page.textContent("#item-title"), "Names of the bathers written on the mount, Collaroy Beach, 1908");
  await page.goBack();
  await page.waitForSelector("#item-view", { state: "hidden" });
  t.deepEqual(await tileRows(page), [2, 3, 4, 5, 6]);
  await page.context().close();
});

test("sample: a link to an item opens it directly; search finds non-ASCII text", async (t) => {
  const { page } = await open(reports.sample, { hash: "#item=6" });
  t.is(await page.textContent("#item-title"), "An outdoor screening at night");
  t.is(await page.textContent("#item-content .fact-date"), "No date");
  await page.click("#item-back");
  await page.waitForSelector("#item-view", { state: "hidden" });
  await page.fill("#search", "LEÇON");
  await page.waitForFunction(() => document.querySelectorAll("#grid a.tile").length === 2);
  t.deepEqual(await tileRows(page), [4, 5]);
  t.regex(page.url(), /#q=LE%C3%87ON$/);
  await page.fill("#search", "Collaroy inscriptions");
  await page.waitForFunction(() => document.querySelectorAll("#grid a.tile").length === 1);
  t.deepEqual(await tileRows(page), [3]);
  await page.context().close();
});

test("broken: filtering to errors shows exactly the rows with errors, and warnings exactly the rows with only warnings", async (t) => {
  const opened = await open(reports.broken);
  const { page } = opened;
  const allRows = validateBroken.items.map((i) => i.row);
  t.deepEqual(await tileRows(page), allRows, "every row, in manifest order (47 fit on one page)");
  const severities = (row: number) => validateBroken.issues.filter((i) => i.row === row).map((i) => i.severity);
  const withErrors = allRows.filter((r) => severities(r).includes("error"));
  const warningsOnly = allRows.filter((r) => !severities(r).includes("error") && severities(r).length > 0);
  t.true(withErrors.includes(7) && withErrors.includes(29) && !withErrors.includes(12), "the oracle is sane: LICENSE_MISSING and FILE_MISSING are errors, LICENSE_RESTRICTIVE is not");

  await page.check("input[name=status][value=errors]");
  await page.waitForFunction((n) => document.querySelectorAll("#grid a.tile").length === n, withErrors.length);
  t.deepEqual(await tileRows(page), withErrors);
  t.regex(page.url(), /#status=errors$/);
  t.true((await page.$$eval("#grid a.tile", (as) => as.map((a) => a.className))).every((c) => c.includes("tile-errors")));

  await page.check("input[name=status][value=warnings]");
  await page.waitForFunction((n) => document.querySelectorAll("#grid a.tile").length === n, warningsOnly.length);
  t.deepEqual(await tileRows(page), warningsOnly);

  // Back returns to the previous filter.
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll("#grid a.tile").length === n, withErrors.length);
  t.true(await page.isChecked("input[name=status][value=errors]"));
  onlyOwnFiles(t, reports.broken, opened);
  await page.context().close();
});

test("broken: an item view lists the row's issues with hints; a missing master gets a placeholder that says why", async (t) => {
  const opened = await open(reports.broken, { hash: "#item=29" });
  const { page } = opened;
  t.is(await page.getAttribute("#item-content .photo img", "alt"), "No image: The file does not exist in the collection folder");
  t.regex((await page.textContent("#item-content .issues"))!, /FILE_MISSING[\s\S]*Check the spelling and the letter case/);
  // The grid's tile has the same placeholder, decoded from its data: URI.
  await page.keyboard.press("Escape");
  await page.waitForSelector("#item-view", { state: "hidden" });
  t.true(await page.$eval("#grid a[data-row='29'] img", (i) => (i as Img).decode().then(() => (i as Img).naturalWidth > 0)));
  onlyOwnFiles(t, reports.broken, opened);
  await page.context().close();
});

test("broken: markup in a description shows as text and never runs", async (t) => {
  const opened = await open(reports.broken, { hash: "#item=22" });
  const { page } = opened;
  const text = await page.textContent("#item-content .description");
  t.true(text!.includes("A table: <table><tr><td>cell</td></tr></table> and <script>alert(1)</script>."));
  t.is(await page.$$eval("#item-content .description *", (e) => e.length), 0, "no elements inside: it is all text");
  t.deepEqual(opened.problems, [], "no alert");
  await page.context().close();
});

test("after publishing: published, changed and failed rows each have their filter and item status", async (t) => {
  const { page } = await open(reports.published);
  const shown = async (status: string) => {
    await page.check(`input[name=status][value=${status}]`);
    await page.waitForFunction((s) => location.hash === `#status=${s}`, status);
    return page.$$eval("#grid .tile-id", (e) => e.map((x) => x.textContent));
  };
  t.deepEqual(await shown("published"), ["SLNSW-a845001"]);
  t.deepEqual(await shown("changed"), ["SLNSW-a845001-1"]);
  t.deepEqual(await shown("failed"), ["BONTON-1914-05-46"]);
  t.deepEqual(await shown("pending"), ["BONTON-1914-05-46-1", "DEMO-0005"]);
  await page.goto(`${reports.published.url}#item=3`);
  await page.waitForSelector("#item-view:not([hidden])");
  t.regex((await page.textContent("#item-content .publication"))!, /Published; changed since the last push[\s\S]*Photo 930001 on Flickr[\s\S]*Changed since the last push: meta/);
  t.is(await page.getAttribute("#item-content .publication a", "href"), "https://www.flickr.com/photos/12345678@N00/930001/");
  await page.goto(`${reports.published.url}#item=4`);
  await page.waitForFunction(() => document.querySelector("#item-title")?.textContent?.startsWith("Sais-tu"));
  t.regex((await page.textContent("#item-content .publication"))!, /Failed[\s\S]*FLICKR_5 during upload: Filetype was not recognised/);
  await page.context().close();
});

test("the page's Content-Security-Policy blocks network loads even when a script tries", async (t) => {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(reports.sample.url);
  const violations = await page.evaluate(async (base) => {
    const seen: string[] = [];
    document.addEventListener("securitypolicyviolation", (e: { effectiveDirective: string }) => seen.push(e.effectiveDirective));
    const img = new Image();
    img.src = `${base}/pixel.png`;
    document.body.appendChild(img);
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = `${base}/style.css`;
    document.head.appendChild(style);
    await fetch(`${base}/data.json`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    return seen.sort();
  }, `http://127.0.0.1:${port}`);
  t.deepEqual(violations, ["connect-src", "img-src", "style-src-elem"]);
  t.is(hits, 0);
  await context.close();
});

test("on a phone-sized screen nothing overflows sideways, in the grid or the item view", async (t) => {
  for (const report of [reports.sample, reports.broken]) {
    const { page } = await open(report, { width: 390 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    t.is(await overflow(), 0);
    t.is(await page.$$eval("#grid a.tile", (as) => new Set(as.map((a) => Math.round(a.getBoundingClientRect().left))).size), 2, "two columns of tiles");
    await page.click("#grid a.tile >> nth=0");
    await page.waitForSelector("#item-view:not([hidden])");
    t.is(await overflow(), 0);
    await page.context().close();
  }
});

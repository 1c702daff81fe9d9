/**
 * heritage report: the figures the state holds, in a page that opens from disk in Chromium with
 * no network request at all, and the annual CSV.
 */
import test from "ava";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { chromium } from "playwright-core";
import { publishedCollection, seedKnownActivity } from "./helpers.js";

const CHROMIUM = process.env.HERITAGE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

test("the report shows the state's figures, opens in Chromium from disk with no network request; the annual CSV adds up", async (t) => {
  t.timeout(180_000);
  if (!existsSync(CHROMIUM)) return t.fail(`Chromium is not installed at ${CHROMIUM} (set HERITAGE_CHROMIUM)`);
  const p = await publishedCollection(t, 8);
  seedKnownActivity(p);
  const a = p.photoOf("T-007").id;
  p.s.sandbox.community.add({ photo_id: a, kind: "view", count: 300 });
  p.s.sandbox.community.add({ photo_id: p.photoOf("T-002").id, kind: "view", count: 40 });
  p.s.sandbox.community.add({ photo_id: a, kind: "fave" });
  const first = JSON.parse((await p.run("harvest", "--json")).stdout) as { csv: string };
  p.s.sandbox.community.add({ photo_id: a, kind: "view", count: 200 });
  p.s.sandbox.community.add({ photo_id: a, kind: "comment", author: "Anna", text: "<script>alert(1)</script> Det här är min farfar." });
  // Accept one contribution in the CSV, then harvest again (views grew meanwhile).
  const header = readFileSync(first.csv, "utf8").replace(/^\uFEFF/, "").split("\r\n", 1)[0]!.split(",");
  const col = header.indexOf("decision");
  const rows = parse(readFileSync(first.csv, "utf8"), { columns: false, bom: true, from_line: 2 }) as string[][];
  for (const r of rows) if (r[header.indexOf("text")] === "wikipedia:sv=Slussen") r[col] = "accept";
  writeFileSync(first.csv, [header.join(","), ...rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(","))].join("\n"));
  t.is((await p.run("harvest")).code, 0);
  t.is((await p.run("moderate", "--apply", "--yes")).code, 0);

  const out = join(p.c.dir, "reach");
  const run = await runReport(p, out);
  t.is(run.code, 0, run.stderr);
  const figures = JSON.parse(run.stdout) as { totals: { views: number; faves: number; accepted: number; removed: number }; html: string; csv: string };
  const expectedViews = p.s.sandbox.photos().reduce((s, ph) => s + ph.views, 0);
  t.is(figures.totals.views, expectedViews);
  t.is(figures.totals.views, 540);
  t.is(figures.totals.accepted, 1);
  t.true(figures.totals.removed >= 3);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const requests: string[] = [];
  const problems: string[] = [];
  await page.route("**/*", (route) => {
    requests.push(route.request().url());
    return route.request().url() === pathToFileURL(figures.html).href ? route.continue() : route.abort();
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => {
    problems.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(figures.html).href);
  t.deepEqual(requests, [pathToFileURL(figures.html).href], "the page itself and nothing else (data: images never reach the network)");
  t.deepEqual(problems, []);
  t.is(await page.textContent("#totals [data-figure='views'] .n"), "540");
  t.is(await page.textContent("#totals [data-figure='accepted'] .n"), "1");
  t.is(await page.textContent("#most-viewed tbody tr:first-child td:nth-child(2)"), "T-007");
  t.is(await page.$$eval("#most-viewed img", (imgs) => imgs.length > 0), true);
  t.regex((await page.textContent("#accepted")) ?? "", /wikipedia:sv=Slussen/);
  t.regex((await page.textContent("#moderation")) ?? "", /You idiot, this is garbage/);
  t.is(await page.$$eval("#growth tbody tr", (r) => r.length), 2);
  t.is(await page.$$eval("script", (s) => s.length), 0, "the comment's <script> is text, not a script");

  const annual = parse(readFileSync(figures.csv, "utf8"), { columns: true, bom: true }) as Record<string, string>[];
  t.is(annual.length, 1);
  t.is(Number(annual[0]!.views_gained), 540);
});

async function runReport(p: Awaited<ReturnType<typeof publishedCollection>>, out: string) {
  const { runCli } = await import("../helpers/cli.js");
  return runCli(["report", p.c.manifest, "--endpoint", p.s.url, "--out", out, "--json"], { env: p.env, cwd: p.c.dir });
}

/**
 * Dates without setDates (issue 12): when `heritage doctor --probe` measured that Flickr sets date
 * taken from EXIF DateTimeOriginal on this account, a day-exact date goes in the upload copy and
 * no setDates is planned or sent; a year still costs its setDates. If Flickr turns out not to take
 * it, the run stops at the first photo and the next run sends setDates.
 */
import test from "ava";
import { join } from "node:path";
import exifr from "exifr";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import sharp from "sharp";
import { normalizeCacheOptions, normalizeImage } from "../../src/image/normalize.js";
import { emptyEmbedFields } from "../../src/image/embed-fields.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv, type TestCollection } from "../helpers/collection.js";
import { FAST } from "../sync/helpers.js";
import { calibrationDir, writeCalibration, type Calibration } from "../../src/doctor/calibration.js";
import { resolveEndpoint } from "../../src/flickr/client.js";
import { tokenFingerprint } from "../../src/publish/connect.js";

async function measured(s: TestSandbox, c: TestCollection, exifSetsDateTaken: boolean): Promise<void> {
  const endpoint = resolveEndpoint(s.url, {})!;
  const calibration: Calibration = {
    format: "heritage.calibration/1", endpoint, nsid: s.credentials.nsid, tokenFingerprint: tokenFingerprint(s.credentials, endpoint), measuredAt: "2026-12-01T10:00:00.000Z",
    earliestYear: null, earliestYearPrecision: null, licenses: null, defaultLicense: null, searchLagSeconds: null, machineTagPunctuationMatters: null,
    description: null, setTagsKeepsAddedTags: null, exifSetsDateTaken, geoPrivacyRefusalCode: null, geoPrivacyDefaultSet: null,
  };
  await writeCalibration(calibrationDir(sandboxEnv(s.credentials, c.dir)), calibration);
}

async function collection(t: Parameters<typeof makeCollection>[0]): Promise<TestCollection> {
  const c = await makeCollection(t, 4);
  const rows = c.rows.map((r, k) => ({ ...r, date: ["1923-05-17", "1931", "1908-02-29", ""][k]!, latitude: "", longitude: "", album: "" }));
  c.write(rows);
  return { ...c, rows };
}

test("a day-exact date travels in the copy's EXIF when the probe measured that Flickr reads it: no setDates for it", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await collection(t);
  await measured(s, c, true);
  const run = (...args: string[]) => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, ...args], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });
  const dry = await run("--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number> } };
  t.is(plan.calls.by_method["flickr.photos.setDates"], 1, "only the year needs setDates");
  const done = await run();
  t.is(done.code, 0, done.stderr);
  t.is(s.sandbox.calls().byMethod["flickr.photos.setDates"], 1);
  const byTitle = new Map(s.sandbox.photos().map((p) => [p.title, p]));
  t.like(byTitle.get(c.rows[0]!.title), { taken: "1923-05-17 00:00:00", takenGranularity: 0, takenUnknown: 0 });
  t.like(byTitle.get(c.rows[2]!.title), { taken: "1908-02-29 00:00:00", takenGranularity: 0 });
  t.like(byTitle.get(c.rows[1]!.title), { taken: "1931-01-01 00:00:00", takenGranularity: 6 });
  t.is(byTitle.get(c.rows[3]!.title)!.takenUnknown, 1, "no date, none embedded");
});

test("without the measurement, or when Flickr does not read it, setDates as before; a miss stops the run once", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000, exifDateTaken: false });
  const c = await collection(t);
  const run = () => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--concurrency", "1"], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });
  await measured(s, c, true);
  const stopped = await run();
  t.is(stopped.code, 2, stopped.stdout + stopped.stderr);
  t.regex(stopped.stderr, /EXIF_DATE_NOT_READ/);
  const again = await run();
  t.is(again.code, 0, again.stderr);
  const byTitle = new Map(s.sandbox.photos().map((p) => [p.title, p]));
  t.like(byTitle.get(c.rows[0]!.title), { taken: "1923-05-17 00:00:00", takenGranularity: 0, takenUnknown: 0 });
  t.like(byTitle.get(c.rows[2]!.title), { taken: "1908-02-29 00:00:00" });
  t.is(s.sandbox.photos().length, 4, "nothing uploaded twice");
});

test("the copy carries the date as EXIF DateTimeOriginal, and the cache key tells the two copies apart", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-exif-date-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const master = join(dir, "m.png");
  await sharp({ create: { width: 40, height: 30, channels: 3, background: "#345" } }).png().toFile(master);
  const base = { maxBytes: 10_000_000, jpegQuality: 90, maxPixels: 1e9 };
  const dated = { ...base, outputPath: join(dir, "dated.jpg"), embed: { ...emptyEmbedFields(), dateTaken: "1923-05-17 00:00:00" } };
  const plain = { ...base, outputPath: join(dir, "plain.jpg"), embed: emptyEmbedFields() };
  t.true((await normalizeImage(master, dated)).ok);
  t.true((await normalizeImage(master, plain)).ok);
  const read = async (p: string) => ((await exifr.parse(p, { pick: ["DateTimeOriginal"], reviveValues: false })) as { DateTimeOriginal?: string } | undefined)?.DateTimeOriginal;
  t.is(await read(dated.outputPath), "1923:05:17 00:00:00");
  t.is(await read(plain.outputPath), undefined, "no date in a copy whose date goes by setDates");
  t.notDeepEqual(normalizeCacheOptions(dated), normalizeCacheOptions({ ...dated, embed: emptyEmbedFields() }));
});

/** The calibration file and the date floor heritage derives from it (pure, plus a temp folder). */
import test from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_DEFAULTS } from "../../src/defaults.js";
import { calibrationDir, calibrationPath, dateFloorFor, readCalibration, reconcileGraceFor, writeCalibration, type Calibration } from "../../src/doctor/calibration.js";

const measured = (over: Partial<Calibration> = {}): Calibration => ({
  format: "heritage.calibration/1",
  endpoint: "flickr",
  nsid: "12345678@N02",
  tokenFingerprint: "f".repeat(32),
  measuredAt: "2026-12-01T10:00:00.000Z",
  earliestYear: 1825,
  earliestYearPrecision: 0,
  licenses: { accepted: [9, 10], refused: [{ id: 11, code: 4 }] },
  defaultLicense: 7,
  searchLagSeconds: 12.5,
  machineTagPunctuationMatters: false,
  description: { sent: "a", returned: "a", sameMeaning: true },
  setTagsKeepsAddedTags: false,
  exifSetsDateTaken: true,
  geoPrivacyRefusalCode: null,
  geoPrivacyDefaultSet: true,
  ...over,
});

test("dateFloorFor: the setting wins, then the measurement, then 1800 with the advice to measure", (t) => {
  t.like(dateFloorFor(1700, measured()), { year: 1700, source: "setting" });
  t.like(dateFloorFor(undefined, measured()), { year: 1825, source: "measured" });
  t.regex(dateFloorFor(undefined, measured()).note, /measured by heritage doctor --probe on 2026-12-01/);
  t.like(dateFloorFor(undefined, measured({ earliestYear: null })), { year: 1800, source: "default" });
  const none = dateFloorFor(null, null);
  t.like(none, { year: 1800, source: "default" });
  t.regex(none.note, /`heritage doctor --probe` would settle it/);
});

test("calibrationDir follows XDG_STATE_HOME (absolute only), else ~/.local/state", (t) => {
  t.is(calibrationDir({ XDG_STATE_HOME: "/x/state", HOME: "/home/a" }), "/x/state/heritage/calibration");
  t.is(calibrationDir({ XDG_STATE_HOME: "relative", HOME: "/home/a" }), "/home/a/.local/state/heritage/calibration");
});

test("written per endpoint and account; found by nsid or by token fingerprint; another endpoint or a broken file is not trusted", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-cal-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = await writeCalibration(dir, measured());
  t.is(path, calibrationPath(dir, "flickr", "12345678@N02"));
  t.like(await readCalibration(dir, { endpoint: "flickr", nsid: "12345678@N02" }), { earliestYear: 1825 });
  t.like(await readCalibration(dir, { endpoint: "flickr", tokenFingerprint: "f".repeat(32) }), { nsid: "12345678@N02" });
  t.is(await readCalibration(dir, { endpoint: "http://127.0.0.1:9", nsid: "12345678@N02" }), null);
  t.is(await readCalibration(dir, { endpoint: "flickr", tokenFingerprint: "0".repeat(32) }), null);
  t.is(await readCalibration(dir, { endpoint: "flickr", nsid: "other@N01" }), null);
  t.is(await readCalibration(join(dir, "missing"), { endpoint: "flickr", tokenFingerprint: "f".repeat(32) }), null);
  writeFileSync(path, "{ not json");
  t.is(await readCalibration(dir, { endpoint: "flickr", nsid: "12345678@N02" }), null);
  writeFileSync(path, JSON.stringify({ ...measured(), format: "heritage.calibration/0" }));
  t.is(await readCalibration(dir, { endpoint: "flickr", nsid: "12345678@N02" }), null);
});

test("reconcileGraceFor: the flag wins, then three times the measured lag (at least a minute), then a conservative wait", (t) => {
  t.like(reconcileGraceFor(10, measured()), { seconds: 10, source: "flag" });
  t.like(reconcileGraceFor(null, measured({ searchLagSeconds: 12.5 })), { seconds: 60, source: "measured" });
  t.like(reconcileGraceFor(null, measured({ searchLagSeconds: 41 })), { seconds: 123, source: "measured" });
  t.like(reconcileGraceFor(null, measured({ searchLagSeconds: null })), { seconds: RUN_DEFAULTS.reconcileGraceSeconds, source: "default" });
  t.regex(reconcileGraceFor(undefined, null).note, /`heritage doctor --probe` would settle it/);
});

import test from "ava";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openState } from "../../src/state/open.js";
import { statePathsFor } from "../../src/state/paths.js";
import { queueAlbumAdd, recordAlbumMembers } from "../../src/state/album-members.js";
import { runCli } from "../helpers/cli.js";

function fixture(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "heritage-status-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "manifests"));
  const manifest = join(dir, "manifests", "m.csv");
  writeFileSync(manifest, "identifier,file\n");
  return { dir, manifest };
}

test("status without a state says nothing was published yet (exit 2, with a hint)", async (t) => {
  const { manifest, dir } = fixture(t);
  const run = await runCli(["status", manifest], { cwd: dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /nothing has been published from .*m\.csv yet/);
  t.regex(run.stderr, /hint: Run `heritage publish/);
});

test("status reports counts, failures with codes, unknown uploads, albums and runs", async (t) => {
  const { manifest, dir } = fixture(t);
  const store = openState(statePathsFor(manifest).database, { clock: () => Date.UTC(2026, 10, 25, 10, 0, 0) });
  for (const [id, row] of [["A1", 2], ["A2", 3], ["A3", 4]] as const) store.items.ensure({ identifier: id, row, file: `${id}.tif` });
  store.items.adoptPhoto("A1", { photoId: "101", secret: null });
  store.items.setStatus("A1", "published");
  store.items.recordFailure("A2", { step: "upload", code: "FLICKR_5", message: "Filetype was not recognised", transient: false });
  store.items.recordUploadIntent("A3", { copySha256: "x", fields: { title: "t", description: "", tags: [], license_id: 7, date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null } });
  store.albums.recordCreated("Gotland", "72157", "101");
  const run = store.runs.begin({ command: "publish", options: {}, toolVersion: "0.1.0", pid: 1, host: "h" });
  store.runs.end(run, "completed", { uploaded: 1, failed: 1 });
  store.close();

  const text = await runCli(["status", manifest], { cwd: dir });
  t.is(text.code, 1, "failed items make status exit 1");
  t.regex(text.stdout, /Items: 3 \(1 published, 1 pending, 1 failed\)/);
  t.regex(text.stdout, /row 3 {2}A2 {2}upload {2}FLICKR_5 {2}Filetype was not recognised/);
  t.regex(text.stdout, /unknown outcome.*A3/);
  t.regex(text.stdout, /Gotland → 72157/);
  t.regex(text.stdout, /#1 publish {2}2026-11-25T10:00:00Z → 2026-11-25T10:00:00Z {2}completed {2}uploaded 1, failed 1/);

  const json = await runCli(["status", manifest, "--json"], { cwd: dir });
  const report = JSON.parse(json.stdout);
  t.is(report.schema, "heritage.status/1");
  t.deepEqual(report.counts, { total: 3, published: 1, failed: 1, pending: 1 });
  t.deepEqual(report.unresolvedUploads, ["A3"]);
  t.like(report.failed[0], { identifier: "A2", code: "FLICKR_5", transient: false });
});

test("status shows each album's photos and those queued for it but not yet sent (a run stopped before its flush)", async (t) => {
  const { manifest, dir } = fixture(t);
  const store = openState(statePathsFor(manifest).database, { clock: () => Date.UTC(2026, 10, 25, 10, 0, 0) });
  for (const [id, row] of [["A1", 2], ["A2", 3], ["A3", 4], ["B1", 5]] as const) {
    store.items.ensure({ identifier: id, row, file: `${id}.tif` });
    store.items.adoptPhoto(id, { photoId: `10${row}`, secret: null });
    store.items.setStatus(id, "published");
  }
  store.albums.recordCreated("Gotland", "72157", "102");
  recordAlbumMembers(store, "Gotland", [{ photoId: "102", identifier: "A1" }]);
  queueAlbumAdd(store, "Gotland", "103", "A2");
  queueAlbumAdd(store, "Gotland", "104", "A3");
  store.albums.recordCreated("Öland", "72158", "105");
  recordAlbumMembers(store, "Öland", [{ photoId: "105", identifier: "B1" }]);
  store.close();

  const text = await runCli(["status", manifest], { cwd: dir });
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, /Gotland → 72157 {2}\(1 photo added by heritage, 2 waiting to be added by the next publish or sync\)/);
  t.regex(text.stdout, /Öland → 72158 {2}\(1 photo added by heritage\)\n/);
  const report = JSON.parse((await runCli(["status", manifest, "--json"], { cwd: dir })).stdout);
  t.deepEqual(
    report.albums.map((a: { title: string; photos: number; waiting: number }) => [a.title, a.photos, a.waiting]),
    [["Gotland", 1, 2], ["Öland", 1, 0]],
  );
});

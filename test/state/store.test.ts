import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openState } from "../../src/state/open.js";
import { MIGRATIONS } from "../../src/state/migrations.js";
import { acquireRunLock, runLockHeld } from "../../src/state/lock.js";
import { statePathsFor } from "../../src/state/paths.js";
import { isUserError } from "../../src/errors.js";
import type { FlickrFields } from "../../src/flickr/fields.js";

function tmp(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-state-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const fields: FlickrFields = {
  title: "Visby",
  description: "Gatan.",
  tags: ["visby", "raa:id=1"],
  license_id: 7,
  date_taken: "1885-01-01 00:00:00",
  date_taken_granularity: 8,
  latitude: 57.64,
  longitude: 18.29,
  accuracy: 16,
  albums: ["Gotland"],
  is_public: 1,
  hidden: null,
  safety_level: null,
  content_type: null,
};

test("state paths default to .heritage/<manifest> beside the manifest; --state overrides", (t) => {
  const p = statePathsFor("/archive/manifests/sample.csv");
  t.is(p.dir, "/archive/manifests/.heritage/sample");
  t.is(p.database, "/archive/manifests/.heritage/sample/state.sqlite");
  t.is(statePathsFor("/a/m.csv", "/elsewhere").dir, "/elsewhere");
});

test("an item goes intent → done with the upload's groups pushed in one transition", (t) => {
  const dir = tmp(t);
  const store = openState(join(dir, "s.sqlite"), { clock: () => 1_700_000_000_000 });
  t.teardown(() => store.close());
  store.items.ensure({ identifier: "A1", row: 2, file: "a.tif" });
  store.items.recordUploadIntent("A1", { copySha256: "c0ffee", fields });
  let item = store.items.get("A1")!;
  t.is(item.upload, "intent");
  t.is(item.uploadIntentAt, 1_700_000_000);
  t.deepEqual(item.intentFields, fields);
  t.is(item.attempts, 1);
  store.items.recordUploaded("A1", { photoId: "100", secret: "abc", pushed: { meta: { hash: "h1", value: { title: "Visby", description: "Gatan." } } } });
  item = store.items.get("A1")!;
  t.is(item.upload, "done");
  t.is(item.photoId, "100");
  t.is(item.intentFields, null);
  t.is(item.pushed.meta?.hash, "h1");
  t.deepEqual(item.pushed.meta?.value, { title: "Visby", description: "Gatan." });
});

test("state survives reopening (committed transitions are durable)", (t) => {
  const dir = tmp(t);
  const path = join(dir, "s.sqlite");
  const a = openState(path);
  a.items.ensure({ identifier: "A1", row: 2, file: "a.tif" });
  a.items.recordUploadIntent("A1", { copySha256: "x", fields });
  a.close();
  const b = openState(path);
  t.teardown(() => b.close());
  t.is(b.items.get("A1")!.upload, "intent");
});

test("failures are recorded with step, code and message; published clears them", (t) => {
  const store = openState(join(tmp(t), "s.sqlite"));
  t.teardown(() => store.close());
  store.items.ensure({ identifier: "A1", row: 2, file: "a.tif" });
  store.items.recordFailure("A1", { step: "upload", code: "FLICKR_5", message: "Filetype was not recognised", transient: false });
  t.like(store.items.get("A1")!, { status: "failed", error: { step: "upload", code: "FLICKR_5", transient: false } });
  t.deepEqual(store.items.countByStatus(), { failed: 1 });
  store.items.setStatus("A1", "published");
  t.is(store.items.get("A1")!.error, null);
});

test("items.list returns every item with its pushed groups", (t) => {
  const store = openState(join(tmp(t), "s.sqlite"));
  t.teardown(() => store.close());
  for (let i = 0; i < 50; i++) {
    store.items.ensure({ identifier: `I${i}`, row: i + 2, file: `${i}.tif` });
    if (i % 2 === 0) store.items.recordPushed(`I${i}`, "date", { date_taken: null, date_taken_granularity: null }, `d${i}`);
  }
  const items = store.items.list();
  t.is(items.length, 50);
  t.is(items.filter((i) => i.pushed.date).length, 25);
  t.is(items[4]!.pushed.date?.hash, "d4");
});

test("a photo id cannot be claimed by two items", (t) => {
  const store = openState(join(tmp(t), "s.sqlite"));
  t.teardown(() => store.close());
  store.items.ensure({ identifier: "A", row: 2, file: "a" });
  store.items.ensure({ identifier: "B", row: 3, file: "b" });
  store.items.adoptPhoto("A", { photoId: "9", secret: null });
  const err = t.throws(() => store.items.adoptPhoto("B", { photoId: "9", secret: null }), { any: true });
  t.regex(String((err as { code?: string }).code), /CONSTRAINT_UNIQUE/);
});

test("albums: intent, then created", (t) => {
  const store = openState(join(tmp(t), "s.sqlite"));
  t.teardown(() => store.close());
  store.albums.recordIntent("Gotland", "100");
  t.like(store.albums.get("Gotland")!, { state: "intent", photosetId: null, primaryPhotoId: "100" });
  store.albums.recordCreated("Gotland", "7200", "100");
  t.like(store.albums.get("Gotland")!, { state: "created", photosetId: "7200" });
});

test("runs and API calls per minute are kept", (t) => {
  const store = openState(join(tmp(t), "s.sqlite"));
  t.teardown(() => store.close());
  const id = store.runs.begin({ command: "publish", options: { quota: 3600 }, toolVersion: "0.1.0", pid: 1, host: "h" });
  store.runs.addApiCalls(100, 3);
  store.runs.addApiCalls(100, 2);
  store.runs.addApiCalls(101, 1);
  t.deepEqual(store.runs.apiCallsSince(100), [
    { minute: 100, count: 5 },
    { minute: 101, count: 1 },
  ]);
  store.runs.end(id, "completed", { uploaded: 2 });
  t.like(store.runs.list()[0]!, { command: "publish", status: "completed", counts: { uploaded: 2 }, options: { quota: 3600 } });
});

test("a database from a newer heritage is refused with a clear error", (t) => {
  const path = join(tmp(t), "s.sqlite");
  const db = new Database(path);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  const err = t.throws(() => openState(path));
  t.true(isUserError(err));
  t.regex(err!.message, /newer heritage/);
});

test("read-only open of a missing state is a user error, not a crash", (t) => {
  const err = t.throws(() => openState(join(tmp(t), "none.sqlite"), { readonly: true }));
  t.true(isUserError(err));
});

test("run lock: a second run is refused naming the holder; a released or dead holder's lock is free", (t) => {
  const path = join(tmp(t), "s.sqlite");
  const a = openState(path);
  const b = openState(path);
  t.teardown(() => {
    a.close();
    b.close();
  });
  const first = acquireRunLock(a, { command: "publish", pid: 4242, host: "h1" });
  t.is(first.tookOverFrom, null);
  const err = t.throws(() => acquireRunLock(b, { command: "sync", pid: 5151, host: "h1", waitMs: 0 }));
  t.true(isUserError(err));
  t.regex(err!.message, /another heritage publish is running.*pid 4242 on h1/);
  t.notRegex((err as { hint?: string }).hint ?? "", /kill 4242/, "pid 4242 is not verifiably a heritage run: never suggest killing it");
  t.true(runLockHeld(path));
  first.release();
  t.false(runLockHeld(path));
  const second = acquireRunLock(b, { command: "sync", pid: 5151, host: "h1" });
  t.is(second.tookOverFrom, null);
  second.release();
});

test("run lock: a row left by a run that died (its pid alive or not) is taken over", (t) => {
  const path = join(tmp(t), "s.sqlite");
  const a = openState(path);
  t.teardown(() => a.close());
  // What a SIGKILLed run leaves: the naming row, no file lock. Its pid is this very (live) process.
  a.db.prepare("INSERT INTO lock (id, pid, host, command, started_at, heartbeat_at) VALUES (1, ?, ?, 'publish', 1, 1)").run(process.pid, hostname());
  const lock = acquireRunLock(a, { command: "publish", pid: 99999 });
  t.like(lock.tookOverFrom!, { pid: process.pid, command: "publish" });
  lock.release();
});

test("run lock from another host (a network share) is honoured only while its heartbeat is fresh", (t) => {
  let now = 1_700_000_000_000;
  const path = join(tmp(t), "s.sqlite");
  const a = openState(path, { clock: () => now });
  t.teardown(() => a.close());
  a.db.prepare("INSERT INTO lock (id, pid, host, command, started_at, heartbeat_at) VALUES (1, 1, 'other', 'publish', ?, ?)").run(now / 1000, now / 1000);
  t.throws(() => acquireRunLock(a, { command: "publish", pid: 2, host: "me", staleAfterSeconds: 300 }));
  now += 301_000;
  t.like(acquireRunLock(a, { command: "publish", pid: 2, host: "me", staleAfterSeconds: 300 }).tookOverFrom!, { host: "other" });
});

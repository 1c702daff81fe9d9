/**
 * A state an older heritage wrote (fewer migrations): a write run upgrades it; a read-only open
 * (every dry run, preview, status) must work on it without writing anything, so an archivist
 * can preview the first sync after upgrading heritage.
 */
import test from "ava";
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openState } from "../../src/state/open.js";
import { MIGRATIONS } from "../../src/state/migrations.js";

/** A state as the heritage before the last migration left it: one published item. */
function olderState(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-old-state-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "state.sqlite");
  const db = new Database(path);
  db.pragma("journal_mode = DELETE");
  db.transaction(() => {
    for (let v = 0; v < MIGRATIONS.length - 1; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    db.prepare("INSERT INTO items (identifier, row, file, photo_id, upload_state, status, created_at, updated_at) VALUES ('KMB 1', 2, 'a.tif', '5100', 'done', 'published', 1, 1)").run();
  })();
  db.close();
  return path;
}

test("a read-only open of an older state reads it through a migrated copy in memory and leaves the file as it was", (t) => {
  const path = olderState(t);
  const before = readFileSync(path);
  const store = openState(path, { readonly: true });
  t.teardown(() => store.close());
  t.true(store.readonly, "the copy is read-only too: nothing can be written by mistake");
  t.like(store.items.get("KMB 1"), { photoId: "5100", status: "published" });
  t.is(store.db.pragma("user_version", { simple: true }), MIGRATIONS.length, "the copy has the current schema");
  store.close();
  t.deepEqual(readFileSync(path), before, "the file is byte for byte as it was");
  const raw = new Database(path, { readonly: true });
  t.is(raw.pragma("user_version", { simple: true }), MIGRATIONS.length - 1);
  raw.close();
});

test("a write run upgrades the older state in place", (t) => {
  const path = olderState(t);
  const store = openState(path);
  t.is(store.db.pragma("user_version", { simple: true }), MIGRATIONS.length);
  t.like(store.items.get("KMB 1"), { photoId: "5100" });
  store.close();
});

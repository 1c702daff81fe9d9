/**
 * The account facet: what a state knows of its Flickr account, as typed fields over the `meta`
 * key/value table — round-tripped through a reopened database, and read forgivingly from a state
 * an older heritage wrote (unknown keys, values that do not parse).
 */
import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openState } from "../../src/state/open.js";
import { stateIdentity } from "../../src/state/target.js";
import type { AccountMeta } from "../../src/state/store.js";

function tmpState(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-account-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "state.sqlite");
}

const EMPTY: AccountMeta = { endpoint: null, nsid: null, username: null, perms: null, verifiedToken: null, defaultLicense: null, emptyStateCheckedAt: null, exifDateTaken: null };

test("a new state knows nothing of its account", (t) => {
  const store = openState(tmpState(t));
  t.teardown(() => store.close());
  t.deepEqual(store.account.read(), EMPTY);
});

test("every field round-trips with its type through a reopened state; All Rights Reserved (0) is a licence, not nothing", (t) => {
  const path = tmpState(t);
  const written: AccountMeta = {
    endpoint: "http://127.0.0.1:4010/services/rest",
    nsid: "12345678@N00",
    username: "Riksantikvarieämbetet ’s \"Commons\"",
    perms: "delete",
    verifiedToken: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    defaultLicense: 0,
    emptyStateCheckedAt: 1_700_000_000,
    exifDateTaken: false,
  };
  const a = openState(path);
  a.account.set(written);
  a.close();
  const b = openState(path, { readonly: true });
  t.teardown(() => b.close());
  t.deepEqual(b.account.read(), written);
  t.is(b.account.get("defaultLicense"), 0);
  t.deepEqual(stateIdentity(b), { endpoint: written.endpoint, nsid: written.nsid, username: written.username });
});

test("set writes only the fields given; null forgets one, so it is asked for again", (t) => {
  const store = openState(tmpState(t));
  t.teardown(() => store.close());
  store.account.set({ nsid: "1@N00", verifiedToken: "abc", defaultLicense: 7 });
  store.account.set({ verifiedToken: null });
  t.deepEqual(store.account.read(), { ...EMPTY, nsid: "1@N00", defaultLicense: 7 });
});

test("a value that would not read back is not written: NaN as a licence, an empty name", (t) => {
  const store = openState(tmpState(t));
  t.teardown(() => store.close());
  store.account.set({ defaultLicense: 4, username: "someone" });
  store.account.set({ defaultLicense: Number.NaN, username: "" });
  t.is(store.account.get("defaultLicense"), null);
  t.is(store.account.get("username"), null);
});

test("a state written by an older heritage: unknown keys are left alone, values that do not parse read as unknown", (t) => {
  const path = tmpState(t);
  openState(path).close();
  // What an older version could leave in the key/value table: a key this version never reads,
  // the "NaN" it wrote when Flickr did not report the account's licence, the empty token it
  // wrote after a rejected token, a permission name Flickr does not use.
  const raw = new Database(path);
  const put = raw.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  put.run("legacy_option", "kept as it is");
  put.run("account_default_license", "NaN");
  put.run("verified_token", "");
  put.run("perms", "admin");
  put.run("empty_state_checked", "yesterday");
  put.run("nsid", "99@N01");
  raw.close();

  const store = openState(path);
  t.deepEqual(store.account.read(), { ...EMPTY, nsid: "99@N01" });
  store.account.set({ defaultLicense: 7, perms: "write" });
  t.like(store.account.read(), { defaultLicense: 7, perms: "write", nsid: "99@N01" });
  store.close();

  const check = new Database(path, { readonly: true });
  t.teardown(() => check.close());
  t.deepEqual(check.prepare("SELECT value FROM meta WHERE key = 'legacy_option'").get(), { value: "kept as it is" });
});

/**
 * A writing run remembers the masters' content hashes beside the state, in the same cache as
 * `heritage validate` (issue 12): a master read once is not read again by a later run. A dry run
 * writes none.
 */
import test from "ava";
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { statePathsFor } from "../../src/state/paths.js";
import { FILE_HASHES_FILE } from "../../src/state/file-hashes.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0", "--timeout", "5000"];

test("publish remembers each master's hash beside the state, where validate looks; a dry run writes no cache", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 3);
  // A hash taken within 2 s of a file's change is not remembered (it could change again within
  // the clock's resolution): let the masters just written age past that.
  await new Promise((resolve) => setTimeout(resolve, 2_200));
  const env = sandboxEnv(s.credentials, c.dir);
  const paths = statePathsFor(c.manifest, null, { endpoint: s.url });
  const cache = join(dirname(paths.copies), FILE_HASHES_FILE);
  t.is(cache, join(statePathsFor(c.manifest).dir, FILE_HASHES_FILE), "the same file validate uses");

  const dry = await runCli(["publish", c.manifest, "--endpoint", s.url, "--dry-run", ...FAST], { env, cwd: c.dir });
  t.is(dry.code, 0, dry.stderr);
  t.false(existsSync(cache), "a dry run writes no cache");

  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env, cwd: c.dir });
  t.is(run.code, 0, run.stderr);
  t.true(existsSync(cache));
  const db = new Database(cache, { readonly: true });
  t.teardown(() => db.close());
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const table = tables.map((r) => r.name).find((n) => /hash/.test(n));
  t.truthy(table, JSON.stringify(tables));
  const rows = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
  t.is(rows.n, 3, "one remembered hash per master");
});

/**
 * A state the environment broke — not a database, truncated, its write-ahead log lost, a folder
 * that cannot be written — is exit 2 with what happened and what to do, never "this is a bug";
 * and `state rebuild --force` replaces a damaged state, keeping it aside.
 */
import test, { type ExecutionContext } from "ava";
import { chmodSync, existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { runCli } from "../helpers/cli.js";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { statePathsFor } from "../../src/state/paths.js";
import { openTo, spawnCliAs, unprivileged } from "../helpers/unprivileged.js";

const FAST = ["--quota", "100000", "--reconcile-grace", "0"];

async function setup(t: ExecutionContext, count: number) {
  const s = await startTestSandbox(t, { quota: 100000 });
  const c = await makeCollection(t, count);
  const env = sandboxEnv(s.credentials, c.dir);
  const heritage = (args: string[]) => runCli(args, { env, cwd: c.dir });
  const state = statePathsFor(c.manifest, null, { endpoint: s.url });
  return { ...s, c, env, heritage, state, publish: () => heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST]) };
}

function noBug(t: ExecutionContext, run: { code: number; stderr: string }, pattern: RegExp) {
  t.is(run.code, 2, run.stderr);
  t.notRegex(run.stderr, /internal error|This is a bug/);
  t.regex(run.stderr, pattern);
}

test("a state that is not a database: publish, status and preview exit 2 saying so; rebuild --force replaces it and keeps it aside", async (t) => {
  const p = await setup(t, 3);
  t.is((await p.publish()).code, 0);
  rmSync(`${p.state.database}-wal`, { force: true });
  writeFileSync(p.state.database, "identifier,photo_id\nT-001,123\n".repeat(200));
  noBug(t, await p.publish(), /state database .* is damaged/);
  noBug(t, await p.heritage(["status", p.c.manifest, "--endpoint", p.url]), /is damaged/);
  noBug(t, await p.heritage(["preview", p.c.manifest, "--endpoint", p.url]), /is damaged/);
  const refused = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url]);
  noBug(t, refused, /--force/);

  const rebuild = await p.heritage(["state", "rebuild", p.c.manifest, "--endpoint", p.url, "--force", "--quota", "100000"]);
  t.is(rebuild.code, 0, rebuild.stderr);
  t.true(readdirSync(dirname(p.state.database)).some((f) => /^state\.sqlite\.bak-/.test(f)), "the damaged file is kept aside");
  const after = await p.publish();
  t.is(after.code, 0, after.stderr);
  t.is(p.sandbox.photos().length, 3, "nothing uploaded twice");
});

test("a truncated state is damage (exit 2), not a bug", async (t) => {
  const p = await setup(t, 3);
  t.is((await p.publish()).code, 0);
  truncateSync(p.state.database, Math.floor(statSync(p.state.database).size / 2));
  noBug(t, await p.publish(), /damaged|state/);
  t.is(p.sandbox.photos().length, 3);
});

test("a lost write-ahead log is detected as damage, not as a state to migrate or a new one", async (t) => {
  const p = await setup(t, 8);
  const killed = await runKilledAfterCalls(["publish", p.c.manifest, "--endpoint", p.url, ...FAST, "--concurrency", "1"], { env: p.env, cwd: p.c.dir, killAfterCalls: 20, calls: () => p.sandbox.calls().total });
  t.is(killed.signal, "SIGKILL", killed.stderr);
  const before = p.sandbox.photos().length;
  t.true(before > 0 && existsSync(`${p.state.database}-wal`));
  rmSync(`${p.state.database}-wal`);
  rmSync(`${p.state.database}-shm`, { force: true });
  const run = await p.publish();
  noBug(t, run, /write-ahead log .*-wal is missing/);
  t.regex(run.stderr, /state rebuild .*--force/);
  t.is(p.sandbox.photos().length, before, "nothing uploaded again");
});

test("a state folder that cannot be written is exit 2 with what to do", async (t) => {
  const as = unprivileged(t);
  if (as === null) return t.pass();
  const p = await setup(t, 2);
  t.is((await p.publish()).code, 0);
  chmodSync(p.state.dir, 0o555);
  for (const f of readdirSync(p.state.dir)) if (f.startsWith("state.sqlite")) chmodSync(`${p.state.dir}/${f}`, 0o444);
  t.teardown(() => chmodSync(p.state.dir, 0o755));
  if (as === "self") return noBug(t, await p.publish(), /cannot write its state|STATE_NOT_WRITABLE|writable/);
  // Root writes anywhere: the second publish runs as nobody, who may read the project and
  // write its config folder, but not the state folder.
  openTo(p.c.dir, dirname(p.c.manifest), dirname(p.c.collection), p.c.collection, ...foldersUnder(`${p.c.dir}/config`));
  const run = await spawnCliAs(as, ["publish", p.c.manifest, "--endpoint", p.url, ...FAST], { cwd: p.c.dir, env: p.env });
  noBug(t, run, /cannot write its state|STATE_NOT_WRITABLE|writable/);
});

function foldersUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? foldersUnder(`${dir}/${e.name}`) : []))];
}

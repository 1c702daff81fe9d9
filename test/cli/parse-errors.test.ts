/**
 * A command line that is wrong in any way — a mistyped flag, a bad value, two flags that
 * exclude each other — fails while parsing: exit 2 with the code and a hint, and nothing done
 * (no state folder, no file written or removed, no sandbox started). Run through the real CLI.
 */
import test from "ava";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { makeCollection } from "../helpers/collection.js";
import { runCli, spawnCli } from "../helpers/cli.js";

/** Every path under `dir` with its size and modification time: any write shows up. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const s = statSync(p);
      out.push(`${relative(dir, p)} ${e.isDirectory() ? "dir" : `${s.size} ${s.mtimeMs}`}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

const M = "manifests/test.csv";

/** [arguments, expected code] — one or more per command. */
const CASES: [string[], string][] = [
  [["validate", M, "--dryrun"], "USAGE_UNKNOWN_ARGUMENT"],
  [["validate", M, "--concurrency", "-1"], "USAGE_BAD_VALUE"],
  [["validate", M, "--concurrency", "abc"], "USAGE_BAD_VALUE"],
  [["validate", M, "other.csv"], "USAGE_UNKNOWN_ARGUMENT"],
  [["preview", M, "--quota", "0"], "USAGE_BAD_VALUE"],
  [["preview", M, "--out", ""], "USAGE_BAD_VALUE"],
  [["preview", M, "--opne"], "USAGE_UNKNOWN_ARGUMENT"],
  [["publish", M, "--dryrun"], "USAGE_UNKNOWN_ARGUMENT"],
  [["publish", M, "--quota", "0"], "USAGE_BAD_VALUE"],
  [["publish", M, "--concurrency", "abc"], "USAGE_BAD_VALUE"],
  [["publish", M, "--concurrency", "1.5"], "USAGE_BAD_VALUE"],
  [["publish", M, "--concurrency", "2", "--concurrency", "3"], "USAGE_CONFLICT"],
  [["publish", M, "--sandbox", "--endpoint", "http://127.0.0.1:1"], "USAGE_CONFLICT"],
  [["publish", M, "--timeout", "-5"], "USAGE_BAD_VALUE"],
  [["sync", M, "--prune", "hid"], "USAGE_BAD_VALUE"],
  [["sync", M, "--prun", "delete", "--yes"], "USAGE_UNKNOWN_ARGUMENT"],
  [["sync", M, "--reconcile-grace", "soon"], "USAGE_BAD_VALUE"],
  [["status", M, "--jsn"], "USAGE_UNKNOWN_ARGUMENT"],
  [["status", M, "--state", ""], "USAGE_BAD_VALUE"],
  [["state", "rebuild", M, "--forse"], "USAGE_UNKNOWN_ARGUMENT"],
  [["state", "rebuild", M, "--quota", "-1"], "USAGE_BAD_VALUE"],
  [["state", "rebuild"], "USAGE_MISSING_ARGUMENT"],
  [["auth", "login", "--perm", "write"], "USAGE_UNKNOWN_ARGUMENT"],
  [["auth", "login", "--perms", "admin"], "USAGE_BAD_VALUE"],
  [["auth", "check", "--endpoint", ""], "USAGE_BAD_VALUE"],
  [["auth", "logout", "--all"], "USAGE_UNKNOWN_ARGUMENT"],
  [["publish"], "USAGE_MISSING_ARGUMENT"],
  [["publsh", M], "USAGE_UNKNOWN_ARGUMENT"],
];

async function project(t: Parameters<typeof makeCollection>[0]) {
  const c = await makeCollection(t, 2);
  // Stored credentials: `auth logout` would delete them, `auth login` replace them.
  mkdirSync(join(c.dir, "config", "heritage"), { recursive: true });
  writeFileSync(join(c.dir, "config", "heritage", "credentials.json"), JSON.stringify({ consumerKey: "k", consumerSecret: "s", oauthToken: "t", oauthTokenSecret: "u" }));
  // Any request that slipped through would go to a closed port, never to Flickr.
  const env = { XDG_CONFIG_HOME: join(c.dir, "config"), HERITAGE_FLICKR_ENDPOINT: "http://127.0.0.1:1/", FLICKR_CONSUMER_KEY: "k", FLICKR_CONSUMER_SECRET: "s" };
  return { dir: c.dir, env };
}

for (const [args, code] of CASES) {
  test(`heritage ${args.map((a) => (a === "" ? '""' : a)).join(" ")} → exit 2 (${code}), nothing done`, async (t) => {
    const p = await project(t);
    const before = snapshot(p.dir);
    const run = await runCli(args, { cwd: p.dir, env: p.env });
    t.is(run.code, 2, run.stderr);
    t.regex(run.stderr, /^error: .+/m);
    t.regex(run.stderr, /^hint: .+/m);
    t.regex(run.stderr, new RegExp(`^code: ${code}$`, "m"));
    t.notRegex(run.stderr, /internal error|this is a bug/i);
    t.is(run.stdout, "", "nothing was done, so nothing was reported");
    t.deepEqual(snapshot(p.dir), before, "no file written, moved or removed");
    t.false(snapshot(p.dir).some((l) => l.startsWith(".heritage") || l.includes("/.heritage")));
  });
}

test("--json: a parsing failure prints the error document on stdout", async (t) => {
  const p = await project(t);
  const run = await runCli(["publish", M, "--json", "--quota", "0"], { cwd: p.dir, env: p.env });
  t.is(run.code, 2);
  const doc = JSON.parse(run.stdout) as Record<string, unknown>;
  t.like(doc, { schema: "heritage.error/1", code: "USAGE_BAD_VALUE", exitCode: 2 });
  t.regex(String(doc.message), /--quota/);
  t.regex(String(doc.hint), /calls per rolling hour/);
});

for (const args of [["sandbox", "--bogus"], ["sandbox", "--port", "99999"], ["sandbox", "--quota", "0"], ["sandbox", "--seed", "x"]]) {
  test(`heritage ${args.join(" ")} → exit 2 before a sandbox starts`, async (t) => {
    const p = await project(t);
    const data = join(p.dir, "sandbox-data");
    const before = snapshot(p.dir);
    // A sandbox that started would print its URL and serve until killed (the timeout).
    const run = await spawnCli([...args, "--data", data], { cwd: p.dir, env: p.env, timeoutMs: 30_000 });
    t.is(run.signal, null, "the process ended by itself");
    t.is(run.code, 2, run.stderr);
    t.is(run.stdout, "");
    t.regex(run.stderr, /^code: USAGE_[A-Z_]+$/m);
    t.deepEqual(snapshot(p.dir), before);
  });
}

test("a mistyped flag gets a did-you-mean hint naming the right one", async (t) => {
  const p = await project(t);
  const publish = await runCli(["publish", M, "--dryrun"], { cwd: p.dir, env: p.env });
  t.regex(publish.stderr, /^hint: Nothing was done\. Did you mean --dry-run \(not --dryrun\)\?/m);
  const validate = await runCli(["validate", M, "--jsn", "--itmes"], { cwd: p.dir, env: p.env });
  t.regex(validate.stderr, /Did you mean --json \(not --jsn\), --items \(not --itmes\)\?/);
  const far = await runCli(["status", M, "--zzzzzz"], { cwd: p.dir, env: p.env });
  t.notRegex(far.stderr, /Did you mean/);
});

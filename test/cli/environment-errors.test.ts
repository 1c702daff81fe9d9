/**
 * The environment's failures — a full disk, a folder heritage may not write, a path through a
 * file — exit 2 with what happened to which path and what to do, never "internal error … this
 * is a bug" (exit 70).
 */
import test from "ava";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { makeCollection } from "../helpers/collection.js";
import { BIN, runCli } from "../helpers/cli.js";
import { reportError } from "../../src/cli.js";

function sink() {
  const s = new PassThrough();
  let text = "";
  s.on("data", (c: Buffer) => (text += c.toString()));
  return { s, text: () => text };
}

test("a real 'no space left on device' (writing /dev/full) is DISK_FULL, exit 2, with the path and what to do", (t) => {
  let thrown: unknown;
  try {
    writeFileSync("/dev/full", "x".repeat(1024));
  } catch (err) {
    thrown = err;
  }
  t.is((thrown as NodeJS.ErrnoException).code, "ENOSPC");
  const out = sink();
  t.is(reportError(thrown, false, out.s), 2);
  t.regex(out.text(), /^error: The disk is full: heritage could not write (\/dev\/full|a file)\.$/m);
  t.regex(out.text(), /^hint: Free space on that disk/m);
  t.regex(out.text(), /^code: DISK_FULL$/m);
  t.notRegex(out.text(), /internal error|a bug/i);
});

test("an output folder whose path runs through a file is NOT_A_FOLDER (exit 2), also as a --json error document", async (t) => {
  const c = await makeCollection(t, 1);
  writeFileSync(join(c.dir, "afile"), "");
  const run = await runCli(["preview", "manifests/test.csv", "--out", "afile/report", "--json"], { cwd: c.dir });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /^code: NOT_A_FOLDER$/m);
  t.regex(run.stderr, /afile/);
  const doc = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
  t.like(doc, { schema: "heritage.error/1", code: "NOT_A_FOLDER", exitCode: 2 });
});

// Root may write anywhere, so the read-only folder is tried as an unprivileged user (nobody)
// when the tests run as root; as any other user, as that user.
test("a preview into a folder the user may not write is PERMISSION_DENIED (exit 2), not a bug", async (t) => {
  const c = await makeCollection(t, 1);
  const locked = join(c.dir, "locked");
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // nobody must read the project and write the state folder beside the manifest.
    for (const d of [c.dir, join(c.dir, "manifests"), join(c.dir, "collections"), c.collection]) chmodSync(d, 0o777);
  }
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "preview", "manifests/test.csv", "--out", join(locked, "report")], {
      cwd: c.dir,
      env: { ...process.env, HOME: c.dir, XDG_CONFIG_HOME: join(c.dir, "config") },
      stdio: ["ignore", "ignore", "pipe"],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /^error: Permission denied \(mkdir\): .*locked\/report/m);
  t.regex(run.stderr, /^code: PERMISSION_DENIED$/m);
  t.notRegex(run.stderr, /internal error|a bug/i);
});

test("a Flickr that cannot be reached (auth login against a closed port) is NETWORK_UNREACHABLE, exit 2", async (t) => {
  const c = await makeCollection(t, 1);
  const run = await runCli(["auth", "login", "--endpoint", "http://127.0.0.1:1/"], {
    cwd: c.dir,
    env: { XDG_CONFIG_HOME: join(c.dir, "config"), FLICKR_CONSUMER_KEY: "key", FLICKR_CONSUMER_SECRET: "secret-value" },
  });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /^error: Flickr could not be reached: /m);
  t.regex(run.stderr, /^code: NETWORK_UNREACHABLE$/m);
  t.notRegex(run.stderr, /internal error|a bug/i);
});

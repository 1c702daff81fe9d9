import test from "ava";
import { spawn } from "node:child_process";
import { BIN } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { assertPublishedAsMapped, expectedItems } from "../helpers/expect-published.js";
import { runCli } from "../helpers/cli.js";

test("Ctrl-C stops a run cleanly: calls in flight finish, the state is kept, the next run resumes", async (t) => {
  t.timeout(120_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 20);
  const env = sandboxEnv(credentials, c.dir);
  // A quota of 7,200/hour paces two calls a second, so the run is still going when interrupted.
  const child = spawn(process.execPath, [BIN, "publish", c.manifest, "--endpoint", url, "--quota", "7200", "--reconcile-grace", "0"], {
    cwd: c.dir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b));
  child.stderr.on("data", (b: Buffer) => (stderr += b));
  const exit = await new Promise<number | null>((resolve) => {
    // Interrupted once some photos are up (not after a fixed time: the checks before the first upload vary).
    const watcher = setInterval(() => sandbox.photos().length >= 2 && child.kill("SIGINT") && clearInterval(watcher), 5);
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
  t.is(exit, 130, stderr);
  t.regex(stderr, /SIGINT: finishing the calls in flight, then stopping/);
  t.regex(stdout, /Publish interrupted/);
  t.regex(stdout, /run the same command again to resume/);
  t.notRegex(stderr, /internal error|\n\s+at /);
  const partial = sandbox.photos().length;
  t.true(partial > 0 && partial < 20, `${partial} photos before the interruption`);
  const resumed = await runCli(["publish", c.manifest, "--endpoint", url, "--quota", "1000000", "--reconcile-grace", "0"], { env, cwd: c.dir });
  t.is(resumed.code, 0, resumed.stderr);
  assertPublishedAsMapped(t, sandbox.photos(), await expectedItems(c.manifest, c.dir), "testns");
});

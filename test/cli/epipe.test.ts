/**
 * `heritage validate --items | head`: the reader closes the pipe after a few lines. heritage
 * stops as on Ctrl-C, without a stack trace or an unhandled 'error' event (it used to die with
 * "Error: write EPIPE").
 */
import test from "ava";
import { spawn } from "node:child_process";
import { BIN } from "../helpers/cli.js";
import { makeCollection } from "../helpers/collection.js";

test("a closed stdout pipe stops validate quietly: no stack trace, no unhandled error, not an internal error", async (t) => {
  const c = await makeCollection(t, 40);
  const child = spawn(process.execPath, [BIN, "validate", c.manifest, "--items"], { cwd: c.dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  // Like `head -1`: read the first chunk, then close the pipe.
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  clearTimeout(killer);
  t.not(code, null, "it ended by itself");
  t.true(code === 0 || code === 130, `exit ${code}: ${stderr}`);
  t.notRegex(stderr, /EPIPE|Unhandled|internal error|at .*\.js:\d+/);
});

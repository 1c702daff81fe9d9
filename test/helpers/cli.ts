/**
 * Run the CLI in-process with captured output, or as a real child process (for signals, exit
 * codes and anything that must be observed from outside).
 */
import { PassThrough, Readable } from "node:stream";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { main } from "../../src/cli.js";
import type { RunTime } from "../../src/command-io.js";
import { createVirtualTime } from "./virtual-time.js";
import { REPO_ROOT } from "./paths.js";

export { REPO_ROOT };
export const BIN = join(REPO_ROOT, "bin", "heritage.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

export interface RunCliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  /**
   * The run's clock and sleep (API budget, retry back-off, look-ups). Default: a virtual time
   * starting now, so back-off and look-up waits cost no real seconds; "real" for the real ones.
   */
  time?: RunTime | "real";
}

/** A virtual run time starting now: sleeping advances its clock at once. */
export function virtualRunTime(): RunTime {
  const vt = createVirtualTime(Date.now());
  return { clock: vt.now, sleep: vt.sleep };
}

/** Run `heritage <args>` in this process. */
export async function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const controller = new AbortController();
  const code = await main(args, {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([options.stdin ?? ""]),
    env: { ...process.env, ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
    signal: controller.signal,
    ...(options.time === "real" ? {} : { time: options.time ?? virtualRunTime() }),
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Run the built `bin/heritage.js` as a child process (needs `npm run build`). */
export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, signal });
    });
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Run the built CLI and SIGKILL it once the sandbox has served `killAfterCalls` more calls — a
 * random point of the run's progress, whatever the machine's speed — or let it finish.
 */
import { spawn } from "node:child_process";
import { BIN } from "./cli.js";

export interface KilledRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runKilledAfterCalls(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; killAfterCalls: number | null; calls: () => number; timeoutMs?: number }): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const start = options.calls();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    const { killAfterCalls } = options;
    const watcher = killAfterCalls === null ? null : setInterval(() => options.calls() - start >= killAfterCalls && child.kill("SIGKILL"), 2);
    const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (watcher) clearInterval(watcher);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * For benchmarks that run a command's library function in this process: a CliContext with
 * captured output, and a virtual clock whose `sleep` advances time at once (so an hour of API
 * pacing runs in seconds while the budget and the sandbox see the simulated time).
 */
import { PassThrough, Readable } from "node:stream";
import type { CliContext } from "../../src/commands/context.js";

export interface BenchContext extends CliContext {
  out(): string;
  err(): string;
  exitCode: number;
}

export function benchContext(options: { cwd: string; env: NodeJS.ProcessEnv }): BenchContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const ctx: BenchContext = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: options.env,
    cwd: options.cwd,
    signal: new AbortController().signal,
    exitCode: 0,
    setExitCode: (code) => (ctx.exitCode = code),
    out: () => out,
    err: () => err,
  };
  return ctx;
}

export interface VirtualClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Milliseconds spent in `sleep` so far. */
  slept: number;
}

export function virtualClock(start: number): VirtualClock {
  let t = start;
  const clock: VirtualClock = {
    now: () => t,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      t += Math.max(0, ms);
      clock.slept += Math.max(0, ms);
      await Promise.resolve();
    },
    slept: 0,
  };
  return clock;
}

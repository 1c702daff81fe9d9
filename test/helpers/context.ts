/** A CliContext for calling a command's library function in-process, with captured output. */
import { PassThrough, Readable } from "node:stream";
import type { CliContext } from "../../src/commands/context.js";

export interface TestContext extends CliContext {
  out(): string;
  err(): string;
  exitCode: number;
  abort(): void;
}

export function testContext(options: { cwd: string; env?: NodeJS.ProcessEnv }): TestContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c));
  stderr.on("data", (c: Buffer) => (err += c));
  const controller = new AbortController();
  const ctx: TestContext = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    signal: controller.signal,
    exitCode: 0,
    setExitCode: (code) => (ctx.exitCode = code),
    out: () => out,
    err: () => err,
    abort: () => controller.abort(new Error("SIGINT")),
  };
  return ctx;
}

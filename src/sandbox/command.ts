/**
 * `heritage sandbox`: start the sandbox, print one JSON line (URL and the ready account's
 * credentials — the sandbox's own throwaway ones, fine to print), then one log line per call,
 * and stop cleanly when the CLI's signal fires (SIGINT/SIGTERM).
 */
import type { CommandIO } from "../command-io.js";
import { EXIT } from "../errors.js";
import type { Logger } from "../logger.js";
import { startSandbox, type SandboxOptions } from "./index.js";

export interface SandboxCommandOptions extends SandboxOptions {
  /** Only problems, not every call. */
  quiet?: boolean;
}

/**
 * A logger for stdout that holds its lines until `open()`: the JSON line must come first, but
 * the sandbox logs while it starts.
 */
function heldLogger(stream: NodeJS.WritableStream, quiet: boolean): Logger & { open(): void } {
  const held: string[] = [];
  let open = false;
  const write = (line: string) => {
    const stamped = `${new Date().toISOString().slice(11, 23)} ${line}\n`;
    if (open) stream.write(stamped);
    else held.push(stamped);
  };
  return {
    debug: () => {},
    info: (m) => {
      if (!quiet) write(m);
    },
    warn: (m) => write(`warning: ${m}`),
    error: (m) => write(`error: ${m}`),
    open() {
      open = true;
      for (const line of held.splice(0)) stream.write(line);
    },
  };
}

export async function runSandboxCommand(ctx: CommandIO, options: SandboxCommandOptions): Promise<number> {
  const { quiet = false, ...sandboxOptions } = options;
  const logger = heldLogger(ctx.stdout, quiet);
  const sandbox = await startSandbox({ ...sandboxOptions, logger });
  ctx.stdout.write(`${JSON.stringify({ url: sandbox.url, ...sandbox.credentials, seed: sandbox.seed })}\n`);
  logger.open();
  if (!ctx.signal.aborted) await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
  await sandbox.stop();
  return EXIT.OK;
}

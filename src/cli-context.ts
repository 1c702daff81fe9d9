/**
 * What a command handler gets from the CLI: the command runners' I/O (src/command-io.ts) and
 * how to report its exit code. Passing this in (instead of reaching for process.*) lets tests
 * run commands in-process with captured output. Only src/cli.ts and src/commands/ name it.
 */
import type { CommandIO } from "./command-io.js";

export interface CliContext extends CommandIO {
  /** Set the process exit code for this run (0 ok, 1 input errors / failed items, 2 usage/environment). */
  setExitCode(code: number): void;
}

/**
 * What a command handler gets from the CLI: where to write, the environment, and how to report
 * its exit code. Passing this in (instead of reaching for process.*) lets tests run commands
 * in-process with captured output.
 */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set the process exit code for this run (0 ok, 1 input errors / failed items, 2 usage/environment). */
  setExitCode(code: number): void;
  /** AbortSignal raised on SIGINT/SIGTERM, so long runs stop between items and keep their state. */
  signal: AbortSignal;
  /**
   * The clock and sleep of a run's waits (API budget, retry back-off, look-ups after a lost
   * answer). Unset, the real ones; tests pass a virtual time so back-off costs no seconds.
   */
  time?: RunTime;
}

export interface RunTime {
  /** Milliseconds since the epoch. */
  clock(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

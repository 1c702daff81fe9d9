/**
 * What a command runner in the library (validate/command.ts, publish/run.ts, …) gets from the
 * shell: where to write, where relative paths start, the environment and the stop signal.
 * The yargs layer's `CliContext` extends it with the exit code; library code names only this,
 * so it never depends on the CLI. The environment is passed in, never read from `process`.
 */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
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

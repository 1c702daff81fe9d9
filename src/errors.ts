/**
 * Two error families and one exit-code policy (only src/cli.ts turns these into exit codes):
 * - `UserError`: the user, their input or their environment is at fault. Printed as one clear
 *   message with a hint, never a stack.
 * - anything else is a bug: a short "please report" line, the stack only with --debug.
 */

export const EXIT = {
  OK: 0,
  /** The input has errors, or some items failed. */
  INPUT: 1,
  /** Usage or environment error: a bad flag, an unreadable manifest, a missing folder, no credentials. */
  USAGE: 2,
  /** Internal error (EX_SOFTWARE). */
  INTERNAL: 70,
  /** Stopped by Ctrl-C / SIGTERM (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface UserErrorOptions {
  /** Stable machine code, e.g. MANIFEST_UNREADABLE. */
  code: string;
  /** What to do about it. */
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class UserError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  constructor(message: string, options: UserErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.code = options.code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.USAGE;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** Message of any thrown value, without assuming it is an Error. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** What `--json` prints on stdout when a command fails (schema heritage.error/1). */
export interface ErrorDocument {
  schema: "heritage.error/1";
  code: string;
  message: string;
  hint: string | null;
  exitCode: number;
}

/**
 * The error document for any thrown value. A bug gets the code INTERNAL and no details beyond
 * its message (the stack is for --debug on stderr). Secrets are redacted by the caller's
 * `redact` (src/redact.ts), passed in to keep this module free of imports.
 */
export function errorDocument(err: unknown, redact: (s: string) => string = (s) => s): ErrorDocument {
  if (isUserError(err)) {
    return { schema: "heritage.error/1", code: err.code, message: redact(err.message), hint: err.hint === undefined ? null : redact(err.hint), exitCode: err.exitCode };
  }
  return {
    schema: "heritage.error/1",
    code: "INTERNAL",
    message: redact(messageOf(err)),
    hint: "This is a bug in heritage, not in your data; please report it with the command you ran (--debug shows the stack trace).",
    exitCode: EXIT.INTERNAL,
  };
}

/** A long read stopped by Ctrl-C or SIGTERM: exit 130, nothing written beyond what is said. */
export class Interrupted extends UserError {
  constructor(what: string, hint = "Nothing was written; run the same command again to start over.") {
    super(`interrupted: ${what}`, { code: "INTERRUPTED", hint, exitCode: EXIT.INTERRUPTED });
  }
}

/**
 * For long synchronous-looking loops (a million-row manifest): every `every` calls, give the
 * event loop a turn — so a signal handler can run at all — then stop if the signal was raised.
 * `what` says, when it stops, how far the loop got.
 */
export function interruptCheck(signal: AbortSignal | undefined, what: () => string, every = 256): () => Promise<void> {
  let calls = 0;
  return async () => {
    if (++calls % every !== 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new Interrupted(what());
  };
}

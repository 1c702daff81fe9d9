/**
 * The state's environment failing — a damaged database, a folder that cannot be written, a full
 * disk — is the user's to fix, not a bug: each becomes a UserError (exit 2) that says what
 * happened and what to do. Anything else is left alone.
 */
import { dirname } from "node:path";
import { EXIT, UserError } from "../errors.js";

const DAMAGED = ["SQLITE_NOTADB", "SQLITE_CORRUPT"];
const NOT_WRITABLE = ["SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "EACCES", "EPERM", "EROFS"];
const FULL = ["SQLITE_FULL", "ENOSPC", "EDQUOT"];

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

const matches = (code: string, family: readonly string[]) => family.some((f) => code === f || code.startsWith(`${f}_`));

export function stateDamagedError(path: string, what: string, cause?: unknown): UserError {
  return new UserError(`the state database ${path} is damaged (${what})`, {
    code: "STATE_DAMAGED",
    exitCode: EXIT.USAGE,
    hint: "Nothing was sent. Put back a backup of the state folder if you have one; otherwise rebuild it from Flickr with `heritage state rebuild <manifest> --force` (the damaged file is kept aside, renamed with the time).",
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The UserError for an environment failure of the state at `path`, or null for anything else.
 * A file-system error counts only when it names a file in the state's folder (a master that
 * cannot be read is another matter), unless `opening` says the state itself was being opened.
 */
export function stateEnvironmentError(err: unknown, path: string, opening = false): UserError | null {
  if (err instanceof UserError) return null;
  const code = codeOf(err);
  const file = (err as { path?: unknown } | null)?.path;
  if (!code.startsWith("SQLITE_") && !opening && !(typeof file === "string" && file.startsWith(dirname(path)))) return null;
  const message = err instanceof Error ? err.message : String(err);
  if (matches(code, DAMAGED)) return stateDamagedError(path, `SQLite says: ${message}`, err);
  if (matches(code, FULL)) {
    return new UserError(`the disk holding ${dirname(path)} is full (${message})`, {
      code: "DISK_FULL",
      exitCode: EXIT.USAGE,
      hint: "Free some space, then run the same command again: everything done so far is recorded and resumes.",
      cause: err,
    });
  }
  if (matches(code, NOT_WRITABLE)) {
    return new UserError(`heritage cannot write its state in ${dirname(path)} (${message})`, {
      code: "STATE_NOT_WRITABLE",
      exitCode: EXIT.USAGE,
      hint: "Make that folder (and the files in it) writable for you, or keep the state elsewhere with --state DIR.",
      cause: err,
    });
  }
  if (matches(code, ["SQLITE_IOERR"])) {
    return new UserError(`reading or writing the state ${path} failed (${message})`, {
      code: "STATE_IO",
      exitCode: EXIT.USAGE,
      hint: "Check the disk (or network share) holding it, then run the same command again.",
      cause: err,
    });
  }
  return null;
}

/** Run `fn`; an environment failure of the state at `path` is rethrown as a UserError. */
export function withStateErrors<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw stateEnvironmentError(err, path) ?? err;
  }
}

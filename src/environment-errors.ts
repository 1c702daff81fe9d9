/**
 * The environment's failures, recognised wherever they surface: a full disk, a read-only or
 * forbidden folder, a path that is a file, too many open files. Code that writes a file does
 * not have to wrap every call: an operating-system error that reaches the CLI is turned into a
 * `UserError` (exit 2) saying what happened to which path and what to do — never "this is a
 * bug". The state database's own failures (SQLite) are recognised by the same table.
 */
import { UserError } from "./errors.js";
import { FlickrApiError } from "./flickr/errors.js";

interface SystemErrorLike {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  message: string;
}

function asSystemError(err: unknown): SystemErrorLike | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? (err as Error & SystemErrorLike) : null;
}

const ON_PATH = (e: SystemErrorLike): string => ` ${e.path ?? "a file"}`;

/** code → [what happened, what to do], by kind. */
const KINDS: Record<string, { code: string; what: (e: SystemErrorLike) => string; hint: string }> = {
  ENOSPC: {
    code: "DISK_FULL",
    what: (e) => `the disk is full: heritage could not write${ON_PATH(e)}`,
    hint: "Free space on that disk (or choose another folder with --out / --state), then run the same command again: work already recorded is kept.",
  },
  EDQUOT: {
    code: "DISK_FULL",
    what: (e) => `your disk quota is used up: heritage could not write${ON_PATH(e)}`,
    hint: "Free space within your quota (or choose another folder with --out / --state), then run the same command again.",
  },
  EROFS: {
    code: "FOLDER_READ_ONLY",
    what: (e) => `the file system is read-only: heritage could not write${ON_PATH(e)}`,
    hint: "Choose a folder on a writable disk (--out for the preview, --state for the state), or copy the project to one.",
  },
  EACCES: {
    code: "PERMISSION_DENIED",
    what: (e) => `permission denied${e.syscall ? ` (${e.syscall})` : ""}:${ON_PATH(e)}`,
    hint: "Make the folder writable (and readable) for the user running heritage, or choose another one (--out / --state).",
  },
  EPERM: {
    code: "PERMISSION_DENIED",
    what: (e) => `the operation is not permitted${e.syscall ? ` (${e.syscall})` : ""}:${ON_PATH(e)}`,
    hint: "Check the folder's permissions and that no other program holds the file, or choose another folder (--out / --state).",
  },
  ENOTDIR: {
    code: "NOT_A_FOLDER",
    what: (e) => `a part of the path ${e.path ?? "heritage writes to"} is a file, not a folder`,
    hint: "Choose a folder path (--out / --state), or move the file that is in the way.",
  },
  EISDIR: {
    code: "NOT_A_FILE",
    what: (e) => `${e.path ?? "the path"} is a folder where heritage expected a file`,
    hint: "Remove or rename the folder in the way, or choose another path.",
  },
  EMFILE: {
    code: "TOO_MANY_OPEN_FILES",
    what: () => "too many files are open at once",
    hint: "Lower --concurrency, or raise the limit of open files (ulimit -n), then run again.",
  },
  EIO: {
    code: "DISK_ERROR",
    what: (e) => `the disk reported an input/output error (${e.path ?? "while reading or writing a file"})`,
    hint: "The disk or network share may be failing: check it, then run again.",
  },
  SQLITE_FULL: {
    code: "DISK_FULL",
    what: () => "the disk holding the state is full",
    hint: "Free space on that disk, then run the same command again: every finished step is recorded.",
  },
  SQLITE_READONLY: {
    code: "FOLDER_READ_ONLY",
    what: () => "the state cannot be written (read-only file or folder)",
    hint: "Make the state folder writable for you, or choose another one with --state.",
  },
};
KINDS["ENFILE"] = KINDS["EMFILE"]!;

/**
 * The UserError for an operating-system (or SQLite) failure of the environment, or null when
 * `err` is not one. Follows `cause` one step, for errors that wrap the system error.
 */
export function environmentError(err: unknown): UserError | null {
  if (err instanceof FlickrApiError) return unreachable(err);
  const e = asSystemError(err) ?? asSystemError((err as { cause?: unknown } | null)?.cause);
  if (!e) return null;
  const kind = KINDS[e.code] ?? (e.code.startsWith("SQLITE_READONLY") ? KINDS["SQLITE_READONLY"] : undefined);
  if (!kind) return null;
  return new UserError(`${capitalise(kind.what(e))}.`, { code: kind.code, hint: kind.hint, cause: err });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A Flickr call that failed for want of a network or a working server (no Flickr error code):
 * the environment, not a bug. Anything with a Flickr error code stays with its own handling.
 */
function unreachable(err: FlickrApiError): UserError | null {
  if (err.code !== null) return null;
  if (err.httpStatus !== null && err.httpStatus < 500 && err.httpStatus !== 429) return null;
  const server = err.httpStatus !== null;
  return new UserError(server ? `Flickr is not answering properly: ${err.message}.` : `Flickr could not be reached: ${err.message}.`, {
    code: server ? "FLICKR_UNAVAILABLE" : "NETWORK_UNREACHABLE",
    hint: server
      ? "Flickr (or the endpoint given with --endpoint / HERITAGE_FLICKR_ENDPOINT) has a problem; wait a while and run the same command again."
      : "Check the network connection and the endpoint (--endpoint / HERITAGE_FLICKR_ENDPOINT), then run the same command again.",
    cause: err,
  });
}

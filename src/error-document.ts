/**
 * A failure as the user sees it, and its `--json` error document (schema heritage.error/1): one
 * place for the CLI and for a command whose JSON report was already under way when it failed.
 * Such a command closes its report with the error inside (so stdout stays one JSON document)
 * and marks the error, so the CLI does not print a second document after it.
 */
import { errorDocument, isUserError, type ErrorDocument } from "./errors.js";
import { environmentError } from "./environment-errors.js";
import { redactSecrets } from "./redact.js";

/** A failure of the environment (full disk, read-only folder…) is the user's to fix, not a bug. */
export function asUserFacing(err: unknown): unknown {
  return isUserError(err) ? err : (environmentError(err) ?? err);
}

export function jsonErrorDocument(err: unknown): ErrorDocument {
  return errorDocument(asUserFacing(err), redactSecrets);
}

const inReport = new WeakSet<object>();

/** The command already wrote this error's document inside its JSON report on stdout. */
export function markInJsonReport(err: unknown): void {
  if (typeof err === "object" && err !== null) inReport.add(err);
}

export function isInJsonReport(err: unknown): boolean {
  return typeof err === "object" && err !== null && inReport.has(err);
}

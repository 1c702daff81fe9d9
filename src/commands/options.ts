/**
 * Option parsing that fails before any work. Every numeric flag goes through one of these
 * coercions, so a bad value (`--quota 0`, `--concurrency abc`, a flag given twice) is a
 * `UserError` raised while yargs parses — before a handler runs, so nothing is read, written
 * or started. The CLI's fail handler (src/cli.ts) turns yargs' own complaints (unknown flags,
 * missing arguments, bad choices) into `UserError`s too.
 */
import { EXIT, UserError } from "../errors.js";

/** Stable codes for the ways a command line can be wrong. */
export const USAGE_CODES = {
  unknown: "USAGE_UNKNOWN_ARGUMENT",
  badValue: "USAGE_BAD_VALUE",
  conflict: "USAGE_CONFLICT",
  missing: "USAGE_MISSING_ARGUMENT",
} as const;

interface NumberRule {
  /** Whole numbers only. */
  integer: boolean;
  /** Smallest accepted value. */
  min: number;
  /** Whether `min` itself is refused (e.g. a quota of 0). */
  aboveMin?: boolean;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** What the value means, for the hint. */
  means: string;
  /** What kind of number, for the message (default "a whole number" or "a number"), e.g. "a percentage". */
  noun?: string;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.noun ?? (rule.integer ? "a whole number" : "a number");
  if (rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}`;
  return rule.aboveMin ? `${kind} above ${rule.min}` : `${kind} of ${rule.min} or more`;
}

function obeys(n: number, rule: NumberRule): boolean {
  if (!Number.isFinite(n) || (rule.integer && !Number.isInteger(n))) return false;
  if (rule.aboveMin ? n <= rule.min : n < rule.min) return false;
  return rule.max === undefined || n <= rule.max;
}

/** One flag's check: throws a UserError for a bad value. */
export interface FlagCheck {
  flag: string;
  check(value: unknown): void;
}

/**
 * A yargs `.check()` function running the given flag checks. (Not `coerce`: yargs rewraps a
 * coerce error as a plain YError, losing the code and hint; a check's error reaches the fail
 * handler as thrown.) Runs before the handler, so a bad value does nothing.
 */
export function checkFlags(checks: FlagCheck[]): (argv: Record<string, unknown>) => true {
  return (argv) => {
    for (const { flag, check } of checks) if (argv[flag] !== undefined) check(argv[flag]);
    return true;
  };
}

/** A flag that takes one number obeying `rule`. */
export function numberFlag(flag: string, rule: NumberRule): FlagCheck {
  return { flag, check: (value: unknown): void => {
    if (Array.isArray(value)) {
      throw new UserError(`--${flag} is given ${value.length} times (${value.map(String).join(", ")})`, {
        code: USAGE_CODES.conflict,
        hint: `Give --${flag} once: ${rule.means}.`,
        exitCode: EXIT.USAGE,
      });
    }
    const n = typeof value === "number" ? value : Number(value);
    if (!obeys(n, rule)) {
      throw new UserError(`--${flag} must be ${describeRule(rule)}, got ${typeof value === "number" && Number.isNaN(value) ? "something that is not a number" : JSON.stringify(value)}`, {
        code: USAGE_CODES.badValue,
        hint: `--${flag} is ${rule.means}.`,
        exitCode: EXIT.USAGE,
      });
    }
  } };
}

/** A string flag that must be given at most once and not empty. */
export function stringFlag(flag: string, means: string): FlagCheck {
  return { flag, check: (value: unknown): void => {
    if (Array.isArray(value)) {
      throw new UserError(`--${flag} is given ${value.length} times`, { code: USAGE_CODES.conflict, hint: `Give --${flag} once: ${means}.` });
    }
    const s = String(value);
    if (s.trim() === "") throw new UserError(`--${flag} is empty`, { code: USAGE_CODES.badValue, hint: `--${flag} is ${means}.` });
  } };
}

/** Two flags that exclude each other. */
export function conflict(a: string, b: string, why: string): UserError {
  return new UserError(`--${a} and --${b} exclude each other`, { code: USAGE_CODES.conflict, hint: why });
}

/** Classify one of yargs' own messages into a UserError with a stable code and a hint. */
export function usageErrorFromYargs(message: string, command: string | undefined, knownFlags: readonly string[] = []): UserError {
  const help = command ? `Run "heritage ${command} --help" for its options.` : `Run "heritage --help" or "heritage <command> --help" for usage.`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1]?.split(", ") ?? [];
  const guesses = unknown.map((u) => [u, closestFlag(u, knownFlags)] as const).filter((g): g is readonly [string, string] => g[1] !== null);
  const guess = guesses.length > 0 ? ` Did you mean ${guesses.map(([u, g]) => `--${g} (not --${u})`).join(", ")}?` : "";
  let code: string = USAGE_CODES.badValue;
  if (/^(Unknown argument|Unknown command|Did you mean)/i.test(message)) code = USAGE_CODES.unknown;
  else if (/^(Missing required|Not enough non-option|Name a|Name an)/i.test(message)) code = USAGE_CODES.missing;
  else if (/mutually exclusive|Too many non-option/i.test(message)) code = USAGE_CODES.conflict;
  const hint = code === USAGE_CODES.unknown ? `Nothing was done.${guess || " Check the spelling (flags are written like --dry-run)."} ${help}` : `Nothing was done. ${help}`;
  return new UserError(message.replace(/\.$/, ""), { code, hint, exitCode: EXIT.USAGE });
}

/** The known flag closest to a mistyped one (--dryrun → dry-run), or null when none is close. */
export function closestFlag(typed: string, known: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    if (k.length <= 1 || k === "$0" || /[A-Z]/.test(k)) continue; // aliases and yargs' camelCase copies
    const d = editDistance(norm(typed), norm(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== null && bestDistance <= (typed.length < 5 ? 1 : 2) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

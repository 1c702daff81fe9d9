/**
 * Retries with exponential backoff and full jitter, for transient failures only. The policy is
 * pure arithmetic over an injected random source and sleep, so tests run in virtual time.
 */
import { abortableSleep } from "./budget.js";
import type { ClassifiedError } from "./ports.js";

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  maxAttempts: number;
  /** First backoff ceiling in ms. @default 1000 */
  baseMs: number;
  /** Largest backoff in ms. @default 60000 */
  maxMs: number;
}

export const RETRY_DEFAULTS: RetryPolicy = { maxAttempts: 5, baseMs: 1000, maxMs: 60_000 };

/** Full jitter: a random delay between 0 and min(max, base·2^(attempt-1)). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryDeps {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each wait, e.g. to log "retrying setDates in 1.2 s (HTTP 502)". */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Run `fn` until it succeeds, `isTransient(error)` says no, or the attempts are spent; the last
 * error is rethrown. (retryCall without outcomes: for callers that only know "transient or not".)
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  isTransient: (error: unknown) => boolean,
  policy: RetryPolicy = RETRY_DEFAULTS,
  deps: RetryDeps = {},
): Promise<T> {
  let last: unknown;
  return retryCall(
    async (attempt) => {
      try {
        return await fn(attempt);
      } catch (err) {
        last = err;
        throw err;
      }
    },
    {
      policy,
      random: deps.random ?? Math.random,
      sleep: deps.sleep ?? abortableSleep,
      ...(deps.signal ? { signal: deps.signal } : {}),
      classify: (error) => ({ kind: isTransient(error) ? "transient" : "permanent", code: null, httpStatus: null, message: String(error) }),
      repeatable: false,
      onRetry: ({ attempt, delayMs }) => deps.onRetry?.({ attempt, delayMs, error: last }),
      giveUp: (_c, cause) => cause,
    },
  );
}

/** A small seeded PRNG (mulberry32) for deterministic jitter in tests and simulations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How one kind of call is retried: the executor's REST calls, uploads and replaces alike. */
export interface RetryHooks<T> {
  policy: RetryPolicy;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** What a failure means (transient, permanent, unknown outcome). */
  classify: (error: unknown) => ClassifiedError;
  /** Sending the call again is harmless even when the last one may have arrived. */
  repeatable: boolean;
  /** Told of every failure first (log it; throw to stop here, e.g. a run stop). */
  onFailure?: (error: ClassifiedError, attempt: number) => void;
  /**
   * A call whose outcome is unknown: find out whether it happened (an upload is looked up by its
   * machine tag). A value ends the retries with it; null means "it did not happen": send again.
   */
  onUnknownOutcome?: (error: ClassifiedError) => Promise<T | null>;
  onRetry?: (info: { attempt: number; delayMs: number; error: ClassifiedError }) => void;
  /** What is thrown when the retries end without success (the original failure is `cause`). */
  giveUp: (error: ClassifiedError, cause: unknown) => unknown;
}

/**
 * Run `fn` until it succeeds. A transient failure is retried with backoff; an unknown outcome is
 * looked up by `onUnknownOutcome` when there is one, else retried only if `repeatable`; anything
 * else, or the last attempt, ends with `giveUp`.
 */
export async function retryCall<T>(fn: (attempt: number) => Promise<T>, hooks: RetryHooks<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const classified = hooks.classify(err);
      hooks.onFailure?.(classified, attempt);
      let again = classified.kind === "transient";
      if (classified.kind === "unknown-outcome") {
        if (hooks.onUnknownOutcome) {
          const found = await hooks.onUnknownOutcome(classified);
          if (found !== null) return found;
          again = true;
        } else {
          again = hooks.repeatable;
        }
      }
      if (!again || attempt >= hooks.policy.maxAttempts || hooks.signal?.aborted) throw hooks.giveUp(classified, err);
      const delayMs = backoffDelay(attempt, hooks.policy, hooks.random);
      hooks.onRetry?.({ attempt, delayMs, error: classified });
      await hooks.sleep(delayMs, hooks.signal);
    }
  }
}

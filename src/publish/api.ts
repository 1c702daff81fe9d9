/**
 * One API call as the executor makes it: through the budget-aware client, with retries for
 * transient failures, the throttle signal on 429/105, a JSON-lines log line for every mutation,
 * and a classified error when it finally fails.
 */
import { retryCall, type RetryPolicy } from "./retry.js";
import type { Classify, ClassifiedError, FlickrParams, FlickrPort, RunLog } from "./ports.js";
import { errorCode } from "./failures.js";
import { isIdempotent, isWriteMethod } from "../flickr/methods.js";

export interface ApiContext {
  flickr: FlickrPort;
  classify: Classify;
  log: RunLog;
  retry: RetryPolicy;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told when Flickr throttles (HTTP 429 or error 105), so the budget slows down. */
  onThrottle: () => void;
  onRetry?: (method: string, attempt: number, delayMs: number, error: ClassifiedError) => void;
  runId: number;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly classified: ClassifiedError,
  ) {
    super(classified.message);
    this.name = "ApiError";
  }
  get code(): string {
    return errorCode(this.classified);
  }
}

export function isThrottle(e: ClassifiedError): boolean {
  return e.httpStatus === 429 || e.code === 105;
}

/**
 * Call `method`, retrying transient failures. `idempotent` writes (the setters) are also
 * retried when their outcome is unknown: sending them twice does no harm.
 */
export async function callApi(
  ctx: ApiContext,
  method: string,
  params: FlickrParams,
  about: { identifier?: string | null; photoId?: string | null; signal?: AbortSignal; idempotent?: boolean } = {},
): Promise<unknown> {
  const mutation = isWriteMethod(method);
  const entry = { run: ctx.runId, method, identifier: about.identifier ?? null, photo_id: about.photoId ?? null };
  const result = await retryCall(() => ctx.flickr.call(method, params), {
    policy: ctx.retry,
    random: ctx.random,
    sleep: ctx.sleep,
    ...(about.signal ? { signal: about.signal } : {}),
    classify: (err) => ctx.classify(err, method),
    repeatable: about.idempotent ?? isIdempotent(method),
    onFailure: (c) => {
      if (isThrottle(c)) ctx.onThrottle();
    },
    onRetry: ({ attempt, delayMs, error }) => ctx.onRetry?.(method, attempt, delayMs, error),
    giveUp: (c) => {
      const err = new ApiError(method, c);
      if (mutation) ctx.log.write({ ...entry, outcome: c.kind === "unknown-outcome" ? "unknown" : "error", code: err.code, message: err.message });
      return err;
    },
  });
  if (mutation) ctx.log.write({ ...entry, outcome: "ok" });
  return result;
}

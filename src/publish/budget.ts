/**
 * The API budget of a run: Flickr asks for at most ~3,600 calls per hour per API key. Two rules
 * together keep a run close to the budget without exceeding it:
 * - a sliding one-hour window that never admits more than `perHour` calls (including the calls
 *   earlier runs on this state made in the last hour, so a restart does not spend the hour twice);
 * - a token bucket that paces calls at perHour/3600 per second with a small burst, so the hour's
 *   budget is not spent in its first minute.
 * HTTP 429 or Flickr 105 halves the pace for a cool-down period, and pauses the whole run:
 * every call waits (Retry-After when Flickr sends one, otherwise 1 s doubling up to 5 minutes
 * while the throttling lasts), and the throttled call is sent again afterwards, so throttling
 * costs time, not items. After an hour of uninterrupted throttling the call fails as before.
 */

export interface BudgetOptions {
  /** Calls allowed per rolling hour. @default 3600 */
  perHour: number;
  /** Bucket capacity: calls that may go back-to-back after a pause. @default 5 */
  burst?: number;
  /** Milliseconds clock (injected for tests and simulations). */
  clock?: () => number;
  /** Sleep (injected for tests and simulations). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Calls already spent per minute (epoch minutes), e.g. from the state. */
  history?: readonly { minute: number; count: number }[];
  /** How long a 429/105 slows the run down. @default 300000 (5 min) */
  cooldownMs?: number;
  /**
   * A call reaches Flickr a little after it is admitted here; counting the window this much
   * longer than an hour keeps Flickr's own count of the hour within the quota. @default 5000
   */
  marginMs?: number;
  /** First run-wide pause after a throttle without Retry-After (ms); doubles while it lasts. @default 1000 */
  throttlePauseMs?: number;
  /**
   * The machine-wide ledger of this API key (budget-ledger.ts): when given, the rolling hour and
   * the pace are shared with every other run using the key, and `history` is not needed.
   */
  shared?: { ledger: ApiLedger; key: string };
  /** Longest single pause (ms). @default 300000 (5 min) */
  maxThrottlePauseMs?: number;
  /** How long throttling may last before calls fail instead of waiting (ms). @default 3600000 */
  maxThrottleMs?: number;
}

/** What the run shows while it waits for Flickr's throttling. */
export interface ThrottlePause {
  ms: number;
  retryAfter: boolean;
  why: string;
}

export interface BudgetStats {
  calls: number;
  waitedMs: number;
  penalties: number;
  /** Current pace in calls per hour. */
  ratePerHour: number;
}

import type { ApiLedger } from "./budget-ledger.js";

const HOUR = 3_600_000;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** "45 s", "2 min 30 s". */
export function formatPause(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${Math.max(1, s)} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
}

export class ApiBudget {
  readonly perHour: number;
  private readonly burst: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly cooldownMs: number;
  private readonly span: number;
  /** Times (ms) of admitted calls within the last hour, oldest first. */
  private readonly window: number[] = [];
  private tokens: number;
  private lastRefill: number;
  private factor = 1;
  private penaltyUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly counters = { calls: 0, waitedMs: 0, penalties: 0 };
  private pausedUntil = 0;
  private throttleStreak = 0;
  private throttleSince: number | null = null;
  private readonly throttlePauseMs: number;
  private readonly maxThrottlePauseMs: number;
  private readonly maxThrottleMs: number;
  private pauseListener: (pause: ThrottlePause) => void = () => undefined;
  private readonly shared: { ledger: ApiLedger; key: string } | null;

  constructor(options: BudgetOptions) {
    if (!(options.perHour > 0)) throw new RangeError(`perHour must be positive, got ${options.perHour}`);
    this.perHour = options.perHour;
    this.burst = Math.max(1, Math.min(options.burst ?? 5, options.perHour));
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.cooldownMs = options.cooldownMs ?? 300_000;
    this.span = HOUR + (options.marginMs ?? 5_000);
    this.throttlePauseMs = options.throttlePauseMs ?? 1_000;
    this.maxThrottlePauseMs = options.maxThrottlePauseMs ?? 300_000;
    this.maxThrottleMs = options.maxThrottleMs ?? HOUR;
    this.shared = options.shared ?? null;
    const now = this.clock();
    this.lastRefill = now;
    this.tokens = this.burst;
    // Earlier calls are counted as made at the END of their minute: the conservative choice,
    // since they then leave the window as late as they possibly can.
    for (const h of options.history ?? []) {
      const at = h.minute * 60_000 + 59_999;
      if (at > now - this.span) for (let i = 0; i < h.count; i++) this.window.push(Math.min(at, now));
    }
    this.window.sort((a, b) => a - b);
    if (this.window.length > 0) this.tokens = 0;
  }

  /** Wait until one more call fits the budget, then count it. Calls are admitted in FIFO order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.admit(signal));
    // A rejected turn (abort) must not poison the queue for others.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Flickr said "too many requests" (429) or "service unavailable" (105): slow down. */
  penalize(): void {
    const now = this.clock();
    this.counters.penalties++;
    this.factor = Math.max(0.125, this.factor / 2);
    this.penaltyUntil = now + this.cooldownMs;
    this.tokens = 0;
    this.lastRefill = now;
    this.shared?.ledger.drain(this.shared.key, now);
  }

  /** Told when the run pauses for throttling (progress). */
  onPause(listener: (pause: ThrottlePause) => void): void {
    this.pauseListener = listener;
  }

  /**
   * Flickr throttled a call (HTTP 429 / error 105): pause every call of the run, wait out the
   * pause, and say whether to send the call again (false once throttling has lasted too long).
   */
  async throttled(retryAfterSeconds: number | null, why: string, signal?: AbortSignal): Promise<boolean> {
    const now = this.clock();
    this.throttleSince ??= now;
    if (now - this.throttleSince >= this.maxThrottleMs) return false;
    if (now >= this.pausedUntil) {
      // A new throttle after the last pause ended: pause longer (calls already waiting share one pause).
      this.penalize();
      const ms = retryAfterSeconds !== null ? retryAfterSeconds * 1000 : Math.min(this.maxThrottlePauseMs, this.throttlePauseMs * 2 ** this.throttleStreak);
      this.throttleStreak++;
      this.pausedUntil = now + ms;
      this.pauseListener({ ms, retryAfter: retryAfterSeconds !== null, why });
    }
    const wait = this.pausedUntil - now;
    this.counters.waitedMs += wait;
    await this.sleep(wait, signal);
    return true;
  }

  /** A call went through: throttling is over. */
  succeeded(): void {
    if (this.clock() < this.pausedUntil) return;
    this.throttleStreak = 0;
    this.throttleSince = null;
  }

  /** Calls admitted in the last rolling hour. */
  usedLastHour(): number {
    if (this.shared) return this.shared.ledger.usedInWindow(this.shared.key, this.clock(), this.span);
    this.expire(this.clock());
    return this.window.length;
  }

  stats(): BudgetStats {
    return { ...this.counters, ratePerHour: this.currentRate() * 3600 };
  }

  private currentRate(): number {
    if (this.factor < 1 && this.clock() >= this.penaltyUntil) this.factor = 1;
    return (this.perHour / 3600) * this.factor; // calls per second
  }

  private expire(now: number): void {
    while (this.window.length > 0 && this.window[0]! <= now - this.span) this.window.shift();
  }

  private refill(now: number): void {
    const rate = this.currentRate();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
  }

  /** Admission through the machine-wide ledger: 0 = admitted, else ms to wait. */
  private admitShared(shared: { ledger: ApiLedger; key: string }, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const wait = shared.ledger.tryAdmit(shared.key, { now, perHour: this.perHour, spanMs: this.span, burst: this.burst, ratePerSecond: this.currentRate() });
    if (wait === 0) {
      this.expire(now);
      this.window.push(now);
      this.counters.calls++;
    }
    return wait;
  }

  private async admit(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      const now = this.clock();
      if (this.shared) {
        const wait = this.admitShared(this.shared, now);
        if (wait === 0) return;
        this.counters.waitedMs += wait;
        await this.sleep(wait, signal);
        continue;
      }
      this.expire(now);
      this.refill(now);
      const windowFull = this.window.length >= this.perHour;
      if (!windowFull && this.tokens >= 1 && now >= this.pausedUntil) {
        this.tokens -= 1;
        this.window.push(now);
        this.counters.calls++;
        return;
      }
      const waitForToken = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.currentRate()) * 1000;
      const waitForWindow = windowFull ? this.window[0]! + this.span - now + 1 : 0;
      const waitForPause = this.pausedUntil > now ? this.pausedUntil - now : 0;
      const wait = Math.max(1, Math.ceil(Math.max(waitForToken, waitForWindow, waitForPause)));
      this.counters.waitedMs += wait;
      await this.sleep(wait, signal);
    }
  }
}

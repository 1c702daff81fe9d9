/**
 * Flickr's documented budget: 3,600 calls per rolling hour per API key. Each key keeps the times of
 * its accepted calls in the last hour; a call beyond the budget is refused (HTTP 429) and not
 * counted, so a client that backs off gets back in as the window slides.
 */
const HOUR_MS = 3_600_000;

export class RollingQuota {
  private readonly windows = new Map<string, { times: number[]; head: number }>();

  constructor(private readonly limit: number) {}

  /** Take one call from `key`'s budget; false when the budget is spent. */
  tryTake(key: string, nowMs: number): boolean {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { times: [], head: 0 }));
    while (w.head < w.times.length && w.times[w.head]! <= nowMs - HOUR_MS) w.head++;
    // Compact now and then rather than shifting on every call.
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    if (w.times.length - w.head >= this.limit) return false;
    w.times.push(nowMs);
    return true;
  }

  /** Calls `key` made in the hour before `nowMs`. */
  used(key: string, nowMs: number): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    let n = 0;
    for (let i = w.head; i < w.times.length; i++) if (w.times[i]! > nowMs - HOUR_MS) n++;
    return n;
  }
}

/**
 * Throttling below the quota (a realism switch): real clients have been "slowed to a crawl" by
 * 429s long before 3,600 calls, without Retry-After. After `afterCalls` calls a key is refused
 * for `seconds`; then its count starts again.
 */
export class Throttle {
  private readonly keys = new Map<string, { calls: number; until: number }>();

  constructor(
    private readonly afterCalls: number | null,
    private readonly seconds: number,
  ) {}

  /** True when this call is refused. */
  refuses(key: string, nowMs: number): boolean {
    if (this.afterCalls === null) return false;
    let k = this.keys.get(key);
    if (!k) this.keys.set(key, (k = { calls: 0, until: 0 }));
    if (nowMs < k.until) return true;
    if (k.until !== 0) k.until = 0;
    k.calls += 1;
    if (k.calls > this.afterCalls) {
      k.calls = 0;
      k.until = nowMs + this.seconds * 1000;
      return true;
    }
    return false;
  }
}

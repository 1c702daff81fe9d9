/**
 * Call statistics for `/sandbox/calls`: totals per method (upload and replace count as methods,
 * the OAuth endpoints as `oauth.request_token` / `oauth.access_token`), per minute of the sandbox
 * clock, the 429s served, injected faults, failures by method and code, and the server time spent
 * (from the parsed request to the response, without injected latency).
 */

export interface CallStats {
  total: number;
  byMethod: Record<string, number>;
  /** Minutes with calls, oldest first; `minute` is an ISO timestamp truncated to the minute. */
  perMinute: { minute: string; count: number }[];
  served429: number;
  /** Injected faults by rule label. */
  faults: Record<string, number>;
  /** Failed calls: method → Flickr code (`"96"`) or HTTP problem (`"http401"`, `"http429"`) → count. */
  failures: Record<string, Record<string, number>>;
  serverTimeMs: { total: number; max: number; mean: number };
  /** Sandbox-clock ISO time of the first counted call since the last reset (null before any). */
  since: string | null;
}

export class CallRecorder {
  private stats!: Omit<CallStats, "perMinute" | "serverTimeMs"> & { serverTotal: number; serverMax: number };
  private minutes = new Map<number, number>();

  constructor() {
    this.reset();
  }

  reset(): void {
    // Keyed by names a client chooses ("constructor", "__proto__"): no prototype to collide with.
    this.stats = { total: 0, byMethod: dict(), served429: 0, faults: dict(), failures: dict(), since: null, serverTotal: 0, serverMax: 0 };
    this.minutes = new Map();
  }

  /** Count one API call (before knowing how it ends). */
  count(method: string, nowMs: number): void {
    const s = this.stats;
    s.total += 1;
    s.byMethod[method] = (s.byMethod[method] ?? 0) + 1;
    s.since ??= new Date(nowMs).toISOString();
    const minute = Math.floor(nowMs / 60_000);
    this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + 1);
  }

  failure(method: string, what: string): void {
    const byCode = (this.stats.failures[method] ??= dict());
    byCode[what] = (byCode[what] ?? 0) + 1;
    if (what === "http429") this.stats.served429 += 1;
  }

  fault(label: string): void {
    this.stats.faults[label] = (this.stats.faults[label] ?? 0) + 1;
  }

  serverTime(ms: number): void {
    this.stats.serverTotal += ms;
    this.stats.serverMax = Math.max(this.stats.serverMax, ms);
  }

  snapshot(): CallStats {
    const { serverTotal, serverMax, ...rest } = this.stats;
    return structuredClone({
      ...rest,
      perMinute: [...this.minutes.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([m, count]) => ({ minute: new Date(m * 60_000).toISOString().slice(0, 16) + "Z", count })),
      serverTimeMs: { total: round(serverTotal), max: round(serverMax), mean: rest.total ? round(serverTotal / rest.total) : 0 },
    });
  }
}

const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

const round = (n: number) => Math.round(n * 1000) / 1000;

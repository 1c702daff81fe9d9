/** A virtual clock: `sleep` advances time at once, so an hour of rate limiting runs in milliseconds. */
export interface VirtualTime {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  advance(ms: number): void;
  slept: number;
}

export function createVirtualTime(start = Date.UTC(2026, 10, 25, 12, 0, 0)): VirtualTime {
  let t = start;
  const vt: VirtualTime = {
    now: () => t,
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      t += ms;
      vt.slept += ms;
      await Promise.resolve();
    },
    advance(ms: number) {
      t += ms;
    },
    slept: 0,
  };
  return vt;
}

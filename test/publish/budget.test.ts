import test from "ava";
import { ApiBudget } from "../../src/publish/budget.js";
import { createVirtualTime } from "../helpers/virtual-time.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { testContext } from "../helpers/context.js";
import { runPipeline, type PipelineOptions } from "../../src/publish/run.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiLedger, ledgerKey, userStateDir } from "../../src/publish/budget-ledger.js";

const HOUR = 3_600_000;

/** Largest number of admitted calls in any rolling hour. */
function maxInAnyHour(times: number[]): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= HOUR) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

test("never admits more than perHour calls in any rolling hour, and keeps close to the budget", async (t) => {
  const vt = createVirtualTime();
  const budget = new ApiBudget({ perHour: 120, burst: 10, clock: vt.now, sleep: vt.sleep });
  const times: number[] = [];
  for (let i = 0; i < 600; i++) {
    await budget.acquire();
    times.push(vt.now());
  }
  t.true(maxInAnyHour(times) <= 120);
  // 600 calls at 120/hour take about 5 hours: not much slower than the budget allows.
  const hours = (times.at(-1)! - times[0]!) / HOUR;
  t.true(hours >= 4.5 && hours <= 5.2, `took ${hours.toFixed(2)} h`);
});

test("paces calls instead of spending the hour's budget in the first minute", async (t) => {
  const vt = createVirtualTime();
  const budget = new ApiBudget({ perHour: 3600, burst: 5, clock: vt.now, sleep: vt.sleep });
  const start = vt.now();
  for (let i = 0; i < 65; i++) await budget.acquire();
  const seconds = (vt.now() - start) / 1000;
  // 5 burst + 60 paced at 1/s
  t.true(seconds >= 59 && seconds <= 61, `${seconds}s`);
});

test("counts calls made by an earlier run in the last hour", async (t) => {
  const vt = createVirtualTime();
  const minute = Math.floor(vt.now() / 60_000);
  const budget = new ApiBudget({
    perHour: 100,
    burst: 5,
    clock: vt.now,
    sleep: vt.sleep,
    history: [{ minute: minute - 10, count: 100 }],
  });
  t.is(budget.usedLastHour(), 100);
  await budget.acquire();
  // the old calls must leave the window first: ~50 minutes later
  t.true(vt.now() - (minute - 10) * 60_000 >= HOUR);
});

test("a 429 halves the pace for the cool-down, then it recovers", async (t) => {
  const vt = createVirtualTime();
  const budget = new ApiBudget({ perHour: 3600, burst: 1, clock: vt.now, sleep: vt.sleep, cooldownMs: 60_000 });
  await budget.acquire();
  budget.penalize();
  t.is(budget.stats().ratePerHour, 1800);
  const before = vt.now();
  await budget.acquire();
  t.true(vt.now() - before >= 1900, "waits about 2 s at half pace");
  vt.advance(61_000);
  t.is(budget.stats().ratePerHour, 3600);
  t.is(budget.stats().penalties, 1);
});

test("acquire is abortable and an aborted waiter does not block the queue", async (t) => {
  const vt = createVirtualTime();
  const budget = new ApiBudget({ perHour: 1, burst: 1, clock: vt.now, sleep: vt.sleep });
  await budget.acquire();
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await t.throwsAsync(budget.acquire(controller.signal), { message: "stop" });
  await budget.acquire();
  t.true(vt.now() > Date.UTC(2026, 10, 25, 12, 0, 0) + HOUR - 1);
});

test("rejects a non-positive quota", (t) => {
  t.throws(() => new ApiBudget({ perHour: 0 }), { instanceOf: RangeError });
});

// ---- one budget per API key, shared by every run on the machine ------------------------------

/**
 * Discrete-event time for concurrent actors: `sleep` registers a timer; `drive` lets every
 * pending microtask and I/O-free step settle, then jumps to the earliest timer. (The shared
 * virtual-time helper advances on every sleep, which double-counts time for concurrent sleepers.)
 */
function eventTime(start: number) {
  let now = start;
  const timers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: now + Math.max(0, ms), wake })),
    async drive(done: () => boolean) {
      while (!done()) {
        await new Promise((r) => setImmediate(r));
        if (timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

function tempLedger(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "heritage-ledger-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "api-budget.sqlite");
}

test("two runs with one API key share one rolling hour and one pace (600 per hour together, not each)", async (t) => {
  const path = tempLedger(t);
  const time = eventTime(Date.UTC(2026, 11, 1, 9, 0, 0));
  const key = ledgerKey("the-same-consumer-key");
  const ledgers = [ApiLedger.open(path), ApiLedger.open(path)];
  t.teardown(() => ledgers.forEach((l) => l.close()));
  const times: number[] = [];
  let running = 2;
  const runOne = async (ledger: ApiLedger) => {
    const budget = new ApiBudget({ perHour: 600, burst: 5, clock: time.now, sleep: time.sleep, shared: { ledger, key } });
    for (let i = 0; i < 400; i++) {
      await budget.acquire();
      times.push(time.now());
    }
    running--;
  };
  const runs = [runOne(ledgers[0]!), runOne(ledgers[1]!)];
  await time.drive(() => running === 0);
  await Promise.all(runs);
  times.sort((a, b) => a - b);
  t.is(times.length, 800);
  t.true(maxInAnyHour(times) <= 600, `${maxInAnyHour(times)} calls in one rolling hour`);
  // About 10 a minute together after one burst: 800 calls take about 80 minutes, not 40.
  const minutes = (times.at(-1)! - times[0]!) / 60_000;
  t.true(minutes >= 78 && minutes <= 82, `${minutes.toFixed(1)} min`);
  const perMinute = new Map<number, number>();
  for (const at of times) perMinute.set(Math.floor((at - times[0]!) / 60_000), (perMinute.get(Math.floor((at - times[0]!) / 60_000)) ?? 0) + 1);
  t.true(Math.max(...perMinute.values()) <= 10 + 5, "never more than the pace plus one burst in a minute");
});

test("another API key has its own budget; the ledger stores a hash, never the key", async (t) => {
  const path = tempLedger(t);
  const ledger = ApiLedger.open(path);
  t.teardown(() => ledger.close());
  const at = Date.UTC(2026, 11, 1, 9, 0, 0);
  const request = { now: at, perHour: 2, spanMs: 3_600_000, burst: 5, ratePerSecond: 1 };
  t.is(ledger.tryAdmit(ledgerKey("key-a"), request), 0);
  t.is(ledger.tryAdmit(ledgerKey("key-a"), request), 0);
  t.true(ledger.tryAdmit(ledgerKey("key-a"), request) > 3_000_000, "key a's hour is spent");
  t.is(ledger.tryAdmit(ledgerKey("key-b"), request), 0, "key b is not");
  const dir = join(path, "..");
  for (const file of readdirSync(dir)) t.false(readFileSync(join(dir, file)).includes("key-a"), file);
  t.false(ledgerKey("key-a").includes("key-a"));
  t.is(userStateDir({ XDG_STATE_HOME: "/x/state" }), join("/x/state", "heritage"));
  t.is(userStateDir({ HOME: "/home/archivist" }), join("/home/archivist", ".local", "state", "heritage"));
});

test("publishing a second manifest with the same key within the hour waits for what the first one spent", async (t) => {
  t.timeout(120_000);
  const vt = createVirtualTime(Date.now());
  const quota = 40;
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, clock: vt.now });
  const state = mkdtempSync(join(tmpdir(), "heritage-xdg-state-"));
  t.teardown(() => rmSync(state, { recursive: true, force: true }));
  const publish = async (items: number, namespace: string) => {
    // Two collections of one account: their own namespaces, else the second is (rightly) refused by the empty-state guard.
    const c = await makeCollection(t, items, { namespace });
    // Two collections, one machine, one API key: one state folder for the ledger.
    const ctx = testContext({ cwd: c.dir, env: { ...sandboxEnv(credentials, c.dir), XDG_STATE_HOME: state } });
    const options: PipelineOptions = {
      manifest: c.manifest, mode: "publish", dryRun: false, strict: false, retryFailed: false, json: false, details: false, state: null,
      quota, concurrency: 1, normalizeConcurrency: 2, endpoint: url, sandbox: false, reconcileGraceSeconds: 0, timeoutMs: 5000,
      prune: null, yes: false, replaceTags: false, debug: false,
    };
    t.is(await runPipeline(ctx, options, { clock: vt.now, sleep: vt.sleep }), 0, ctx.err());
  };
  await publish(6, "first");
  const afterFirst = sandbox.calls().total;
  await publish(6, "second");
  const stats = sandbox.calls();
  t.true(stats.total > quota, `the two runs made ${stats.total} calls, more than one hour's ${quota}, so the second had to wait`);
  t.true(afterFirst < quota);
  const perMinute = stats.perMinute.map((m) => ({ minute: Date.parse(m.minute) / 60_000, count: m.count }));
  for (const start of perMinute) {
    const inHour = perMinute.filter((m) => m.minute >= start.minute && m.minute < start.minute + 60).reduce((n, m) => n + m.count, 0);
    t.true(inHour <= quota, `${inHour} calls in the hour from minute ${start.minute}`);
  }
  t.is(stats.served429, 0);
});

test("a throttle pauses every call: Retry-After when given, else 1 s doubling while it lasts, back to 1 s after a success", async (t) => {
  const vt = createVirtualTime(Date.UTC(2026, 11, 1, 9, 0, 0));
  const budget = new ApiBudget({ perHour: 1_000_000, burst: 1000, clock: vt.now, sleep: vt.sleep });
  const pauses: number[] = [];
  budget.onPause((p) => pauses.push(p.ms));
  t.true(await budget.throttled(null, "HTTP 429"));
  t.true(await budget.throttled(null, "HTTP 429"));
  t.true(await budget.throttled(null, "HTTP 429"));
  t.true(await budget.throttled(42, "HTTP 429"));
  t.deepEqual(pauses, [1000, 2000, 4000, 42_000]);
  budget.succeeded();
  t.true(await budget.throttled(null, "error 105"));
  t.is(pauses.at(-1), 1000, "a new episode starts small again");
  // While a pause is on, every acquire waits for it.
  const before = vt.now();
  void budget.throttled(null, "HTTP 429");
  await budget.acquire();
  t.true(vt.now() - before >= 1000);
  // After an hour of throttling, the call fails instead of waiting.
  const long = new ApiBudget({ perHour: 100, clock: vt.now, sleep: vt.sleep, maxThrottleMs: 10_000 });
  let kept = 0;
  while (await long.throttled(null, "HTTP 429")) kept++;
  t.true(kept >= 3 && kept <= 5, `${kept} pauses before giving up`);
});

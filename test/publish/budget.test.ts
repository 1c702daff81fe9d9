import test from "ava";
import { ApiBudget } from "../../src/publish/budget.js";
import { createVirtualTime } from "../helpers/virtual-time.js";

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

import test from "ava";
import { PassThrough } from "node:stream";
import { createProgressReporter, etaSeconds, everyInterval, formatDuration, progressLine } from "../../src/publish/progress.js";

test("the ETA is the remaining calls at the budget's pace", (t) => {
  t.is(etaSeconds({ calls: 100, ratePerHour: 3600, totals: { items: 10, uploads: 10, calls: 700 } }), 600);
  t.is(etaSeconds({ calls: 700, ratePerHour: 3600, totals: { items: 10, uploads: 10, calls: 700 } }), 0);
  t.deepEqual([0, 30, 600, 5400, 7200].map(formatDuration), ["0 s", "30 s", "10 min", "1 h 30 min", "2 h"]);
});

/** A fake repeating timer and clock: `advance` moves time and fires every tick that falls due. */
function fakeTimer(start = 1_000_000) {
  let now = start;
  const timers: { ms: number; next: number; tick: () => void; cancelled: boolean }[] = [];
  return {
    clock: () => now,
    every(ms: number, tick: () => void) {
      const timer = { ms, next: now + ms, tick, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((x) => !x.cancelled && x.next <= until).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.tick();
      }
      now = until;
    },
    active: () => timers.filter((x) => !x.cancelled).length,
  };
}

test("without a terminal, progress is a plain line per interval and a last one at the end", (t) => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c));
  const time = fakeTimer();
  const p = createProgressReporter({ stream, tty: false, intervalSeconds: 10, clock: time.clock, every: time.every });
  p.start({ items: 2, uploads: 2, calls: 8 });
  p.event({ stage: "normalizing", identifier: "A", status: "done" });
  p.event({ stage: "uploading", identifier: "A", status: "done" });
  p.calls(3, 3600);
  time.advance(9_999);
  t.is(text, "", "nothing before the first interval");
  time.advance(1);
  t.is(text, "progress: normalized 1/2, uploaded 1/2, items done 0/2; API calls 3/8; ETA 5 s\n");
  time.advance(10_000);
  t.is(text.trim().split("\n").length, 2, "one line per interval");
  time.advance(500);
  p.event({ stage: "metadata", identifier: "A", status: "done" });
  p.event({ stage: "uploading", identifier: "B", status: "failed" });
  p.stop();
  p.stop();
  t.is(time.active(), 0, "stop cancels the timer");
  const lines = text.trim().split("\n");
  t.is(lines.length, 3, "the last line at stop, once");
  t.is(lines.at(-1), progressLine({ done: { normalizing: 1, uploading: 1, metadata: 1 }, failed: 1, calls: 3, ratePerHour: 3600, totals: { items: 2, uploads: 2, calls: 8 } }));
  t.notRegex(text, /\u001b\[/, "no terminal control codes in logs");
});

test("stopping right after a plain line does not repeat it", (t) => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c));
  const time = fakeTimer();
  const p = createProgressReporter({ stream, tty: false, intervalSeconds: 10, clock: time.clock, every: time.every });
  p.start({ items: 1, uploads: 1, calls: 2 });
  time.advance(10_000);
  p.stop();
  t.is(text.trim().split("\n").length, 1);
});

test("the real timer ticks until it is cancelled", async (t) => {
  let ticks = 0;
  let cancel = () => {};
  // The timer under test is unref'd (it must not keep a finished run alive), so something else
  // has to hold the event loop open while the test waits for its first tick; without this the
  // worker could find nothing pending and end the test as "never resolved" (it did, under load).
  const keepAlive = setTimeout(() => {}, 10_000);
  t.teardown(() => clearTimeout(keepAlive));
  await new Promise<void>((first) => {
    cancel = everyInterval(1, () => {
      ticks++;
      first();
    });
  });
  cancel();
  const after = ticks;
  await new Promise((r) => setTimeout(r, 10));
  t.is(ticks, after, "no tick after cancel");
});

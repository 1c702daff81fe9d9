import test from "ava";
import { exclusive, shared } from "../../src/preview/decode-gate.js";

// The gate is process-wide (like the libvips error buffer it guards): these tests run one at a time.

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Let every pending promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

test.serial("an exclusive decode waits for the running ones and holds new ones back until it is done", async (t) => {
  const log: string[] = [];
  const a = deferred();
  const e = deferred();
  const runA = shared(async () => {
    log.push("A starts");
    await a.promise;
    log.push("A ends");
  });
  await settle();
  const runE = exclusive(async () => {
    log.push("E starts");
    await e.promise;
    log.push("E ends");
  });
  await settle();
  const runB = shared(async () => {
    log.push("B runs");
  });
  await settle();
  t.deepEqual(log, ["A starts"], "E waits for A; B waits for E");
  a.resolve();
  await settle();
  t.deepEqual(log, ["A starts", "A ends", "E starts"]);
  e.resolve();
  await Promise.all([runA, runE, runB]);
  t.deepEqual(log, ["A starts", "A ends", "E starts", "E ends", "B runs"]);
});

test.serial("exclusive decodes run one after the other, and a failing one lets the next run", async (t) => {
  const log: string[] = [];
  const first = exclusive(async () => {
    log.push("1");
    throw new Error("corrupt");
  });
  const second = exclusive(async () => {
    log.push("2");
    return "ok";
  });
  await t.throwsAsync(first, { message: "corrupt" });
  t.is(await second, "ok");
  t.deepEqual(log, ["1", "2"]);
  // and shared ones run again afterwards
  t.is(await shared(async () => "after"), "after");
});

test.serial("shared decodes run side by side", async (t) => {
  const both = deferred();
  let started = 0;
  const run = () =>
    shared(async () => {
      started++;
      await both.promise;
    });
  const runs = [run(), run()];
  await settle();
  t.is(started, 2);
  both.resolve();
  await Promise.all(runs);
});

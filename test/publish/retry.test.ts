import test from "ava";
import { backoffDelay, RETRY_DEFAULTS, seededRandom, withRetries } from "../../src/publish/retry.js";

test("backoff ceilings double per attempt up to the maximum (full jitter below them)", (t) => {
  const max = () => 0.999999;
  const policy = { maxAttempts: 10, baseMs: 1000, maxMs: 8000 };
  t.deepEqual(
    [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, max)),
    [999, 1999, 3999, 7999, 7999, 7999],
  );
  t.is(backoffDelay(3, policy, () => 0), 0);
});

test("retries transient errors and returns the eventual result", async (t) => {
  const slept: number[] = [];
  let calls = 0;
  const result = await withRetries(
    async () => {
      calls++;
      if (calls < 3) throw new Error("HTTP 502");
      return "ok";
    },
    () => true,
    RETRY_DEFAULTS,
    { random: seededRandom(1), sleep: async (ms) => void slept.push(ms) },
  );
  t.is(result, "ok");
  t.is(calls, 3);
  t.is(slept.length, 2);
});

test("does not retry permanent errors", async (t) => {
  let calls = 0;
  await t.throwsAsync(
    withRetries(
      async () => {
        calls++;
        throw new Error("Invalid signature");
      },
      () => false,
      RETRY_DEFAULTS,
      { sleep: async () => undefined },
    ),
    { message: "Invalid signature" },
  );
  t.is(calls, 1);
});

test("gives up after maxAttempts with the last error", async (t) => {
  let calls = 0;
  await t.throwsAsync(
    withRetries(
      async () => {
        calls++;
        throw new Error(`fail ${calls}`);
      },
      () => true,
      { maxAttempts: 4, baseMs: 10, maxMs: 100 },
      { sleep: async () => undefined, random: seededRandom(2) },
    ),
    { message: "fail 4" },
  );
  t.is(calls, 4);
});

test("seededRandom is deterministic and in [0, 1)", (t) => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, () => a());
  t.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
  t.true(xs.every((x) => x >= 0 && x < 1));
});

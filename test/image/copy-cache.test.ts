import { readFile, readdir, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import { createCopyCache, stableStringify } from "../../src/image/copy-cache.js";
import { tempDir } from "../helpers/images.js";

const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

/** A clock the test moves by hand, so "least recently used" is decided by the test, not by timing. */
function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function put(cache: ReturnType<typeof createCopyCache>, key: string, bytes: number): Promise<string> {
  const tmp = await cache.tmpPathFor(key);
  await writeFile(tmp, Buffer.alloc(bytes, 7));
  return cache.commit(key, tmp);
}

test("stableStringify ignores key order at every level and drops undefined", (t) => {
  t.is(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }), stableStringify({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }));
  t.is(stableStringify({ b: 1, a: 2 }), '{"a":2,"b":1}');
});

test("keyFor depends on the source hash and the options, not on key order", async (t) => {
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 1e6 });
  const options = { jpegQuality: 90, maxBytes: 200, embed: { title: "Åsa", creator: null } };
  const key = cache.keyFor(SHA_A, options);
  t.regex(key, /^[0-9a-f]{64}$/);
  t.is(cache.keyFor(SHA_A, { embed: { creator: null, title: "Åsa" }, maxBytes: 200, jpegQuality: 90 }), key);
  t.not(cache.keyFor(SHA_B, options), key, "other content");
  t.not(cache.keyFor(SHA_A, { ...options, jpegQuality: 80 }), key, "other quality");
  t.not(cache.keyFor(SHA_A, { ...options, embed: { title: "Asa", creator: null } }), key, "other embedded title");
});

test("get is null before commit and the committed file after; commit moves the temporary file", async (t) => {
  const dir = await tempDir(t);
  const cache = createCopyCache({ dir: path.join(dir, "cache"), maxBytes: 1e6 });
  const key = cache.keyFor(SHA_A, {});
  t.is(await cache.get(key), null);
  const tmp = await cache.tmpPathFor(key);
  t.is(path.dirname(tmp), cache.dir, "temporary files live in the cache folder, so the rename is atomic");
  await writeFile(tmp, "copy");
  const committed = await cache.commit(key, tmp);
  t.is(committed, cache.pathFor(key));
  t.is(await cache.get(key), committed);
  t.is(await readFile(committed, "utf8"), "copy");
  t.deepEqual(await readdir(cache.dir), [path.basename(committed)], "no temporary file left");
});

test("prune removes least recently used copies beyond maxBytes; get counts as use", async (t) => {
  const clock = manualClock();
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 250, clock: clock.now });
  const keys = ["k1", "k2", "k3"].map((k) => cache.keyFor(SHA_A, { k }));
  for (const key of keys) {
    await put(cache, key, 100);
    clock.advance(1000);
  }
  await cache.get(keys[0]!); // k1 becomes the most recently used
  const result = await cache.prune();
  t.deepEqual(result, { removed: 1, bytes: 100 });
  t.is(await cache.get(keys[1]!), null, "k2 was least recently used");
  t.truthy(await cache.get(keys[0]!));
  t.truthy(await cache.get(keys[2]!));
});

test("prune keeps the keys it is told to keep and does nothing under the cap", async (t) => {
  const clock = manualClock();
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 150, clock: clock.now });
  const [old, recent] = [cache.keyFor(SHA_A, {}), cache.keyFor(SHA_B, {})];
  await put(cache, old, 100);
  clock.advance(1000);
  await put(cache, recent, 100);
  const result = await cache.prune({ keep: [old] });
  t.deepEqual(result, { removed: 1, bytes: 100 });
  t.truthy(await cache.get(old));
  t.is(await cache.get(recent), null);
  t.deepEqual(await cache.prune(), { removed: 0, bytes: 0 });
});

test("prune clears stale temporary files from a crashed run but not fresh ones", async (t) => {
  const clock = manualClock();
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 1e6, clock: clock.now });
  const key = cache.keyFor(SHA_A, {});
  const stale = await cache.tmpPathFor(key);
  await writeFile(stale, "half-written");
  const old = new Date(clock.now() - 2 * 24 * 3600 * 1000);
  await utimes(stale, old, old);
  const fresh = await cache.tmpPathFor(key);
  await writeFile(fresh, "being written");
  const now = new Date(clock.now());
  await utimes(fresh, now, now);
  await cache.prune();
  await t.throwsAsync(stat(stale));
  t.truthy(await stat(fresh));
});

test("concurrent commits, gets and prunes do not fail or corrupt the cache", async (t) => {
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 10 * 100 });
  const keys = Array.from({ length: 20 }, (_, i) => cache.keyFor(SHA_A, { i }));
  await Promise.all(
    keys.map(async (key, i) => {
      await put(cache, key, 100);
      if (i % 3 === 0) await cache.prune();
      await cache.get(key);
    }),
  );
  await cache.prune();
  const files = await readdir(cache.dir);
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(cache.dir, f))).size));
  t.true(sizes.reduce((a, b) => a + b, 0) <= 1000);
  t.true(files.every((f) => /^[0-9a-f]{64}\.jpg$/.test(f)), "only committed copies remain");
});

test("keys that are not hashes are refused (they would become file names)", async (t) => {
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 1 });
  t.throws(() => cache.pathFor("../../etc/passwd"));
});

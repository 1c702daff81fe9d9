import test from "ava";
import { SameContentIndex, type ContentMember } from "../../src/validate/same-content.js";
import { seededRandom } from "../../src/publish/retry.js";

interface Made extends ContentMember {
  content: string;
}

/** Random members: few sizes and heads (so many collide), some without a head, some already hashed. */
function members(count: number, seed: number): Made[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, (_, i) => {
    const size = [100, 200, 300][pick(3)]!;
    const content = `${size}:${pick(12)}`;
    // The head follows the content (equal bytes, equal head) unless it was never read.
    const head = random() < 0.15 ? null : `h${content.split(":")[0]}-${Number(content.split(":")[1]) % 4}`;
    const known = random() < 0.1;
    return { row: i + 2, identifier: `ID-${i}`, path: `/c/${i}`, key: { stamp: { size }, head }, sha256: known ? `sha-${content}` : null, content };
  });
}

/** The obvious rule, pair by pair: the earliest earlier row with the same content whose size matches and whose head does not contradict. */
function reference(all: Made[]): (number | null)[] {
  return all.map((m, i) => {
    const twin = all.slice(0, i).find((e) => e.key.stamp.size === m.key.stamp.size && (e.key.head === null || m.key.head === null || e.key.head === m.key.head) && e.content === m.content);
    return twin ? twin.row : null;
  });
}

for (const seed of [1, 2, 3, 4, 5]) {
  test(`same content (seed ${seed}): the earliest twin of each row, as a pair-by-pair comparison finds it, each master hashed at most once`, async (t) => {
    const all = members(400, seed);
    const hashed = new Map<string, number>();
    const index = new SameContentIndex<Made>(async (m) => {
      hashed.set(m.path, (hashed.get(m.path) ?? 0) + 1);
      m.sha256 = `sha-${m.content}`;
      return m.sha256;
    });
    const found: (number | null)[] = [];
    for (const m of all) found.push((await index.add(m))?.row ?? null);
    t.deepEqual(found, reference(all));
    t.deepEqual([...hashed.values()].filter((n) => n > 1), [], "no master hashed twice");
  });
}

test("a master that shares its size with no other is never hashed; a file that cannot be read is no one's twin", async (t) => {
  const hashedPaths: string[] = [];
  const index = new SameContentIndex(async (m) => {
    hashedPaths.push(m.path);
    m.sha256 = m.path === "/unreadable" ? null : "same";
    return m.sha256;
  });
  const at = (row: number, path: string, size: number, head: string | null): ContentMember => ({ row, identifier: null, path, key: { stamp: { size }, head }, sha256: null });
  t.is(await index.add(at(2, "/a", 10, "x")), null);
  t.is(await index.add(at(3, "/b", 20, "x")), null);
  t.is(await index.add(at(4, "/c", 10, "y")), null, "same size, another head: certainly different");
  t.deepEqual(hashedPaths, []);
  t.is(await index.add(at(5, "/unreadable", 10, "x")), null);
  t.is((await index.add(at(6, "/d", 10, "x")))?.row, 2);
  t.deepEqual(hashedPaths.sort(), ["/a", "/d", "/unreadable"]);
});

test("20,000 masters of one size and one head (one scanner, one format): each hashed once, the duplicates found", async (t) => {
  let calls = 0;
  const index = new SameContentIndex(async (m) => {
    calls++;
    m.sha256 = `sha-${m.row % 19_990}`;
    return m.sha256;
  });
  const twins: [number, number][] = [];
  for (let row = 0; row < 20_000; row++) {
    const twin = await index.add({ row, identifier: null, path: `/scan-${row}.tif`, key: { stamp: { size: 58_982_400 }, head: "II*" }, sha256: null });
    if (twin) twins.push([row, twin.row]);
  }
  t.is(calls, 20_000);
  t.deepEqual(twins, Array.from({ length: 10 }, (_, k) => [19_990 + k, k]));
});

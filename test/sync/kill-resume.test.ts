/**
 * Sync, killed: many rows edited (titles, tags, dates, places, albums, licences) and some
 * masters rescanned; the sync is SIGKILLed at random moments while the sandbox also loses
 * answers of writes it carried out, and resumed each time. At the end Flickr holds exactly the
 * manifest's mapping, once per identifier.
 */
import test from "ava";
import { join } from "node:path";
import sharp from "sharp";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { published, FAST } from "./helpers.js";
import { assertPublishedAsMapped, expectedItems, identifierOf } from "../helpers/expect-published.js";
import { seededRandom } from "../../src/publish/retry.js";

test("sync killed at random points and resumed: Flickr ends up exactly as the manifest maps it", async (t) => {
  t.timeout(300_000);
  const p = await published(t, 30);
  const random = seededRandom(99);
  const rows = p.c.rows.map((r, k) => {
    if (k % 3 === 0) return { ...r, title: `${r.title} (revised)`, tags: `${r.tags}; revised` };
    if (k % 3 === 1) return { ...r, date: "1931", album: k % 2 ? "Album A" : "Album Nytt", latitude: "59.33", longitude: "18.07" };
    return { ...r, license: "Public Domain Mark 1.0", description: `${r.description}\nCorrected.` };
  });
  p.c.write(rows);
  for (const k of [4, 11, 23]) {
    await sharp({ create: { width: 40 + k, height: 30, channels: 3, background: { r: k * 9, g: 20, b: 200 - k } } }).jpeg().toFile(join(p.c.collection, rows[k]!.file));
  }
  const idsBefore = new Map(p.sandbox.photos().map((ph) => [identifierOf(ph, "testns"), ph.id]));
  p.sandbox.faults.set("lost=0.1,5xx=0.03,seed=4");
  const args = ["sync", p.c.manifest, "--endpoint", p.url, ...FAST];
  const runs: string[] = [];
  let done = false;
  for (let attempt = 0; attempt < 40 && !done; attempt++) {
    const kill = attempt < 10 ? 1 + Math.floor(random() * 25) : null;
    const exit = await runKilledAfterCalls(args, { env: p.env, cwd: p.c.dir, killAfterCalls: kill, calls: () => p.sandbox.calls().total });
    runs.push(`${kill ?? "-"} calls → ${exit.signal ?? exit.code}`);
    t.notRegex(exit.stderr, /internal error/, exit.stderr);
    if (exit.code === 0) done = true;
  }
  t.log(runs.join(", "));
  t.true(done, "a sync finished");
  t.true(runs.filter((r) => r.endsWith("SIGKILL")).length >= 5, "syncs were killed mid-way");
  p.sandbox.faults.clear();
  assertPublishedAsMapped(t, p.sandbox.photos(), await expectedItems(p.c.manifest, p.c.dir), "testns");
  // rescans replaced the image in place: every photo keeps its id
  for (const ph of p.sandbox.photos()) t.is<string | undefined, string | undefined>(ph.id, idsBefore.get(identifierOf(ph, "testns")));
  for (const k of [4, 11, 23]) t.is(p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === rows[k]!.identifier)!.file.width, 40 + k);
  // and a last sync has nothing left to do
  p.sandbox.resetCalls();
  const last = await p.sync();
  t.is(last.code, 0);
  t.is(p.sandbox.calls().total, 0);
});

/**
 * Two manifests of one account that name the same album: the second adopts the album the
 * first made (found by title with one photosets.getList, planned only when an album must be
 * created), and says that it holds photos from elsewhere.
 */
import test from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { FAST } from "../sync/helpers.js";

test("the same album title in two manifests of one account makes one album", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const first = await makeCollection(t, 4, { namespace: "first" });
  const second = await makeCollection(t, 4, { namespace: "second" });
  const run = (c: typeof first, ...args: string[]) => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, ...args], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });

  const a = await run(first);
  t.is(a.code, 0, a.stderr);
  const titles = (ph: { albums: { title: string }[] }) => ph.albums.map((x) => x.title);
  const albumIds = () => {
    const byTitle = new Map<string, Set<string>>();
    for (const ph of s.sandbox.photos()) for (const al of ph.albums) byTitle.set(al.title, (byTitle.get(al.title) ?? new Set()).add(al.id));
    return byTitle;
  };
  const before = albumIds();
  t.true(before.size > 0, "the first manifest made albums");

  const dry = await run(second, "--dry-run", "--json");
  const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number> }; prelude: { method: string }[] };
  // The second manifest's state is new: the empty-state guard's look-ups come first, then one read of the albums.
  t.deepEqual(plan.prelude.map((c) => c.method), ["flickr.photos.search", "flickr.people.getPhotos", "flickr.photosets.getList"], "one read of the account's albums, in the plan");
  t.is(plan.calls.by_method["flickr.photosets.getList"], 1);

  s.sandbox.resetCalls();
  const b = await run(second);
  t.is(b.code, 0, b.stderr);
  t.is(s.sandbox.calls().byMethod["flickr.photosets.getList"], 1, "one getList per run");
  t.falsy(s.sandbox.calls().byMethod["flickr.photosets.create"], "no album made twice");
  t.regex(b.stderr, /already has an album "Album [ABC]" .* this collection did not put there/);
  const after = albumIds();
  for (const [title, ids] of after) t.is(ids.size, 1, `one album titled ${title}`);
  t.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  t.is(s.sandbox.photos().filter((ph) => titles(ph).length > 0).length, 8, "both manifests' photos are in the albums");

  // A run that creates no album reads no album list.
  s.sandbox.resetCalls();
  const again = await run(second);
  t.is(again.code, 0, again.stderr);
  t.falsy(s.sandbox.calls().byMethod["flickr.photosets.getList"]);
});

test("when the account's albums cannot be read, nothing is sent and the run says why", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 3);
  s.sandbox.faults.once("code1", { method: "flickr.photosets.getList" });
  const run = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stderr, /could not read the account's albums/);
  t.is(s.sandbox.photos().length, 0, "nothing uploaded");
  const again = await runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });
  t.is(again.code, 0, again.stderr);
  t.is(s.sandbox.photos().length, 3);
});

/**
 * Albums in batches (issue 12): photos join an existing album through one photosets.editPhotos
 * per --album-batch photos, after a fresh read of the album (getPhotos), so a photo added by hand
 * stays; the album comes out in catalogue order, hand-added photos after; a run killed before or
 * after a write resumes with every photo in its album exactly once.
 */
import test, { type ExecutionContext } from "ava";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../helpers/cli.js";
import { openState } from "../../src/state/open.js";
import { albumMemberCounts } from "../../src/state/album-members.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, testImage, type TestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv, type TestCollection } from "../helpers/collection.js";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { FAST } from "../sync/helpers.js";
import { statePathsFor } from "../../src/state/paths.js";

const ALBUM = "Album A";

/** A collection whose rows are all in one album (`rows` as written). */
async function oneAlbumCollection(t: Parameters<typeof makeCollection>[0], count: number): Promise<TestCollection> {
  const c = await makeCollection(t, count);
  const rows = c.rows.map((r) => ({ ...r, album: ALBUM }));
  c.write(rows);
  return { ...c, rows };
}

/** The album's photo ids, in its order, as Flickr serves them. */
async function albumOrder(s: TestSandbox): Promise<string[]> {
  const id = s.sandbox.photos().flatMap((p) => p.albums).find((a) => a.title === ALBUM)!.id;
  const res = (await s.flickr("flickr.photosets.getPhotos", { photoset_id: id, per_page: 500 })) as { photoset: { photo: { id: string }[] } };
  return res.photoset.photo.map((p) => p.id);
}

const titleOf = (s: TestSandbox, id: string) => s.sandbox.photos().find((p) => p.id === id)!.title;

/** Put a photo of the account into the album by hand, as a curator would on flickr.com. */
async function addByHand(s: TestSandbox): Promise<string> {
  const { id } = await s.upload(await testImage("jpeg", { seed: 999 }), { title: "Added by hand" });
  const setId = s.sandbox.photos().flatMap((p) => p.albums).find((a) => a.title === ALBUM)!.id;
  await s.flickr("flickr.photosets.addPhoto", { photoset_id: setId, photo_id: id });
  return id;
}

test("an album is filled with one editPhotos per batch, in catalogue order, keeping a photo added by hand", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oneAlbumCollection(t, 11);
  const all = c.rows;
  // One item at a time: with more, photos queued while a write is under way join it, and the number of writes varies.
  const run = (...args: string[]) => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--album-batch", "3", "--concurrency", "1", ...args], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });

  c.write(all.slice(0, 3));
  const first = await run();
  t.is(first.code, 0, first.stderr);
  const hand = await addByHand(s);

  c.write(all);
  const dry = await run("--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number> }; album_flushes: { album: string; queued: number; flushes: { method: string }[][] }[] };
  t.deepEqual(plan.album_flushes.map((f) => [f.album, f.queued, f.flushes.length]), [[ALBUM, 8, 3]], "8 photos queued: writes after 3, 6 and at the end");
  t.deepEqual(plan.album_flushes[0]!.flushes.map((f) => f.map((c) => c.method)), [
    ["flickr.photosets.getPhotos", "flickr.photosets.editPhotos"],
    ["flickr.photosets.getPhotos", "flickr.photosets.editPhotos"],
    ["flickr.photosets.getPhotos", "flickr.photosets.editPhotos"],
  ]);
  t.is(plan.calls.by_method["flickr.photosets.addPhoto"], undefined);
  const text = await run("--dry-run");
  t.regex(text.stdout, /"Album A": 8 photos in 3 writes {3}\[3 × flickr\.photosets\.getPhotos, 3 × flickr\.photosets\.editPhotos\]/);

  s.sandbox.resetCalls();
  const second = await run();
  t.is(second.code, 0, second.stderr);
  const calls = s.sandbox.calls().byMethod;
  t.is(calls["flickr.photosets.editPhotos"], 3, "one write per batch");
  t.is(calls["flickr.photosets.getPhotos"], 3, "each write reads the album just before");
  t.is(calls["flickr.photosets.addPhoto"], undefined);
  const order = await albumOrder(s);
  t.is(order.at(-1), hand, "the photo added by hand is kept, after the catalogue's photos");
  t.deepEqual(order.slice(0, -1).map((id) => titleOf(s, id)), all.map((r) => r.title), "catalogue order");
  t.is(new Set(order).size, order.length);

  // Nothing left to do: no album call at all.
  s.sandbox.resetCalls();
  const third = await run();
  t.is(third.code, 0, third.stderr);
  t.is(s.sandbox.calls().total, 0);
});

/**
 * 12 rows in one album, a third of them published first; the other 8 then go between them in
 * the catalogue, written 3, 3 and 2 at a time, each with a read and one editPhotos (a single
 * photo would go in with addPhoto, which appends: see docs/decisions.md).
 */
async function insertedBetween(t: ExecutionContext) {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oneAlbumCollection(t, 12);
  const env = sandboxEnv(s.credentials, c.dir);
  const publish = () => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--album-batch", "3", "--concurrency", "1"], { env, cwd: c.dir });
  c.write(c.rows.filter((_, k) => k % 3 === 0));
  t.is((await publish()).code, 0);
  return { s, c, all: c.rows, env, publish, statePaths: statePathsFor(c.manifest, null, { endpoint: s.url }) };
}

test("after a state rebuild, the album's photos already on Flickr keep their catalogue places: new rows join in order, the hand-added photo after", async (t) => {
  const { s, c, all, env, publish, statePaths } = await insertedBetween(t);
  const hand = await addByHand(s);

  // The state is lost, and rebuilt from Flickr.
  rmSync(statePaths.dir, { recursive: true, force: true });
  const rebuilt = await runCli(["state", "rebuild", c.manifest, "--endpoint", s.url, "--quota", "100000"], { env, cwd: c.dir });
  t.is(rebuilt.code, 0, rebuilt.stderr);

  c.write(all);
  const run = await publish();
  t.is(run.code, 0, run.stderr);
  const order = await albumOrder(s);
  t.is(order.at(-1), hand, "the photo added by hand is kept, after the catalogue's photos");
  t.deepEqual(order.slice(0, -1).map((id) => titleOf(s, id)), all.map((r) => r.title), "catalogue order, the rebuilt photos in their places");
  t.is(new Set(order).size, order.length);
});

test("rows inserted between published ones: the album comes out in the new catalogue order, the published photos moved to their places", async (t) => {
  const { s, c, all, publish, statePaths } = await insertedBetween(t);
  c.write(all);
  const run = await publish();
  t.is(run.code, 0, run.stderr);
  t.deepEqual((await albumOrder(s)).map((id) => titleOf(s, id)), all.map((r) => r.title));
  const state = openState(statePaths.database, { readonly: true });
  t.teardown(() => state.close());
  t.deepEqual(
    state.items.list().map((i) => [i.identifier, i.row]).sort((a, b) => Number(a[1]) - Number(b[1])),
    all.map((r, k) => [r.identifier, k + 2]),
    "the state's rows follow the manifest",
  );
});

test("a run killed before or after an album write resumes with every photo in its album exactly once, and the hand-added one kept", async (t) => {
  t.timeout(240_000);
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oneAlbumCollection(t, 12);
  const all = c.rows;
  const env = sandboxEnv(s.credentials, c.dir);
  const args = ["publish", c.manifest, "--endpoint", s.url, ...FAST, "--album-batch", "3", "--concurrency", "1"];
  c.write(all.slice(0, 2));
  t.is((await runCli(args, { env, cwd: c.dir })).code, 0);
  const hand = await addByHand(s);
  c.write(all);
  const count = (method: string) => () => s.sandbox.calls().byMethod[method] ?? 0;
  const points: [string, () => number][] = [
    ["after 2 more uploads (photos queued, not written)", count("upload")],
    ["after the album was read, before its write", count("flickr.photosets.getPhotos")],
    ["right after a write", count("flickr.photosets.editPhotos")],
    ["right after the next write", count("flickr.photosets.editPhotos")],
  ];
  const log: string[] = [];
  for (const [label, calls] of points) {
    const exit = await runKilledAfterCalls(args, { env, cwd: c.dir, killAfterCalls: label.startsWith("after 2") ? 2 : 1, calls });
    log.push(`${label}: ${exit.signal ?? exit.code}`);
    t.notRegex(exit.stderr, /internal error/);
    // Whatever was written so far, the hand-added photo is still in the album.
    t.true((await albumOrder(s)).includes(hand), `hand-added photo kept (${label})`);
  }
  t.log(log.join("; "));
  t.true(log.some((l) => l.endsWith("SIGKILL")), "runs were killed");
  const last = await runCli(args, { env, cwd: c.dir });
  t.is(last.code, 0, last.stderr);
  const order = await albumOrder(s);
  t.is(new Set(order).size, order.length, "no photo twice");
  t.deepEqual(order.filter((id) => id !== hand).map((id) => titleOf(s, id)), all.map((r) => r.title), "every photo once, in catalogue order");
  t.true(order.includes(hand));
  t.is(s.sandbox.photos().length, all.length + 1, "every row uploaded once");
  s.sandbox.resetCalls();
  t.is((await runCli(args, { env, cwd: c.dir })).code, 0);
  t.is(s.sandbox.calls().total, 0, "nothing left queued");
});

test("an album deleted on Flickr is made again at the next write, with every photo of the catalogue", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oneAlbumCollection(t, 6);
  const all = c.rows;
  const run = () => runCli(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--album-batch", "2"], { env: sandboxEnv(s.credentials, c.dir), cwd: c.dir });
  c.write(all.slice(0, 3));
  t.is((await run()).code, 0);
  const setId = s.sandbox.photos().flatMap((p) => p.albums).find((a) => a.title === ALBUM)!.id;
  await s.flickr("flickr.photosets.delete", { photoset_id: setId });
  c.write(all);
  const again = await run();
  t.is(again.code, 0, again.stderr);
  const order = await albumOrder(s);
  t.deepEqual(order.map((id) => titleOf(s, id)), all.map((r) => r.title));
});

test("Ctrl-C: the photos queued so far go into their album before the run stops", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await oneAlbumCollection(t, 14);
  const env = sandboxEnv(s.credentials, c.dir);
  const args = ["publish", c.manifest, "--endpoint", s.url, ...FAST, "--album-batch", "100", "--concurrency", "1"];
  c.write(c.rows.slice(0, 1));
  t.is((await runCli(args, { env, cwd: c.dir })).code, 0);
  c.write(c.rows);
  s.sandbox.resetCalls();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: c.dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  // One Ctrl-C (a second one means "stop at once").
  let sent = false;
  const watcher = setInterval(() => {
    if (!sent && (s.sandbox.calls().byMethod.upload ?? 0) >= 4) sent = child.kill("SIGINT");
  }, 2);
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = (await once(child, "close")) as [number | null];
  clearInterval(watcher);
  clearTimeout(guard);
  t.is(code, 130, stderr);
  const uploaded = s.sandbox.calls().byMethod.upload ?? 0;
  t.true(uploaded < 14, "stopped before the end");
  const stateDir = join(c.dir, "manifests", ".heritage", "test");
  const state = openState(join(stateDir, readdirSync(stateDir).find((d) => d.startsWith("endpoint-"))!, "state.sqlite"), { readonly: true });
  const counts = albumMemberCounts(state).get(ALBUM);
  state.close();
  t.is(counts?.pending ?? 0, 0, `nothing left queued: ${stderr}`);
  const inAlbum = await albumOrder(s);
  t.is(inAlbum.length, counts?.members ?? 0, "the album holds what the state says");
  t.true(inAlbum.length >= 2, `the queued photos went in (${inAlbum.length} in the album after ${uploaded} uploads)`);
  const last = await runCli(args, { env, cwd: c.dir });
  t.is(last.code, 0, last.stderr);
  t.deepEqual((await albumOrder(s)).map((id) => titleOf(s, id)), c.rows.map((r) => r.title));
});

/**
 * Exactly once, the hard way: a 50-item publish is killed with SIGKILL at random moments
 * (mid-normalization, mid-upload, between an upload and its metadata) and started again, while
 * the sandbox also loses the answers of some uploads it has stored. At the end every identifier
 * has exactly one photo with its full metadata, and the state agrees with the sandbox.
 */
import test from "ava";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { assertPublishedAsMapped, expectedItems, identifierOf } from "../helpers/expect-published.js";
import { openState } from "../../src/state/store.js";
import { statePathsFor } from "../../src/state/paths.js";
import { seededRandom } from "../../src/publish/retry.js";

test("SIGKILL at random points, lost upload answers, resume each time: every photo on Flickr exactly once", async (t) => {
  t.timeout(300_000);
  const { sandbox, url, credentials } = await startTestSandbox(t, { quota: 1_000_000, seed: 7 });
  // A fifth of the uploads are stored but their answer is lost; a few calls get a 502.
  sandbox.faults.set("lost-upload=0.2,5xx=0.03,seed=11");
  const c = await makeCollection(t, 52);
  const env = sandboxEnv(credentials, c.dir);
  const args = ["publish", c.manifest, "--endpoint", url, "--quota", "1000000", "--reconcile-grace", "0", "--concurrency", "3", "--timeout", "5000"];
  const random = seededRandom(2026);
  const runs: string[] = [];
  let finished: Awaited<ReturnType<typeof runKilledAfterCalls>> | null = null;
  for (let attempt = 0; attempt < 40 && !finished; attempt++) {
    // Kill the first runs at random points of their progress; later runs go to the end.
    const kill = attempt < 12 ? 1 + Math.floor(random() * 30) : null;
    const exit = await runKilledAfterCalls(args, { env, cwd: c.dir, killAfterCalls: kill, calls: () => sandbox.calls().total });
    runs.push(`${kill ?? "-"} calls → ${exit.signal ?? exit.code}`);
    t.notRegex(exit.stderr, /internal error/, exit.stderr);
    if (exit.code === 0) finished = exit;
  }
  t.log(`runs: ${runs.join(", ")}`);
  t.truthy(finished, "a run finished");
  t.true(runs.filter((r) => r.endsWith("SIGKILL")).length >= 8, "most of the first runs were killed mid-way");

  const photos = sandbox.photos();
  assertPublishedAsMapped(t, photos, await expectedItems(c.manifest, c.dir), "testns");
  t.true(sandbox.calls().byMethod.upload! >= 52);

  // The state agrees with the sandbox: same photo for each identifier, nothing left in doubt.
  const state = openState(statePathsFor(c.manifest, null, { endpoint: url }).database, { readonly: true });
  t.teardown(() => state.close());
  const byIdentifier = new Map(photos.map((p) => [identifierOf(p, "testns"), p.id]));
  for (const item of state.listItems()) {
    t.is(item.status, "published", item.identifier);
    t.is(item.upload, "done", item.identifier);
    t.is(item.photoId, byIdentifier.get(item.identifier) ?? null, `${item.identifier} photo id`);
  }
  t.is(state.listItems().length, 52);
  t.true(state.listRuns(50).length >= 2);
});

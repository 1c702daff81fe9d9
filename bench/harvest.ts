/**
 * What a harvest costs: API calls and time at the quota for a first and a repeat harvest.
 * Figures only; nothing is asserted.
 *
 *   npx tsx bench/harvest.ts [--photos 1200] [--crowd 0.6] [--target 10000]
 *
 * On a sandbox holding `photos` published photos (uploaded directly and recorded in a state, so
 * the bench measures the harvest rather than publishing), a seeded crowd adds `crowd`
 * contributions per photo. Then, through the CLI in this process:
 *   1. a first harvest (every photo read once; comment lists only for photos with comments);
 *   2. a repeat with nothing new (one listing call per 500 photos);
 *   3. a harvest after new activity on 1% of the photos (only those photos' calls).
 * The sandbox counts every call; each is set against the plan's prediction (src/community/delta.ts),
 * and the plan then gives the calls and time for `target` photos at the default 3,600 calls/hour,
 * using the measured share of photos with comments.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PassThrough, Readable } from "node:stream";
import { main } from "../src/cli.js";
import { createFlickrClient } from "../src/flickr/client.js";
import { HeritageTransport } from "../src/flickr/transport.js";
import { sandboxCliEnv, startSandbox } from "../src/sandbox/index.js";
import { openState } from "../src/state/open.js";
import { statePathsFor } from "../src/state/paths.js";
import { resolveEndpoint } from "../src/flickr/client.js";
import { harvestCost, formatDuration } from "../src/community/delta.js";
import { commandLine, machineLine, numberFlag, tempRoot } from "./lib/measure.js";

const argv = process.argv.slice(2);
const photos = Math.floor(numberFlag(argv, "photos", 1200));
const crowdPerPhoto = numberFlag(argv, "crowd", 0.6);
const target = Math.floor(numberFlag(argv, "target", 10_000));
const QUOTA = 3600;

console.log(`command: ${commandLine("harvest.ts")}`);
console.log(machineLine());

const root = tempRoot("heritage-bench-harvest");
// The publishing and the crowd's activity happened an hour before the harvests, as between two
// real harvests: a photo that changed within 15 minutes of a harvest is read once more by the
// next (src/community/delta.ts), which a repeat seconds after the first would otherwise measure.
let later = 0;
const sandbox = await startSandbox({ seed: 14, quota: 10_000_000, clock: () => Date.now() - 3_600_000 + later });
try {
  const project = path.join(root.dir, "project");
  mkdirSync(path.join(project, "collections", "bench"), { recursive: true });
  mkdirSync(path.join(project, "manifests"), { recursive: true });
  const manifest = path.join(project, "manifests", "bench.csv");
  const ids = Array.from({ length: photos }, (_, i) => `B-${String(i + 1).padStart(5, "0")}`);
  writeFileSync(manifest, `identifier,file,title\n${ids.map((id) => `${id},${id}.jpg,Photo ${id}`).join("\n")}\n`);
  writeFileSync(path.join(project, "manifests", "bench.settings.yaml"), "namespace: bench\n");

  // The photos: a tiny JPEG each, uploaded with its machine tag, recorded as published.
  const jpeg = new Blob([Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=", "base64")], { type: "image/jpeg" });
  const client = createFlickrClient({ credentials: sandbox.credentials, transport: new HeritageTransport({ endpoint: sandbox.url }) });
  // Where `harvest --endpoint <sandbox>` looks for the state: a rehearsal's own, per endpoint.
  const paths = statePathsFor(manifest, null, { endpoint: resolveEndpoint(sandbox.url, {}) ?? null });
  mkdirSync(paths.dir, { recursive: true });
  const store = openState(paths.database);
  for (let i = 0; i < ids.length; i += 8) {
    const batch = ids.slice(i, i + 8);
    const uploaded = await Promise.all(batch.map((id) => client.upload(jpeg, { title: `Photo ${id}`, tags: `bench:id=${id}` })));
    store.transaction(() =>
      batch.forEach((id, k) => {
        store.items.ensure({ identifier: id, row: i + k + 2, file: `${id}.jpg` });
        store.items.adoptPhoto(id, { photoId: uploaded[k]!.id, secret: null });
        store.items.setStatus(id, "published");
      }),
    );
  }
  store.close();
  sandbox.community.crowd(Math.round(photos * crowdPerPhoto));
  const withComments = sandbox.photos().filter((p) => p.comments.length > 0).length;

  const env = sandboxCliEnv(sandbox.credentials, path.join(root.dir, "config"), process.env);
  const harvest = async () => {
    sandbox.resetCalls();
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    err.on("data", (c: Buffer) => errors.push(c));
    const started = performance.now();
    const code = await main(["harvest", manifest, "--endpoint", sandbox.url, "--quota", "10000000", "--json"], {
      stdout: out,
      stderr: err,
      stdin: Readable.from([""]),
      env,
      cwd: project,
      signal: new AbortController().signal,
    });
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`harvest exited ${code}: ${Buffer.concat(errors).toString("utf8")}`);
    const report = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { newContributions: unknown[] };
    return { calls: sandbox.calls().total, byMethod: sandbox.calls().byMethod, ms: Math.round(ms), found: report.newContributions.length };
  };

  const first = await harvest();
  const repeat = await harvest();
  later += 2_000; // the visitors act seconds after the repeat, on Flickr's whole-second clock
  const touched = sandbox.photos().slice(0, Math.max(1, Math.round(photos / 100)));
  for (const p of touched) sandbox.community.add({ photo_id: p.id, kind: "comment", author: "bench visitor", text: "Det här är Slussen." });
  const third = await harvest();

  const overhead = { "flickr.test.login": 1, "flickr.auth.oauth.checkToken": 1 };
  const predicted = {
    first: harvestCost(photos, photos, withComments, QUOTA, overhead).calls,
    repeat: harvestCost(photos, 0, 0, QUOTA).calls,
    third: harvestCost(photos, touched.length, touched.length, QUOTA).calls,
  };
  const share = withComments / photos;
  const atTarget = {
    first: harvestCost(target, target, Math.round(target * share), QUOTA, overhead),
    repeat: harvestCost(target, 0, 0, QUOTA),
    onePercentChanged: harvestCost(target, target / 100, target / 100, QUOTA),
  };
  console.log(`measured on ${photos} photos (${withComments} with comments): first ${first.calls} calls (plan ${predicted.first}), repeat ${repeat.calls} (plan ${predicted.repeat}), 1% changed ${third.calls} (plan ${predicted.third})`);
  console.log(`at ${target} photos and ${QUOTA} calls/hour: first ${atTarget.first.calls} calls, ${formatDuration(atTarget.first.seconds)}; repeat ${atTarget.repeat.calls} calls, ${formatDuration(atTarget.repeat.seconds)}; 1% changed ${atTarget.onePercentChanged.calls} calls, ${formatDuration(atTarget.onePercentChanged.seconds)}`);
  console.log(
    JSON.stringify({
      bench: "harvest",
      photos,
      photos_with_comments: withComments,
      contributions_found: first.found,
      measured: { first: first.calls, repeat: repeat.calls, one_percent_changed: third.calls, first_ms_unpaced: first.ms, repeat_ms_unpaced: repeat.ms },
      planned: predicted,
      target,
      quota: QUOTA,
      at_target: {
        first_calls: atTarget.first.calls,
        first_seconds: atTarget.first.seconds,
        repeat_calls: atTarget.repeat.calls,
        repeat_seconds: atTarget.repeat.seconds,
        one_percent_changed_calls: atTarget.onePercentChanged.calls,
        one_percent_changed_seconds: atTarget.onePercentChanged.seconds,
      },
    }),
  );
} finally {
  await sandbox.stop();
  root.cleanup();
}

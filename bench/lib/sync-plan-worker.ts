/**
 * The in-process half of bench/sync-plan.ts, in its own process so its peak RSS is its own:
 * load the state (`store.items.list()`), validate and map the manifest the way sync does
 * (validateRows with the state's fingerprints, so unchanged masters are not read again —
 * counted through a sharp that counts its calls), then `planRun` alone, `runs` times. Prints
 * one JSON line.
 *
 *   node --import tsx bench/lib/sync-plan-worker.ts '{"manifest":"…","database":"…","runs":5}'
 */
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { openManifest } from "../../src/manifest/open.js";
import { validateRows } from "../../src/validate/validate.js";
import { openState } from "../../src/state/open.js";
import { planRun } from "../../src/plan/plan.js";
import type { Plan, PlanInput } from "../../src/plan/types.js";
import type { SharpModule } from "../../src/image/sharp-module.js";

export interface SyncPlanJob {
  manifest: string;
  database: string;
  /** planRun repetitions (items.list is repeated min(runs, 3) times: it takes seconds). */
  runs: number;
}

export interface SyncPlanResult {
  listItemsMs: number[];
  items: number;
  collectMs: number;
  rows: number;
  probed: number;
  rowErrors: number;
  planMs: number[];
  counts: Plan["counts"];
  calls: Plan["calls"];
  changedItems: number;
  rss: { baseline: number; afterState: number; afterInputs: number; afterPlans: number; peak: number };
}

const job = JSON.parse(process.argv[2]!) as SyncPlanJob;
const rss = () => process.memoryUsage().rss;
const baseline = rss();

const store = openState(job.database, { readonly: true });
const listItemsMs: number[] = [];
let states = store.items.list();
for (let k = 0; k < Math.min(job.runs, 3); k++) {
  const t = performance.now();
  states = store.items.list();
  listItemsMs.push(performance.now() - t);
}
const existingAlbums = new Set(store.albums.list().filter((a) => a.state === "created").map((a) => a.title));
const accountDefault = store.account.get("defaultLicense") ?? 7;
store.close();
const afterState = rss();

// What collectInputs does, with a sharp that counts header reads (one per probed master).
let probed = 0;
const countingSharp = new Proxy(sharp, {
  apply(target, self, args) {
    probed++;
    return Reflect.apply(target, self, args) as unknown;
  },
}) as SharpModule;
const byId = new Map(states.map((s) => [s.identifier, s]));
const knownSource = (identifier: string) => {
  const s = byId.get(identifier);
  return s && s.upload === "done" && s.sourceSize !== null && s.sourceMtimeMs !== null && s.sourceSha256 !== null
    ? { size: s.sourceSize, mtimeMs: s.sourceMtimeMs, sha256: s.sourceSha256 }
    : null;
};
let t = performance.now();
const inputs: PlanInput[] = [];
let rowErrors = 0;
const opened = await openManifest(job.manifest);
for await (const v of validateRows(opened, { knownSource, sharp: countingSharp, now: new Date() })) {
  const errors = v.issues.filter((i) => i.severity === "error");
  rowErrors += errors.length;
  if (v.identifier !== null) inputs.push({ row: v.row, identifier: v.identifier, file: v.file ?? "", fields: v.mapped.fields, errors, source: v.source });
}
const collectMs = performance.now() - t;
const afterInputs = rss();

const planMs: number[] = [];
let plan: Plan | null = null;
for (let k = 0; k < job.runs; k++) {
  t = performance.now();
  plan = planRun(inputs, states, { mode: "sync", accountDefaultLicense: accountDefault, existingAlbums, prune: null, onDrift: "keep" });
  planMs.push(performance.now() - t);
}
const afterPlans = rss();

const result: SyncPlanResult = {
  listItemsMs,
  items: states.length,
  collectMs,
  rows: inputs.length,
  probed,
  rowErrors,
  planMs,
  counts: plan!.counts,
  calls: plan!.calls,
  changedItems: plan!.items.filter((i) => i.actions.length > 0).length,
  rss: { baseline, afterState, afterInputs, afterPlans, peak: process.resourceUsage().maxRSS * 1024 },
};
process.stdout.write(`${JSON.stringify(result)}\n`);

/**
 * The executor: carries out a plan, item by item, and is the only part of publish and sync
 * with side effects. Its rules:
 * - every transition is committed to the state before the next side effect;
 * - an upload is recorded as an intent before it is sent; an upload whose outcome is unknown is
 *   looked up by its identifier machine tag before anything is uploaded again, so each
 *   identifier ends up on Flickr exactly once;
 * - transient failures are retried with backoff; permanent ones fail their item and the run
 *   goes on; failures that would repeat for every item stop the run;
 * - Ctrl-C stops scheduling new items; calls in flight finish and are recorded.
 *
 * It sends the calls the plan's actions carry and nothing else: which call to make is decided
 * once, in plan/. This module schedules the items; executor.ts walks one item's actions; upload,
 * replace, setters, albums and prune perform them.
 */
import pLimit from "p-limit";
import type { Plan, PlanInput } from "../plan/types.js";
import { ItemFailure, RunStop } from "./failures.js";
import type { ExecuteDeps, ExecuteOptions, ExecuteResult, ItemOutcome } from "./execute-types.js";
import { Executor } from "./executor.js";

export type { ExecuteDeps, ExecuteOptions, ExecuteResult, ItemOutcome } from "./execute-types.js";

/**
 * Execute a plan. Items run `concurrency` at a time in manifest order; upload copies are made
 * ahead of the uploads by a separate pool, a bounded window ahead so memory stays flat.
 * (`_inputs` is no longer read: each action carries what it needs. Kept so callers need not change.)
 */
export async function executePlan(plan: Plan, _inputs: ReadonlyMap<string, PlanInput> | null, deps: ExecuteDeps, options: ExecuteOptions): Promise<ExecuteResult> {
  const executor = new Executor(deps, options);
  const itemLimit = pLimit(Math.max(1, options.concurrency));
  const normalizeLimit = pLimit(Math.max(1, options.normalizeConcurrency));
  const window = Math.max(4, options.concurrency + options.normalizeConcurrency * 2);
  const outcomes: ItemOutcome[] = [];
  const inFlight = new Set<Promise<void>>();
  const work = plan.items.filter((i) => i.actions.length > 0);
  // Before anything is sent, the state's rows follow the manifest: album flushes put photos in
  // catalogue order by them, and rows inserted above an unchanged photo move it.
  deps.state.items.follow(plan.items);
  executor.expectLicenseProbe(plan);
  if (work.length > 0 && plan.prelude.length > 0) {
    try {
      await executor.runPrelude(plan);
    } catch (err) {
      // Without the account's albums an album could be made twice: stop before any item.
      executor.stopWith(
        err instanceof RunStop
          ? err
          : new RunStop("ALBUMS_UNREADABLE", `could not read the account's albums (${(err as Error).message}); nothing was sent`, "An album of the same title could otherwise be made twice. Run the same command again; if it keeps failing, check the connection and `heritage auth check`."),
      );
      return { outcomes: plan.items.map((i) => ({ identifier: i.identifier, row: i.row, photoId: i.photoId, result: i.actions.length ? "not-run" : "unchanged", warnings: [] })), counts: { "not-run": work.length }, stop: executor.stopped, interrupted: deps.signal.aborted };
    }
  }
  deps.progress.start({
    items: work.length,
    uploads: work.filter((i) => i.actions.some((a) => a.kind === "upload")).length,
    calls: plan.calls.total + (options.overheadCalls ?? 0),
  });

  for (const item of plan.items) {
    if (item.actions.length === 0) {
      outcomes.push({ identifier: item.identifier, row: item.row, photoId: item.photoId, result: item.disposition === "blocked" ? "skipped" : "unchanged", warnings: [] });
      continue;
    }
    if (executor.signal.aborted) {
      outcomes.push({ identifier: item.identifier, row: item.row, photoId: item.photoId, result: "not-run", warnings: [] });
      continue;
    }
    if (item.row !== null && item.file !== null) deps.state.items.ensure({ identifier: item.identifier, row: item.row, file: item.file });
    const uploadAction = item.actions.find((a) => a.kind === "upload");
    const copy = uploadAction
      ? normalizeLimit(async () => {
          deps.progress.event({ stage: "normalizing", identifier: item.identifier, status: "started" });
          try {
            const prepared = await deps.prepareCopy({ identifier: item.identifier, file: uploadAction.file, fields: uploadAction.fields, ...(uploadAction.embedDate ? { embedDate: uploadAction.embedDate } : {}) }, executor.signal);
            deps.progress.event({ stage: "normalizing", identifier: item.identifier, status: "done" });
            return prepared;
          } catch (err) {
            deps.progress.event({ stage: "normalizing", identifier: item.identifier, status: "failed" });
            if (err instanceof ItemFailure) throw err;
            throw new ItemFailure("normalize", "NORMALIZE_FAILED", `could not make the upload copy: ${(err as Error).message}`, false);
          }
        })
      : null;
    copy?.catch(() => undefined); // observed in runItem; avoid an unhandled rejection meanwhile
    const slot = outcomes.length;
    outcomes.push({ identifier: item.identifier, row: item.row, photoId: item.photoId, result: "not-run", warnings: [] });
    const task = itemLimit(async () => {
      outcomes[slot] = await executor.runItem(item, copy);
    }).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  // Photos queued for albums go in now (also after Ctrl-C or a run stop; a kill leaves them queued for the next run).
  await executor.finishAlbums();
  deps.progress.stop();

  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return { outcomes, counts, stop: executor.stopped, interrupted: deps.signal.aborted };
}

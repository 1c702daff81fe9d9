/**
 * `heritage sync`: the publish run (src/publish/run.ts) with what sync adds around it —
 * `--verify` reads what Flickr holds before planning (edits made there are drift), `--prune`
 * is guarded and confirmed before anything is removed, and after writing, what was changed is
 * read back to report fields that did not land as sent.
 */
import type { CommandIO } from "../command-io.js";
import { EXIT, UserError } from "../errors.js";
import { FIELD_GROUP_NAMES, type FieldGroup } from "../flickr/fields.js";
import type { Plan } from "../plan/types.js";
import { confirm } from "../publish/confirm.js";
import type { ExecuteResult } from "../publish/execute.js";
import { runPipeline, type PipelineDeps, type PipelineOptions, type RunPhases, type RunSession } from "../publish/run.js";
import { SYNC_DEFAULTS } from "../defaults.js";
import { deletionList, guardPrune, prunedItems } from "./prune-guard.js";
import { readBack } from "./readback.js";
import { detectDrift } from "./verify.js";
import { readAccountMeta } from "../collection/state-snapshot.js";

export type SyncOptions = Omit<PipelineOptions, "mode" | "retryFailed">;

/** Run sync; resolves to the exit code. */
export function runSync(io: CommandIO, options: SyncOptions, deps: PipelineDeps = {}): Promise<number> {
  return runPipeline(io, { ...options, mode: "sync", retryFailed: false }, deps, SYNC_PHASES);
}

export const SYNC_PHASES: RunPhases = {
  readDrift: async (run) => {
    const { options, store, statesBefore } = run;
    if (!options.verify || !store || !statesBefore.some((s) => s.photoId)) return null;
    const c = await run.connect();
    const account = await c.account(store, "write");
    if (!options.json) run.io.stderr.write("Reading the published photos on Flickr to find edits made there…\n");
    return detectDrift(c.call, store, account.nsid);
  },

  // A prune trusts that every row was read: refuse it when the manifest may have been read wrong.
  checkPlan: async (plan, run) => {
    const { options, collected } = run;
    if (!options.prune) return;
    const issues = [...collected.fileIssues, ...collected.unplannable.flatMap((u) => u.issues), ...collected.inputs.flatMap((i) => i.errors)];
    await guardPrune({ items: plan.items, manifestPath: run.collection.source.path, issues, published: run.forRun.published, maxPercent: options.pruneMax ?? SYNC_DEFAULTS.pruneMax });
  },

  confirm: async (plan, run) => {
    const { options, io } = run;
    const removals = prunedItems(plan.items);
    if (removals.length === 0) return;
    const deleting = options.prune === "delete";
    if (deleting) io.stderr.write(deletionList(removals));
    const names = `${removals.slice(0, 5).map((i) => i.identifier).join(", ")}${removals.length > 5 ? ", …" : ""}`;
    const question = `${removals.length} photo${removals.length === 1 ? "" : "s"} whose rows left the manifest will be ${deleting ? "deleted" : "made private"}: ${names}. ${deleting ? "DELETE from Flickr" : "make private"}?`;
    if (!(await confirm(io, question, options.yes))) {
      throw new UserError("nothing was changed: the removal was not confirmed", { code: "NOT_CONFIRMED", exitCode: EXIT.USAGE, hint: "Answer y, or pass --yes when running without a terminal." });
    }
  },

  afterRun: async (plan, result, run) => {
    if (!(run.options.readBack ?? true)) return [];
    const changed = changedGroups(plan, result);
    if (changed.size === 0) return [];
    const c = await run.connect();
    try {
      return await readBack(c.call, run.store, changed, Math.floor(run.now.getTime() / 1000), readAccountMeta(run.store).nsid ?? "me");
    } catch (e) {
      // The changes are made and recorded; only the check could not be done.
      if (!(e instanceof UserError)) throw e;
      run.io.stderr.write(`warning: the read-back after writing could not be done (${e.message}); run \`heritage sync --verify\` later to check.\n`);
      return [];
    }
  },
};

/** The field groups each item changed in this run (an upload sets them all). */
function changedGroups(plan: Plan, result: ExecuteResult): Map<string, Set<FieldGroup>> {
  const done = new Set(result.outcomes.filter((o) => ["updated", "replaced", "uploaded", "adopted", "hidden"].includes(o.result)).map((o) => o.identifier));
  const changed = new Map<string, Set<FieldGroup>>();
  for (const item of plan.items) {
    if (!done.has(item.identifier)) continue;
    const groups = new Set<FieldGroup>();
    for (const a of item.actions) {
      if (a.kind === "set") groups.add(a.group);
      else if (a.kind === "album-add" || a.kind === "album-remove") groups.add("albums");
      else if (a.kind === "upload") FIELD_GROUP_NAMES.forEach((g) => groups.add(g));
    }
    if (groups.size) changed.set(item.identifier, groups);
  }
  return changed;
}

export type { RunSession };

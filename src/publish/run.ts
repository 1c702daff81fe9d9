/**
 * `heritage publish` and `heritage sync`: manifest → validation → (live read for --verify) →
 * plan → dry run, or lock + preflight → execution → read-back → state, log and result CSV.
 * This module wires the collaborators together; the decisions live in the planner (pure) and
 * the executor (side effects).
 */
import { hostname } from "node:os";
import { relative, resolve } from "node:path";
import { existsSync } from "node:fs";
import type { CliContext } from "../cli-context.js";
import { VERSION } from "../version.js";
import { EXIT, UserError } from "../errors.js";
import { createConsoleLogger, type Logger } from "../logger.js";
import { openManifest } from "../manifest/open.js";
import { createCopyCache } from "../image/copy-cache.js";
import { statePathsFor, targetName, type StatePaths } from "../state/paths.js";
import { checkStateTarget, stateIdentity } from "../state/target.js";
import { stateEnvironmentError } from "../state/errors.js";
import { resolveEndpoint } from "../flickr/client.js";
import { type StateStore } from "../state/store.js";
import { openState } from "../state/open.js";
import { acquireRunLock } from "../state/lock.js";
import { planRun } from "../plan/plan.js";
import { formatPlan, planJson, type RunOverhead } from "../plan/format.js";
import type { DriftMode, ItemDrift, Plan, PlanInput } from "../plan/types.js";
import type { Settings } from "../settings/schema.js";
import { FIELD_GROUP_NAMES, type FieldGroup } from "../flickr/fields.js";
import { abortableSleep, formatPause } from "./budget.js";
import type { Collected } from "./collect.js";
import { collectForRun, recordPushedFingerprints, withSkipped } from "../sync/skip-unchanged.js";
import { createCopyMaker } from "./prepare-copy.js";
import { classifyForExecutor, flickrPortFor } from "./flickr-adapter.js";
import { connect, sandboxDataDir, type Connection } from "./connect.js";
import { alreadyPublishedError, findCollectionOnFlickr } from "./preflight.js";
import { executePlan, type ExecuteResult } from "./execute.js";
import { createProgressReporter } from "./progress.js";
import { createRunLog } from "./run-log.js";
import { writeResultsCsv } from "./results-csv.js";
import { RETRY_DEFAULTS } from "./retry.js";
import { confirm } from "./confirm.js";
import { formatRunSummary, runJson } from "./summary.js";
import { detectDrift, type DriftReport } from "../sync/verify.js";
import { readBack, type ReadBackMismatch } from "../sync/readback.js";
import { dateFloorForRun } from "../doctor/floor.js";
import { deletionList, guardPrune, PRUNE_MAX_DEFAULT } from "../sync/prune-guard.js";

export interface PipelineOptions {
  manifest: string;
  mode: "publish" | "sync";
  dryRun: boolean;
  /** Refuse the whole run if any row has an error. */
  strict: boolean;
  /** publish --retry-failed */
  retryFailed: boolean;
  json: boolean;
  /** Print every item's actions in the dry run (always on for sync). */
  details: boolean;
  state: string | null;
  /** Calls per rolling hour. @default 3600 */
  quota: number;
  concurrency: number;
  normalizeConcurrency: number;
  endpoint: string | null;
  /** Run against an in-process sandbox (a rehearsal). */
  sandbox: boolean;
  reconcileGraceSeconds: number;
  timeoutMs: number | null;
  prune: "hide" | "delete" | null;
  /** sync --prune-max: the largest share (percent) of the published collection one prune may remove. @default 5 */
  pruneMax?: number;
  yes: boolean;
  replaceTags: boolean;
  force?: boolean; // sync --force: validate and map every row, even those unchanged since their last push
  /** sync --verify: read the live photos and detect edits made on Flickr. */
  verify?: boolean;
  /** sync --on-drift. @default "keep" */
  onDrift?: DriftMode;
  /** sync: read back what was changed. @default true for sync */
  readBack?: boolean;
  debug: boolean;
}

export const PIPELINE_DEFAULTS = {
  quota: 3600,
  concurrency: 3,
  normalizeConcurrency: 2,
  reconcileGraceSeconds: 120,
} as const;

/** Collaborators a test or a simulation may replace. */
export interface PipelineDeps {
  /** Clock (ms) of the API budget and the retry backoff. @default Date.now */
  clock?: () => number;
  /** Sleep of the API budget and the retry backoff. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

function overheadFor(plan: Plan, inputs: readonly PlanInput[], accountDefaultKnown: boolean, tokenVerified: boolean): RunOverhead {
  const byMethod: Record<string, number> = tokenVerified ? {} : { "flickr.test.login": 1, "flickr.auth.oauth.checkToken": 1 };
  const uploads = plan.items.some((i) => i.actions.some((a) => a.kind === "upload"));
  const needs7 = inputs.some((i) => i.errors.length === 0 && i.fields.license_id === 7) && uploads;
  if (needs7) byMethod["flickr.commons.getInstitutions"] = 1;
  if (uploads && !accountDefaultKnown) byMethod["flickr.photos.getInfo"] = 1;
  return { calls: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod };
}

function loggerFor(ctx: CliContext, debug: boolean, note: (m: string) => void): Logger {
  const base = createConsoleLogger(debug ? "debug" : "info", ctx.stderr);
  return {
    debug: (m) => debug && note(`debug: ${m}`),
    info: (m) => note(m),
    warn: (m) => note(`warning: ${m}`),
    error: (m) => base.error(m),
  };
}

/** Run publish or sync; resolves to the exit code. */
export async function runPipeline(ctx: CliContext, options: PipelineOptions, deps: PipelineDeps = {}): Promise<number> {
  const now = new Date();
  const manifestPath = resolve(ctx.cwd, options.manifest);
  const show = (p: string) => relative(ctx.cwd, p) || ".";
  const out = ctx.stdout;
  const err = ctx.stderr;

  const opened = await openManifest(options.manifest, { cwd: ctx.cwd });
  const settings = opened.source.settings;
  const stateTarget = { sandbox: options.sandbox, endpoint: options.sandbox ? null : resolveEndpoint(options.endpoint ?? undefined, ctx.env) ?? null };
  const paths = statePathsFor(manifestPath, options.state ? resolve(ctx.cwd, options.state) : null, stateTarget);
  if (options.verify && options.mode !== "sync") throw new UserError("--verify belongs to sync", { code: "USAGE", hint: "Run `heritage sync --verify`." });

  // A dry run writes nothing, not even a new state database.
  let store: StateStore | null = null;
  if (!options.dryRun) store = openState(paths.database);
  else if (existsSync(paths.database)) store = openState(paths.database, { readonly: true });
  let connection: Connection | null = null;
  const connectOnce = async () =>
    (connection ??= await connect(
      ctx,
      {
        sandbox: options.sandbox,
        sandboxDataDir: sandboxDataDir(paths.dir),
        endpoint: options.endpoint,
        quota: options.quota,
        timeoutMs: options.timeoutMs,
        json: options.json,
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      },
      settings,
      store,
    ));
  try {
    // Bound to one Flickr and one account: refuse another before anything is planned.
    if (store) checkStateTarget(stateIdentity(store), targetName(stateTarget), show(paths.database));
    if (store && !options.dryRun && !options.sandbox && store.getMeta("nsid")) await (await connectOnce()).account(store, options.prune === "delete" ? "delete" : "write");
    // The date floor: the setting, else what `heritage doctor --probe` measured on this account, else 1800.
    const floor = await dateFloorForRun(ctx.env, { sandbox: options.sandbox, endpoint: options.endpoint, nsid: store?.getMeta("nsid") ?? null }, settings.date.earliest_year);
    settings.date.earliest_year = floor.year;
    if (floor.source === "measured" && !options.json) err.write(`Using the ${floor.note}.\n`);
    if (!options.json) err.write(`Reading ${show(opened.source.path)} (collection ${show(opened.source.collection)})…\n`);
    // g8 hook: only rows whose fingerprint changed since their last push are validated and mapped (src/sync/skip-unchanged.ts).
    const forRun = await collectForRun(opened, store, { now, full: Boolean(options.verify || options.force || options.retryFailed) });
    const { statesBefore, collected } = forRun;
    if (!options.json && forRun.skipped.length > 0) err.write(`${forRun.skipped.length} of ${collected.rows} rows are unchanged since their last push (same cells, settings and master) and were not mapped again (--force maps every row).\n`);
    if (!options.json) err.write(`Validated ${collected.rows} rows: ${collected.errors} error${collected.errors === 1 ? "" : "s"}, ${collected.warnings} warning${collected.warnings === 1 ? "" : "s"}${collected.errors ? " (`heritage validate` lists them)" : ""}.\n`);

    const fileErrors = collected.fileIssues.filter((i) => i.severity === "error");
    if (fileErrors.length > 0 || (options.strict && collected.errors > 0)) {
      const why = fileErrors.length > 0 ? `the manifest has errors that affect every row (${[...new Set(fileErrors.map((i) => i.code))].join(", ")})` : `${collected.errors} error${collected.errors === 1 ? "" : "s"} in the manifest and --strict is set`;
      throw new UserError(`nothing was ${options.mode === "sync" ? "synced" : "published"}: ${why}`, {
        code: "MANIFEST_HAS_ERRORS",
        exitCode: EXIT.INPUT,
        hint: `Run \`heritage validate ${options.manifest}\` to see every problem with its row and a hint.`,
      });
    }

    // sync --verify: what Flickr holds now, before deciding anything.
    let driftReport: DriftReport | null = null;
    if (options.verify && store && statesBefore.some((s) => s.photoId)) {
      const c = await connectOnce();
      const account = await c.account(store, "write");
      if (!options.json) err.write("Reading the published photos on Flickr to find edits made there…\n");
      driftReport = await detectDrift(c.call, store, account.nsid);
    }

    const accountDefault = store?.getMeta("account_default_license");
    const plan = withSkipped(planRun(collected.inputs, statesBefore, {
      mode: options.mode,
      accountDefaultLicense: accountDefault != null ? Number(accountDefault) : settings.commons ? 7 : 0,
      existingAlbums: new Set(store ? store.listAlbums().filter((a) => a.state === "created").map((a) => a.title) : []),
      retryFailedOnly: options.retryFailed,
      prune: options.prune,
      ...(driftReport ? { drift: driftReport.drift } : {}),
      onDrift: options.onDrift ?? "keep",
      replaceTags: options.replaceTags,
      // A state that records no photo and was never checked: the plan looks for the collection on the account first.
      emptyStateGuard: emptyStateGuardDue(store) ? { namespace: settings.namespace, now: Math.floor(now.getTime() / 1000) } : null,
    }), forRun);
    if (options.prune) {
      // A prune trusts that every row was read: refuse it when the manifest may have been read wrong.
      const issues = [...collected.fileIssues, ...collected.unplannable.flatMap((u) => u.issues), ...collected.inputs.flatMap((i) => i.errors)];
      await guardPrune({ items: plan.items, manifestPath: opened.source.path, issues, published: forRun.published, maxPercent: options.pruneMax ?? PRUNE_MAX_DEFAULT });
    }
    const overhead = overheadFor(plan, collected.inputs, accountDefault != null, Boolean(store?.getMeta("verified_token")));
    const blocked = plan.items.filter((i) => i.disposition === "blocked").length + collected.unplannable.length;
    const target = options.sandbox ? "the in-process sandbox" : options.endpoint ?? ctx.env.HERITAGE_FLICKR_ENDPOINT ?? "Flickr";

    if (options.dryRun) {
      if (options.json) out.write(`${JSON.stringify({ ...planJson(plan, { perHour: options.quota, overhead }), manifest: opened.source.path, state: store ? store.path : null }, null, 2)}\n`);
      else out.write(formatPlan(plan, { perHour: options.quota, overhead, details: options.details || options.mode === "sync", target }) + "Dry run: nothing was sent to Flickr and nothing was written.\n");
      return blocked > 0 ? EXIT.INPUT : EXIT.OK;
    }

    const removals = plan.items.filter((i) => i.actions.some((a) => a.kind === "prune-hide" || a.kind === "prune-delete"));
    if (removals.length > 0) {
      if (options.prune === "delete") err.write(deletionList(removals));
      const verb = options.prune === "delete" ? "DELETE from Flickr" : "make private";
      const ok = await confirm(ctx, `${removals.length} photo${removals.length === 1 ? "" : "s"} whose rows left the manifest will be ${options.prune === "delete" ? "deleted" : "made private"}: ${removals.slice(0, 5).map((i) => i.identifier).join(", ")}${removals.length > 5 ? ", …" : ""}. ${verb}?`, options.yes);
      if (!ok) throw new UserError("nothing was changed: the removal was not confirmed", { code: "NOT_CONFIRMED", exitCode: EXIT.USAGE, hint: "Answer y, or pass --yes when running without a terminal." });
    }

    const live = store!;
    let result: ExecuteResult | null = null;
    let mismatches: ReadBackMismatch[] = [];
    const work = plan.items.filter((i) => i.actions.length > 0);
    if (work.length > 0) {
      const c = await connectOnce();
      result = await execute(ctx, options, { plan, collected, store: live, paths, settings, overhead, connection: c }, deps);
      if (options.mode === "sync" && (options.readBack ?? true) && !result.stop && !result.interrupted) {
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
        if (changed.size > 0) {
          try {
            mismatches = await readBack(c.call, live, changed, Math.floor(now.getTime() / 1000), live.getMeta("nsid") ?? "me");
          } catch (e) {
            // The changes are made and recorded; only the check could not be done.
            if (!(e instanceof UserError)) throw e;
            err.write(`warning: the read-back after writing could not be done (${e.message}); run \`heritage sync --verify\` later to check.\n`);
          }
        }
      }
    }
    recordPushedFingerprints(live, forRun); // g8 hook: rows now fully pushed are skipped next time
    writeResultsCsv(paths.resultsCsv, live.listItems(), live.getMeta("nsid"));
    const extra = { drift: driftReport, mismatches };
    if (options.json) out.write(`${JSON.stringify(runJson(options.mode, plan, result, { resultsCsv: paths.resultsCsv, runLog: paths.runLog, state: paths.database, blocked, ...extra }), null, 2)}\n`);
    else {
      const sandboxPhotos = options.sandbox ? (connection as Connection | null)?.sandboxPhotos?.() ?? null : null;
      out.write(formatRunSummary(options.mode, plan, result, { resultsCsv: show(paths.resultsCsv), runLog: show(paths.runLog), blocked, sandbox: options.sandbox ? show(sandboxDataDir(paths.dir)) : null, sandboxPhotos, namespace: settings.namespace, ...extra }));
    }
    if (!result) return blocked > 0 ? EXIT.INPUT : EXIT.OK;
    if (result.stop) return EXIT.USAGE;
    if (result.interrupted) return 130;
    return (result.counts.failed ?? 0) > 0 || blocked > 0 || mismatches.length > 0 ? EXIT.INPUT : EXIT.OK;
  } catch (e) {
    // A damaged state, a folder that cannot be written, a full disk: the user's to fix, not a bug.
    throw stateEnvironmentError(e, paths.database) ?? e;
  } finally {
    store?.close();
    await (connection as Connection | null)?.close();
  }
}

interface ExecuteContext {
  plan: Plan;
  collected: Collected;
  store: StateStore;
  paths: StatePaths;
  settings: Settings;
  overhead: RunOverhead;
  connection: Connection;
}

async function execute(ctx: CliContext, options: PipelineOptions, run: ExecuteContext, deps: PipelineDeps): Promise<ExecuteResult> {
  const { store, plan, collected, paths, settings, connection } = run;
  const progress = createProgressReporter({ stream: ctx.stderr, tty: Boolean(ctx.stderr.isTTY) && !options.json });
  const logger = loggerFor(ctx, options.debug, (m) => progress.note(m));
  connection.onResponse(() => progress.calls(connection.transport.total(), connection.budget.stats().ratePerHour));
  connection.budget.onPause((p) => progress.note(`Flickr is throttling (${p.why}): the whole run waits ${formatPause(p.ms)}${p.retryAfter ? " as Flickr asked (Retry-After)" : ""}, then goes on`));

  const lock = acquireRunLock(store, { command: options.mode });
  if (lock.tookOverFrom) logger.warn(`an earlier ${lock.tookOverFrom.command} (pid ${lock.tookOverFrom.pid}) stopped without finishing; its state is kept and this run resumes it`);
  const heartbeat = setInterval(() => lock.heartbeat(), 30_000);
  heartbeat.unref();

  let runId = 0;
  try {
    let account: Awaited<ReturnType<Connection["account"]>>;
    try {
      account = await connection.account(store, options.prune === "delete" ? "delete" : "write");
      if (run.overhead.byMethod["flickr.commons.getInstitutions"]) await connection.checkCommons(account);
      await guardEmptyState(ctx, options, run, account);
    } catch (e) {
      // Ctrl-C during the checks: nothing was changed on Flickr, so nothing to record.
      if (!ctx.signal.aborted) throw e;
      const outcomes = plan.items.filter((i) => i.actions.length > 0).map((i) => ({ identifier: i.identifier, row: i.row, photoId: i.photoId, result: "not-run" as const, warnings: [] }));
      return { outcomes, counts: { "not-run": outcomes.length, api_calls: connection.transport.total() }, stop: null, interrupted: true };
    }

    runId = store.beginRun({
      command: options.mode,
      options: { quota: options.quota, concurrency: options.concurrency, strict: options.strict, retryFailed: options.retryFailed, sandbox: options.sandbox, endpoint: connection.endpointName, prune: options.prune, verify: options.verify ?? false, onDrift: options.onDrift ?? null },
      toolVersion: VERSION,
      pid: process.pid,
      host: hostname(),
    });
    const log = createRunLog(paths.runLog);
    log.write({ run: runId, event: "start", command: options.mode, manifest: resolve(ctx.cwd, options.manifest), account: account.nsid, tool_version: VERSION });
    const cache = createCopyCache({ dir: paths.copies, maxBytes: settings.images.cache_max_bytes });
    const fingerprints = new Map(collected.inputs.filter((i) => i.source).map((i) => [i.identifier, i.source!]));
    const result = await executePlan(
      plan,
      new Map(collected.inputs.map((i) => [i.identifier, i])),
      {
        flickr: flickrPortFor(connection.client),
        classify: classifyForExecutor,
        state: store,
        prepareCopy: createCopyMaker({ cache, images: settings.images, sources: collected.copySources, fingerprints }),
        log,
        logger,
        progress,
        onThrottle: () => connection.budget.penalize(),
        sleep: deps.sleep ?? abortableSleep,
        random: deps.random ?? Math.random,
        clock: deps.clock ?? Date.now,
        signal: ctx.signal,
        runId,
      },
      {
        namespace: settings.namespace,
        concurrency: options.concurrency,
        normalizeConcurrency: options.normalizeConcurrency,
        retry: RETRY_DEFAULTS,
        reconcileGraceSeconds: options.reconcileGraceSeconds,
        replaceTags: options.replaceTags,
        overheadCalls: run.overhead.calls,
      },
    );
    const status = result.stop ? "stopped" : result.interrupted ? "interrupted" : (result.counts.failed ?? 0) > 0 ? "completed with failures" : "completed";
    const counts = { ...result.counts, ...unfinished(result, store), api_calls: connection.transport.total() };
    store.endRun(runId, status, counts);
    log.write({ run: runId, event: "end", status, counts });
    await cache.prune().catch((e: unknown) => logger.debug(`copy cache: ${(e as Error).message}`));
    if (result.stop?.code === "AUTH_REJECTED") store.setMeta("verified_token", "");
    if (result.stop) ctx.stderr.write(`error: ${result.stop.message}\nhint: ${result.stop.hint}\ncode: ${result.stop.code}\n`);
    return { ...result, counts };
  } catch (e) {
    if (runId) store.endRun(runId, "crashed", {});
    throw e;
  } finally {
    clearInterval(heartbeat);
    lock.release();
    progress.stop();
  }
}

/** The empty-state guard is due while the state (none yet, in a dry run) records no photo and was never checked. */
function emptyStateGuardDue(store: StateStore | null): boolean {
  return !store || (store.getMeta("empty_state_checked") === null && !store.recordsAnyPhoto());
}

/**
 * The empty-state guard: before the first upload into a state that knows of no photo, ask the
 * account whether this collection is already there (a lost, moved or renamed state). The plan
 * decides it: its prelude carries the look-ups when the guard is due and something is uploaded.
 * Passed once per state; the answer is recorded so later runs do not ask again.
 */
async function guardEmptyState(ctx: CliContext, options: PipelineOptions, run: ExecuteContext, account: { nsid: string; username: string }): Promise<void> {
  const { store, plan, settings, connection } = run;
  const calls = plan.prelude.filter((c) => c.purpose === "empty-state-guard");
  if (calls.length === 0) return;
  if (!options.json) ctx.stderr.write("This state records no photo yet: checking that the collection is not already on Flickr…\n");
  const found = await findCollectionOnFlickr(connection.call, { namespace: settings.namespace, identifiers: run.collected.inputs.map((i) => i.identifier), calls });
  if (found.length > 0) {
    const flags = `${options.state ? ` --state ${options.state}` : ""}${options.endpoint ? ` --endpoint ${options.endpoint}` : ""}`;
    throw alreadyPublishedError(found, { manifest: options.manifest, account: account.username ? `${account.username} (${account.nsid})` : account.nsid, options: flags });
  }
  store.setMeta("empty_state_checked", String(store.now()));
}

/**
 * An item the run stopped at after its photo reached Flickr (or may have: an upload intent) is
 * not "not started": it is counted apart, so the summary and `heritage status` say so.
 */
function unfinished(result: ExecuteResult, store: StateStore): Record<string, number> {
  let notFinished = 0;
  for (const o of result.outcomes) {
    if (o.result !== "not-run" || o.photoId) continue;
    const now = store.getItem(o.identifier);
    if (now && (now.photoId !== null || now.upload === "intent")) notFinished++;
  }
  if (notFinished === 0) return {};
  const notRun = (result.counts["not-run"] ?? 0) - notFinished;
  return { "not-run": notRun, "not-finished": notFinished };
}

export type { ItemDrift };

/**
 * The writing half of a publish or sync run: take the run lock, check the account (and, on a
 * state that knows of no photo, that the collection is not already on Flickr), record the run,
 * hand the plan to the executor, and record how it ended.
 */
import { RUN_DEFAULTS } from "../defaults.js";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { VERSION } from "../version.js";
import { createConsoleLogger, type Logger } from "../logger.js";
import { createCopyCache, type CopyCache } from "../image/copy-cache.js";
import type { StateStore } from "../state/store.js";
import { acquireRunLock } from "../state/lock.js";
import type { Plan } from "../plan/types.js";
import type { RunOverhead } from "../plan/format.js";
import { abortableSleep, formatPause } from "./budget.js";
import { createCopyMaker } from "./prepare-copy.js";
import { classifyForExecutor, flickrPortFor } from "./flickr-adapter.js";
import type { Connection } from "./connect.js";
import { alreadyPublishedError, findCollectionOnFlickr } from "./preflight.js";
import { executePlan, type ExecuteResult } from "./execute.js";
import { createProgressReporter } from "./progress.js";
import { createRunLog } from "./run-log.js";
import type { ProgressReporter, RunLog } from "./ports.js";
import { RETRY_DEFAULTS } from "./retry.js";
import type { RunSession } from "./run-session.js";

/** A run that writes: the session with its state open for writing, the plan and the connection. */
export interface WritingRun {
  session: RunSession & { store: StateStore };
  plan: Plan;
  overhead: RunOverhead;
  connection: Connection;
}

type Account = Awaited<ReturnType<Connection["account"]>>;

function loggerFor(stderr: NodeJS.WritableStream, debug: boolean, note: (m: string) => void): Logger {
  const base = createConsoleLogger(debug ? "debug" : "info", stderr);
  return {
    debug: (m) => debug && note(`debug: ${m}`),
    info: (m) => note(m),
    warn: (m) => note(`warning: ${m}`),
    error: (m) => base.error(m),
  };
}

/** Execute the plan; resolves to what was done (the state and the run log record it too). */
export async function executeRun(run: WritingRun): Promise<ExecuteResult> {
  const { session, connection } = run;
  const { io, options, store } = session;
  const progress = createProgressReporter({ stream: io.stderr, tty: Boolean(io.stderr.isTTY) && !options.json });
  const logger = loggerFor(io.stderr, options.debug, (m) => progress.note(m));
  connection.onResponse(() => progress.calls(connection.transport.total(), connection.budget.stats().ratePerHour));
  connection.budget.onPause((p) => progress.note(`Flickr is throttling (${p.why}): the whole run waits ${formatPause(p.ms)}${p.retryAfter ? " as Flickr asked (Retry-After)" : ""}, then goes on`));

  const lock = acquireRunLock(store, { command: options.mode });
  if (lock.tookOverFrom) logger.warn(`an earlier ${lock.tookOverFrom.command} (pid ${lock.tookOverFrom.pid}) stopped without finishing; its state is kept and this run resumes it`);
  const heartbeat = setInterval(() => lock.heartbeat(), 30_000);
  heartbeat.unref();
  let runId = 0;
  try {
    const account = await checkBeforeWriting(run);
    if (account === null) return notRun(run);
    runId = beginRun(run);
    const log = createRunLog(session.paths.runLog);
    log.write({ run: runId, event: "start", command: options.mode, manifest: resolve(io.cwd, options.manifest), account: account.nsid, tool_version: VERSION });
    const cache = createCopyCache({ dir: session.paths.copies, maxBytes: session.settings.images.cache_max_bytes });
    const result = await runExecutor(run, { runId, log, logger, progress, cache });
    return await endRun(run, runId, result, { log, logger, cache });
  } catch (e) {
    if (runId) store.runs.end(runId, "crashed", {});
    throw e;
  } finally {
    clearInterval(heartbeat);
    lock.release();
    progress.stop();
  }
}

/** The account checks before the first write; null when Ctrl-C came during them (nothing changed on Flickr). */
async function checkBeforeWriting(run: WritingRun): Promise<Account | null> {
  const { session, connection } = run;
  try {
    const account = await connection.account(session.store, session.options.prune === "delete" ? "delete" : "write");
    if (run.overhead.byMethod["flickr.commons.getInstitutions"]) await connection.checkCommons(account);
    await guardEmptyState(run, account);
    return account;
  } catch (e) {
    if (!session.io.signal.aborted) throw e;
    return null;
  }
}

/** Stopped before anything was sent: every item with work is "not run", and nothing is recorded. */
function notRun(run: WritingRun): ExecuteResult {
  const outcomes = run.plan.items.filter((i) => i.actions.length > 0).map((i) => ({ identifier: i.identifier, row: i.row, photoId: i.photoId, result: "not-run" as const, warnings: [] }));
  return { outcomes, counts: { "not-run": outcomes.length, api_calls: run.connection.transport.total() }, stop: null, interrupted: true };
}

function beginRun(run: WritingRun): number {
  const { options, store } = run.session;
  return store.runs.begin({
    command: options.mode,
    options: { quota: options.quota, concurrency: options.concurrency, strict: options.strict, retryFailed: options.retryFailed, sandbox: options.sandbox, endpoint: run.connection.endpointName, prune: options.prune, verify: options.verify ?? false, onDrift: options.onDrift ?? null },
    toolVersion: VERSION,
    pid: process.pid,
    host: hostname(),
  });
}

interface ExecutorHooks {
  runId: number;
  log: RunLog;
  logger: Logger;
  progress: ProgressReporter;
  cache: CopyCache;
}

async function runExecutor(run: WritingRun, hooks: ExecutorHooks): Promise<ExecuteResult> {
  const { session, plan, connection } = run;
  const { options, settings, collected, store, deps } = session;
  const fingerprints = new Map(collected.inputs.filter((i) => i.source).map((i) => [i.identifier, i.source!]));
  const result = await executePlan(
    plan,
    new Map(collected.inputs.map((i) => [i.identifier, i])),
    {
      flickr: flickrPortFor(connection.client),
      classify: classifyForExecutor,
      state: store,
      prepareCopy: createCopyMaker({ cache: hooks.cache, images: settings.images, sources: collected.copySources, fingerprints }),
      log: hooks.log,
      logger: hooks.logger,
      progress: hooks.progress,
      onThrottle: () => connection.budget.penalize(),
      sleep: deps.sleep ?? abortableSleep,
      random: deps.random ?? Math.random,
      clock: deps.clock ?? Date.now,
      signal: session.io.signal,
      runId: hooks.runId,
      finishing: () => connection.finishing(),
    },
    {
      namespace: settings.namespace,
      concurrency: options.concurrency,
      normalizeConcurrency: options.normalizeConcurrency,
      retry: RETRY_DEFAULTS,
      reconcileGraceSeconds: session.graceSeconds,
      replaceTags: options.replaceTags,
      albumBatch: options.albumBatch ?? RUN_DEFAULTS.albumBatch,
      overheadCalls: run.overhead.calls,
    },
  );
  return result;
}

/** Record how the run ended, in the state and the run log. */
async function endRun(run: WritingRun, runId: number, result: ExecuteResult, hooks: Pick<ExecutorHooks, "log" | "logger" | "cache">): Promise<ExecuteResult> {
  const { store, io } = run.session;
  const status = result.stop ? "stopped" : result.interrupted ? "interrupted" : (result.counts.failed ?? 0) > 0 ? "completed with failures" : "completed";
  const counts = { ...result.counts, ...unfinished(result, store), api_calls: run.connection.transport.total() };
  store.runs.end(runId, status, counts);
  hooks.log.write({ run: runId, event: "end", status, counts });
  await hooks.cache.prune().catch((e: unknown) => hooks.logger.debug(`copy cache: ${(e as Error).message}`));
  if (result.stop?.code === "AUTH_REJECTED") store.account.set({ verifiedToken: null });
  if (result.stop) io.stderr.write(`error: ${result.stop.message}\nhint: ${result.stop.hint}\ncode: ${result.stop.code}\n`);
  return { ...result, counts };
}

/**
 * The empty-state guard: before the first upload into a state that knows of no photo, ask the
 * account whether this collection is already there (a lost, moved or renamed state). The plan
 * decides it: its prelude carries the look-ups when the guard is due and something is uploaded.
 * Passed once per state; the answer is recorded so later runs do not ask again.
 */
async function guardEmptyState(run: WritingRun, account: Account): Promise<void> {
  const { session, plan, connection } = run;
  const { options, store, settings } = session;
  const calls = plan.prelude.filter((c) => c.purpose === "empty-state-guard");
  if (calls.length === 0) return;
  if (!options.json) session.io.stderr.write("This state records no photo yet: checking that the collection is not already on Flickr…\n");
  const found = await findCollectionOnFlickr(connection.call, { namespace: settings.namespace, identifiers: session.collected.inputs.map((i) => i.identifier), calls });
  if (found.length > 0) {
    const flags = `${options.state ? ` --state ${options.state}` : ""}${options.endpoint ? ` --endpoint ${options.endpoint}` : ""}`;
    throw alreadyPublishedError(found, { manifest: options.manifest, account: account.username ? `${account.username} (${account.nsid})` : account.nsid, options: flags });
  }
  store.account.set({ emptyStateCheckedAt: store.now() });
}

/**
 * An item the run stopped at after its photo reached Flickr (or may have: an upload intent) is
 * not "not started": it is counted apart, so the summary and `heritage status` say so.
 */
function unfinished(result: ExecuteResult, store: StateStore): Record<string, number> {
  let notFinished = 0;
  for (const o of result.outcomes) {
    if (o.result !== "not-run" || o.photoId) continue;
    const now = store.items.get(o.identifier);
    if (now && (now.photoId !== null || now.upload === "intent")) notFinished++;
  }
  if (notFinished === 0) return {};
  const notRun = (result.counts["not-run"] ?? 0) - notFinished;
  return { "not-run": notRun, "not-finished": notFinished };
}

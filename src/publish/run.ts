/**
 * `heritage publish` (and the shared run under `heritage sync`, src/sync/run.ts): collection →
 * plan → dry run, or lock + preflight → execution → state, log and result CSV. This module wires
 * the collaborators together; the first half lives in src/collection/, the decisions in the
 * planner (pure) and the writes in the executor (run-execute.ts).
 */
import { dirname, relative, resolve } from "node:path";
import { existsSync } from "node:fs";
import type { CommandIO } from "../command-io.js";
import { EXIT, UserError } from "../errors.js";
import { openCollection, type Collection } from "../collection/open.js";
import type { Collected } from "../collection/collect.js";
import { collectForRun, recordPushedFingerprints, withSkipped, type CollectForRun } from "../collection/skip-unchanged.js";
import { openFileHashes } from "../state/file-hashes.js";
import { createdAlbums, readAccountMeta } from "../collection/state-snapshot.js";
import { statePathsFor, targetName } from "../state/paths.js";
import { checkStateTarget, stateIdentity } from "../state/target.js";
import { stateEnvironmentError } from "../state/errors.js";
import { type StateStore } from "../state/store.js";
import { openState } from "../state/open.js";
import { planRun } from "../plan/plan.js";
import { formatPlan, planJson, type RunOverhead } from "../plan/format.js";
import type { Plan, PlanInput } from "../plan/types.js";
import { connect, sandboxDataDir, type Connection } from "./connect.js";
import { writeResultsCsv } from "./results-csv.js";
import { formatRunSummary, runJson, type SyncFindings } from "./summary.js";
import { calibrateRun } from "../doctor/floor.js";
import { albumMemberCounts } from "../state/album-members.js";
import { RUN_DEFAULTS } from "../defaults.js";
import { executeRun } from "./run-execute.js";
import type { DriftFindings, PipelineDeps, PipelineOptions, RunPhases, RunSession } from "./run-session.js";
import type { ExecuteResult } from "./execute.js";

export type { PipelineDeps, PipelineOptions, RunPhases, RunSession } from "./run-session.js";

/** The run's defaults: the same object the yargs modules read (src/defaults.ts), not a copy. */
export const PIPELINE_DEFAULTS = RUN_DEFAULTS;

function overheadFor(plan: Plan, inputs: readonly PlanInput[], accountDefaultKnown: boolean, tokenVerified: boolean): RunOverhead {
  const byMethod: Record<string, number> = tokenVerified ? {} : { "flickr.test.login": 1, "flickr.auth.oauth.checkToken": 1 };
  const uploads = plan.items.some((i) => i.actions.some((a) => a.kind === "upload"));
  const needs7 = inputs.some((i) => i.errors.length === 0 && i.fields.license_id === 7) && uploads;
  if (needs7) byMethod["flickr.commons.getInstitutions"] = 1;
  if (uploads && !accountDefaultKnown) byMethod["flickr.photos.getInfo"] = 1;
  // The first photo whose date Flickr is to read from its EXIF is read back once.
  if (plan.items.some((i) => i.actions.some((a) => a.kind === "upload" && a.embedDate))) byMethod["flickr.photos.getInfo"] = (byMethod["flickr.photos.getInfo"] ?? 0) + 1;
  return { calls: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The connection, made on first need and closed at the end. */
class LazyConnection {
  current: Connection | null = null;
  constructor(private readonly make: () => Promise<Connection>) {}
  async get(): Promise<Connection> {
    return (this.current ??= await this.make());
  }
}

/**
 * Run publish, or sync with its phases; resolves to the exit code. `options.endpoint` is the
 * endpoint the command resolved (flag, else environment); `io.env` is passed on for the
 * credentials and the shared API budget.
 */
export async function runPipeline(io: CommandIO, options: PipelineOptions, deps: PipelineDeps = {}, phases: RunPhases = {}): Promise<number> {
  // Tests give the whole run a virtual time; the CLI leaves it unset (real time).
  if (io.time) deps = { clock: io.time.clock, sleep: io.time.sleep, ...deps };
  const now = new Date();
  const collection = await openCollection(options.manifest, { cwd: io.cwd });
  const stateTarget = { sandbox: options.sandbox, endpoint: options.sandbox ? null : options.endpoint };
  const paths = statePathsFor(resolve(io.cwd, options.manifest), options.state ? resolve(io.cwd, options.state) : null, stateTarget);
  const show = (p: string) => relative(io.cwd, p) || ".";

  // A dry run writes nothing, not even a new state database.
  let store: StateStore | null = null;
  if (!options.dryRun) store = openState(paths.database);
  else if (existsSync(paths.database)) store = openState(paths.database, { readonly: true });
  const connection = new LazyConnection(() =>
    connect(
      io,
      { sandbox: options.sandbox, sandboxDataDir: sandboxDataDir(paths.dir), endpoint: options.endpoint, quota: options.quota, timeoutMs: options.timeoutMs, json: options.json, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}) },
      collection.settings,
      store,
    ),
  );
  try {
    // Bound to one Flickr and one account: refuse another before anything is planned.
    if (store) checkStateTarget(stateIdentity(store), targetName(stateTarget), show(paths.database));
    if (store && !options.dryRun && !options.sandbox && readAccountMeta(store).nsid) await (await connection.get()).account(store, options.prune === "delete" ? "delete" : "write");
    const { graceSeconds, exifSetsDateTaken } = await calibrate(io, options, collection, store);
    const session = await readCollection({ io, options, deps, now, collection, settings: collection.settings, paths, store, show, graceSeconds, exifSetsDateTaken, connect: () => connection.get() });
    return await planAndRun(session, phases, () => connection.current);
  } catch (e) {
    // A damaged state, a folder that cannot be written, a full disk: the user's to fix, not a bug.
    throw stateEnvironmentError(e, paths.database) ?? e;
  } finally {
    store?.close();
    await connection.current?.close();
  }
}

/**
 * Date floor and reconcile grace: the setting / flag, else what `heritage doctor --probe`
 * measured on this account, else the defaults; and whether Flickr reads date taken from EXIF here.
 */
async function calibrate(io: CommandIO, options: PipelineOptions, collection: Collection, store: StateStore | null): Promise<{ graceSeconds: number; exifSetsDateTaken: boolean }> {
  const settings = collection.settings;
  const hint = { sandbox: options.sandbox, endpoint: options.sandbox ? null : options.endpoint, nsid: store ? readAccountMeta(store).nsid : null };
  const { floor, grace, exifSetsDateTaken } = await calibrateRun(io.env, hint, { earliestYear: settings.date.earliest_year, graceFlag: options.reconcileGraceSeconds });
  settings.date.earliest_year = floor.year;
  if (floor.source === "measured" && !options.json) io.stderr.write(`Using the ${floor.note}.\n`);
  if (!options.sandbox && !options.json) io.stderr.write(`Using the ${grace.note}.\n`);
  // A run that found Flickr did not take the EXIF date remembers it: setDates from then on.
  return { graceSeconds: grace.seconds, exifSetsDateTaken: exifSetsDateTaken && !options.sandbox && store?.account.get("exifDateTaken") !== false };
}

/** Read every row against what the state records, and refuse a manifest whose errors affect every row. */
async function readCollection(session: Omit<RunSession, "statesBefore" | "collected" | "forRun">): Promise<RunSession> {
  const { io, options, collection, store, show } = session;
  if (!options.json) io.stderr.write(`Reading ${show(collection.source.path)} (collection ${show(collection.source.collection)})…\n`);
  // Only rows whose fingerprint changed since their last push are validated and mapped (the
  // store stays open until the plan is formatted: pushed values are read only for diffs).
  // A writing run remembers the masters' hashes beside the state (as validate does), so a master
  // read once — by validate, or by a run that was interrupted — is not read again; a dry run writes none.
  // Beside the copies: the hashes depend only on the masters, so every target (and validate) shares them.
  const hashes = options.dryRun ? null : openFileHashes(dirname(session.paths.copies));
  let forRun: CollectForRun;
  try {
    forRun = await collectForRun(collection.manifest, store, { now: session.now, full: Boolean(options.verify || options.force || options.retryFailed), hashes });
  } finally {
    hashes?.close();
  }
  const { collected } = forRun;
  if (!options.json && forRun.skipped.length > 0) io.stderr.write(`${forRun.skipped.length} of ${collected.rows} rows are unchanged since their last push (same cells, settings and master) and were not mapped again (--force maps every row).\n`);
  if (!options.json) io.stderr.write(`Validated ${collected.rows} rows: ${plural(collected.errors, "error")}, ${plural(collected.warnings, "warning")}${collected.errors ? " (`heritage validate` lists them)" : ""}.\n`);
  refuseManifestErrors(collected, options);
  return { ...session, statesBefore: forRun.statesBefore, collected, forRun };
}

function refuseManifestErrors(collected: Collected, options: PipelineOptions): void {
  const fileErrors = collected.fileIssues.filter((i) => i.severity === "error");
  if (fileErrors.length === 0 && !(options.strict && collected.errors > 0)) return;
  const why = fileErrors.length > 0 ? `the manifest has errors that affect every row (${[...new Set(fileErrors.map((i) => i.code))].join(", ")})` : `${plural(collected.errors, "error")} in the manifest and --strict is set`;
  throw new UserError(`nothing was ${options.mode === "sync" ? "synced" : "published"}: ${why}`, {
    code: "MANIFEST_HAS_ERRORS",
    exitCode: EXIT.INPUT,
    hint: `Run \`heritage validate ${options.manifest}\` to see every problem with its row and a hint.`,
  });
}

/** The empty-state guard is due while the state (none yet, in a dry run) records no photo and was never checked. */
function emptyStateGuardDue(store: StateStore | null): boolean {
  return !store || (!readAccountMeta(store).emptyStateChecked && !store.items.recordsAnyPhoto());
}

function planFor(session: RunSession, drift: DriftFindings | null): Plan {
  const { options, store, settings, collected, statesBefore, now } = session;
  // Read now, not before: checking the account (sync --verify) may have recorded what it learned.
  const account = store ? readAccountMeta(store) : null;
  return withSkipped(planRun(collected.inputs, statesBefore, {
    mode: options.mode,
    accountDefaultLicense: account?.accountDefaultLicense ?? (settings.commons ? 7 : 0),
    // Until an upload has shown the account's default, the first row relying on it goes up private.
    accountDefaultLicenseConfirmed: account?.accountDefaultLicense != null,
    existingAlbums: new Set(store ? createdAlbums(store) : []),
    albumMembers: store ? albumMemberCounts(store) : new Map(),
    albumBatch: options.albumBatch ?? RUN_DEFAULTS.albumBatch,
    exifSetsDateTaken: session.exifSetsDateTaken,
    retryFailedOnly: options.retryFailed,
    prune: options.prune,
    ...(drift ? { drift: drift.drift } : {}),
    onDrift: options.onDrift ?? "keep",
    replaceTags: options.replaceTags,
    // A state that records no photo and was never checked: the plan looks for the collection on the account first.
    emptyStateGuard: emptyStateGuardDue(store) ? { namespace: settings.namespace, now: Math.floor(now.getTime() / 1000) } : null,
  }), session.forRun);
}

/** Plan; print the dry run, or run the plan; then report. Resolves to the exit code. */
async function planAndRun(session: RunSession, phases: RunPhases, connection: () => Connection | null): Promise<number> {
  const { options, store, collected } = session;
  // sync --verify: what Flickr holds now, before deciding anything.
  const drift = phases.readDrift ? await phases.readDrift(session) : null;
  const plan = planFor(session, drift);
  await phases.checkPlan?.(plan, session);
  const account = store ? readAccountMeta(store) : null;
  const overhead = overheadFor(plan, collected.inputs, account?.accountDefaultLicense != null, account?.tokenVerified ?? false);
  const blocked = plan.items.filter((i) => i.disposition === "blocked").length + collected.unplannable.length;
  if (options.dryRun) {
    printDryRun(session, plan, overhead);
    return blocked > 0 ? EXIT.INPUT : EXIT.OK;
  }
  await phases.confirm?.(plan, session);
  const live = { ...session, store: store! };
  let result: ExecuteResult | null = null;
  let mismatches: NonNullable<SyncFindings["mismatches"]> = [];
  if (plan.items.some((i) => i.actions.length > 0) || plan.albumFlushes.length > 0) {
    result = await executeRun({ session: live, plan, overhead, connection: await session.connect() });
    if (phases.afterRun && !result.stop && !result.interrupted) mismatches = await phases.afterRun(plan, result, live);
  }
  // Rows now fully pushed with this run's mapping are skipped next time (also after a run with nothing to do: an older state gets its fingerprints).
  recordPushedFingerprints(live.store, session.forRun);
  reportRun(live, plan, result, { blocked, drift, mismatches, connection: connection() });
  if (!result) return blocked > 0 ? EXIT.INPUT : EXIT.OK;
  if (result.stop) return EXIT.USAGE;
  if (result.interrupted) return 130;
  return (result.counts.failed ?? 0) > 0 || blocked > 0 || mismatches.length > 0 ? EXIT.INPUT : EXIT.OK;
}

function printDryRun(session: RunSession, plan: Plan, overhead: RunOverhead): void {
  const { io, options, store, collection } = session;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...planJson(plan, { perHour: options.quota, overhead }), manifest: collection.source.path, state: store ? store.path : null }, null, 2)}\n`);
    return;
  }
  const target = options.sandbox ? "the in-process sandbox" : options.endpoint ?? "Flickr";
  io.stdout.write(formatPlan(plan, { perHour: options.quota, overhead, details: options.details || options.mode === "sync", target }) + "Dry run: nothing was sent to Flickr and nothing was written.\n");
}

interface RunEnd {
  blocked: number;
  drift: DriftFindings | null;
  mismatches: NonNullable<SyncFindings["mismatches"]>;
  connection: Connection | null;
}

/** The results CSV, and the summary for people or for programs. */
function reportRun(session: RunSession & { store: StateStore }, plan: Plan, result: ExecuteResult | null, end: RunEnd): void {
  const { io, options, store, paths, show, settings } = session;
  writeResultsCsv(paths.resultsCsv, store.items.list(), readAccountMeta(store).nsid);
  const findings = { drift: end.drift, mismatches: end.mismatches };
  if (options.json) {
    io.stdout.write(`${JSON.stringify(runJson(options.mode, plan, result, { resultsCsv: paths.resultsCsv, runLog: paths.runLog, state: paths.database, blocked: end.blocked, ...findings }), null, 2)}\n`);
    return;
  }
  const sandboxPhotos = options.sandbox ? end.connection?.sandboxPhotos?.() ?? null : null;
  io.stdout.write(formatRunSummary(options.mode, plan, result, { resultsCsv: show(paths.resultsCsv), runLog: show(paths.runLog), blocked: end.blocked, sandbox: options.sandbox ? show(sandboxDataDir(paths.dir)) : null, sandboxPhotos, namespace: settings.namespace, ...findings }));
}

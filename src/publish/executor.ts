/**
 * One item at a time: the executor walks an item's planned actions, hands each to the module
 * that performs it (upload, replace, setters, albums, prune), and turns what happens into the
 * item's outcome. It never chooses a call: every call it sends is one the plan lists (the
 * recovery paths of an unknown outcome aside: the look-up of a lost upload or album).
 */
import { groupHash } from "../plan/groups.js";
import type { Action, PlanItem, Plan } from "../plan/types.js";
import { ApiError, callApi, type ApiContext } from "./api.js";
import { flickrReads, FlickrResponseError } from "../flickr/port.js";
import { AlbumKeeper, readAccountAlbums } from "./albums.js";
import { ItemFailure, RunStop, runStopFor } from "./failures.js";
import type { PreparedCopy } from "./ports.js";
import type { About, ExecuteDeps, ExecuteOptions, FlickrAnswer, ItemOutcome, ItemRun, StepContext } from "./execute-types.js";
import { pruneDelete, pruneHide } from "./prune.js";
import { replace } from "./replace.js";
import { pushGroup, recordOnly } from "./setters.js";
import { reconcile, upload } from "./upload.js";

/** Progress of one item through its actions. */
interface Walk extends ItemRun {
  outcome: ItemOutcome;
  uploaded: boolean;
  adopted: boolean;
  copy: Promise<PreparedCopy> | null;
}

export class Executor implements StepContext {
  private readonly api: ApiContext;
  private readonly albums: AlbumKeeper;
  private stop: RunStop | null = null;
  private accountDefault: Promise<number> | null = null;
  /** Opens once the account's default licence is known (see the licence probe in plan.ts). */
  private readonly licenseCheck = new LicenseCheckGate();
  private readonly stopController = new AbortController();
  readonly signal: AbortSignal;

  constructor(
    readonly deps: ExecuteDeps,
    readonly options: ExecuteOptions,
  ) {
    this.signal = AbortSignal.any([deps.signal, this.stopController.signal]);
    this.api = {
      flickr: deps.flickr,
      classify: deps.classify,
      log: deps.log,
      retry: options.retry,
      random: deps.random,
      sleep: deps.sleep,
      onThrottle: deps.onThrottle,
      runId: deps.runId,
      onRetry: (method, attempt, delayMs, error) =>
        deps.logger.debug(`retrying ${method} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1}; ${error.message})`),
    };
    this.albums = new AlbumKeeper(deps.state, (method, params, about) => this.call(method, params, about), (m) => deps.logger.warn(m), options.albumBatch ?? 500);
    const known = deps.state.account.get("defaultLicense");
    if (known !== null) {
      this.accountDefault = Promise.resolve(known);
      this.licenseCheck.open(known);
    }
  }

  get stopped(): RunStop | null {
    return this.stop;
  }

  async call(method: string, params: Record<string, string | number>, about: About = {}): Promise<FlickrAnswer> {
    try {
      return await callApi(this.api, method, params, { ...about, signal: this.deps.signal });
    } catch (err) {
      if (err instanceof ApiError) {
        const stop = runStopFor(method, err.classified);
        if (stop) this.halt(stop);
      }
      throw err;
    }
  }

  halt(stop: RunStop): never {
    this.stopWith(stop);
    throw stop;
  }

  /** Record a run stop (the first one wins) and abort what is in flight. */
  stopWith(stop: RunStop): void {
    if (this.stop) return;
    this.stop = stop;
    this.deps.logger.error(stop.message);
    this.stopController.abort(stop);
  }

  accountDefaultLicense(photoId: string, identifier: string): Promise<number> {
    if (!this.accountDefault) {
      this.accountDefault = flickrReads((m, p) => this.call(m, p, { identifier })).getInfo(photoId).then((info) => {
        const id = info.license;
        this.deps.state.account.set({ defaultLicense: id });
        this.licenseCheck.open(id);
        return id;
      });
      this.accountDefault.catch(() => (this.accountDefault = null));
    }
    return this.accountDefault;
  }

  /**
   * The plan's calls made once before the items: the account's albums, when one is created.
   * (The empty-state guard's look-ups, also in the prelude, are sent before the run begins:
   * see guardEmptyState in run.ts.)
   */
  /**
   * Uploads that wait for the licence probe, in a plan without one: nothing will confirm the
   * account's default, so they are left for the next run instead of waiting for ever.
   */
  expectLicenseProbe(plan: Plan): void {
    if (!plan.items.some((i) => i.actions.some((a) => a.kind === "upload" && a.licenseProbe))) this.licenseCheck.fail(null);
  }

  async runPrelude(plan: Plan): Promise<void> {
    for (const c of plan.prelude) {
      if (c.purpose === "albums") this.albums.knowAccountAlbums(await readAccountAlbums((m, p) => this.call(m, { ...c.params, ...p })));
    }
  }

  private exifDateChecked: Promise<void> | null = null;

  /**
   * The plan sent no setDates because the probe measured that Flickr takes date taken from EXIF:
   * read the first such photo back (one getInfo per run). If Flickr did not take it, the run
   * stops before recording the date, and the state remembers: the next plan calls setDates.
   */
  checkExifDate(photoId: string, identifier: string, expected: string): Promise<void> {
    this.exifDateChecked ??= flickrReads((m, p) => this.call(m, p, { identifier })).getInfo(photoId).then(({ dates }) => {
      if (!dates.takenUnknown && (dates.taken ?? "").startsWith(expected)) return;
      this.deps.state.account.set({ exifDateTaken: false });
      this.halt(
        new RunStop(
          "EXIF_DATE_NOT_READ",
          `Flickr did not take the date taken from the upload copy's EXIF (it holds "${dates.taken ?? ""}", not "${expected}"), although \`heritage doctor --probe\` measured that it does on this account.`,
          "Run the same command again: heritage now sends setDates for these photos. Photos already uploaded keep their state; nothing is sent twice. Run `heritage doctor --probe` again to measure the account anew.",
        ),
      );
    });
    return this.exifDateChecked;
  }

  /**
   * The run's last album flushes: every album with photos still queued (at the end, after
   * Ctrl-C, after a run stop). What cannot be sent stays queued for the next run.
   */
  async finishAlbums(): Promise<void> {
    if (this.deps.signal.aborted) this.deps.finishing?.();
    try {
      await this.albums.flushAll();
    } catch (err) {
      if (!(err instanceof RunStop)) throw err;
    }
  }

  /** Run one item's actions; returns its outcome (never throws for item-level failures). */
  async runItem(item: PlanItem, copy: Promise<PreparedCopy> | null): Promise<ItemOutcome> {
    const outcome: ItemOutcome = { identifier: item.identifier, row: item.row, photoId: item.photoId, result: "unchanged", warnings: [] };
    const walk: Walk = { item, photoId: item.photoId, warnings: outcome.warnings, outcome, uploaded: false, adopted: false, copy };
    let step = "start";
    try {
      for (const action of item.actions) {
        if (this.signal.aborted && !(walk.uploaded || walk.adopted)) {
          // Not started, or nothing sent yet: leave it for the next run.
          outcome.result = "not-run";
          return outcome;
        }
        step = action.kind === "set" || action.kind === "record" ? `${action.kind}:${action.group}` : action.kind;
        await this.perform(walk, action);
      }
      this.finish(walk);
      return outcome;
    } catch (err) {
      return this.fail(item, outcome, step, err);
    } finally {
      // A probe that ended without learning the default (its upload failed) cannot confirm it:
      // the uploads waiting for it are left for the next run rather than sent on a guess.
      if (item.actions.some((a) => a.kind === "upload" && a.licenseProbe)) this.licenseCheck.fail(item);
    }
  }

  private async perform(walk: Walk, action: Action): Promise<void> {
    const { state, progress } = this.deps;
    const { item, outcome } = walk;
    switch (action.kind) {
      case "reconcile": {
        const found = await reconcile(this, walk, action.fields, action.licenseFirst);
        if (found) [walk.photoId, walk.adopted] = [found, true];
        return;
      }
      case "upload": {
        if (walk.photoId) return; // adopted by reconcile
        if (!walk.copy) throw new Error(`no upload copy was made for ${item.identifier}`);
        if (action.waitsForLicenseCheck) await this.licenseCheck.passed(this.signal, action.fields.license_id);
        const prepared = await walk.copy;
        walk.warnings.push(...prepared.warnings);
        const r = await upload(this, walk, action, prepared);
        [walk.photoId, walk.uploaded, walk.adopted] = [r.photoId, !r.adopted, r.adopted];
        progress.event({ stage: "uploading", identifier: item.identifier, status: "done" });
        // The run's overhead includes reading the account's default licence from its first
        // upload (future plans need it), whether or not an item of this run relies on it.
        await this.accountDefaultLicense(r.photoId, item.identifier);
        return;
      }
      case "replace":
        await replace(this, walk, action);
        outcome.result = "replaced";
        return;
      case "set":
        progress.event({ stage: "metadata", identifier: item.identifier, status: "started" });
        return pushGroup(this, walk, action);
      case "record":
        return recordOnly(this, walk, action);
      case "album-add":
      case "album-remove": {
        const photoId = walk.photoId;
        if (photoId === null) throw new Error(`${action.kind} for ${item.identifier} before its photo exists`);
        return action.kind === "album-add" ? this.albums.add(action.album, photoId, item.identifier) : this.albums.remove(action.album, photoId, item.identifier);
      }
      case "adopt": {
        // The edit made on Flickr becomes what was pushed; the catalogue's value is taken as
        // seen, so only a later change in the catalogue overwrites it.
        const pushed = state.items.get(item.identifier)?.pushed[action.group]?.value ?? {};
        state.items.recordPushed(item.identifier, action.group, { ...pushed, ...action.live }, groupHash(action.to as Parameters<typeof groupHash>[0], action.group));
        return;
      }
      case "mark-published":
        return; // the status is set in finish, as for any item whose actions all succeeded
      case "mark-missing":
        state.items.setStatus(item.identifier, "missing");
        outcome.result = "missing";
        return;
      case "forget-photo":
        if (action.reupload) state.items.resetPhoto(item.identifier);
        else state.items.forgetPhoto(item.identifier);
        walk.photoId = null;
        outcome.result = action.reupload ? "forgotten" : "deleted";
        return;
      case "prune-hide":
        await pruneHide(this, walk, action);
        outcome.result = "hidden";
        return;
      case "prune-delete":
        await pruneDelete(this, walk, action);
        outcome.result = "deleted";
        return;
    }
  }

  private finish(walk: Walk): void {
    const { item, outcome } = walk;
    outcome.photoId = walk.photoId;
    if (item.disposition !== "removed" && item.disposition !== "missing") {
      this.deps.state.items.setStatus(item.identifier, "published");
      if (outcome.result === "unchanged" || outcome.result === "forgotten") {
        outcome.result = walk.uploaded ? "uploaded" : walk.adopted ? "adopted" : item.actions.some((a) => a.kind !== "record" && a.kind !== "adopt") ? "updated" : "unchanged";
      }
    }
    if (item.actions.some((a) => a.kind !== "record")) this.deps.progress.event({ stage: "metadata", identifier: item.identifier, status: "done" });
  }

  private fail(item: PlanItem, outcome: ItemOutcome, step: string, err: unknown): ItemOutcome {
    if (err instanceof RunStop || this.signal.aborted) {
      // The run is stopping: the item keeps its state as committed and is resumed next time.
      outcome.result = "not-run";
      return outcome;
    }
    let error: NonNullable<ItemOutcome["error"]>;
    if (err instanceof ItemFailure) {
      error = { step: err.step, code: err.code, message: err.message, transient: err.transient, ...(err.hint ? { hint: err.hint } : {}) };
    } else if (err instanceof ApiError) {
      error = { step, code: `${err.code}`, message: `${err.method}: ${err.message}`, transient: err.classified.kind !== "permanent" };
      if (err.classified.code === 1 && err.method.startsWith("flickr.photos.")) {
        error.hint = "Flickr says the photo is not there: it may have been deleted on flickr.com. Run `heritage sync --verify` to see the account as it is.";
      }
    } else if (err instanceof FlickrResponseError) {
      // Flickr answered in a shape heritage cannot read: what happened is unknown; the next run tries again.
      error = { step, code: err.code, message: err.message, transient: true, ...(err.hint ? { hint: err.hint } : {}) };
    } else {
      throw err; // a bug, not an item failure
    }
    this.deps.state.items.recordFailure(item.identifier, error);
    this.deps.progress.event({ stage: step === "upload" ? "uploading" : "metadata", identifier: item.identifier, status: "failed" });
    this.deps.logger.warn(`${item.identifier}${item.row ? ` (row ${item.row})` : ""}: ${step} failed: ${error.code} ${error.message}${error.hint ? ` — ${error.hint}` : ""}`);
    outcome.result = "failed";
    outcome.error = error;
    return outcome;
  }
}

/**
 * The uploads that rely on an unconfirmed default licence wait here until the licence probe's
 * upload showed the account's default (open), or the probe ended without it (failed: they fail
 * as transient, untouched, and the next run plans them again).
 */
class LicenseCheckGate {
  private state: { kind: "waiting" } | { kind: "open"; license: number } | { kind: "failed"; item: PlanItem | null } = { kind: "waiting" };
  private readonly waiters = new Set<() => void>();

  open(license: number): void {
    if (this.state.kind === "waiting") this.settle({ kind: "open", license });
  }

  fail(item: PlanItem | null): void {
    if (this.state.kind === "waiting") this.settle({ kind: "failed", item });
  }

  /** Resolves when the default is known to be `relied` (the licence this upload leaves to it). */
  async passed(signal: AbortSignal, relied: number | null): Promise<void> {
    if (this.state.kind === "waiting") {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.waiters.delete(done);
          signal.removeEventListener("abort", done);
          resolve();
        };
        this.waiters.add(done);
        signal.addEventListener("abort", done, { once: true });
      });
    }
    signal.throwIfAborted();
    if (this.state.kind === "open" && this.state.license !== relied) {
      // The probe's own licence check stops the run (the next plan lists a setLicense); this row is left as it was.
      throw new RunStop("ACCOUNT_DEFAULT_LICENSE", `the account's default licence is ${this.state.license}, not ${relied ?? "none"}`, "Run the same command again.");
    }
    if (this.state.kind === "failed") {
      const probe = this.state.item;
      const which = probe ? ` (${probe.identifier}${probe.row ? `, row ${probe.row}` : ""})` : "";
      throw new ItemFailure(
        "upload",
        "LICENSE_DEFAULT_UNCONFIRMED",
        `Not uploaded: this row relies on the account's default licence, which the run's first such upload${which} was to confirm, and that upload did not happen.`,
        true,
        "Fix what stopped that row (see its message), then run the same command again: nothing was sent for this row.",
      );
    }
  }

  private settle(next: LicenseCheckGate["state"]): void {
    this.state = next;
    for (const wake of [...this.waiters]) wake();
  }
}


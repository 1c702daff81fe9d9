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
 */
import pLimit from "p-limit";
import { formatTagsParam } from "../flickr/tag-syntax.js";
import { licenseById } from "../flickr/licenses.js";
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import type { Logger } from "../logger.js";
import type { StateStore } from "../state/store.js";
import { groupHash, groupSlice, UPLOAD_GROUPS } from "../plan/groups.js";
import type { Action, Plan, PlanInput, PlanItem } from "../plan/types.js";
import { ApiError, callApi, type ApiContext } from "./api.js";
import { AlbumKeeper } from "./albums.js";
import { ItemFailure, RunStop, errorCode, runStopFor } from "./failures.js";
import type { Classify, FlickrPort, PrepareCopy, PreparedCopy, ProgressReporter, RunLog, UploadParams } from "./ports.js";
import { identifierTag } from "../map/identifier-tag.js";
import { confirmPhoto, lookUpUpload, type FoundPhoto, type ReadApi } from "./reconcile.js";
import { backoffDelay, type RetryPolicy } from "./retry.js";

export interface ExecuteOptions {
  /** Machine-tag namespace of the identifier tag. */
  namespace: string;
  /** Items in flight at once (uploads and metadata calls). @default 3 */
  concurrency: number;
  /** Upload copies made at once. @default 2 */
  normalizeConcurrency: number;
  retry: RetryPolicy;
  /**
   * After a lost upload answer, how long (seconds) "not found" must hold, counted from when the
   * outcome became unknown, before it is believed (search lags behind uploads). @default 120
   */
  reconcileGraceSeconds: number;
  /** sync --replace-tags: remove tags other people added on Flickr. */
  replaceTags: boolean;
  /** Calls the run spends besides the items (preflight checks), for the progress ETA. */
  overheadCalls?: number;
}

export interface ExecuteDeps {
  flickr: FlickrPort;
  classify: Classify;
  state: StateStore;
  prepareCopy: PrepareCopy;
  log: RunLog;
  logger: Logger;
  progress: ProgressReporter;
  /** Told on HTTP 429 / error 105: the budget slows down. */
  onThrottle: () => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  clock: () => number;
  signal: AbortSignal;
  runId: number;
}

export interface ItemOutcome {
  identifier: string;
  row: number | null;
  photoId: string | null;
  result: "uploaded" | "adopted" | "updated" | "replaced" | "hidden" | "deleted" | "missing" | "forgotten" | "unchanged" | "failed" | "skipped" | "not-run";
  error?: { step: string; code: string; message: string; hint?: string; transient: boolean };
  warnings: string[];
}

export interface ExecuteResult {
  outcomes: ItemOutcome[];
  counts: Record<string, number>;
  stop: RunStop | null;
  interrupted: boolean;
}

/** Setter parameters for a field group (the upload call carries the same values). */
function setterCall(group: Exclude<FieldGroup, "albums">, photoId: string, to: Partial<FlickrFields>): { method: string; params: Record<string, string | number> } | null {
  switch (group) {
    case "meta":
      return { method: "flickr.photos.setMeta", params: { photo_id: photoId, title: to.title ?? "", description: to.description ?? "" } };
    case "tags":
      return { method: "flickr.photos.setTags", params: { photo_id: photoId, tags: formatTagsParam(to.tags ?? []) } };
    case "license":
      return to.license_id === null || to.license_id === undefined ? null : { method: "flickr.photos.licenses.setLicense", params: { photo_id: photoId, license_id: to.license_id } };
    case "date":
      if (!to.date_taken) return null; // Flickr cannot forget a taken date; nothing to send.
      return { method: "flickr.photos.setDates", params: { photo_id: photoId, date_taken: to.date_taken, date_taken_granularity: to.date_taken_granularity ?? 0 } };
    case "geo":
      if (to.latitude === null || to.latitude === undefined || to.longitude === null || to.longitude === undefined) {
        return { method: "flickr.photos.geo.removeLocation", params: { photo_id: photoId } };
      }
      return { method: "flickr.photos.geo.setLocation", params: { photo_id: photoId, lat: to.latitude, lon: to.longitude, accuracy: to.accuracy ?? 16 } };
    case "perms":
      return { method: "flickr.photos.setPerms", params: { photo_id: photoId, is_public: to.is_public ?? 1, is_friend: 0, is_family: 0 } };
    case "safety": {
      if (!to.safety_level && !to.hidden) return null;
      const params: Record<string, string | number> = { photo_id: photoId };
      if (to.safety_level) params.safety_level = to.safety_level;
      // Upload numbers hidden 1 (shown) / 2 (hidden); the setter takes 0 / 1.
      if (to.hidden) params.hidden = to.hidden === 2 ? 1 : 0;
      return { method: "flickr.photos.setSafetyLevel", params };
    }
    case "content_type":
      return to.content_type ? { method: "flickr.photos.setContentType", params: { photo_id: photoId, content_type: to.content_type } } : null;
  }
}

export function uploadParams(fields: FlickrFields): UploadParams {
  const params: UploadParams = {
    title: fields.title,
    description: fields.description,
    tags: formatTagsParam(fields.tags),
    is_public: fields.is_public,
    is_friend: 0,
    is_family: 0,
  };
  if (fields.safety_level !== null) params.safety_level = fields.safety_level;
  if (fields.content_type !== null) params.content_type = fields.content_type;
  if (fields.hidden !== null) params.hidden = fields.hidden;
  return params;
}

class Executor {
  private readonly api: ApiContext;
  private readonly albums: AlbumKeeper;
  private stop: RunStop | null = null;
  private accountDefault: Promise<number> | null = null;
  private readonly stopController = new AbortController();
  readonly signal: AbortSignal;

  constructor(
    private readonly deps: ExecuteDeps,
    private readonly options: ExecuteOptions,
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
    this.albums = new AlbumKeeper(deps.state, (method, params, about) => this.call(method, params, about));
    const known = deps.state.getMeta("account_default_license");
    if (known !== null) this.accountDefault = Promise.resolve(Number(known));
  }

  get stopped(): RunStop | null {
    return this.stop;
  }

  /** A REST call; turns account-wide failures into a run stop. */
  async call(method: string, params: Record<string, string | number>, about: { identifier?: string | null; photoId?: string | null; idempotent?: boolean } = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
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
    if (!this.stop) {
      this.stop = stop;
      this.deps.logger.error(stop.message);
      this.stopController.abort(stop);
    }
    throw stop;
  }

  /** The licence Flickr gives this account's uploads, read once from the first photo uploaded. */
  private defaultLicense(photoId: string, identifier: string): Promise<number> {
    if (!this.accountDefault) {
      this.accountDefault = this.call("flickr.photos.getInfo", { photo_id: photoId }, { identifier }).then((info) => {
        const id = Number(info?.photo?.license);
        this.deps.state.setMeta("account_default_license", String(id));
        return id;
      });
      this.accountDefault.catch(() => (this.accountDefault = null));
    }
    return this.accountDefault;
  }

  private record(identifier: string, group: FieldGroup, fields: FlickrFields): void {
    this.deps.state.recordPushed(identifier, group, groupSlice(fields, group), groupHash(fields, group));
  }

  private async pushLicense(item: PlanItem, photoId: string, fields: FlickrFields): Promise<void> {
    const wanted = fields.license_id;
    if (wanted === null) return;
    const accountDefault = await this.defaultLicense(photoId, item.identifier);
    if (wanted === accountDefault) return this.record(item.identifier, "license", fields);
    if (wanted === 7) {
      const name = licenseById(accountDefault)?.name ?? `licence ${accountDefault}`;
      this.halt(
        new RunStop(
          "LICENSE_7_NOT_DEFAULT",
          `Flickr gave the first photo of this run the account's default licence "${name}", not "No known copyright restrictions"; that licence cannot be set through the API.`,
          "Only a Flickr Commons account has it as its default. Check that you are logged in as the institution's Commons account (heritage auth check), or ask Flickr to set the account default. Photos already uploaded keep their state: the next run sets nothing twice.",
        ),
      );
    }
    await this.call("flickr.photos.licenses.setLicense", { photo_id: photoId, license_id: wanted }, { identifier: item.identifier, photoId, idempotent: true });
    this.record(item.identifier, "license", fields);
  }

  private async pushGroup(item: PlanItem, action: Extract<Action, { kind: "set" }>, photoId: string, fields: FlickrFields, warnings: string[]): Promise<void> {
    if (action.group === "license") return this.pushLicense(item, photoId, fields);
    const call = setterCall(action.group, photoId, action.to);
    if (call === null) {
      if (action.group === "date" && action.from?.date_taken) warnings.push("the date was removed from the catalogue, but Flickr cannot forget a taken date; it was left as it is");
      return this.record(item.identifier, action.group, fields);
    }
    try {
      await this.call(call.method, call.params, { identifier: item.identifier, photoId, idempotent: true });
    } catch (err) {
      // Removing a location that is not there is what we wanted anyway.
      if (!(err instanceof ApiError && call.method === "flickr.photos.geo.removeLocation" && err.classified.code === 2)) throw err;
    }
    if (action.group === "tags" && this.options.replaceTags) await this.removeOthersTags(item.identifier, photoId);
    this.record(item.identifier, action.group, fields);
  }

  private async removeOthersTags(identifier: string, photoId: string): Promise<void> {
    const info = await this.call("flickr.photos.getInfo", { photo_id: photoId }, { identifier });
    const owner = String(info?.photo?.owner?.nsid ?? "");
    const tags = ([] as { id: string; author: string }[]).concat(info?.photo?.tags?.tag ?? []);
    for (const tag of tags.filter((t) => t.author !== owner)) {
      await this.call("flickr.photos.removeTag", { tag_id: tag.id }, { identifier, photoId, idempotent: true });
    }
  }

  /** Look the item up on Flickr by its identifier tag (polling: search lags); adopt it when exactly one photo carries it. */
  private async reconcile(item: PlanItem, fields: FlickrFields): Promise<string | null> {
    const state = this.deps.state.getItem(item.identifier);
    const found = await lookUpUpload((m, p) => this.call(m, p, { identifier: item.identifier }), {
      namespace: this.options.namespace,
      identifier: item.identifier,
      intentAt: state?.uploadIntentAt ?? null,
      graceSeconds: this.options.reconcileGraceSeconds,
      clock: this.deps.clock,
      sleep: this.deps.sleep,
      signal: this.signal,
      onWait: (ms, look) => this.deps.logger.debug(`${item.identifier}: not on Flickr ${look.unsure ? "(search unsure)" : "yet"}; looking again in ${(ms / 1000).toFixed(1)} s`),
    });
    if (found.length > 1) {
      throw new ItemFailure(
        "reconcile",
        "DUPLICATE_ON_FLICKR",
        `Flickr holds ${found.length} photos tagged ${identifierTag(this.options.namespace, item.identifier)} (${found.map((f) => f.id).join(", ")}); heritage uploads nothing more for it`,
        false,
        `Delete the extra photo(s) on Flickr, keep ${found[0]!.id}, then run again.`,
      );
    }
    if (found.length === 0) {
      this.deps.state.clearUploadIntent(item.identifier);
      return null;
    }
    return this.adopt(item, found[0]!, state?.intentFields ?? fields);
  }

  /** Record a photo found on Flickr as this item's upload, with the fields the upload carried. */
  private adopt(item: PlanItem, photo: FoundPhoto, carried: FlickrFields): string {
    this.deps.state.transaction(() => {
      this.deps.state.adoptPhoto(item.identifier, { photoId: photo.id, secret: photo.secret });
      for (const group of UPLOAD_GROUPS) this.record(item.identifier, group, carried);
    });
    this.deps.log.write({ run: this.deps.runId, method: "adopt", identifier: item.identifier, photo_id: photo.id, outcome: "ok" });
    return photo.id;
  }

  /**
   * Upload error 9 (dedup_check): the same bytes are on Flickr. Adopt that photo when it carries
   * this identifier's tag; when Flickr did not name it, look the identifier up. Null: the bytes
   * belong to another identifier (two rows, one scan), so the upload is sent without dedup_check.
   */
  private async adoptDuplicate(item: PlanItem, fields: FlickrFields, duplicateId: string | null): Promise<string | null> {
    const api: ReadApi = (m, p) => this.call(m, p, { identifier: item.identifier });
    const photo = duplicateId ? await confirmPhoto(api, duplicateId, this.options.namespace, item.identifier) : null;
    if (photo) return this.adopt(item, photo, this.deps.state.getItem(item.identifier)?.intentFields ?? fields);
    return duplicateId ? null : this.reconcile(item, fields);
  }

  private async upload(item: PlanItem, input: PlanInput, copy: PreparedCopy): Promise<{ photoId: string; adopted: boolean }> {
    const { state } = this.deps;
    // dedup_check: a repeat of bytes already on Flickr is refused (error 9) rather than stored twice.
    const params: UploadParams = { ...uploadParams(input.fields), dedup_check: 1 };
    for (let attempt = 1; ; attempt++) {
      if (this.signal.aborted) throw this.signal.reason;
      state.transaction(() => {
        state.recordSource(item.identifier, copy.source);
        state.recordUploadIntent(item.identifier, { copySha256: copy.sha256, fields: input.fields });
      });
      this.deps.progress.event({ stage: "uploading", identifier: item.identifier, status: "started" });
      try {
        const result = await this.deps.flickr.upload(copy.path, params, item.identifier);
        state.recordUploaded(item.identifier, {
          photoId: result.id,
          secret: result.secret,
          pushed: Object.fromEntries(UPLOAD_GROUPS.map((g) => [g, { hash: groupHash(input.fields, g), value: groupSlice(input.fields, g) }])),
        });
        this.deps.log.write({ run: this.deps.runId, method: "upload", identifier: item.identifier, photo_id: result.id, outcome: "ok" });
        return { photoId: result.id, adopted: false };
      } catch (err) {
        const classified = this.deps.classify(err, "upload");
        const code = errorCode(classified);
        this.deps.log.write({ run: this.deps.runId, method: "upload", identifier: item.identifier, photo_id: null, outcome: classified.kind === "unknown-outcome" ? "unknown" : "error", code, message: classified.message });
        if (classified.httpStatus === 429 || classified.code === 105) this.deps.onThrottle();
        const stop = runStopFor("upload", classified);
        if (stop) {
          state.clearUploadIntent(item.identifier);
          this.halt(stop);
        }
        if (classified.code === 9 && params.dedup_check) {
          const adopted = await this.adoptDuplicate(item, input.fields, classified.duplicatePhotoId ?? null);
          if (adopted) return { photoId: adopted, adopted: true };
          delete params.dedup_check;
          continue;
        }
        if (classified.kind === "unknown-outcome") {
          // The photo may be on Flickr: find out before anything is uploaded again.
          const adopted = await this.reconcile(item, input.fields);
          if (adopted) return { photoId: adopted, adopted: true };
        } else {
          state.clearUploadIntent(item.identifier);
        }
        if (classified.kind === "permanent" || attempt >= this.options.retry.maxAttempts) {
          throw new ItemFailure("upload", code, classified.message, classified.kind !== "permanent");
        }
        await this.deps.sleep(backoffDelay(attempt, this.options.retry, this.deps.random), this.signal);
      }
    }
  }

  private async replace(item: PlanItem, input: PlanInput, photoId: string): Promise<void> {
    const { state } = this.deps;
    const copy = await this.deps.prepareCopy({ identifier: item.identifier, file: input.file, fields: input.fields }, this.signal);
    state.recordReplaceState(item.identifier, "intent", copy.source.sha256);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.deps.flickr.replace(photoId, copy.path, item.identifier);
        state.recordReplaced(item.identifier, { secret: result.secret, copySha256: copy.sha256, source: copy.source });
        this.deps.log.write({ run: this.deps.runId, method: "replace", identifier: item.identifier, photo_id: photoId, outcome: "ok" });
        return;
      } catch (err) {
        const classified = this.deps.classify(err, "replace");
        const code = errorCode(classified);
        this.deps.log.write({ run: this.deps.runId, method: "replace", identifier: item.identifier, photo_id: photoId, outcome: "error", code, message: classified.message });
        if (classified.code === 1) {
          state.recordReplaceState(item.identifier, "needed", copy.source.sha256);
          throw new ItemFailure("replace", "REPLACE_NEEDS_PRO", `Flickr refused to replace the image: ${classified.message}`, false, "Replacing a photo's image needs a Pro account. The item stays marked for replacement; run sync again once the account is Pro.");
        }
        const stop = runStopFor("replace", classified);
        if (stop) this.halt(stop);
        // Replacing with the same file twice does no harm, so an unknown outcome is simply retried.
        if (classified.kind === "permanent" || attempt >= this.options.retry.maxAttempts) {
          state.recordReplaceState(item.identifier, "needed", copy.source.sha256);
          throw new ItemFailure("replace", code, classified.message, classified.kind !== "permanent");
        }
        await this.deps.sleep(backoffDelay(attempt, this.options.retry, this.deps.random), this.signal);
      }
    }
  }

  /** Run one item's actions; returns its outcome (never throws for item-level failures). */
  async runItem(item: PlanItem, input: PlanInput | undefined, copy: Promise<PreparedCopy> | null): Promise<ItemOutcome> {
    const { state } = this.deps;
    const warnings: string[] = [];
    const outcome: ItemOutcome = { identifier: item.identifier, row: item.row, photoId: item.photoId, result: "unchanged", warnings };
    let step = "start";
    try {
      let photoId = item.photoId;
      let uploaded = false;
      let adopted = false;
      for (const action of item.actions) {
        if (this.signal.aborted && !(uploaded || adopted)) {
          // Not started, or nothing sent yet: leave it for the next run.
          outcome.result = "not-run";
          return outcome;
        }
        step = action.kind === "set" || action.kind === "record" ? `${action.kind}:${action.group}` : action.kind;
        switch (action.kind) {
          case "reconcile": {
            const found = await this.reconcile(item, input!.fields);
            if (found) {
              photoId = found;
              adopted = true;
            }
            break;
          }
          case "upload": {
            if (photoId) break; // adopted by reconcile
            const prepared = await copy!;
            warnings.push(...prepared.warnings);
            const r = await this.upload(item, input!, prepared);
            photoId = r.photoId;
            uploaded = !r.adopted;
            adopted = r.adopted;
            this.deps.progress.event({ stage: "uploading", identifier: item.identifier, status: "done" });
            break;
          }
          case "replace":
            await this.replace(item, input!, photoId!);
            outcome.result = "replaced";
            break;
          case "set":
            this.deps.progress.event({ stage: "metadata", identifier: item.identifier, status: "started" });
            await this.pushGroup(item, action, photoId!, input!.fields, warnings);
            break;
          case "record":
            if (action.group === "license") await this.pushLicense(item, photoId!, input!.fields);
            else this.record(item.identifier, action.group, input!.fields);
            break;
          case "album-add":
            await this.albums.add(action.album, photoId!, item.identifier, input!.fields);
            break;
          case "album-remove":
            await this.albums.remove(action.album, photoId!, item.identifier, input!.fields);
            break;
          case "adopt": {
            // The edit made on Flickr becomes what was pushed; the catalogue's value is taken as
            // seen, so only a later change in the catalogue overwrites it.
            const pushed = this.deps.state.getItem(item.identifier)?.pushed[action.group]?.value ?? {};
            this.deps.state.recordPushed(item.identifier, action.group, { ...pushed, ...action.live }, groupHash(input!.fields, action.group));
            break;
          }
          case "mark-published":
            break; // the status is set below, as for any item whose actions all succeeded
          case "mark-missing":
            state.setStatus(item.identifier, "missing");
            outcome.result = "missing";
            break;
          case "forget-photo":
            if (action.reupload) state.resetPhoto(item.identifier);
            else state.forgetPhoto(item.identifier);
            photoId = null;
            outcome.result = action.reupload ? "forgotten" : "deleted";
            break;
          case "prune-hide": {
            await this.call("flickr.photos.setPerms", { photo_id: photoId!, is_public: 0, is_friend: 0, is_family: 0 }, { identifier: item.identifier, photoId, idempotent: true });
            // Recorded as pushed, so a row that comes back makes its photo public again.
            const hidden = { is_public: 0 } as FlickrFields;
            state.transaction(() => {
              state.recordPushed(item.identifier, "perms", groupSlice(hidden, "perms"), groupHash(hidden, "perms"));
              state.setStatus(item.identifier, "withdrawn");
            });
            outcome.result = "hidden";
            break;
          }
          case "prune-delete":
            try {
              await this.call("flickr.photos.delete", { photo_id: photoId! }, { identifier: item.identifier, photoId, idempotent: true });
            } catch (err) {
              // Already gone (deleted on flickr.com, or our own earlier attempt whose answer was lost).
              if (!(err instanceof ApiError && err.classified.code === 1)) throw err;
            }
            state.forgetPhoto(item.identifier);
            outcome.result = "deleted";
            break;
        }
      }
      outcome.photoId = photoId;
      if (item.disposition !== "removed" && item.disposition !== "missing") {
        state.setStatus(item.identifier, "published");
        if (outcome.result === "unchanged" || outcome.result === "forgotten") {
          outcome.result = uploaded ? "uploaded" : adopted ? "adopted" : item.actions.some((a) => a.kind !== "record" && a.kind !== "adopt") ? "updated" : "unchanged";
        }
      }
      if (item.actions.some((a) => a.kind !== "record")) this.deps.progress.event({ stage: "metadata", identifier: item.identifier, status: "done" });
      return outcome;
    } catch (err) {
      return this.fail(item, outcome, step, err);
    }
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
    } else {
      throw err; // a bug, not an item failure
    }
    this.deps.state.recordFailure(item.identifier, error);
    this.deps.progress.event({ stage: step === "upload" ? "uploading" : "metadata", identifier: item.identifier, status: "failed" });
    this.deps.logger.warn(`${item.identifier}${item.row ? ` (row ${item.row})` : ""}: ${step} failed: ${error.code} ${error.message}${error.hint ? ` — ${error.hint}` : ""}`);
    outcome.result = "failed";
    outcome.error = error;
    return outcome;
  }
}

/**
 * Execute a plan. Items run `concurrency` at a time in manifest order; upload copies are made
 * ahead of the uploads by a separate pool, a bounded window ahead so memory stays flat.
 */
export async function executePlan(plan: Plan, inputs: ReadonlyMap<string, PlanInput>, deps: ExecuteDeps, options: ExecuteOptions): Promise<ExecuteResult> {
  const executor = new Executor(deps, options);
  const itemLimit = pLimit(Math.max(1, options.concurrency));
  const normalizeLimit = pLimit(Math.max(1, options.normalizeConcurrency));
  const window = Math.max(4, options.concurrency + options.normalizeConcurrency * 2);
  const outcomes: ItemOutcome[] = [];
  const inFlight = new Set<Promise<void>>();
  const work = plan.items.filter((i) => i.actions.length > 0);
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
    const input = inputs.get(item.identifier);
    if (input) deps.state.ensureItem({ identifier: input.identifier, row: input.row, file: input.file });
    const needsCopy = input && item.actions.some((a) => a.kind === "upload");
    const copy = needsCopy
      ? normalizeLimit(async () => {
          deps.progress.event({ stage: "normalizing", identifier: item.identifier, status: "started" });
          try {
            const prepared = await deps.prepareCopy({ identifier: input.identifier, file: input.file, fields: input.fields }, executor.signal);
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
      outcomes[slot] = await executor.runItem(item, input, copy);
    }).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  deps.progress.stop();

  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return { outcomes, counts, stop: executor.stopped, interrupted: deps.signal.aborted };
}

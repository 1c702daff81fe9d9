/**
 * Options of the sandbox, their defaults, and the one rule that is not negotiable: it listens on
 * the loopback interface only (it hands out credentials and accepts writes without TLS).
 */
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { FaultRuleInput } from "./faults.js";
import { PESSIMISTIC, realismEarliestYear, resolveRealism, type RealismConfig, type RealismOptions } from "./realism.js";

// Realism switches (issue 11) live in realism.ts: `SandboxOptions` extends them, `SandboxConfig` carries them resolved.
export interface SandboxOptions extends RealismOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind: only `127.0.0.1`, `::1` or `localhost` are accepted. @default "127.0.0.1" */
  host?: string;
  /** Folder for persistence (SQLite, atomic per call). Unset: everything stays in memory. */
  dataDir?: string;
  /** API calls per rolling hour per consumer key before HTTP 429. @default 3600 */
  quota?: number;
  /** Fault rules: a spec string (grammar in faults.ts) or rule objects. */
  faults?: string | readonly FaultRuleInput[];
  /** Seed of every random choice (secrets, fault draws). Unset: a random seed, reported in `Sandbox.seed`. */
  seed?: number;
  /** The default account is a Flickr Commons member: its uploads get licence 7. @default true */
  commons?: boolean;
  /** The default account is Pro (no 1,000-photo cap, moderate/restricted content, replace). @default true */
  pro?: boolean;
  /** The default account has set its geo-privacy default, so geo.setLocation works. @default true */
  geoPrivacyDefault?: boolean;
  /** Largest photo accepted by upload/replace (error 8 above it). @default 200,000,000 bytes (200 MB decimal) */
  maxUploadBytes?: number;
  /** The sandbox's clock in ms (photo dates, lastupdate, the rolling-hour quota, per-minute counts). @default Date.now */
  clock?: () => number;
  /**
   * Wall clock for OAuth timestamp checks. flickr-sdk stamps requests with the real time, so this
   * stays `Date.now` even when `clock` is simulated. @default Date.now
   */
  oauthClock?: () => number;
  /** Log lines (one per call at debug, lifecycle at info). @default silent */
  logger?: Logger;
  /** How far an `oauth_timestamp` may be from `oauthClock`; `Infinity` disables the check. @default 600 */
  timestampToleranceSeconds?: number;
  /**
   * How a bad OAuth signature is answered: `"oauth"` = HTTP 401 `oauth_problem=signature_invalid&debug_sbs=…`
   * (what Flickr is seen doing), `"json"` = HTTP 200 with Flickr error 96. @default "oauth"
   */
  signatureErrorStyle?: "oauth" | "json";
  /**
   * Error code of setLicense for licence 7 (NKCR). Flickr's docs call 7 "not a valid argument";
   * 2 is "License not found", 4 "License not available". `null` lets Commons accounts set it. @default 2
   */
  nkcrSetLicenseCode?: number | null;
  /** Most results photos.search serves per query (Flickr's reported 4,000). @default 4000 */
  searchResultCap?: number;
  /** Items a free (non-Pro) account may hold (upload error 6 beyond). @default 1000 */
  freeAccountPhotoLimit?: number;
  /** Tags per photo. @default 75 */
  maxTagsPerPhoto?: number;
  /** Earliest year setDates accepts for date_taken (error 6 before); Flickr's bound is unconfirmed. @default 1800 */
  earliestTakenYear?: number;
  /** Also accept granularities 1–10 besides 0/4/6/8 (the docs warn more may be added). @default false */
  acceptAnyGranularity?: boolean;
  /** Photos per album (photosets.addPhoto error 10 beyond). @default 10000 */
  maxPhotosPerSet?: number;
  // ---- search lag and upload de-duplication (exactly-once realism) -------------------------
  /**
   * A new or changed photo stays invisible to photos.search (machine-tag search included) for a
   * random 0–N seconds, drawn from the seed per photo and change. people.getPhotos is not lagged.
   * @default 0
   */
  searchLagSeconds?: number;
  /** Probability that photos.search answers its real `total` with an empty page of photos. @default 0 */
  searchEmptyPageRate?: number;
  /**
   * How upload answers `dedup_check=1|2` when the same file bytes are already on the account:
   * `"element"` error 9 with a `<duplicate_photo_id>` element beside `<err>` (what Flickr's own
   * uploader reads), `"attribute"` error 9 with `duplicate_photo_id` on `<err>`, `"bare"` error 9
   * naming no photo, `"ignored"` the parameter is ignored (the photo is stored again). @default "element"
   */
  dedupCheck?: DedupCheckStyle;
  /** A seeded random crowd adds this many contributions per hour of sandbox time (0: none). @default 0 */
  communityRate?: number;
  /**
   * A photo's owner may delete other people's comments on it (unconfirmed on Flickr: the docs say
   * only "as the currently authenticated user"). `false`: deleteComment answers error 2. @default true
   */
  ownerDeletesComments?: boolean;
}

export type DedupCheckStyle = "element" | "attribute" | "bare" | "ignored";
export const DEDUP_CHECK_STYLES: readonly DedupCheckStyle[] = ["element", "attribute", "bare", "ignored"];

/** Every option resolved to a value. */
export interface SandboxConfig extends RealismConfig {
  port: number;
  host: string;
  dataDir: string | null;
  quota: number;
  seed: number;
  commons: boolean;
  pro: boolean;
  geoPrivacyDefault: boolean;
  maxUploadBytes: number;
  clock: () => number;
  oauthClock: () => number;
  logger: Logger;
  timestampToleranceSeconds: number;
  signatureErrorStyle: "oauth" | "json";
  nkcrSetLicenseCode: number | null;
  searchResultCap: number;
  freeAccountPhotoLimit: number;
  maxTagsPerPhoto: number;
  earliestTakenYear: number;
  acceptAnyGranularity: boolean;
  maxPhotosPerSet: number;
  // ---- search lag and upload de-duplication ----
  searchLagSeconds: number;
  searchEmptyPageRate: number;
  dedupCheck: DedupCheckStyle;
  communityRate: number;
  ownerDeletesComments: boolean;
}

export const SANDBOX_DEFAULTS = {
  port: 0,
  host: "127.0.0.1",
  quota: 3600,
  commons: true,
  pro: true,
  geoPrivacyDefault: true,
  // Flickr's "200 MB", read as the smaller (decimal) of the two possible meanings.
  maxUploadBytes: 200_000_000,
  timestampToleranceSeconds: 600,
  signatureErrorStyle: "oauth",
  nkcrSetLicenseCode: 2,
  searchResultCap: 4000,
  freeAccountPhotoLimit: 1000,
  maxTagsPerPhoto: 75,
  earliestTakenYear: 1800,
  acceptAnyGranularity: false,
  maxPhotosPerSet: 10_000,
  // ---- search lag and upload de-duplication ----
  searchLagSeconds: 0,
  searchEmptyPageRate: 0,
  dedupCheck: "element",
  communityRate: 0,
  ownerDeletesComments: true,
} as const;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

/** Refuse anything but the loopback interface: the sandbox has no TLS and prints its secrets. */
export function assertLoopbackHost(host: string): string {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new UserError(`the sandbox listens on the loopback interface only, not on "${host}"`, {
      code: "SANDBOX_HOST",
      hint: "use --host 127.0.0.1 (the default), ::1 or localhost",
    });
  }
  // "localhost" may resolve to several addresses; bind the IPv4 loopback explicitly.
  return host === "localhost" ? "127.0.0.1" : host;
}

/** Apply defaults (ignoring `undefined`, so optional CLI flags pass through without wiping them). */
export function resolveSandboxOptions(options: SandboxOptions, randomSeed: () => number, silent: Logger): SandboxConfig {
  const pessimistic = options.realism === "pessimistic";
  const d = SANDBOX_DEFAULTS;
  const config: SandboxConfig = {
    port: options.port ?? d.port,
    host: assertLoopbackHost(options.host ?? d.host),
    dataDir: options.dataDir ?? null,
    quota: options.quota ?? d.quota,
    seed: options.seed ?? randomSeed(),
    commons: options.commons ?? d.commons,
    pro: options.pro ?? d.pro,
    geoPrivacyDefault: options.geoPrivacyDefault ?? d.geoPrivacyDefault,
    maxUploadBytes: options.maxUploadBytes ?? d.maxUploadBytes,
    clock: options.clock ?? Date.now,
    oauthClock: options.oauthClock ?? Date.now,
    logger: options.logger ?? silent,
    timestampToleranceSeconds: options.timestampToleranceSeconds ?? d.timestampToleranceSeconds,
    signatureErrorStyle: options.signatureErrorStyle ?? d.signatureErrorStyle,
    // null is a meaningful value here ("allowed for Commons accounts"), so `??` would be wrong.
    nkcrSetLicenseCode: options.nkcrSetLicenseCode === undefined ? d.nkcrSetLicenseCode : options.nkcrSetLicenseCode,
    searchResultCap: options.searchResultCap ?? d.searchResultCap,
    freeAccountPhotoLimit: options.freeAccountPhotoLimit ?? d.freeAccountPhotoLimit,
    maxTagsPerPhoto: options.maxTagsPerPhoto ?? d.maxTagsPerPhoto,
    earliestTakenYear: options.earliestTakenYear ?? realismEarliestYear(options.realism, d.earliestTakenYear),
    acceptAnyGranularity: options.acceptAnyGranularity ?? d.acceptAnyGranularity,
    maxPhotosPerSet: options.maxPhotosPerSet ?? d.maxPhotosPerSet,
    // ---- search lag and upload de-duplication (pessimistic realism turns both on) ----
    searchLagSeconds: options.searchLagSeconds ?? (pessimistic ? PESSIMISTIC.searchLagSeconds : d.searchLagSeconds),
    searchEmptyPageRate: options.searchEmptyPageRate ?? d.searchEmptyPageRate,
    dedupCheck: options.dedupCheck ?? (pessimistic ? PESSIMISTIC.dedupCheck : d.dedupCheck),
    communityRate: options.communityRate ?? d.communityRate,
    ownerDeletesComments: options.ownerDeletesComments ?? d.ownerDeletesComments,
    ...resolveRealism(options),
  };
  checkLagOptions(config);
  for (const key of ["port", "quota", "maxUploadBytes", "searchResultCap", "freeAccountPhotoLimit", "maxTagsPerPhoto", "maxPhotosPerSet", "communityRate"] as const) {
    const value = config[key];
    if (!Number.isInteger(value) || value < 0) {
      throw new UserError(`sandbox option ${key} must be a whole number ≥ 0, not ${String(value)}`, { code: "SANDBOX_OPTION" });
    }
  }
  if (!Number.isInteger(config.seed)) throw new UserError(`the sandbox seed must be a whole number, not ${String(config.seed)}`, { code: "SANDBOX_OPTION" });
  return config;
}

// ---- search lag and upload de-duplication ----
function checkLagOptions(config: SandboxConfig): void {
  if (!(Number.isFinite(config.searchLagSeconds) && config.searchLagSeconds >= 0)) {
    throw new UserError(`sandbox option searchLagSeconds must be a number of seconds ≥ 0, not ${String(config.searchLagSeconds)}`, { code: "SANDBOX_OPTION" });
  }
  if (!(config.searchEmptyPageRate >= 0 && config.searchEmptyPageRate <= 1)) {
    throw new UserError(`sandbox option searchEmptyPageRate must be a probability between 0 and 1, not ${String(config.searchEmptyPageRate)}`, { code: "SANDBOX_OPTION" });
  }
  if (!DEDUP_CHECK_STYLES.includes(config.dedupCheck)) {
    throw new UserError(`sandbox option dedupCheck must be one of ${DEDUP_CHECK_STYLES.join(", ")}, not ${String(config.dedupCheck)}`, { code: "SANDBOX_OPTION" });
  }
}

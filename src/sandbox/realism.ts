/**
 * Realism: the real Flickr's rough edges, each a switch (issue 11). Where public evidence shows
 * what Flickr does, the pessimistic setting is that behaviour; where nothing is known, it is the
 * answer that hurts a publisher most. `realism: "pessimistic"` turns on every one of them except
 * throttling and an unset geo-privacy default, which change how long a run takes and which items
 * can be geotagged rather than what Flickr stores — those stay separate switches.
 *
 * Evidence: ../shared/reference/flickr-api.md §14 and the recorded getInfo responses (RAÄ 2013,
 * State Library NSW, Auckland Museum).
 */
import { UserError } from "../errors.js";

export type RealismMode = "default" | "pessimistic";

export interface RealismOptions {
  /** `"pessimistic"` turns on every switch below not given explicitly (but not throttling or geo privacy). @default "default" */
  realism?: RealismMode;
  /**
   * Store descriptions as Flickr returns them: links get `rel="noreferrer nofollow"`, link text
   * equal to its URL loses `http(s)://`, link text over 60 characters is cut to 57 and "...", a bare
   * `&` becomes `&amp;`. @default false
   */
  flickrDescriptions?: boolean;
  /** setTags replaces the whole list, other people's tags included (unconfirmed). @default false */
  setTagsRemovesOthers?: boolean;
  /** A Commons account's setLicense refuses any licence but its default (unconfirmed); error 4. @default false */
  commonsLicenseLocked?: boolean;
  /**
   * How a machine-tag query's value is matched: `"normalized"` (lower case, punctuation dropped,
   * so `A-1` and `a1` collide) or `"raw"` (the value as tagged, case-insensitive). @default "normalized"
   */
  machineTagMatch?: "normalized" | "raw";
  /** Circa dates (granularity 8) read back as `YYYY-00-01` (seen in 2013 responses). @default false */
  circaZeroMonth?: boolean;
  /** Upload refuses `content_type=4` (upload documents 1–3 only); error 3. @default false */
  uploadRefusesContentType4?: boolean;
  /** Error code of geo.setLocation while the account has no geo-privacy default (unconfirmed). @default 7 */
  geoPrivacyCode?: number;
  /**
   * Upload sets date taken from the file's EXIF DateTimeOriginal (what `heritage doctor --probe`
   * measures as `exifSetsDateTaken`); false: date taken is the upload time, "unknown". Not part of
   * "pessimistic": heritage embeds a date only after measuring, so either answer is safe, and
   * `doctor --probe` is tested against both. @default true
   */
  exifDateTaken?: boolean;
  /** Throttling below the quota: after this many calls (per consumer key), HTTP 429 without Retry-After. Unset: never. */
  throttleAfterCalls?: number;
  /** How long a throttle lasts, seconds (then the count starts again). @default 120 */
  throttleSeconds?: number;
}

export interface RealismConfig {
  realism: RealismMode;
  flickrDescriptions: boolean;
  setTagsRemovesOthers: boolean;
  commonsLicenseLocked: boolean;
  machineTagMatch: "normalized" | "raw";
  circaZeroMonth: boolean;
  uploadRefusesContentType4: boolean;
  geoPrivacyCode: number;
  exifDateTaken: boolean;
  throttleAfterCalls: number | null;
  throttleSeconds: number;
}

/** What `realism: "pessimistic"` sets (each can still be overridden one by one). */
export const PESSIMISTIC = {
  flickrDescriptions: true,
  setTagsRemovesOthers: true,
  commonsLicenseLocked: true,
  machineTagMatch: "normalized",
  circaZeroMonth: true,
  uploadRefusesContentType4: true,
  /** No evidence below 1870 (RAÄ's stored circa dates); 1850 leaves room for the sample data. */
  earliestTakenYear: 1850,
  /** The target run: 30 s of search lag (applied in options.ts with the lag's own option). */
  searchLagSeconds: 30,
  /** Error 9 naming no photo: heritage must find the duplicate by its machine tag. */
  dedupCheck: "bare",
} as const;

const DEFAULTS: Omit<RealismConfig, "realism" | "throttleAfterCalls"> = {
  flickrDescriptions: false,
  setTagsRemovesOthers: false,
  commonsLicenseLocked: false,
  machineTagMatch: "normalized",
  circaZeroMonth: false,
  uploadRefusesContentType4: false,
  geoPrivacyCode: 7,
  exifDateTaken: true,
  throttleSeconds: 120,
};

/** The earliest date_taken year under a realism mode when none is given. */
export function realismEarliestYear(mode: RealismMode | undefined, fallback: number): number {
  return mode === "pessimistic" ? PESSIMISTIC.earliestTakenYear : fallback;
}

/** Resolve the realism switches: explicit value, else the mode's, else the default. */
export function resolveRealism(options: RealismOptions): RealismConfig {
  const mode = options.realism ?? "default";
  if (mode !== "default" && mode !== "pessimistic") {
    throw new UserError(`sandbox realism must be "default" or "pessimistic", not "${String(mode)}"`, { code: "SANDBOX_OPTION" });
  }
  const base: Partial<RealismConfig> = mode === "pessimistic" ? { ...PESSIMISTIC } : {};
  const pick = <K extends keyof typeof DEFAULTS>(key: K): RealismConfig[K] => (options[key] ?? base[key] ?? DEFAULTS[key]) as RealismConfig[K];
  const config: RealismConfig = {
    realism: mode,
    flickrDescriptions: pick("flickrDescriptions"),
    setTagsRemovesOthers: pick("setTagsRemovesOthers"),
    commonsLicenseLocked: pick("commonsLicenseLocked"),
    machineTagMatch: pick("machineTagMatch"),
    circaZeroMonth: pick("circaZeroMonth"),
    uploadRefusesContentType4: pick("uploadRefusesContentType4"),
    geoPrivacyCode: pick("geoPrivacyCode"),
    exifDateTaken: pick("exifDateTaken"),
    throttleAfterCalls: options.throttleAfterCalls ?? null,
    throttleSeconds: pick("throttleSeconds"),
  };
  if (config.machineTagMatch !== "normalized" && config.machineTagMatch !== "raw") {
    throw new UserError(`sandbox option machineTagMatch must be "normalized" or "raw", not "${String(config.machineTagMatch)}"`, { code: "SANDBOX_OPTION" });
  }
  for (const key of ["geoPrivacyCode", "throttleSeconds"] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 0) throw new UserError(`sandbox option ${key} must be a whole number ≥ 0, not ${String(config[key])}`, { code: "SANDBOX_OPTION" });
  }
  if (config.throttleAfterCalls !== null && (!Number.isInteger(config.throttleAfterCalls) || config.throttleAfterCalls < 1)) {
    throw new UserError(`sandbox option throttleAfterCalls must be a whole number ≥ 1, not ${String(config.throttleAfterCalls)}`, { code: "SANDBOX_OPTION" });
  }
  return config;
}

/**
 * What `heritage doctor --probe` learned about one account, kept per endpoint and account in the
 * user's state folder (`$XDG_STATE_HOME/heritage/calibration/`, `~/.local/state/heritage/…` by
 * default): `<endpoint hash>-<nsid>.json`. A run reads it before mapping, so the date floor
 * can come from a measurement instead of a guess. The token's fingerprint is kept beside (a
 * hash, never the token) so a run that does not yet know its account's nsid can still find it.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { RUN_DEFAULTS } from "../defaults.js";

export const CALIBRATION_FORMAT = "heritage.calibration/1";

const CalibrationSchema = z.object({
  format: z.literal(CALIBRATION_FORMAT),
  endpoint: z.string(),
  nsid: z.string(),
  tokenFingerprint: z.string().nullable(),
  measuredAt: z.string(),
  /** Earliest year setDates accepted; null when not measured or the probe could not bound it. */
  earliestYear: z.number().int().nullable(),
  /** Every year setDates accepted is at least this close to the floor (the bisection's step). */
  earliestYearPrecision: z.number().int().nullable(),
  /** Licence ids setLicense accepted / refused (with the code) on this account. */
  licenses: z.object({ accepted: z.array(z.number().int()), refused: z.array(z.object({ id: z.number().int(), code: z.number().int().nullable() })) }).nullable(),
  defaultLicense: z.number().int().nullable(),
  /** Seconds until a new photo was found by its machine tag; null = not found within the probe's wait. */
  searchLagSeconds: z.number().nullable(),
  /** Whether a machine-tag query must spell the value's punctuation as tagged (raw matching). */
  machineTagPunctuationMatters: z.boolean().nullable(),
  /** How a description with a link came back. */
  description: z.object({ sent: z.string(), returned: z.string(), sameMeaning: z.boolean() }).nullable(),
  /** Whether setTags kept a tag that addTags had added in an earlier call. */
  setTagsKeepsAddedTags: z.boolean().nullable(),
  /** Whether EXIF DateTimeOriginal in the uploaded file set date taken. */
  exifSetsDateTaken: z.boolean().nullable(),
  /** null: geo privacy default set (setLocation worked); a number: the code setLocation failed with. */
  geoPrivacyRefusalCode: z.number().int().nullable(),
  geoPrivacyDefaultSet: z.boolean().nullable(),
});

export type Calibration = z.infer<typeof CalibrationSchema>;

/** The folder of calibration files: `$XDG_STATE_HOME/heritage/calibration` (absolute only, as XDG says). */
export function calibrationDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_STATE_HOME?.trim();
  const base = xdg && xdg.startsWith("/") ? xdg : join(env.HOME || homedir(), ".local", "state");
  return join(base, "heritage", "calibration");
}

const endpointKey = (endpoint: string): string => createHash("sha256").update(endpoint).digest("hex").slice(0, 16);
const safeNsid = (nsid: string): string => nsid.replace(/[^A-Za-z0-9@_-]/g, "_");

export function calibrationPath(dir: string, endpoint: string, nsid: string): string {
  return join(dir, `${endpointKey(endpoint)}-${safeNsid(nsid)}.json`);
}

async function readOne(path: string): Promise<Calibration | null> {
  try {
    const parsed = CalibrationSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    // A file from another version or edited by hand is ignored, not trusted halfway.
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The calibration of an account at an endpoint: by nsid when known, else the one whose token
 * fingerprint matches. null when nothing was measured.
 */
export async function readCalibration(dir: string, key: { endpoint: string; nsid?: string | null; tokenFingerprint?: string | null }): Promise<Calibration | null> {
  if (key.nsid) {
    const found = await readOne(calibrationPath(dir, key.endpoint, key.nsid));
    return found && found.endpoint === key.endpoint ? found : null;
  }
  if (!key.tokenFingerprint) return null;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names.filter((n) => n.startsWith(`${endpointKey(key.endpoint)}-`) && n.endsWith(".json")).sort()) {
    const found = await readOne(join(dir, name));
    if (found && found.endpoint === key.endpoint && found.tokenFingerprint === key.tokenFingerprint) return found;
  }
  return null;
}

/** Write atomically (temporary file, then rename); returns the path. */
export async function writeCalibration(dir: string, calibration: Calibration): Promise<string> {
  const checked = CalibrationSchema.parse(calibration);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = calibrationPath(dir, checked.endpoint, checked.nsid);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
  return path;
}

/** The floor heritage uses when neither the settings nor a measurement says otherwise. */
export const CONSERVATIVE_EARLIEST_YEAR = 1800;

export interface DateFloor {
  year: number;
  source: "setting" | "measured" | "default";
  /** One sentence for the run's output. */
  note: string;
}

/**
 * The earliest year heritage sends as date taken: the `date.earliest_year` setting when given,
 * else the year `heritage doctor --probe` measured on this account, else the conservative default.
 */
export function dateFloorFor(setting: number | null | undefined, calibration: Calibration | null): DateFloor {
  if (setting !== null && setting !== undefined) return { year: setting, source: "setting", note: `date floor ${setting} (settings: date.earliest_year)` };
  if (calibration?.earliestYear != null) {
    return { year: calibration.earliestYear, source: "measured", note: `date floor ${calibration.earliestYear} (measured by heritage doctor --probe on ${calibration.measuredAt.slice(0, 10)})` };
  }
  return {
    year: CONSERVATIVE_EARLIEST_YEAR,
    source: "default",
    note: `date floor ${CONSERVATIVE_EARLIEST_YEAR} (assumed: Flickr's earliest accepted date is unconfirmed; \`heritage doctor --probe\` would settle it)`,
  };
}

export interface ReconcileGrace {
  seconds: number;
  source: "flag" | "measured" | "default";
  note: string;
}

/** Unmeasured, heritage waits this long before trusting a "not found" (the run default, src/defaults.ts). */
export const CONSERVATIVE_GRACE_SECONDS: number = RUN_DEFAULTS.reconcileGraceSeconds;

/**
 * How long after an unknown upload outcome a "not found" may be trusted: the flag when given,
 * else three times the lag the probe measured (at least a minute), else the conservative wait.
 * Publish and sync decide it before the run (floor.ts `calibrateRun`).
 */
export function reconcileGraceFor(flagSeconds: number | null | undefined, calibration: Calibration | null): ReconcileGrace {
  if (flagSeconds !== null && flagSeconds !== undefined) return { seconds: flagSeconds, source: "flag", note: `reconcile grace ${flagSeconds} s (--reconcile-grace)` };
  if (calibration && calibration.searchLagSeconds !== null) {
    const seconds = Math.max(60, Math.ceil(calibration.searchLagSeconds * 3));
    return { seconds, source: "measured", note: `reconcile grace ${seconds} s (3 × the ${calibration.searchLagSeconds} s search lag measured on ${calibration.measuredAt.slice(0, 10)})` };
  }
  return {
    seconds: CONSERVATIVE_GRACE_SECONDS,
    source: "default",
    note: `reconcile grace ${CONSERVATIVE_GRACE_SECONDS} s (assumed: search lag not measured; \`heritage doctor --probe\` would settle it)`,
  };
}

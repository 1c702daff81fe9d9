/**
 * What a publish or sync run takes from `heritage doctor --probe`, decided before the rows are
 * mapped: the date floor (the setting when given, else the measured year, else 1800) and the
 * reconcile grace (the --reconcile-grace flag when given, else from the measured search lag,
 * else the conservative default). The account is found without a call: the state's nsid, the
 * credentials file's, or the token's fingerprint recorded in the calibration file.
 */
import { loadCredentials } from "../flickr/credentials.js";
import { tokenFingerprint } from "../publish/connect.js";
import { calibrationDir, dateFloorFor, readCalibration, reconcileGraceFor, type Calibration, type DateFloor, type ReconcileGrace } from "./calibration.js";

export interface RunAccountHint {
  /** An in-process sandbox: a fresh account nothing was measured on. */
  sandbox: boolean;
  /** The endpoint as the command resolved it (flag → HERITAGE_FLICKR_ENDPOINT), null for Flickr. */
  endpoint: string | null;
  /** The nsid the state recorded, if any. */
  nsid: string | null;
}

/** The calibration file of the account the run will use, or null (none, or a sandbox rehearsal). */
export async function calibrationForRun(env: NodeJS.ProcessEnv, hint: RunAccountHint): Promise<Calibration | null> {
  if (hint.sandbox) return null;
  const endpointName = hint.endpoint ?? "flickr";
  // No credentials yet (a dry run before `auth login`): nothing to look up, not an error here.
  const credentials = await loadCredentials({ env }).then(
    (l) => l.credentials,
    () => null,
  );
  return readCalibration(calibrationDir(env), {
    endpoint: endpointName,
    nsid: hint.nsid ?? credentials?.nsid ?? null,
    tokenFingerprint: credentials ? tokenFingerprint(credentials, endpointName) : null,
  });
}

export interface RunCalibration {
  floor: DateFloor;
  grace: ReconcileGrace;
  /** The probe measured that Flickr takes date taken from the upload's EXIF on this account (then no setDates). */
  exifSetsDateTaken: boolean;
}

/**
 * The date floor and reconcile grace of a run. `earliestYear` is the `date.earliest_year`
 * setting, `graceFlag` the --reconcile-grace flag (null or undefined: not given).
 */
export async function calibrateRun(env: NodeJS.ProcessEnv, hint: RunAccountHint, given: { earliestYear?: number | undefined; graceFlag?: number | null | undefined }): Promise<RunCalibration> {
  const calibration = await calibrationForRun(env, hint);
  return { floor: dateFloorFor(given.earliestYear, calibration), grace: reconcileGraceFor(given.graceFlag, calibration), exifSetsDateTaken: calibration?.exifSetsDateTaken === true };
}

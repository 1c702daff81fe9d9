/**
 * The date floor of a publish or sync run, decided before the rows are mapped: the setting when
 * given, else what `heritage doctor --probe` measured on the account the run will use, else
 * 1800. The account is found without a call: the state's nsid, the credentials file's, or the
 * token's fingerprint recorded in the calibration file.
 */
import { loadCredentials } from "../flickr/credentials.js";
import { resolveEndpoint } from "../flickr/client.js";
import { tokenFingerprint } from "../publish/connect.js";
import { calibrationDir, dateFloorFor, readCalibration, type Calibration, type DateFloor } from "./calibration.js";

export interface RunAccountHint {
  /** An in-process sandbox: a fresh account nothing was measured on. */
  sandbox: boolean;
  endpoint: string | null;
  /** The nsid the state recorded, if any. */
  nsid: string | null;
}

/** The date floor, and whether the probe measured that Flickr takes date taken from EXIF on this account. */
export async function dateFloorForRun(env: NodeJS.ProcessEnv, hint: RunAccountHint, setting: number | undefined): Promise<DateFloor & { exifSetsDateTaken: boolean }> {
  const calibration = hint.sandbox ? null : await calibrationForRun(env, hint);
  return { ...dateFloorFor(setting, calibration), exifSetsDateTaken: calibration?.exifSetsDateTaken === true };
}

/** What `heritage doctor --probe` measured on the account this run will use, if anything. */
async function calibrationForRun(env: NodeJS.ProcessEnv, hint: RunAccountHint): Promise<Calibration | null> {
  const endpointName = resolveEndpoint(hint.endpoint ?? undefined, env) ?? "flickr";
  // No credentials yet (a dry run before `auth login`): nothing to look up, not an error here.
  const credentials = await loadCredentials({ env }).then(
    (l) => l.credentials,
    () => null,
  );
  const nsid = hint.nsid ?? credentials?.nsid ?? null;
  return readCalibration(calibrationDir(env), {
    endpoint: endpointName,
    nsid,
    tokenFingerprint: credentials ? tokenFingerprint(credentials, endpointName) : null,
  });
}

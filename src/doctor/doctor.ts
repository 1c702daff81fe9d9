/**
 * `heritage doctor [--json] [--probe] [--yes]`: check the set-up (credentials, permission,
 * Commons membership, what earlier probes measured), and with `--probe` measure the account
 * (probe.ts) after saying what it costs and asking. What it learns goes to the account's
 * calibration file (calibration.ts), which publish and sync read.
 */
import type { CommandIO } from "../command-io.js";
import { EXIT, isUserError, messageOf, UserError } from "../errors.js";
import { loadCredentials } from "../flickr/credentials.js";
import { createFlickrClient, resolveEndpoint } from "../flickr/client.js";
import { FlickrApiError } from "../flickr/errors.js";
import { decodeUploadAnswer } from "../flickr/decode/upload.js";
import { flickrReads, type FlickrCall, type FlickrReads } from "../flickr/port.js";
import { licenseById } from "../flickr/licenses.js";
import { HeritageTransport } from "../flickr/transport.js";
import { confirm } from "../publish/confirm.js";
import { tokenFingerprint } from "../publish/connect.js";
import { calibrationDir, dateFloorFor, readCalibration, writeCalibration, type Calibration } from "./calibration.js";
import { PROBE_CALLS, runProbe } from "./probe.js";
import { calibrationFrom, formatReport, type Check, type DoctorReport } from "./report.js";

export interface DoctorOptions {
  json: boolean;
  probe: boolean;
  yes: boolean;
  endpoint: string | null;
  timeoutMs: number | null;
}

/** test.login, checkToken, commons.getInstitutions. */
export const CHECK_CALLS = 3;

export interface DoctorDeps {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const LEVEL: Record<string, number> = { read: 1, write: 2, delete: 3 };

function measuredChecks(calibration: Calibration | null): Check[] {
  const probeHint = "`heritage doctor --probe` would measure it (one private test photo, deleted afterwards)";
  const floor = dateFloorFor(null, calibration);
  if (!calibration) {
    return [
      { name: "default licence", status: "unknown", detail: "not measured (Commons members upload as 7, others as 0)", hint: probeHint },
      { name: "geo privacy", status: "unknown", detail: "not measured: geotagging fails until the account has a geo-privacy default", hint: probeHint },
      { name: "date floor", status: "unknown", detail: floor.note.replace(/^date floor /, "") },
    ];
  }
  const when = `measured ${calibration.measuredAt.slice(0, 10)}`;
  return [
    { name: "default licence", status: "ok", detail: calibration.defaultLicense === null ? "unknown" : `${calibration.defaultLicense} ${licenseById(calibration.defaultLicense)?.name ?? ""} (${when})` },
    calibration.geoPrivacyDefaultSet === false
      ? { name: "geo privacy", status: "warn", detail: `not set (${when}): geotagging fails`, hint: "set it at https://www.flickr.com/account/geo/privacy/, then run the probe again" }
      : { name: "geo privacy", status: "ok", detail: `set (${when})` },
    { name: "date floor", status: "ok", detail: floor.note.replace(/^date floor /, "") },
  ];
}

async function account(api: FlickrReads): Promise<{ nsid: string; username: string; perms: string }> {
  try {
    const login = await api.login();
    const token = await api.checkToken();
    return { nsid: login.nsid, username: login.username, perms: token.perms };
  } catch (err) {
    if (isUserError(err)) throw err;
    if (err instanceof FlickrApiError && err.kind === "permanent") {
      throw new UserError(`Flickr refused the credentials: ${err.message}`, { code: "AUTH_REJECTED", exitCode: EXIT.USAGE, hint: "Run `heritage auth login` (or check the FLICKR_* environment variables)." });
    }
    throw new UserError(`Flickr did not answer (${err instanceof Error ? err.message : String(err)})`, { code: "FLICKR_UNAVAILABLE", exitCode: EXIT.USAGE, hint: "Check the network (and --endpoint), then run heritage doctor again." });
  }
}

/** A probe that stopped half-way is the network's or Flickr's doing, not a bug: say so and what to do. */
function probeFailed(err: unknown): UserError {
  if (isUserError(err)) return err;
  return new UserError(`the probe stopped: ${messageOf(err)}`, {
    code: "PROBE_FAILED",
    exitCode: EXIT.USAGE,
    hint: "Nothing was written to the calibration file. Run `heritage doctor --probe` again later; if the test photo could not be deleted, the lines above say where it is.",
    cause: err,
  });
}

export async function runDoctor(ctx: CommandIO, options: DoctorOptions, deps: DoctorDeps = {}): Promise<number> {
  const loaded = await loadCredentials({ env: ctx.env });
  const endpoint = resolveEndpoint(options.endpoint ?? undefined, ctx.env);
  const endpointName = endpoint ?? "flickr";
  const transport = new HeritageTransport({ ...(endpoint ? { endpoint } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  const client = createFlickrClient({ credentials: loaded.credentials, transport });
  let calls = 0;
  const call: FlickrCall = (method, params) => {
    calls++;
    return client.flickr<unknown>(method, params);
  };
  const api = flickrReads(call);
  const checks: Check[] = [{ name: "credentials", status: "ok", detail: loaded.source === "env" ? "from the FLICKR_* environment variables" : `from ${loaded.path}` }];
  const who = await account(api);
  const canWrite = (LEVEL[who.perms] ?? 0) >= LEVEL.write!;
  checks.push({
    name: "account",
    status: canWrite ? "ok" : "fail",
    detail: `${who.username} (${who.nsid}), ${who.perms} permission`,
    ...(canWrite ? (who.perms === "delete" ? {} : { hint: "with delete permission the probe deletes its own test photo: `heritage auth login --perms delete`" }) : { hint: "publishing needs write permission: `heritage auth login --perms write`" }),
  });
  const commons = (await api.commonsInstitutions()).includes(who.nsid);
  checks.push({ name: "Flickr Commons", status: commons ? "ok" : "warn", detail: commons ? "a Commons member: “No known copyright restrictions” (7) is available" : "not a Commons member: licence 7 cannot be used" });

  const dir = calibrationDir(ctx.env);
  const fingerprint = tokenFingerprint(loaded.credentials, endpointName);
  let calibration = await readCalibration(dir, { endpoint: endpointName, nsid: who.nsid });
  let probe = null;
  let calibrationFile: string | null = null;
  if (options.probe) {
    if (!canWrite) throw new UserError("the probe needs write permission", { code: "AUTH_PERMISSION", exitCode: EXIT.USAGE, hint: "Run `heritage auth login --perms delete` (delete lets the probe remove its test photo)." });
    const bound = PROBE_CALLS + (who.perms === "delete" ? 0 : -1);
    ctx.stderr.write(
      `The probe uploads one private 16×16 test image to ${who.username} and makes at most ${bound} more API calls (of the 3,600 an hour Flickr allows); ` +
        (who.perms === "delete" ? "it deletes the photo afterwards.\n" : "with write permission it cannot delete the photo: you will be told where it is.\n"),
    );
    if (!(await confirm(ctx, "Upload the test image?", options.yes))) {
      throw new UserError("nothing was uploaded: the probe was not confirmed", { code: "NOT_CONFIRMED", exitCode: EXIT.USAGE, hint: "Answer y, or pass --yes when running without a terminal." });
    }
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    probe = await runProbe(
      {
        call: (method, params) => call(method, params),
        upload: async (file, params) => {
          calls++;
          return decodeUploadAnswer("upload", await client.upload(file, params));
        },
        sleep,
        now: deps.now ?? Date.now,
        progress: (line) => void (options.json ? undefined : ctx.stderr.write(`  ${line}\n`)),
      },
      { nsid: who.nsid, canDelete: who.perms === "delete" },
    ).catch((err: unknown) => {
      throw probeFailed(err);
    });
    calibration = calibrationFrom(probe, { endpoint: endpointName, nsid: who.nsid, tokenFingerprint: fingerprint, measuredAt: new Date((deps.now ?? Date.now)()).toISOString() });
    calibrationFile = await writeCalibration(dir, calibration);
  }
  checks.push(...measuredChecks(calibration));
  const report: DoctorReport = { schema: "heritage.doctor/1", endpoint: endpointName, checks, probe, calibrationFile, calls };
  ctx.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return checks.some((c) => c.status === "fail") ? EXIT.USAGE : EXIT.OK;
}

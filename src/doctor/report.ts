/**
 * What `heritage doctor` prints: the set-up checks and, after a probe, each measurement in a
 * sentence that says what it means for a run. Pure: data in, text (or JSON) out.
 */
import { licenseById } from "../flickr/licenses.js";
import type { Calibration } from "./calibration.js";
import type { ProbeResult } from "./probe.js";

export interface Check {
  name: string;
  status: "ok" | "warn" | "fail" | "unknown";
  detail: string;
  hint?: string;
}

export interface DoctorReport {
  schema: "heritage.doctor/1";
  endpoint: string;
  checks: Check[];
  probe: ProbeResult | null;
  calibrationFile: string | null;
  /** API calls this run made. */
  calls: number;
}

const MARK: Record<Check["status"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL", unknown: "?   " };
const licenseName = (id: number) => `${id} ${licenseById(id)?.name ?? "(unknown licence)"}`;

/** Calibration fields from a probe, for the file. */
export function calibrationFrom(probe: ProbeResult, key: { endpoint: string; nsid: string; tokenFingerprint: string | null; measuredAt: string }): Calibration {
  return {
    format: "heritage.calibration/1",
    ...key,
    earliestYear: probe.dateFloor.year,
    earliestYearPrecision: probe.dateFloor.year === null ? null : probe.dateFloor.refused === null ? null : probe.dateFloor.year - probe.dateFloor.refused - 1,
    licenses: probe.licenses,
    defaultLicense: probe.defaultLicense,
    searchLagSeconds: probe.search.lagSeconds,
    machineTagPunctuationMatters: probe.search.punctuationMatters,
    description: probe.description,
    setTagsKeepsAddedTags: probe.setTagsKeepsAddedTags,
    exifSetsDateTaken: probe.exifSetsDateTaken,
    geoPrivacyRefusalCode: probe.geo.code,
    geoPrivacyDefaultSet: probe.geo.set,
  };
}

function probeLines(p: ProbeResult): string[] {
  const d = p.dateFloor;
  const lines = [
    `  earliest date taken   ${d.year === null ? `none up to ${d.refused}: setDates refused even ${d.refused}` : d.refused === null ? `${d.year} or earlier (${d.year} was accepted)` : `${d.year} (${d.refused} was refused); heritage uses it as the date floor`}`,
    `  default licence       ${p.defaultLicense === null ? "unknown" : licenseName(p.defaultLicense)} (what an upload gets without setLicense)`,
    `  setLicense            ${p.licenses.accepted.length ? `accepts ${p.licenses.accepted.join(", ")}` : "accepts none of the open licences"}${p.licenses.refused.length ? `; refuses ${p.licenses.refused.map((r) => `${r.id}${r.code === null ? "" : ` (error ${r.code})`}`).join(", ")}` : ""}`,
    `  machine-tag search    ${p.search.lagSeconds === null ? "did not find the photo within about two minutes: heritage waits before trusting a \"not found\"" : `found the photo ${p.search.lagSeconds} s after upload`}`,
  ];
  if (p.search.punctuationMatters !== null) {
    lines.push(`  tag punctuation       ${p.search.punctuationMatters ? "matters: values are matched as tagged" : "does not matter: values are matched normalised (A-1 finds a1); heritage confirms with the raw tag"}`);
  }
  lines.push(
    `  description link      ${p.description.returned === p.description.sent ? "came back as sent" : "came back rewritten"}${p.description.sameMeaning ? " (same meaning: heritage compares by meaning)" : " with a DIFFERENT meaning: check the returned text in --json"}`,
    `  setTags               ${p.setTagsKeepsAddedTags ? "keeps" : "removes"} a tag added by an earlier addTags call`,
    `  EXIF date taken       ${p.exifSetsDateTaken ? "DateTimeOriginal in the file sets date taken" : "DateTimeOriginal in the file is ignored"}`,
    `  geo privacy default   ${p.geo.set ? "set (setLocation works)" : `not set: setLocation failed${p.geo.code === null ? "" : ` with error ${p.geo.code}`}; set it at https://www.flickr.com/account/geo/privacy/`}`,
    p.deleted ? "  test photo            deleted" : `  test photo            still on the account (private, hidden): delete it at ${p.photoUrl}`,
  );
  return lines;
}

export function formatReport(report: DoctorReport): string {
  const lines = [`heritage doctor: ${report.endpoint === "flickr" ? "Flickr" : report.endpoint}`];
  for (const c of report.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.name.padEnd(17)} ${c.detail}`);
    if (c.hint) lines.push(`        ${"".padEnd(17)} ${c.hint}`);
  }
  if (report.probe) {
    lines.push(`Probe (${report.probe.calls} API calls):`, ...probeLines(report.probe));
  }
  if (report.calibrationFile) lines.push(`Written to ${report.calibrationFile}; publish and sync read it for this account.`);
  lines.push(`${report.calls} API call${report.calls === 1 ? "" : "s"} in all.`);
  return `${lines.join("\n")}\n`;
}

/**
 * The end of a run, for people (a few lines: what happened, what failed, where the results
 * are) and for programs (`--json`, schema heritage.run/1).
 */
import type { Plan } from "../plan/types.js";
import type { InspectedPhoto } from "../sandbox/index.js";
import { licenseById } from "../flickr/licenses.js";
import { formatFlickrDate } from "../map/date.js";
import type { DateGranularity } from "../flickr/fields.js";
import type { ExecuteResult } from "./execute.js";
/** What sync found (sync/verify.ts, sync/readback.ts); described here so publish/ imports nothing of sync/. */
export interface SyncFindings {
  drift?: { checked: number; addedTags: ReadonlyMap<string, string[]> } | null;
  mismatches?: { identifier: string; photoId: string; details: string[] }[];
}

/** Edits made on Flickr, what was done about them, and fields that did not land. */
export function formatFindings(plan: Plan, findings: SyncFindings): string[] {
  const lines: string[] = [];
  const drifted = plan.items.filter((i) => i.drift.length > 0);
  if (findings.drift) {
    lines.push(`Checked ${findings.drift.checked} published photo${findings.drift.checked === 1 ? "" : "s"} on Flickr: ${drifted.length} with edits made there.`);
    for (const item of drifted) {
      for (const d of item.drift) {
        const what = d.resolution === "kept" ? "kept Flickr's value" : d.resolution === "overwritten" ? "overwritten with the catalogue's" : "adopted as the new value";
        lines.push(`  drift: ${item.row ? `row ${item.row}  ` : ""}${item.identifier}  ${d.group}: ${d.details.join("; ")} → ${what}${d.conflict ? " (the catalogue changed it too: a conflict)" : ""}`);
      }
    }
    if (drifted.some((i) => i.drift.some((d) => d.resolution === "kept"))) lines.push("  Edits on Flickr are never overwritten silently: --on-drift overwrite pushes the catalogue's values, --on-drift adopt accepts Flickr's.");
    for (const [id, added] of findings.drift.addedTags) lines.push(`  note: ${id}: ${added.join("; ")} (kept)`);
  }
  for (const m of findings.mismatches ?? []) lines.push(`  did not land as sent: ${m.identifier} (photo ${m.photoId}): ${m.details.join("; ")}`);
  if (findings.mismatches?.length) lines.push("  Run `heritage sync --verify` to look again; a field Flickr rewrote may need a different value in the catalogue.");
  return lines;
}

const LABELS: [key: string, label: string][] = [
  ["uploaded", "uploaded"],
  ["adopted", "found on Flickr after a lost answer (not uploaded again)"],
  ["replaced", "image replaced"],
  ["updated", "metadata updated"],
  ["hidden", "made private"],
  ["deleted", "deleted"],
  ["failed", "failed"],
  ["not-finished", "uploaded but not finished (run again to finish)"],
  ["not-run", "not started (run again to resume)"],
];

export function formatRunSummary(
  mode: "publish" | "sync",
  plan: Plan,
  result: ExecuteResult | null,
  where: { resultsCsv: string; runLog: string; blocked: number; sandbox: string | null; sandboxPhotos?: InspectedPhoto[] | null; namespace?: string } & SyncFindings,
): string {
  const lines: string[] = formatFindings(plan, where);
  if (!result) {
    lines.push(`Nothing to do: every item is ${mode === "sync" ? "in line with the manifest" : "published"}${where.blocked ? ` (${where.blocked} skipped with validation errors)` : ""}.`);
    const pending = plan.items.filter((i) => i.disposition === "changed").length;
    if (mode === "publish" && pending) lines.push(`${pending} published item${pending === 1 ? " has" : "s have"} changed in the manifest since: run \`heritage sync\` to push the changes.`);
  } else {
    const done = LABELS.filter(([k]) => result.counts[k]).map(([k, label]) => `${result.counts[k]} ${label}`);
    lines.push(`${mode === "sync" ? "Sync" : "Publish"} ${result.stop ? "stopped" : result.interrupted ? "interrupted" : "finished"}: ${done.join(", ") || "no changes"}; ${result.counts.api_calls ?? 0} API calls.`);
    if (where.blocked) lines.push(`${where.blocked} item${where.blocked === 1 ? " was" : "s were"} skipped for validation errors (\`heritage validate\` lists them).`);
    const failed = result.outcomes.filter((o) => o.result === "failed");
    for (const f of failed.slice(0, 20)) lines.push(`  failed: ${f.row ? `row ${f.row}  ` : ""}${f.identifier}  ${f.error!.step}  ${f.error!.code}  ${f.error!.message}${f.error!.hint ? `\n          → ${f.error!.hint}` : ""}`);
    if (failed.length > 20) lines.push(`  … and ${failed.length - 20} more (\`heritage status\` lists them all)`);
    if (failed.length) lines.push("`heritage publish --retry-failed` tries the failed items again.");
    if (result.interrupted) lines.push("Interrupted: everything done so far is recorded; run the same command again to resume.");
  }
  lines.push(`Results (identifier → Flickr photo id and URL): ${where.resultsCsv}`);
  if (result) lines.push(`Log of every change made on Flickr: ${where.runLog}`);
  if (where.sandbox) {
    if (where.sandboxPhotos) lines.push(...formatSandboxPhotos(where.sandboxPhotos, where.namespace ?? ""));
    lines.push(`This was a rehearsal: nothing went to Flickr. To look around, run \`heritage sandbox --data ${where.sandbox}\` (it prints its URL) and open <URL>/sandbox/photos.`);
  }
  return `${lines.join("\n")}\n`;
}

/** What a rehearsal left on the sandbox, one line per photo, as Flickr would show it. */
export function formatSandboxPhotos(photos: readonly InspectedPhoto[], namespace: string): string[] {
  const lines = [`On the sandbox now (${photos.length} photo${photos.length === 1 ? "" : "s"}, as Flickr would show them):`];
  for (const p of photos) {
    const id = p.tags.find((t) => t.raw.startsWith(`${namespace}:id=`))?.raw.slice(namespace.length + 4) ?? "?";
    const parts = [
      licenseById(p.license)?.name ?? `licence ${p.license}`,
      p.takenUnknown ? "no date" : formatFlickrDate(p.taken, p.takenGranularity as DateGranularity) ?? p.taken,
      p.geo ? `${p.geo.latitude}, ${p.geo.longitude}` : null,
      p.albums.length ? `album ${p.albums.map((a) => a.title).join(", ")}` : null,
      `${p.tags.length} tags`,
    ].filter(Boolean);
    lines.push(`  ${id}  photo ${p.id}  "${p.title}"`, `      ${parts.join(" · ")}`);
  }
  return lines;
}

export function runJson(mode: "publish" | "sync", plan: Plan, result: ExecuteResult | null, where: { resultsCsv: string; runLog: string; state: string; blocked: number } & SyncFindings): Record<string, unknown> {
  return {
    schema: "heritage.run/1",
    mode,
    status: !result ? "nothing-to-do" : result.stop ? "stopped" : result.interrupted ? "interrupted" : "finished",
    stop: result?.stop ? { code: result.stop.code, message: result.stop.message, hint: result.stop.hint } : null,
    counts: result?.counts ?? {},
    blocked: where.blocked,
    planned_calls: plan.calls.total,
    items: (result?.outcomes ?? [])
      .filter((o) => o.result !== "unchanged")
      .map((o) => ({ row: o.row, identifier: o.identifier, photo_id: o.photoId, result: o.result, error: o.error ?? null, warnings: o.warnings })),
    drift: plan.items.filter((i) => i.drift.length).map((i) => ({ row: i.row, identifier: i.identifier, photo_id: i.photoId, drift: i.drift })),
    not_landed: where.mismatches ?? [],
    results_csv: where.resultsCsv,
    run_log: where.runLog,
    state: where.state,
  };
}

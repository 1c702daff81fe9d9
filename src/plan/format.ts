/**
 * The plan for people (`--dry-run`) and for programs (`--json`): counts per action, the API
 * calls it will cost, the time that takes at the quota, and in sync the field-level diff.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { licenseById } from "../flickr/licenses.js";
import { callsOf, methodsFor } from "./plan.js";
import { describeCall, type PlannedCall } from "./calls.js";
import type { Action, Plan, PlanItem } from "./types.js";
import { describeSaving } from "./account-settings.js";

/** Calls a run spends besides the items: login check, Commons membership, licence check. */
export interface RunOverhead {
  calls: number;
  byMethod: Record<string, number>;
}

export function planDuration(calls: number, perHour: number): number {
  return (calls / perHour) * 3600;
}

export function formatDurationLong(seconds: number): string {
  if (seconds < 1) return "under a second";
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  const h = seconds / 3600;
  return h < 48 ? `about ${h.toFixed(1)} h` : `about ${(h / 24).toFixed(1)} days`;
}

const ACTION_LABELS: Record<string, string> = {
  upload: "upload",
  reconcile: "look up an upload with an unknown outcome",
  replace: "replace image (rescanned master)",
  "set:meta": "set title/description",
  "set:tags": "change tags (add / remove heritage's own)",
  "set:license": "set licence",
  "set:date": "set date taken",
  "set:geo": "set/remove location",
  "set:perms": "set visibility",
  "set:safety": "set safety level/hidden",
  "set:content_type": "set content type",
  "album-add": "add to album",
  "album-remove": "remove from album",
  "prune-hide": "make private (row removed)",
  "prune-delete": "DELETE from Flickr (row removed)",
};

/** What a prelude call is for, as the dry run says it. */
function preludeLabel(c: PlannedCall): string {
  if (c.purpose === "empty-state-guard") {
    return c.method === "flickr.photos.search"
      ? "the state records no photo: look for this collection's identifier tags on the account"
      : "list the account's recent uploads, which the search may not show yet";
  }
  if (c.purpose === "albums") return "read the account's albums, to adopt one of a title to be created";
  return "once";
}

const DISPOSITIONS: Record<string, string> = {
  new: "new",
  resume: "to finish (an earlier run was interrupted)",
  changed: "changed since the last push",
  unchanged: "unchanged",
  blocked: "skipped: validation errors",
  removed: "no longer in the manifest",
  missing: "deleted on Flickr",
};

function show(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "∅";
  const s = String(value);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);
}

function describeField(key: string, value: unknown): string {
  if (key === "license_id" && typeof value === "number") return `${show(licenseById(value)?.name ?? value)} (${value})`;
  return show(value);
}

/** "title: "A" → "B"" lines for one set action. */
export function diffLines(action: Extract<Action, { kind: "set" }>): string[] {
  const lines: string[] = [];
  for (const [key, to] of Object.entries(action.to)) {
    const from = action.from ? (action.from as Partial<FlickrFields>)[key as keyof FlickrFields] : undefined;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    lines.push(`${key}: ${action.from ? describeField(key, from) : "(not pushed yet)"} → ${describeField(key, to)}`);
  }
  return lines;
}

function itemLines(item: PlanItem): string[] {
  const head = `  ${item.row !== null ? `row ${item.row}  ` : ""}${item.identifier}${item.photoId ? `  (photo ${item.photoId})` : ""}`;
  const lines = [head];
  for (const action of item.actions) {
    if (action.kind === "record") continue;
    const listed = callsOf(action).map(describeCall);
    if (action.kind === "set" && action.removeOthersTags) listed.push("flickr.photos.removeTag per tag other people added");
    const calls = listed.length ? listed.join(", ") : "no call: Flickr keeps its value";
    if (action.kind === "set") {
      for (const d of diffLines(action)) lines.push(`      ${d}   [${calls}]`);
      if (action.note) lines.push(`      note: ${action.note}`);
    }
    else if (action.kind === "album-add" && action.create) lines.push(`      add to album ${show(action.album)}, made with this photo as its cover unless the account has an album of that title   [${calls}]`);
    else if (action.kind === "album-add" && listed.length === 0) lines.push(`      add to album ${show(action.album)}   [queued: sent with the album's next write]`);
    else if (action.kind === "album-add" || action.kind === "album-remove") lines.push(`      ${action.kind === "album-add" ? "add to" : "remove from"} album ${show(action.album)}   [${calls}]`);
    else if (action.kind === "upload" && action.licenseProbe) lines.push(`      upload, private until the account's default licence is confirmed (then made public)   [${calls}]`);
    else if (action.kind === "upload" && action.licenseFirst) lines.push(`      upload, private until its licence is set (then made public)   [${calls}]`);
    else lines.push(`      ${ACTION_LABELS[action.kind] ?? action.kind}   [${calls}]`);
  }
  for (const d of item.drift) {
    const what = d.resolution === "kept" ? "keep Flickr's value" : d.resolution === "overwritten" ? "overwrite with the catalogue's" : "adopt Flickr's value";
    lines.push(`      edited on Flickr: ${d.group}: ${d.details.join("; ")} → ${what}${d.conflict ? " (conflicts with a catalogue change)" : ""}`);
  }
  if (item.pendingChanges.length) lines.push(`      changed since the last push: ${item.pendingChanges.join(", ")} (run \`heritage sync\` to push)`);
  if (item.rescanned && !item.actions.some((a) => a.kind === "replace")) lines.push("      the master was rescanned (run `heritage sync` to replace the image)");
  return lines;
}

/** Items the catalogue asks for what no call can do (a return to licence 7): always shown, with the code. */
function flaggedLines(plan: Plan): string[] {
  const lines: string[] = [];
  for (const item of plan.items) {
    for (const a of item.actions) {
      if (a.kind === "set" && a.flag) lines.push(`  ${item.row !== null ? `row ${item.row}  ` : ""}${item.identifier}${item.photoId ? `  (photo ${item.photoId})` : ""}  ${a.flag}: ${a.note ?? ""}`);
    }
  }
  return lines.length ? ["", `Needs attention (${lines.length}):`, ...lines] : [];
}

/** One line per album: photos queued, and the calls that put them in. */
function albumFlushLines(plan: Plan): string[] {
  return plan.albumFlushes.map((f) => {
    const calls = new Map<string, number>();
    for (const c of f.flushes.flat()) calls.set(c.method, (calls.get(c.method) ?? 0) + 1);
    const listed = [...calls].map(([m, n]) => `${n} × ${m}`).join(", ");
    const carried = f.carried ? ` (${f.carried} queued by an earlier run)` : "";
    return `  ${show(f.album)}: ${f.queued + f.carried} photo${f.queued + f.carried === 1 ? "" : "s"}${carried} in ${f.flushes.length} write${f.flushes.length === 1 ? "" : "s"}   [${listed}]`;
  });
}

export function formatPlan(plan: Plan, options: { perHour: number; overhead: RunOverhead; details: boolean; target: string }): string {
  const lines: string[] = [];
  const total = plan.calls.total + (plan.calls.total > 0 ? options.overhead.calls : 0);
  lines.push(`Plan (${plan.mode}, ${options.target}): ${plan.items.length} item${plan.items.length === 1 ? "" : "s"}`);
  for (const [d, label] of Object.entries(DISPOSITIONS)) if (plan.counts[d]) lines.push(`  ${String(plan.counts[d]).padStart(6)}  ${label}`);
  const actions = Object.entries(ACTION_LABELS).filter(([k]) => plan.counts[k]);
  if (actions.length) {
    lines.push("Actions:");
    for (const [k, label] of actions) lines.push(`  ${String(plan.counts[k]).padStart(6)}  ${label}`);
  }
  if (plan.newAlbums.length) lines.push(`New albums: ${plan.newAlbums.map(show).join(", ")}`);
  if (plan.albumFlushes.length) lines.push("Album writes (photos queued, then put in per batch):", ...albumFlushLines(plan));
  lines.push(`API calls: ${total}${plan.calls.total > 0 && options.overhead.calls ? ` (${plan.calls.total} for the items + ${options.overhead.calls} to check the account)` : ""}`);
  for (const [m, n] of Object.entries({ ...plan.calls.byMethod, ...(plan.calls.total > 0 ? options.overhead.byMethod : {}) }).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${String(n).padStart(6)}  ${m}`);
  }
  for (const m of plan.calls.perFinding) lines.push(`    plus  ${m}`);
  if (plan.calls.total > 0 && plan.prelude.length) {
    lines.push("Before the items:");
    for (const c of plan.prelude) lines.push(`  ${preludeLabel(c)}${c.onlyIfNoneFound ? " (only if nothing was found before it)" : ""}   [${describeCall(c)}]`);
  }
  lines.push(`Time at ${options.perHour.toLocaleString("en")} calls/hour: ${formatDurationLong(planDuration(total, options.perHour))} (plus upload transfer time)`);
  for (const saving of plan.accountSavings) lines.push(`Tip: ${describeSaving(saving, (calls) => formatDurationLong(planDuration(calls, options.perHour)))}.`);
  if (options.details) {
    const shown = plan.items.filter((i) => i.actions.some((a) => a.kind !== "record") || i.pendingChanges.length || i.rescanned || i.drift.length || i.disposition === "removed" || i.disposition === "missing");
    if (shown.length) {
      lines.push("", "Per item:");
      for (const item of shown) lines.push(...itemLines(item));
    }
  }
  lines.push(...flaggedLines(plan));
  const blocked = plan.items.filter((i) => i.disposition === "blocked");
  if (blocked.length) {
    lines.push("", `Skipped, with validation errors (${blocked.length}; \`heritage validate\` lists them):`);
    for (const b of blocked.slice(0, 20)) lines.push(`  row ${b.row}  ${b.identifier}  ${b.errors.map((e) => e.code).join(", ")}`);
    if (blocked.length > 20) lines.push(`  … and ${blocked.length - 20} more`);
  }
  return `${lines.join("\n")}\n`;
}

function callJson(c: PlannedCall): Record<string, unknown> {
  const photo = c.photo === null ? null : "id" in c.photo ? c.photo.id : "from the upload";
  return {
    method: c.method,
    params: c.params,
    ...(photo !== null ? { [c.photoParam ?? "photo_id"]: photo } : {}),
    ...(c.album !== undefined ? { photoset: c.album } : {}),
    ...(c.purpose ? { purpose: c.purpose } : {}),
    ...(c.onlyIfNoneFound ? { only_if_none_found: true } : {}),
    ...(c.tagOf !== undefined ? { tag: c.tagOf } : {}),
  };
}

/** An action for programs: what it changes and the calls it makes (not the whole mapped row). */
function actionJson(a: Action): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: a.kind };
  if (a.kind === "set") Object.assign(out, { group: a.group, from: a.from, to: a.to, ...(a.note ? { note: a.note } : {}), ...(a.flag ? { flag: a.flag } : {}), ...(a.removeOthersTags ? { per_finding: ["flickr.photos.removeTag"] } : {}) });
  if (a.kind === "album-add") Object.assign(out, { album: a.album, create: a.create });
  if (a.kind === "album-remove") out.album = a.album;
  if (a.kind === "adopt") Object.assign(out, { group: a.group, live: a.live });
  if (a.kind === "forget-photo") out.reupload = a.reupload;
  if (a.kind === "upload" && a.licenseFirst) out.private_until_licensed = true;
  if (a.kind === "upload" && a.licenseProbe) out.license_probe = true;
  if (a.kind === "upload" && a.waitsForLicenseCheck) out.waits_for_license_check = true;
  out.methods = methodsFor(a);
  out.calls = callsOf(a).map(callJson);
  return out;
}

export function planJson(plan: Plan, options: { perHour: number; overhead: RunOverhead }): Record<string, unknown> {
  const total = plan.calls.total + (plan.calls.total > 0 ? options.overhead.calls : 0);
  return {
    schema: "heritage.plan/1",
    mode: plan.mode,
    counts: plan.counts,
    new_albums: plan.newAlbums,
    calls: { total, items: plan.calls.total, overhead: plan.calls.total > 0 ? options.overhead.calls : 0, by_method: plan.calls.byMethod, per_finding: plan.calls.perFinding },
    prelude: plan.prelude.map(callJson),
    account_savings: plan.accountSavings.map((x) => ({ setting: x.setting, license_id: x.licenseId, name: x.name, calls: x.calls, seconds_at_quota: Math.round(planDuration(x.calls, options.perHour)) })),
    album_flushes: plan.albumFlushes.map((f) => ({ album: f.album, queued: f.queued, carried: f.carried, flushes: f.flushes.map((calls) => calls.map(callJson)) })),
    seconds_at_quota: Math.round(planDuration(total, options.perHour)),
    quota_per_hour: options.perHour,
    items: plan.items
      .filter((i) => i.actions.length > 0 || i.disposition !== "unchanged")
      .map((i) => ({
        row: i.row,
        identifier: i.identifier,
        photo_id: i.photoId,
        disposition: i.disposition,
        calls: i.calls,
        actions: i.actions.filter((a) => a.kind !== "record").map(actionJson),
        pending_changes: i.pendingChanges,
        rescanned: i.rescanned,
        drift: i.drift,
        errors: i.errors.map((e) => e.code),
      })),
  };
}

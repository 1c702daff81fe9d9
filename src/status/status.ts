/**
 * `heritage status`: what the state says about a manifest — counts per state, items that
 * failed (with their codes and messages), uploads whose outcome is still unknown, albums, and
 * the last runs. Read-only: it opens the state database without writing.
 */
import { existsSync } from "node:fs";
import type { StateStore, ItemState, RunRecord, AlbumState } from "../state/store.js";
import { albumMemberCounts, type AlbumMemberCounts } from "../state/album-members.js";
import { readLockHolder, runLockHeld, type LockHolder } from "../state/lock.js";

/** Who holds the run lock now: a run recorded as "running" that is not the holder has died. */
export interface LiveLock {
  held: boolean;
  holder: LockHolder | null;
}

/** What a run left as "running" is called once its process is gone (SIGKILL, crash, power cut). */
export const DIED = "stopped without finishing (the process ended)";

export interface StatusReport {
  schema: "heritage.status/1";
  state: string;
  counts: Record<string, number>;
  /** Uploads recorded as intents: looked up on Flickr before anything is uploaded again. */
  unresolvedUploads: string[];
  /** Rescanned masters waiting for a replace (e.g. the account is not Pro). */
  awaitingReplace: string[];
  failed: { identifier: string; row: number; step: string; code: string; message: string; transient: boolean }[];
  /**
   * `photos`: photos the state put in the album; `waiting`: photos queued for it and not yet sent
   * (albums are filled in batches: a run stopped before its flush leaves them for the next).
   */
  albums: { title: string; photosetId: string | null; state: string; photos: number; waiting: number }[];
  runs: { id: number; command: string; startedAt: string; endedAt: string | null; status: string; counts: Record<string, number> | null; toolVersion: string }[];
  accountDefaultLicense: number | null;
}

const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"));

export function buildStatus(
  path: string,
  items: ItemState[],
  albums: AlbumState[],
  runs: RunRecord[],
  accountDefaultLicense: number | null,
  live: LiveLock = { held: false, holder: null },
  members: ReadonlyMap<string, AlbumMemberCounts> = new Map(),
): StatusReport {
  const alive = (r: RunRecord) => live.held && live.holder !== null && live.holder.pid === r.pid && live.holder.host === r.host;
  const counts: Record<string, number> = { total: items.length };
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return {
    schema: "heritage.status/1",
    state: path,
    counts,
    unresolvedUploads: items.filter((i) => i.upload === "intent").map((i) => i.identifier),
    awaitingReplace: items.filter((i) => i.replace !== "none").map((i) => i.identifier),
    failed: items
      .filter((i) => i.status === "failed" && i.error)
      .map((i) => ({ identifier: i.identifier, row: i.row, step: i.error!.step, code: i.error!.code, message: i.error!.message, transient: i.error!.transient })),
    albums: [
      ...albums.map((a) => ({ title: a.title, photosetId: a.photosetId, state: a.state, photos: members.get(a.title)?.members ?? 0, waiting: members.get(a.title)?.pending ?? 0 })),
      // Queued for an album the state has no record of yet: still owed, so still shown.
      ...[...members].filter(([title, c]) => c.pending > 0 && !albums.some((a) => a.title === title)).map(([title, c]) => ({ title, photosetId: null, state: "not created", photos: c.members, waiting: c.pending })),
    ],
    runs: runs.map((r) => ({ id: r.id, command: r.command, startedAt: iso(r.startedAt)!, endedAt: iso(r.endedAt), status: r.status === "running" && !alive(r) ? DIED : r.status, counts: r.counts, toolVersion: r.toolVersion })),
    accountDefaultLicense,
  };
}

export function readStatus(store: StateStore): StatusReport {
  const live = { held: runLockHeld(store.path), holder: readLockHolder(store) };
  return buildStatus(store.path, store.items.list(), store.albums.list(), store.runs.list(5), store.account.get("defaultLicense"), live, albumMemberCounts(store));
}

export function formatStatus(report: StatusReport): string {
  const c = report.counts;
  const order = ["published", "pending", "failed", "withdrawn", "deleted", "missing"];
  const parts = order.filter((k) => c[k]).map((k) => `${c[k]} ${k}`);
  const lines = [`State: ${report.state}`, `Items: ${c.total ?? 0}${parts.length ? ` (${parts.join(", ")})` : ""}`];
  if (report.unresolvedUploads.length) lines.push(`Uploads with an unknown outcome (looked up on Flickr by the next run): ${report.unresolvedUploads.join(", ")}`);
  if (report.awaitingReplace.length) lines.push(`Rescanned masters waiting to replace their photo: ${report.awaitingReplace.join(", ")}`);
  if (report.failed.length) {
    lines.push("", `Failed (${report.failed.length}; \`heritage publish --retry-failed\` tries them again):`);
    for (const f of report.failed) lines.push(`  row ${f.row}  ${f.identifier}  ${f.step}  ${f.code}${f.transient ? " (transient)" : ""}  ${f.message}`);
  }
  if (report.albums.length) {
    lines.push("", `Albums (${report.albums.length}):`);
    for (const a of report.albums) {
      const made = a.state === "intent" ? " (creation not confirmed)" : a.state === "not created" ? " (not created yet)" : "";
      const counts = [
        ...(a.photos > 0 ? [`${a.photos} photo${a.photos === 1 ? "" : "s"} added by heritage`] : []),
        ...(a.waiting > 0 ? [`${a.waiting} waiting to be added by the next publish or sync`] : []),
      ];
      lines.push(`  ${a.title}${a.photosetId ? ` → ${a.photosetId}` : ""}${made}${counts.length ? `  (${counts.join(", ")})` : ""}`);
    }
  }
  if (report.runs.length) {
    lines.push("", "Last runs:");
    for (const r of report.runs) {
      const counts = r.counts ? Object.entries(r.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") : "";
      lines.push(`  #${r.id} ${r.command}  ${r.startedAt}${r.endedAt ? ` → ${r.endedAt}` : ""}  ${r.status}${counts ? `  ${counts}` : ""}  (heritage ${r.toolVersion})`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function stateExists(path: string): boolean {
  return existsSync(path);
}

/**
 * The runs facet of the state: each publish, sync or rebuild run (when, with which options, by
 * which version and process, and what it counted), and the API calls made per minute, so a
 * resumed run knows what the last hour spent.
 */
import type { Statements } from "./statements.js";

/** How a run ended; "running" until it does (or forever, for a run that was killed). */
export type RunStatus = "running" | "completed" | "completed with failures" | "stopped" | "interrupted" | "crashed";

export interface RunRecord {
  id: number;
  command: string;
  startedAt: number;
  endedAt: number | null;
  status: RunStatus;
  options: Record<string, unknown>;
  counts: Record<string, number> | null;
  toolVersion: string;
  pid: number;
  host: string;
}

interface RunRow {
  id: number;
  command: string;
  started_at: number;
  ended_at: number | null;
  status: RunStatus;
  options_json: string;
  counts_json: string | null;
  tool_version: string;
  pid: number;
  host: string;
}

const toRun = (r: RunRow): RunRecord => ({
  id: r.id,
  command: r.command,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  status: r.status,
  options: JSON.parse(r.options_json) as Record<string, unknown>,
  counts: r.counts_json ? (JSON.parse(r.counts_json) as Record<string, number>) : null,
  toolVersion: r.tool_version,
  pid: r.pid,
  host: r.host,
});

export class RunsFacet {
  constructor(private readonly s: Statements) {}

  begin(run: { command: string; options: Record<string, unknown>; toolVersion: string; pid: number; host: string }): number {
    const info = this.s
      .sql("INSERT INTO runs (command, started_at, options_json, tool_version, pid, host) VALUES (?, ?, ?, ?, ?, ?)")
      .run(run.command, this.s.now(), JSON.stringify(run.options), run.toolVersion, run.pid, run.host);
    return Number(info.lastInsertRowid);
  }

  end(id: number, status: Exclude<RunStatus, "running">, counts: Record<string, number>): void {
    this.s.sql("UPDATE runs SET ended_at = ?, status = ?, counts_json = ? WHERE id = ?").run(this.s.now(), status, JSON.stringify(counts), id);
  }

  /** The latest runs, newest first. */
  list(limit = 10): RunRecord[] {
    return (this.s.sql("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as RunRow[]).map(toRun);
  }

  // ---- API calls per minute (this state's share of the rolling hour) ----------------------

  addApiCalls(minute: number, count = 1): void {
    this.s.sql("INSERT INTO api_calls (minute, count) VALUES (?, ?) ON CONFLICT(minute) DO UPDATE SET count = count + excluded.count").run(minute, count);
  }

  /** Calls recorded per minute since `fromMinute` (inclusive). */
  apiCallsSince(fromMinute: number): { minute: number; count: number }[] {
    return this.s.sql("SELECT minute, count FROM api_calls WHERE minute >= ? ORDER BY minute").all(fromMinute) as { minute: number; count: number }[];
  }

  pruneApiCalls(beforeMinute: number): void {
    this.s.sql("DELETE FROM api_calls WHERE minute < ?").run(beforeMinute);
  }
}

/**
 * Progress for people. On a terminal: live bars per stage (normalizing, uploading, metadata)
 * with the API calls used and an ETA computed from the quota. Elsewhere (CI logs, cron, a pipe):
 * one plain line at a fixed interval, so logs stay readable.
 */
import cliProgress from "cli-progress";
import type { ProgressEvent, ProgressReporter, Stage } from "./ports.js";

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Live bars when true (a terminal); plain lines otherwise. */
  tty: boolean;
  /** Seconds between plain lines. @default 10 */
  intervalSeconds?: number;
  /** Milliseconds clock. @default Date.now */
  clock?: () => number;
  /** Call `tick` every `ms` until the returned function is called. @default an unref'd setInterval */
  every?: (ms: number, tick: () => void) => () => void;
}

/** The real repeating timer; unref'd, so a progress line never keeps the process alive. */
export function everyInterval(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

interface Counters {
  done: Record<Stage, number>;
  failed: number;
  calls: number;
  ratePerHour: number;
  totals: { items: number; uploads: number; calls: number };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Remaining calls at the budget's pace. */
export function etaSeconds(c: Pick<Counters, "calls" | "ratePerHour" | "totals">): number {
  const remaining = Math.max(0, c.totals.calls - c.calls);
  return c.ratePerHour > 0 ? (remaining / c.ratePerHour) * 3600 : Number.POSITIVE_INFINITY;
}

export function progressLine(c: Counters): string {
  return (
    `progress: normalized ${c.done.normalizing}/${c.totals.uploads}, uploaded ${c.done.uploading}/${c.totals.uploads}, ` +
    `items done ${c.done.metadata}/${c.totals.items}${c.failed ? `, failed ${c.failed}` : ""}; ` +
    `API calls ${c.calls}/${c.totals.calls}; ETA ${formatDuration(etaSeconds(c))}`
  );
}

interface Bars {
  multibar: cliProgress.MultiBar;
  bars: Record<Stage, cliProgress.SingleBar>;
  status: cliProgress.SingleBar;
}

function createBars(stream: NodeJS.WritableStream, totals: Counters["totals"], status: string): Bars {
  const multibar = new cliProgress.MultiBar(
    {
      stream: stream as NodeJS.WriteStream,
      // ("eta" is a cli-progress built-in; our own estimate comes from the quota, in the status line.)
      format: " {stage} |{bar}| {value}/{total}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    multibar,
    bars: {
      normalizing: multibar.create(totals.uploads, 0, { stage: "normalizing " }),
      uploading: multibar.create(totals.uploads, 0, { stage: "uploading   " }),
      metadata: multibar.create(totals.items, 0, { stage: "items done  " }),
    },
    status: multibar.create(1, 0, { status }, { format: " {status}" }),
  };
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const clock = options.clock ?? Date.now;
  const every = options.every ?? everyInterval;
  const interval = (options.intervalSeconds ?? 10) * 1000;
  const c: Counters = { done: { normalizing: 0, uploading: 0, metadata: 0 }, failed: 0, calls: 0, ratePerHour: 3600, totals: { items: 0, uploads: 0, calls: 0 } };
  let live: Bars | null = null;
  let lastLine = 0;
  let cancelTimer: (() => void) | null = null;
  let stopped = false;
  // An item can fail at two stages (its copy, then its upload): count items, not events.
  const failedItems = new Set<string>();

  const statusText = () =>
    `API calls ${c.calls}/${c.totals.calls} at ${Math.round(c.ratePerHour).toLocaleString("en")}/hour · about ${formatDuration(etaSeconds(c))} left${c.failed ? ` · ${c.failed} failed` : ""}`;
  const refresh = () => {
    if (!live) return;
    for (const stage of ["normalizing", "uploading", "metadata"] as Stage[]) live.bars[stage].update(c.done[stage]);
    live.status.update(0, { status: statusText() });
  };

  return {
    start(totals) {
      c.totals = totals;
      if (options.tty) {
        live = createBars(options.stream, totals, statusText());
      } else {
        lastLine = clock();
        cancelTimer = every(interval, () => {
          options.stream.write(`${progressLine(c)}\n`);
          lastLine = clock();
        });
      }
    },
    event(e: ProgressEvent) {
      if (e.status === "done") c.done[e.stage]++;
      if (e.status === "failed") {
        failedItems.add(e.identifier);
        c.failed = failedItems.size;
      }
      refresh();
    },
    calls(made, ratePerHour) {
      c.calls = made;
      c.ratePerHour = ratePerHour;
      refresh();
    },
    note(message) {
      if (live) live.multibar.log(`${message}\n`);
      else options.stream.write(`${message}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      if (live) {
        refresh();
        live.multibar.stop();
        live = null;
      } else if (clock() - lastLine > 0 && c.totals.items > 0) {
        options.stream.write(`${progressLine(c)}\n`);
      }
    },
  };
}

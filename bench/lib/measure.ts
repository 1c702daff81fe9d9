/**
 * What the validate, publish and sync-plan benchmarks share: flags, medians, a machine line, a
 * small table printer, and `runMeasured`, which runs a command in a child process and reports
 * its wall time and peak RSS (read inside the child, at exit, from process.resourceUsage()).
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = path.join(REPO, "bin", "heritage.js");

/** `--name value` as a number (or the fallback). */
export function numberFlag(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got ${String(argv[i + 1])}`);
  return value;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const mib = (bytes: number) => bytes / 1024 / 1024;

/** One line saying where the figures come from. */
export function machineLine(): string {
  const cpu = cpus();
  return `machine: ${cpu.length} CPU${cpu.length === 1 ? "" : "s"} (${cpu[0]?.model.trim() ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}; ${loadLine()}`;
}

/** Other work on the machine skews timings: say how busy it was. */
export function loadLine(): string {
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min)`;
}

/** The command that reproduces this benchmark, as typed. */
export function commandLine(script: string): string {
  return `npx tsx bench/${script} ${process.argv.slice(2).join(" ")}`.trimEnd();
}

/** Print rows as an aligned table: first column left-aligned, the others right-aligned. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** A temp folder that is removed at exit, on Ctrl-C included. */
export function tempRoot(prefix: string): { dir: string; cleanup(): void } {
  const dir = path.join(tmpdir(), `${prefix}-${process.pid}-${Date.now().toString(36)}`);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  return { dir, cleanup };
}

/**
 * The CLI runs from dist/: warn when a source file is newer than the build, so figures are not
 * taken on stale code by accident (`npm run build` fixes it).
 */
export function checkBuild(): string | null {
  const built = path.join(REPO, "dist", "cli.js");
  if (!existsSync(built)) return "dist/cli.js is missing: run `npm run build` first";
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number => {
    let t = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      t = Math.max(t, entry.isDirectory() ? newest(p) : entry.name.endsWith(".ts") ? statSync(p).mtimeMs : 0);
    }
    return t;
  };
  return newest(path.join(REPO, "src")) > builtAt ? "warning: src/ has changes newer than dist/ (the CLI measured is the last build; run `npm run build`)" : null;
}

export interface Measured {
  code: number | null;
  wallMs: number;
  /** Peak resident set size of the child, in bytes. */
  peakRss: number;
  stdout: string;
  stderr: string;
}

/**
 * Preloaded into a measured child: at exit it writes its own peak RSS (VmHWM from
 * /proc/self/status, in KiB; getrusage's maxrss where there is no /proc) to the file named by
 * BENCH_PEAK_RSS_FILE. Not maxrss on Linux: it survives execve, so a child spawned by a bench
 * process holding 300 MB reported at least those 300 MB whatever it used itself. A data: URL,
 * so the command itself runs unchanged (no tsx, no wrapper script in the process measured).
 */
const PEAK_RSS_PRELOAD =
  "data:text/javascript," +
  encodeURIComponent(
    'import { readFileSync, writeFileSync } from "node:fs"; const hwm = () => { try { const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8")); return m ? Number(m[1]) : null; } catch { return null; } }; const f = process.env.BENCH_PEAK_RSS_FILE; if (f) process.on("exit", () => writeFileSync(f, String(hwm() ?? process.resourceUsage().maxRSS)));',
  );

/**
 * Run `node [nodeArgs] args…` with the peak-RSS preload and return its exit code, wall time
 * (spawn to exit, Node's start-up included), peak RSS and output. With `stdoutFile`, standard
 * output goes straight to that file (a large JSON report is not copied through this process).
 */
export function runMeasured(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[]; stdoutFile?: string; scratch: string },
): Promise<Measured> {
  const rssFile = path.join(options.scratch, `peak-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const outFd = options.stdoutFile ? openSync(options.stdoutFile, "w") : null;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", PEAK_RSS_PRELOAD, ...args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), BENCH_PEAK_RSS_FILE: rssFile },
      stdio: ["ignore", outFd ?? "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      if (outFd !== null) closeSync(outFd);
      let peakRss = NaN;
      try {
        peakRss = Number(readFileSync(rssFile, "utf8")) * 1024;
        rmSync(rssFile, { force: true });
      } catch {
        // the child died before its exit handler ran (a signal): no figure
      }
      resolve({ code, wallMs, peakRss, stdout, stderr });
    });
  });
}

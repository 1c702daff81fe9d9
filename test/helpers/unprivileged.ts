/**
 * Permission tests as an ordinary user. Root reads and writes anything, so a test of a file or
 * folder it may not use proves nothing when the suite runs as root (CI containers often do).
 * Then the command runs as a child process with the uid of `nobody`; where there is no such
 * user, the test says it was skipped (t.log), rather than passing silently.
 */
import { spawn } from "node:child_process";
import { chmodSync, readFileSync } from "node:fs";
import type { ExecutionContext } from "ava";
import { BIN, type CliRun } from "./cli.js";

export const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** uid and gid of `nobody` from /etc/passwd, or null (not POSIX, or no such user). */
export function nobodyIds(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith("nobody:"));
    const [, , uid, gid] = line?.split(":") ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
  } catch {
    return null; // no /etc/passwd (Windows): no unprivileged user to switch to
  }
}

/**
 * How to run a permission test here: as this user (not root: nothing to do), as `nobody`
 * (root), or not at all (root without `nobody`: logged).
 */
export function unprivileged(t: ExecutionContext): { uid: number; gid: number } | "self" | null {
  if (!runningAsRoot()) return "self";
  const ids = nobodyIds();
  if (!ids) t.log("skipped: running as root, which bypasses file permissions, and there is no user 'nobody' to run as");
  return ids;
}

/** Let `nobody` reach and write `dirs` (each, and each parent up to a temp root, must be searchable). */
export function openTo(...dirs: string[]): void {
  for (const dir of dirs) chmodSync(dir, 0o777);
}

/** Run the built CLI (`npm run build`) as the given user; bounded in time. */
export function spawnCliAs(ids: { uid: number; gid: number }, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, HOME: options.cwd, XDG_CONFIG_HOME: `${options.cwd}/config`, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      uid: ids.uid,
      gid: ids.gid,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

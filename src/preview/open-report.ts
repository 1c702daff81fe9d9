/**
 * `--open`: hand the report to the platform's opener (xdg-open, open, start). Failing softly is
 * the point: on a server or in a container there is no opener, and the report is written all
 * the same, so the caller prints a message instead of failing the command.
 */
import { spawn as nodeSpawn } from "node:child_process";

/** The opener for a platform and the arguments that open `path` with it. */
export function openerFor(platform: NodeJS.Platform, path: string): { command: string; args: string[] } {
  if (platform === "darwin") return { command: "open", args: [path] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""', path] };
  return { command: "xdg-open", args: [path] };
}

export interface OpenDeps {
  platform?: NodeJS.Platform;
  /** Environment of the opener; its PATH is where the opener is looked up. */
  env?: NodeJS.ProcessEnv;
  spawn?: typeof nodeSpawn;
}

/**
 * Start the opener, detached, and report whether it started. Its own exit status is not
 * awaited: some openers return only when the browser closes.
 */
export function openReport(path: string, deps: OpenDeps = {}): Promise<{ ok: true; command: string } | { ok: false; command: string; reason: string }> {
  const { command, args } = openerFor(deps.platform ?? process.platform, path);
  const spawn = deps.spawn ?? nodeSpawn;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { detached: true, stdio: "ignore", ...(deps.env ? { env: deps.env } : {}), windowsHide: true });
    } catch (err) {
      resolve({ ok: false, command, reason: err instanceof Error ? err.message : String(err) });
      return;
    }
    child.once("error", (err: NodeJS.ErrnoException) => resolve({ ok: false, command, reason: err.code === "ENOENT" ? `${command} was not found` : err.message }));
    child.once("spawn", () => {
      child.unref();
      resolve({ ok: true, command });
    });
  });
}

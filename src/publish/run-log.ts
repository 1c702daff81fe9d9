/**
 * The JSON-lines run log in the state folder: one line per API mutation (method, identifier,
 * photo id, outcome), appended synchronously so a crash loses nothing already done. No secrets
 * are ever written: entries carry no parameters, and messages pass through redactSecrets.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { redactSecrets } from "../redact.js";
import type { RunLog } from "./ports.js";

export function createRunLog(path: string, clock: () => number = Date.now): RunLog {
  mkdirSync(dirname(path), { recursive: true });
  return {
    write(entry) {
      const line = JSON.stringify({ ts: new Date(clock()).toISOString(), ...entry });
      appendFileSync(path, `${redactSecrets(line)}\n`);
    },
  };
}

export function createMemoryRunLog(): RunLog & { entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  return { entries, write: (e) => void entries.push(e) };
}

/**
 * Asking before anything irreversible. On a terminal the user answers y/N; without one (cron,
 * CI, a pipe) there is nobody to ask, so only an explicit --yes goes ahead.
 */
import { createInterface } from "node:readline/promises";
import type { CommandIO } from "../command-io.js";

export async function confirm(ctx: Pick<CommandIO, "stdin" | "stderr">, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!ctx.stdin.isTTY) return false;
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

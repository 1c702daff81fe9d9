import type { ExecutionContext } from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv, type TestCollection } from "../helpers/collection.js";

export const FAST = ["--quota", "100000", "--reconcile-grace", "0", "--timeout", "5000"];

export interface Published extends TestSandbox {
  c: TestCollection;
  env: NodeJS.ProcessEnv;
  heritage(args: string[]): ReturnType<typeof runCli>;
  sync(...args: string[]): ReturnType<typeof runCli>;
}

/** A collection published to a fresh sandbox, with helpers to run heritage against it. */
export async function published(t: ExecutionContext, count: number): Promise<Published> {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, count);
  const env = sandboxEnv(s.credentials, c.dir);
  const heritage = (args: string[]) => runCli(args, { env, cwd: c.dir });
  const first = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST]);
  if (first.code !== 0) throw new Error(`publish failed: ${first.stderr}`);
  s.sandbox.resetCalls();
  return { ...s, c, env, heritage, sync: (...args: string[]) => heritage(["sync", c.manifest, "--endpoint", s.url, ...FAST, ...args]) };
}

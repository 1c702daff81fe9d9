/**
 * The executor's dependencies for tests that drive `executePlan` directly against a fake Flickr
 * port: a fresh state in a temp folder (closed and removed in teardown), no real time, no output.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecuteDeps } from "../../src/publish/execute.js";
import { createMemoryRunLog } from "../../src/publish/run-log.js";
import { silentProgress, type FlickrPort, type PreparedCopy } from "../../src/publish/ports.js";
import type { StateStore } from "../../src/state/store.js";
import { openState } from "../../src/state/open.js";
import { silentLogger } from "../../src/logger.js";

/** A copy for any item, named after it (no image is made). */
export const fakeCopy = async (item: { identifier: string }): Promise<PreparedCopy> => ({ path: `/copies/${item.identifier}.jpg`, sha256: `c-${item.identifier}`, bytes: 1, source: { size: 1, mtimeMs: 1, sha256: `s-${item.identifier}` }, warnings: [] });

export function executeDeps(t: { teardown(fn: () => void): void }, flickr: FlickrPort, overrides: Partial<ExecuteDeps> = {}): ExecuteDeps & { state: StateStore } {
  const dir = mkdtempSync(join(tmpdir(), "heritage-exec-"));
  const state = openState(join(dir, "s.sqlite"));
  t.teardown(() => {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    flickr,
    classify: (e) => ({ kind: "permanent", code: null, httpStatus: null, message: String(e) }),
    prepareCopy: fakeCopy,
    log: createMemoryRunLog(),
    logger: silentLogger,
    progress: silentProgress,
    onThrottle: () => undefined,
    sleep: async () => undefined,
    random: () => 0.5,
    clock: () => 1_800_000_000_000,
    signal: new AbortController().signal,
    runId: 1,
    ...overrides,
    state,
  };
}

// The tests run compiled: `npm test` (or `npm run build:test`) emits them to build/, and
// @ava/typescript maps `npx ava test/x.test.ts` to build/test/x.test.js, so no test file pays a
// TypeScript loader at start-up.
import { accessSync, chmodSync, constants, mkdirSync } from "node:fs";

/**
 * Temporary folders (collections, states, sandboxes) go to memory when the machine has a tmpfs
 * at /dev/shm: every state write ends in an fsync, which on a disk costs milliseconds and made
 * the suite wait on the disk far more than it computed. No test relies on surviving a power cut
 * (the kill tests kill processes, which fsync does not change). HERITAGE_TEST_TMPDIR overrides.
 */
function testTmpdir() {
  if (process.env.HERITAGE_TEST_TMPDIR) return process.env.HERITAGE_TEST_TMPDIR;
  try {
    accessSync("/dev/shm", constants.W_OK);
    const dir = "/dev/shm/heritage-tests";
    mkdirSync(dir, { recursive: true });
    // Shared like /tmp: tests that run the CLI as an unprivileged user create folders here too.
    chmodSync(dir, 0o1777);
    return dir;
  } catch {
    return undefined;
  }
}

const tmp = testTmpdir();

export default {
  typescript: { rewritePaths: { "test/": "build/test/" }, compile: false },
  files: ["test/**/*.test.ts"],
  nodeArguments: ["--enable-source-maps"],
  timeout: "2m",
  workerThreads: false,
  ...(tmp ? { environmentVariables: { TMPDIR: tmp } } : {}),
};

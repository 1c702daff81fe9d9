// The tests run compiled: `npm test` (or `npm run build:test`) emits them to build/, and ava runs
// build/test/**/*.test.js, so no test file pays a TypeScript loader at start-up (about 0.5 CPU-s
// each; @ava/typescript's mapping cost another 0.2 s a file, for the convenience of naming the
// .ts file). One file: `npm run build:test && npx ava build/test/cli/epipe.test.js`.
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";

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

/**
 * The order files start in: first those that wait on child processes and real time (kills,
 * signals, the browser), then the groups of pipeline tests, then the rest, so that the long
 * waits overlap with other files' work instead of ending the run.
 */
function startOrder() {
  const listed = "build/test-groups/start-first.json";
  const first = existsSync(listed) ? JSON.parse(readFileSync(listed, "utf8")).map((f) => `build/test/${f.replace(/\.ts$/, ".js")}`) : [];
  const rank = (file) => {
    const at = first.findIndex((f) => file.endsWith(f));
    return at >= 0 ? at : /-pipeline-\d+\.test\.js$/.test(file) ? first.length : first.length + 1;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The files ava runs: the groups scripts/group-tests.mjs wrote (small files of a folder in one
 * worker) and every file not in a group. Naming files or folders on the command line runs them
 * as they are, ungrouped.
 */
function testFiles() {
  const all = ["build/test/**/*.test.js"];
  const members = "build/test-groups/members.json";
  const named = process.argv.slice(2).some((a) => !a.startsWith("-") && a.startsWith("build/"));
  if (named || process.env.HERITAGE_TEST_GROUPS === "0" || !existsSync(members)) return all;
  const grouped = JSON.parse(readFileSync(members, "utf8"));
  return ["build/test-groups/*.test.js", ...all, ...grouped.map((m) => `!build/test/${m.replace(/\.ts$/, ".js")}`)];
}

export default {
  files: testFiles(),
  sortTestFiles: startOrder(),
  nodeArguments: ["--enable-source-maps"],
  // Three files at once on two cores: several files spend much of their time waiting on child
  // processes and real search lag, and the others use the cores meanwhile. Measured on the
  // 2-core machine: 2 → 123 s; 3 → 114–123 s (median 121 s over eight runs); 4 → 122–135 s
  // (more processes fighting for the caches cost more CPU than the waits save).
  concurrency: 3,
  timeout: "2m",
  workerThreads: false,
  ...(tmp ? { environmentVariables: { TMPDIR: tmp } } : {}),
};

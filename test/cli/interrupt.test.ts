/**
 * A long read honours the first Ctrl-C / SIGTERM: `validate` of a 1,000,000-row CSV stops
 * with exit 130 and says how far it got (it used to read on to the end, signals unanswered).
 */
import test from "ava";
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { BIN } from "../helpers/cli.js";

async function millionRows(dir: string): Promise<string> {
  mkdirSync(join(dir, "manifests"));
  mkdirSync(join(dir, "collections", "big"), { recursive: true });
  writeFileSync(join(dir, "manifests", "big.settings.yaml"), "namespace: bigns\ninstitution: Test Archive\n");
  const path = join(dir, "manifests", "big.csv");
  const out = createWriteStream(path);
  out.write("identifier,file,title,license\n");
  for (let i = 0; i < 1_000_000; i += 10_000) {
    let chunk = "";
    for (let j = i; j < i + 10_000; j++) chunk += `ID-${j},img-${j}.jpg,Title ${j},CC0\n`;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return path;
}

// One collection for both signals: writing a million rows is the costly part, and validate
// only reads it.
let shared: Promise<string> | null = null;
const bigCollection = () =>
  (shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "heritage-big-"));
    await millionRows(dir);
    return dir;
  })());
test.after.always(async () => {
  if (shared) rmSync(await shared, { recursive: true, force: true });
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test.serial(`validate of a 1,000,000-row CSV stops at the first ${signal} (exit 130)`, async (t) => {
    const dir = await bigCollection();
    const child = spawn(process.execPath, [BIN, "validate", "manifests/big.csv"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const started = new Promise<void>((resolve) =>
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes("Validating")) resolve();
      }),
    );
    // Bounded: a run that ignored the signal is killed here, and the test fails on its code.
    const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
    await started;
    child.kill(signal);
    const [code] = (await once(child, "close")) as [number | null];
    clearTimeout(guard);
    t.is(code, 130, stderr);
    t.regex(stderr, /interrupted: validation stopped after [\d,]+ rows/);
    t.regex(stderr, /^code: INTERRUPTED$/m);
    const rows = Number(/after ([\d,]+) rows/.exec(stderr)![1]!.replace(/,/g, ""));
    t.true(rows < 1_000_000, `stopped early (${rows} rows read)`);
  });
}

/**
 * One error policy (issue 10): every user-facing failure is a UserError with a stable, specific
 * code — never a generic fallback. The type makes `code` required (a UserError without one does
 * not compile); these tests hold that in place and check a few real failures end to end.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeCollection } from "../helpers/collection.js";
import { REPO_ROOT, runCli } from "../helpers/cli.js";
import { UserError } from "../../src/errors.js";

test("a UserError without a code does not compile, and one with a code keeps it", (t) => {
  // @ts-expect-error — `code` is required in UserErrorOptions (checked by `npm run typecheck`).
  const missing = (): UserError => new UserError("x", { hint: "y" });
  t.is(typeof missing, "function");
  const err = new UserError("x", { code: "SOME_CODE" });
  t.is(err.code, "SOME_CODE");
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

test("every literal UserError code in src/ is SCREAMING_SNAKE, and none is the old USER_ERROR fallback", (t) => {
  const files = sources(join(REPO_ROOT, "src"));
  const all = files.map((f) => readFileSync(f, "utf8")).join("\n");
  t.true((all.match(/new UserError\(/g) ?? []).length > 50);
  const codes = [...all.matchAll(/\bcode: "([^"]*)"/g)].map((m) => m[1]!);
  t.true(codes.length > 50);
  for (const code of codes) t.regex(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, code);
  t.false(codes.includes("USER_ERROR"));
  t.false(all.includes('"USER_ERROR"'));
});

const codeLine = (stderr: string): string | undefined => /^code: (\S+)$/m.exec(stderr)?.[1];

test("representative failures through the CLI print their own code, not USER_ERROR", async (t) => {
  const c = await makeCollection(t, 1);
  const cases: Array<[string, string[], string, () => void]> = [
    ["a missing manifest", ["validate", "manifests/nope.csv"], "MANIFEST_NOT_FOUND", () => {}],
    ["a bad flag value", ["validate", "manifests/test.csv", "--concurrency", "abc"], "USAGE_BAD_VALUE", () => {}],
    ["an unknown flag", ["validate", "manifests/test.csv", "--dryrun"], "USAGE_UNKNOWN_ARGUMENT", () => {}],
    ["a bad settings value", ["validate", "manifests/test.csv"], "SETTINGS_INVALID", () => c.settings("namespace: my-ns\n")],
  ];
  for (const [name, args, expected, setup] of cases) {
    setup();
    const run = await runCli(args, { cwd: c.dir });
    t.is(run.code, 2, `${name}: ${run.stderr}`);
    t.is(codeLine(run.stderr), expected, `${name}: ${run.stderr}`);
  }
});

import test from "ava";
import { runCli, spawnCli } from "./helpers/cli.js";
import { reportError, VERSION } from "../src/cli.js";
import { UserError } from "../src/errors.js";
import { PassThrough } from "node:stream";

function sink() {
  const s = new PassThrough();
  let text = "";
  s.on("data", (c: Buffer) => (text += c.toString()));
  return { s, text: () => text };
}

test("--version prints the package version", async (t) => {
  const run = await spawnCli(["--version"]);
  t.is(run.code, 0);
  t.is(run.stdout.trim(), VERSION);
});

test("--help is wrapped for reading, for a command and for heritage itself (help text is only wrapped when asked for)", async (t) => {
  for (const args of [["publish", "--help"], ["sync", "-h"], ["--help"]]) {
    const run = await spawnCli(args);
    t.is(run.code, 0, args.join(" "));
    const lines = run.stdout.split("\n");
    t.true(lines.length > 10, `${args.join(" ")} prints its options`);
    t.true(lines.every((l) => l.length <= 110), `${args.join(" ")}: no line wider than 110 columns`);
  }
});

test("an unknown command is a usage error (exit 2) with a pointer to --help", async (t) => {
  const run = await runCli(["frobnicate"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /Unknown argument|Unknown command|frobnicate/i);
  t.regex(run.stderr, /--help/);
  t.regex(run.stderr, /^code: USAGE_UNKNOWN_ARGUMENT$/m);
});

test("no command at all is a usage error", async (t) => {
  const run = await runCli([]);
  t.is(run.code, 2);
  t.regex(run.stderr, /Name a command/);
});

test("a UserError prints message and hint without a stack", (t) => {
  const out = sink();
  const code = reportError(new UserError("manifest not found: x.csv", { code: "MANIFEST_NOT_FOUND", hint: "check the path" }), false, out.s);
  t.is(code, 2);
  t.is(out.text(), "error: manifest not found: x.csv\nhint: check the path\ncode: MANIFEST_NOT_FOUND\n");
});

test("an internal error exits 70 with a please-report line, stack only with --debug", (t) => {
  const quiet = sink();
  t.is(reportError(new TypeError("boom"), false, quiet.s), 70);
  t.regex(quiet.text(), /internal error: boom/);
  t.regex(quiet.text(), /Please report/);
  t.notRegex(quiet.text(), /at .*\.ts:\d+/);
  const loud = sink();
  reportError(new TypeError("boom"), true, loud.s);
  t.regex(loud.text(), /TypeError: boom\n\s+at /);
});

test("--json: an error a command raises is printed as the error document on stdout", async (t) => {
  const run = await runCli(["validate", "no-such-manifest.csv", "--json"]);
  t.is(run.code, 2);
  const doc = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
  t.is(doc.schema, "heritage.error/1");
  t.is(typeof doc.code, "string");
  t.regex(String(doc.message), /no-such-manifest\.csv/);
  t.is(doc.exitCode, 2);
});

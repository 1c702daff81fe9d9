/**
 * The command-line entry. It owns the one error → exit-code policy of the project:
 * UserError → its message and hint, no stack (exit 2, or the error's own code);
 * anything else → a short "please report" line (exit 70), the stack only with --debug.
 * Command handlers return an exit code; nothing else in the project calls process.exit.
 */
import yargs, { type Argv } from "yargs";
import { createCommands } from "./commands/index.js";
import type { CliContext } from "./cli-context.js";
import { EXIT, isUserError, messageOf } from "./errors.js";
import { asUserFacing, isInJsonReport, jsonErrorDocument } from "./error-document.js";
import { usageErrorFromYargs } from "./commands/options.js";
import { redactSecrets } from "./redact.js";

import { BUGS_URL, VERSION } from "./version.js";

export { VERSION };

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  let exitCode: number = EXIT.OK;
  const debug = argv.includes("--debug");
  const json = argv.includes("--json");
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: the user means it. The state is committed per transition, so this is safe.
      process.stderr.write(`\n${sig} again: stopping now.\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${sig}: finishing the calls in flight, then stopping (Ctrl-C again to stop at once)…\n`);
    controller.abort(new Error(sig));
  };
  // `heritage validate --items | head`: the reader went away. Stop as on Ctrl-C (between items,
  // the state kept) instead of dying on an unhandled EPIPE; later writes to the closed pipe are dropped.
  const onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    if (!controller.signal.aborted) controller.abort(new Error("EPIPE"));
  };
  const ownSignals = overrides.signal === undefined;
  if (ownSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.stdout.on("error", onStdoutError);
  }
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    ...overrides,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  const stderr = ctx.stderr;
  const parser: Argv = yargs(argv)
    .scriptName("heritage")
    .usage("$0 <command> [options]\n\nPublish image collections from museums, archives and libraries to Flickr Commons.")
    .option("debug", { type: "boolean", default: false, describe: "Show stack traces of internal errors", global: true })
    .strict()
    .demandCommand(1, "Name a command: heritage <command> --help shows its options.")
    .recommendCommands()
    .version(VERSION)
    .alias("h", "help")
    .alias("V", "version")
    .wrap(asksForHelp(argv) ? Math.min(110, process.stdout.columns || 100) : null)
    .fail((msg, err) => {
      // yargs calls this for usage errors (msg, sometimes with a YError), for coerce/check
      // errors (msg and err) and for errors thrown by handlers (err only). It must throw:
      // when it returns, yargs goes on and runs the handler — a mistyped flag would run the command.
      if (isUserError(err)) throw err;
      if (err && (msg === null || msg === undefined)) throw err;
      throw usageErrorFromYargs(msg ?? messageOf(err), commandName(argv), knownFlags(parser));
    });
  for (const command of createCommands(ctx)) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (err) {
    exitCode = reportError(err, debug, stderr);
    if (json && !isInJsonReport(err)) ctx.stdout.write(`${JSON.stringify(jsonErrorDocument(err))}\n`);
  } finally {
    if (ownSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      // Left on: a write still queued when the command returns may meet the closed pipe too.
    }
  }
  return exitCode;
}

/**
 * The flags yargs knows at the moment of a failure (the command's own and the global ones), for
 * a "did you mean" hint. `getOptions` is yargs API missing from its type declarations.
 */
function knownFlags(parser: Argv): string[] {
  const withOptions = parser as Argv & { getOptions?: () => { key?: Record<string, unknown> } };
  return Object.keys(withOptions.getOptions?.().key ?? {});
}

/** The command named on the command line (for the hint), if any. */
function commandName(argv: string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  if (words[0] === "auth" || words[0] === "state") return words.slice(0, 2).join(" ");
  return words[0];
}

/** Print an error for a person and choose the exit code. */
export function reportError(thrown: unknown, debug: boolean, stream: NodeJS.WritableStream = process.stderr): number {
  const err = asUserFacing(thrown);
  if (isUserError(err)) {
    stream.write(`error: ${redactSecrets(err.message)}\n`);
    if (err.hint) stream.write(`hint: ${redactSecrets(err.hint)}\n`);
    stream.write(`code: ${err.code}\n`);
    if (debug && err.stack) stream.write(`${redactSecrets(err.stack)}\n`);
    return err.exitCode;
  }
  stream.write(`internal error: ${redactSecrets(messageOf(err))}\n`);
  stream.write(
    `This is a bug in heritage ${VERSION}, not in your data. Please report it with the command you ran` +
      `${BUGS_URL ? ` at ${BUGS_URL}` : ""}; run again with --debug to include the stack trace.\n`,
  );
  if (debug && err instanceof Error && err.stack) stream.write(`${redactSecrets(err.stack)}\n`);
  return EXIT.INTERNAL;
}

/**
 * Whether this command line shows help. yargs renders a command's help text on every run, in
 * case a later failure shows it (heritage's never do); wrapped to the terminal that costs tens of
 * milliseconds a run, so the text is wrapped only when it is going to be read.
 */
function asksForHelp(argv: string[]): boolean {
  return argv.length === 0 || argv.some((a) => a === "--help" || a === "-h" || a === "help");
}

/**
 * The logger is passed in, never imported as a singleton, so tests can capture it and the CLI
 * can route it. Human log lines go to stderr: stdout is kept for results (--json, the plan).
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createConsoleLogger(level: LogLevel = "info", stream: NodeJS.WritableStream = process.stderr): Logger {
  const at = (l: LogLevel) => (message: string) => {
    if (ORDER[l] >= ORDER[level]) stream.write(`${l === "info" ? "" : `${l}: `}${message}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps every line, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (l: string) => (m: string) => void lines.push(`${l}: ${m}`);
  return { lines, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

/**
 * sharp is passed in (tests, benchmarks and the CLI decide its cache and concurrency); when a
 * caller does not, it is imported lazily so that commands which never touch pixels do not load
 * libvips.
 */
import type sharpDefault from "sharp";

export type SharpModule = typeof sharpDefault;

/**
 * The installed sharp, imported on first use. Kept: the probe asks for it once per file, and an
 * `import()` of a module already loaded still goes through the loader's resolution each time.
 */
let installed: Promise<SharpModule> | null = null;

/** The sharp module given, or the installed one. */
export async function loadSharp(given?: SharpModule): Promise<SharpModule> {
  return given ?? (await (installed ??= import("sharp").then((m) => m.default)));
}

/** The first line of a sharp/libvips error, without the repeated libvips log lines. */
export function sharpErrorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split("\n").find((l) => l.trim() !== "") ?? text;
  return line.replace(/^Input file has corrupt header: /, "").trim();
}

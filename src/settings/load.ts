/**
 * Collection settings: found beside a CSV manifest as `<name>.settings.yaml` (or .yml/.json), or
 * embedded at the top of a JSON/YAML manifest; validated with `SettingsSchema`. Every problem
 * becomes one line of a UserError naming the key path, the value and what is expected.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { decodeWholeFile } from "../manifest/decode.js";
import { parseJsonText, parseYamlText, yamlToJs } from "../manifest/parse-text.js";
import { requireTrustedCollection } from "./collection-root.js";
import { SettingsSchema, type Settings } from "./schema.js";

export interface LoadedSettings {
  settings: Settings;
  /** The file the settings came from (a sidecar, or the manifest itself when embedded); null for defaults. */
  settingsPath: string | null;
}

const SIDECAR_EXTENSIONS = [".settings.yaml", ".settings.yml", ".settings.json"] as const;

/** The manifest's name without its extension: `manifests/postcards.csv` → `postcards`. */
export function manifestBaseName(manifestPath: string): string {
  return basename(manifestPath, extname(manifestPath));
}

/** Where settings for a manifest may live beside it, in the order they are looked for. */
export function sidecarPaths(manifestPath: string): string[] {
  const base = join(dirname(manifestPath), manifestBaseName(manifestPath));
  return SIDECAR_EXTENSIONS.map((ext) => base + ext);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function existingSidecars(manifestPath: string): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of sidecarPaths(manifestPath)) if (await isFile(candidate)) found.push(candidate);
  return found;
}

/**
 * The settings of a manifest. `embedded` is the `settings` section of a JSON/YAML manifest
 * (undefined when it has none); otherwise a sidecar file is read; without either, defaults.
 * Settings in two places are refused rather than merged, so nobody edits the one that is ignored.
 */
export async function loadSettings(manifestPath: string, embedded?: unknown): Promise<LoadedSettings> {
  const sidecars = await existingSidecars(manifestPath);
  if (embedded !== undefined) {
    if (sidecars.length > 0) {
      throw new UserError(`${manifestPath} has a "settings" section and there is also a settings file beside it: ${sidecars.join(", ")}.`, {
        code: "SETTINGS_AMBIGUOUS",
        hint: "Keep the settings in one place: move them into the manifest's settings section and delete the file, or the other way round.",
      });
    }
    return { settings: parseSettings(embedded, `the "settings" section of ${manifestPath}`), settingsPath: manifestPath };
  }
  if (sidecars.length > 1) {
    throw new UserError(`There are ${sidecars.length} settings files for ${manifestPath}: ${sidecars.join(", ")}.`, {
      code: "SETTINGS_AMBIGUOUS",
      hint: "Keep one settings file per manifest and delete the others.",
    });
  }
  const sidecar = sidecars[0];
  if (sidecar === undefined) return { settings: SettingsSchema.parse({}), settingsPath: null };
  return { settings: parseSettings(await readSettingsFile(sidecar), sidecar), settingsPath: sidecar };
}

/** A YAML settings text as values, through the yaml library's alias guard. */
function yamlOf(text: string, path: string): unknown {
  const doc = parseYamlText(text, path);
  return yamlToJs(doc, doc, path);
}

/** Read and parse a settings file (YAML or JSON); an empty file means "all defaults". */
export async function readSettingsFile(path: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UserError(`Cannot read the settings file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, {
      code: "SETTINGS_UNREADABLE",
      hint: "Check that the file exists and that you may read it.",
      cause: err,
    });
  }
  const { text } = await decodeWholeFile(bytes, path);
  if (text.trim() === "") return {};
  const raw = extname(path).toLowerCase() === ".json" ? parseJsonText(text, path) : yamlOf(text, path);
  return raw ?? {};
}

/** Validate raw settings; a UserError lists every problem (key path, value, what is expected). */
export function parseSettings(raw: unknown, origin: string): Settings {
  const result = SettingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = settingsProblems(result.error.issues, raw);
  throw new UserError(`Invalid settings in ${origin}:\n${problems.map((p) => `  • ${p}`).join("\n")}`, {
    code: "SETTINGS_INVALID",
    hint: 'Every setting is described in schema/settings.schema.json; point your editor at it ("$schema") to have settings checked as you type.',
  });
}

/** One sentence per zod issue: where (key path), what was found, what is expected. */
export function settingsProblems(issues: readonly z.core.$ZodIssue[], raw: unknown): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        out.push(
          `${formatPath([...path, key])}: unknown setting` +
            (suggestion ? ` — did you mean “${suggestion}”?` : known.length ? ` — known here: ${known.join(", ")}` : ""),
        );
      }
      continue;
    }
    if (path.length === 0 && (raw === null || typeof raw !== "object" || Array.isArray(raw))) {
      out.push(`the settings must be a mapping of setting names to values, not ${describeType(raw)}`);
      continue;
    }
    const value = valueAt(raw, path);
    out.push(`${formatPath(path)}: ${formatValue(value)} — ${expectation(issue, path, value)}`);
  }
  return out;
}

function expectation(issue: z.core.$ZodIssue, path: readonly (string | number)[], value: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return `required: ${typeName(issue.expected)}`;
      const quote =
        issue.expected === "string" && (typeof value === "number" || typeof value === "boolean") ? `; write it in quotes: "${String(value)}"` : "";
      return `expected ${typeName(issue.expected)}, not ${describeType(value)}${quote}`;
    }
    case "invalid_value": {
      const options = issue.values.map((v) => String(v));
      const mapsBackwards = path[0] === "columns" && typeof path[1] === "string" && options.includes(String(path[1]));
      const reversed = mapsBackwards ? ` (columns maps a header in your file to a field: write “${String(value)}: ${String(path[1])}”)` : "";
      const suggestion = typeof value === "string" ? closest(value, options) : null;
      return `expected one of ${options.join(", ")}${suggestion ? ` — did you mean “${suggestion}”?` : ""}${reversed}`;
    }
    case "too_big":
      return `expected at most ${String(issue.maximum)}`;
    case "too_small":
      return `expected at least ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "a mapping (key: value lines)",
    record: "a mapping (key: value lines)",
    array: "a list",
  };
  return names[expected] ?? expected;
}

function describeType(value: unknown): string {
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "text";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "boolean") return "true/false";
  return `a ${typeof value}`;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** `images.jpeg_quality`, `columns["Foto nr"]`, `extra_tags[2]`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `${i === 0 ? "" : "."}${seg}` : `[${JSON.stringify(seg)}]`))
    .join("");
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Unwrap defaults/optionals to the schema that describes the value. */
function unwrap(schema: unknown): unknown {
  let cur = schema;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.def.innerType;
  return cur;
}

/** The keys a settings object accepts at `path` (for "did you mean"). */
function knownKeysAt(path: readonly (string | number)[]): string[] {
  let cur = unwrap(SettingsSchema);
  for (const seg of path) {
    if (cur instanceof z.ZodObject) cur = unwrap((cur.shape as Record<string, unknown>)[String(seg)]);
    else return [];
  }
  if (cur instanceof z.ZodObject) return Object.keys(cur.shape as object);
  if (cur instanceof z.ZodRecord) {
    const keyType = cur.def.keyType;
    if (keyType instanceof z.ZodEnum) return keyType.options.map(String);
  }
  return [];
}

/** The candidate closest to `word` within a small edit distance (typos, case, - vs _), or null. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, "_");
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = norm(c) === norm(word) ? 0 : editDistance(norm(word), norm(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = word.length < 4 ? 1 : word.length < 10 ? 2 : 3;
  return best !== null && bestDistance <= allowed ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The default collection folder: `collections/<manifest name>/` beside the manifest's folder. */
export function defaultCollectionPath(manifestPath: string): string {
  return resolve(dirname(manifestPath), "..", "collections", manifestBaseName(manifestPath));
}

/** The collection folder: `collection` from the settings (relative to the manifest's folder), or the default. */
export function collectionPath(manifestPath: string, settings: Settings): string {
  return settings.collection ? resolve(dirname(manifestPath), settings.collection) : defaultCollectionPath(manifestPath);
}

/** Throw a UserError (exit 2) unless the collection folder exists; the hint says how to set it. */
export async function requireCollection(collection: string, manifestPath: string, settingsPath: string | null): Promise<void> {
  let kind: "missing" | "file" | "ok" = "missing";
  try {
    kind = (await stat(collection)).isDirectory() ? "ok" : "file";
  } catch {
    kind = "missing";
  }
  if (kind === "ok") return requireTrustedCollection(collection, manifestPath, settingsPath);
  const what = kind === "file" ? "is a file, not a folder" : "does not exist";
  const example = `collection: ${relative(dirname(manifestPath), defaultCollectionPath(manifestPath)).split("\\").join("/") || "."}`;
  const where = settingsPath
    ? `set "collection" in ${settingsPath} to the folder of master images, relative to ${dirname(manifestPath)} (e.g. ${example})`
    : `create ${sidecarPaths(manifestPath)[0]} with a line such as "${example}" (the folder of master images, relative to ${dirname(manifestPath)})`;
  throw new UserError(`The collection folder ${collection} ${what} (the images of ${manifestPath}).`, {
    code: "COLLECTION_MISSING",
    hint: `Put the master images in that folder, or ${where}.`,
  });
}

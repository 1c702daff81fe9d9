/**
 * The cataloguer's spreadsheet: `<name>-community.csv` (one row per contribution, with a
 * `decision` column they fill with accept/reject) and `<name>-accepted.csv` (the accepted ones,
 * keyed by identifier, for a catalogue import). RFC 4180, UTF-8 with BOM (Excel shows åäö).
 * Text from the public is untrusted: a cell that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) gets a leading apostrophe.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse } from "csv-parse/sync";
import { csvDocument } from "../csv-write.js";

export { neutralise } from "../csv-write.js";

/** Every CSV heritage writes goes through src/csv-write.ts (quoting, formula neutralising). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return csvDocument(header, rows);
}

/** Write through a temporary file: a spreadsheet that has it open never reads half a file. */
export function writeCsvAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export type Decision = "accept" | "reject";

/** What a cataloguer may write: accept/reject in English or Swedish, any case; anything else is blank. */
export function readDecision(value: string | undefined): Decision | null {
  const v = (value ?? "").trim().replace(/^'/, "").toLowerCase();
  if (["accept", "accepted", "yes", "y", "ja", "j", "godkänn", "godkänd", "ok", "x"].includes(v)) return "accept";
  if (["reject", "rejected", "no", "n", "nej", "avvisa", "avvisad"].includes(v)) return "reject";
  return null;
}

/**
 * The decisions in an existing community CSV, by contribution id. A spreadsheet may have saved it
 * with semicolons or tabs; the header line tells which.
 */
export function readDecisions(path: string): Map<string, Decision | null> {
  const out = new Map<string, Decision | null>();
  if (!existsSync(path)) return out;
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].sort((a, b) => header.split(b).length - header.split(a).length)[0]!;
  const records = parse(text, { columns: true, delimiter, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<string, string>[];
  for (const r of records) {
    const id = (r.contribution_id ?? "").replace(/^'/, "").trim();
    if (id) out.set(id, readDecision(r.decision));
  }
  return out;
}

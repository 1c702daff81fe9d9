/**
 * `sync --prune` removes photos whose rows are gone from the manifest, so it must trust that
 * the manifest was read right. One stray `"` in a CSV can swallow the rows after it into a
 * cell: those rows then look "gone", and a prune would delete published photos (with their
 * comments and faves, which cannot be restored). A prune is refused when
 * - the manifest has a structural error (a row of the wrong shape, a parse error, …);
 * - an identifier to be pruned still appears in the manifest's text (inside another row's cell);
 * - more than a set share of the published collection would go (`--prune-max`, default 5 %).
 * `pruneRefusal` is pure; `guardPrune` reads the manifest's text for it.
 */
import { readFile } from "node:fs/promises";
import { EXIT, UserError } from "../errors.js";
import { decodeWholeFile } from "../manifest/decode.js";
import type { Issue } from "../issues.js";
import type { PlanItem } from "../plan/types.js";
import { SYNC_DEFAULTS } from "../defaults.js";

/** Largest share (percent) of the published collection one prune may remove. */
export const PRUNE_MAX_DEFAULT = SYNC_DEFAULTS.pruneMax;

export interface PruneGuardInput {
  /** Items the plan prunes (hides or deletes). */
  pruned: readonly Pick<PlanItem, "identifier" | "photoId">[];
  /** Photos published from this manifest (the state's items with a photo id). */
  published: number;
  /** Every issue of the manifest: per row, rows without an identifier, whole-file. */
  issues: readonly Issue[];
  /** The manifest as text (decoded), searched for the identifiers to prune. */
  text: string;
  /** --prune-max, in percent. */
  maxPercent: number;
}

/** Codes that say the manifest's rows may not have been read as written. */
export function isStructural(issue: Issue): boolean {
  return issue.severity === "error" && issue.code.startsWith("MANIFEST_");
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Does `identifier` occur in `text` as a whole value (not as part of a longer identifier)? */
export function mentions(text: string, identifier: string): boolean {
  const id = identifier.trim();
  if (id === "") return false;
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(id)}(?![\\p{L}\\p{N}_-])`, "u").test(text);
}

const list = (ids: readonly string[], max = 10) => `${ids.slice(0, max).join(", ")}${ids.length > max ? `, … (${ids.length} in all)` : ""}`;

/** Why the prune must not run, as a UserError; null when it may. */
export function pruneRefusal(input: PruneGuardInput): UserError | null {
  if (input.pruned.length === 0) return null;
  const structural = input.issues.filter(isStructural);
  if (structural.length > 0) {
    const rows = [...new Set(structural.map((i) => i.row).filter((r): r is number => r !== null && r !== undefined))];
    return new UserError(
      `nothing was pruned: the manifest has structural errors (${[...new Set(structural.map((i) => i.code))].join(", ")}${rows.length ? ` at row${rows.length > 1 ? "s" : ""} ${list(rows.map(String))}` : ""}), so rows may have been read wrong and ${input.pruned.length} photo${input.pruned.length === 1 ? "" : "s"} would be removed that may still be in it`,
      { code: "PRUNE_MANIFEST_ERRORS", exitCode: EXIT.INPUT, hint: "Run `heritage validate` and fix those rows (often a stray double quote or line break in a cell), then prune; or run sync without --prune." },
    );
  }
  const inText = input.pruned.filter((p) => mentions(input.text, p.identifier)).map((p) => p.identifier);
  if (inText.length > 0) {
    return new UserError(
      `nothing was pruned: ${list(inText)} ${inText.length === 1 ? "is" : "are"} to be pruned but still appear${inText.length === 1 ? "s" : ""} in the manifest, inside another row's cells; a row may have been swallowed by a stray quote`,
      { code: "PRUNE_ID_IN_MANIFEST", exitCode: EXIT.INPUT, hint: "Look for those identifiers in the manifest and check the row before them; fix it and sync again, or run sync without --prune." },
    );
  }
  const percent = input.published > 0 ? (input.pruned.length / input.published) * 100 : 100;
  if (percent > input.maxPercent) {
    return new UserError(
      `nothing was pruned: ${input.pruned.length} of ${input.published} published photos (${percent.toFixed(1)} %) would be removed, more than --prune-max ${input.maxPercent} %`,
      { code: "PRUNE_TOO_MANY", exitCode: EXIT.USAGE, hint: `Check that the manifest is the whole collection (${list(input.pruned.map((p) => p.identifier), 5)} would go). If so, pass --prune-max ${Math.ceil(percent)} to allow it.` },
    );
  }
  return null;
}

/** What `--prune delete` will delete, one line per photo, printed before asking. */
export function deletionList(pruned: readonly Pick<PlanItem, "identifier" | "photoId" | "file">[]): string {
  const lines = pruned.map((p) => `  ${p.identifier}  photo ${p.photoId ?? "?"}${p.file ? `  (${p.file})` : ""}`);
  return `These ${pruned.length} photo${pruned.length === 1 ? "" : "s"} will be DELETED from Flickr, with their comments, faves and views (this cannot be undone):\n${lines.join("\n")}\n`;
}

/** The items a plan prunes. */
export function prunedItems(items: readonly PlanItem[]): PlanItem[] {
  return items.filter((i) => i.actions.some((a) => a.kind === "prune-hide" || a.kind === "prune-delete"));
}

/**
 * Refuse (throw) a prune that cannot be trusted. Reads the manifest's text only when the plan
 * prunes something.
 */
export async function guardPrune(input: Omit<PruneGuardInput, "text" | "pruned"> & { items: readonly PlanItem[]; manifestPath: string }): Promise<void> {
  const pruned = prunedItems(input.items);
  if (pruned.length === 0) return;
  const { text } = await decodeWholeFile(new Uint8Array(await readFile(input.manifestPath)), input.manifestPath);
  const refusal = pruneRefusal({ ...input, pruned, text });
  if (refusal) throw refusal;
}

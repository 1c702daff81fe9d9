/**
 * Characters a reader cannot see but Flickr will publish: NUL and other control characters,
 * bidirectional overrides (U+202E turns "gpj.exe" into what looks like "exe.jpg"), zero-width
 * spaces, and lone UTF-16 surrogates (from a JSON/YAML "\ud800" escape; they become U+FFFD,
 * "�", when sent). The text is kept as written; each field that has one gets a warning naming
 * the characters, with the value shown with those characters made visible.
 */
import { warning, type Issue } from "../issues.js";
import type { ManifestItem } from "./types.js";

const NAMES: Record<number, string> = {
  0x00: "NUL",
  0x200b: "ZERO WIDTH SPACE",
  0x2060: "WORD JOINER",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE (BOM)",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
};

// Tab, line feed and carriage return are ordinary; zero-width joiners (U+200C/U+200D) are part
// of Persian, Indic scripts and emoji, so they are not flagged.
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const codePoint = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
const nameOf = (c: number): string => `${codePoint(c)}${NAMES[c] ? ` ${NAMES[c]}` : c < 0x20 || c === 0x7f ? " (control character)" : ""}`;

/** The text with hidden characters and lone surrogates shown as ⟨U+XXXX⟩, safe to print. */
export function visible(text: string): string {
  return text.replace(HIDDEN, (ch) => `⟨${codePoint(ch.charCodeAt(0))}⟩`).replace(LONE_SURROGATE, (ch) => `⟨${codePoint(ch.charCodeAt(0))}⟩`);
}

function fieldIssues(row: number, field: string, text: string): Issue[] {
  const issues: Issue[] = [];
  const hidden = [...new Set([...text.matchAll(HIDDEN)].map((m) => m[0].charCodeAt(0)))];
  if (hidden.length > 0) {
    const bidi = hidden.some((c) => c >= 0x202a && c <= 0x2069);
    issues.push(
      warning("TEXT_HIDDEN_CHARACTER", {
        row,
        field,
        value: visible(text),
        message: `${field} contains ${hidden.map(nameOf).join(", ")}, which will be published but cannot be seen${bidi ? " (a direction override can make the text read differently from what it holds)" : ""}`,
        hint: "Remove the character in the catalogue or the export unless it is meant to be there; heritage publishes the text as it is.",
      }),
    );
  }
  const lone = [...new Set([...text.matchAll(LONE_SURROGATE)].map((m) => m[0].charCodeAt(0)))];
  if (lone.length > 0) {
    issues.push(
      warning("TEXT_LONE_SURROGATE", {
        row,
        field,
        value: visible(text),
        message: `${field} contains half of a UTF-16 character pair (${lone.map(codePoint).join(", ")}), which is sent as "�" (U+FFFD)`,
        hint: 'The export wrote a broken "\\uD8xx" escape: a character (often an emoji or a rare CJK character) was cut in half. Fix it at the source.',
      }),
    );
  }
  return issues;
}

/** Warnings for every field (and extra column) of an item holding hidden characters. */
export function hiddenCharacterIssues(item: ManifestItem): Issue[] {
  const issues: Issue[] = [];
  const check = (field: string, value: string | readonly string[] | undefined) => {
    if (value === undefined) return;
    const text = typeof value === "string" ? value : value.join("\n");
    // search(), not test(): the patterns are global, and test() would move their lastIndex.
    if (text.search(HIDDEN) >= 0 || text.search(LONE_SURROGATE) >= 0) issues.push(...fieldIssues(item.row, field, text));
  };
  for (const [field, value] of Object.entries(item.values)) check(field, value);
  for (const [column, value] of Object.entries(item.extra)) check(column, value);
  return issues;
}

/**
 * JSON and YAML text → values, with syntax errors as UserErrors naming the file, line and
 * column and showing the line. Used for JSON/YAML manifests and for settings files.
 */
import YAML from "yaml";
import { UserError } from "../errors.js";
import { findJsonSyntaxError, lineColumn } from "./json-syntax.js";

/** The offending line with a caret under the column, for messages. */
function excerpt(text: string, line: number, column: number): string {
  const lineText = (text.split(/\r\n|\n|\r/)[line - 1] ?? "").replace(/\t/g, " ");
  const start = Math.max(0, column - 60);
  const shown = lineText.slice(start, start + 100);
  return `\n  ${shown}\n  ${" ".repeat(Math.max(0, column - 1 - start))}^`;
}

/** Parse JSON; a syntax error throws a UserError (MANIFEST_PARSE) with line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const found = findJsonSyntaxError(text);
    const where = found ? lineColumn(text, found.offset) : null;
    const detail = found?.message ?? (err instanceof Error ? err.message : String(err));
    const at = where ? ` at line ${where.line}, column ${where.column}` : "";
    throw new UserError(`Cannot parse ${file}: JSON syntax error${at}: ${detail}.${where ? excerpt(text, where.line, where.column) : ""}`, {
      code: "MANIFEST_PARSE",
      hint: where ? `Fix the JSON at line ${where.line}; an editor with JSON support highlights the spot.` : "Check the JSON syntax with an editor that supports JSON.",
    });
  }
}

/** Parse YAML into a Document (kept for its node positions and scalar sources). */
export function parseYamlText(text: string, file: string): YAML.Document.Parsed {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more error${doc.errors.length > 2 ? "s" : ""} after it)` : "";
    // yaml's pretty message already says "at line L, column C" and shows the line with a caret.
    const message = first.message.trimEnd().replace(/\n\n/, "\n");
    throw new UserError(`Cannot parse ${file}: YAML syntax error: ${message}${more}`, {
      code: "MANIFEST_PARSE",
      hint: pos
        ? `Fix the YAML at line ${pos.line}. YAML is sensitive to indentation: items of a list start with "- " at the same indent, and text containing ": " or "#" needs quotes.`
        : "Check the YAML syntax.",
    });
  }
  return doc;
}

/**
 * A YAML node as plain data, with every scalar kept as the text that was written: `0012`
 * stays "0012" (not 12), `59.30` stays "59.30", `yes` stays "yes". Null stays null, so an
 * empty value can be told apart from the text "null" in quotes.
 */
export function yamlToPlainText(node: unknown, doc: YAML.Document): unknown {
  if (YAML.isAlias(node)) return yamlToPlainText(node.resolve(doc), doc);
  if (YAML.isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? scalarText(pair.key) : String(yamlToPlainText(pair.key, doc));
      out[key] = yamlToPlainText(pair.value, doc);
    }
    return out;
  }
  if (YAML.isSeq(node)) return node.items.map((item) => yamlToPlainText(item, doc));
  if (YAML.isScalar(node)) return node.value === null || node.value === undefined ? null : scalarText(node);
  return node ?? null;
}

function scalarText(node: YAML.Scalar): string {
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}

/**
 * JSON and YAML text → values, with syntax errors as UserErrors naming the file, line and
 * column and showing the line. Used for JSON/YAML manifests and for settings files.
 *
 * Hostile documents are refused before they cost memory or stack: a size bound (YAML needs
 * about fifty times its size in memory), a nesting bound checked by a cheap scan before parsing
 * (the yaml parser and later recursive code run out of memory or stack long before 100,000
 * levels), and the yaml library's own alias guard (`maxAliasCount`), which every conversion to
 * values goes through — a "billion laughs" document is an error, not a 3.5 GB expansion.
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

/** Bounds on JSON and YAML documents (manifests and settings). */
export const STRUCTURED_LIMITS = {
  /** Nesting of lists and mappings; a manifest needs about 4, settings about 5. */
  maxDepth: 64,
  /** Columns of leading indentation on a YAML line (block nesting). */
  maxYamlIndent: 1000,
  /** Characters of a YAML document. */
  maxYamlChars: 64 * 1024 * 1024,
  /** The yaml library's guard: uses of one anchor, weighted by the aliases inside it. */
  maxAliasCount: 100,
} as const;

function tooDeep(file: string, where: string): UserError {
  return new UserError(`${file} is nested more than ${STRUCTURED_LIMITS.maxDepth} levels deep${where}; heritage does not read it.`, {
    code: "MANIFEST_TOO_DEEP",
    hint: "A manifest is a list of items whose values are texts or lists of texts, and settings nest a few levels at most. Check that this is the file you meant; if it was generated, fix the generator.",
  });
}

/**
 * The deepest nesting of [ ] and { } outside JSON strings, stopping as soon as it passes
 * `limit` (so a 100,000-deep document costs one short scan). Returns the offset where it did.
 */
export function nestingBeyond(text: string, limit: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** Parse JSON; a syntax error throws a UserError (MANIFEST_PARSE) with line and column. */
export function parseJsonText(text: string, file: string): unknown {
  const deep = nestingBeyond(text, STRUCTURED_LIMITS.maxDepth);
  if (deep !== null) {
    const at = lineColumn(text, deep);
    throw tooDeep(file, ` (at line ${at.line}, column ${at.column})`);
  }
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

/** Refuse a YAML text too large or too deeply indented / flow-nested to parse safely. */
function checkYamlBounds(text: string, file: string): void {
  if (text.length > STRUCTURED_LIMITS.maxYamlChars) {
    throw new UserError(`${file} is ${Math.round(text.length / 1024 / 1024)} MB of YAML, more than heritage reads (${STRUCTURED_LIMITS.maxYamlChars / 1024 / 1024} MB).`, {
      code: "MANIFEST_TOO_LARGE",
      hint: "Split the collection into several manifests, or export it as CSV (read as a stream, of any size).",
    });
  }
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      indent = 0;
      atLineStart = true;
    } else if (atLineStart && c === 0x20) {
      if (++indent > STRUCTURED_LIMITS.maxYamlIndent) throw tooDeep(file, ` (line ${line} is indented more than ${STRUCTURED_LIMITS.maxYamlIndent} spaces)`);
    } else atLineStart = false;
  }
  // Flow collections ([ ], { }); quotes in YAML plain text make this an over-estimate, which
  // the limit's headroom absorbs.
  const deep = nestingBeyond(text, STRUCTURED_LIMITS.maxDepth);
  if (deep !== null) throw tooDeep(file, ` (at line ${lineColumn(text, deep).line})`);
}

/** Parse YAML into a Document (kept for its node positions and scalar sources). */
export function parseYamlText(text: string, file: string): YAML.Document.Parsed {
  checkYamlBounds(text, file);
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

/** A UserError for a document the yaml library's alias guard refused. */
function aliasBomb(file: string, err: unknown): UserError {
  return new UserError(`${file} uses YAML aliases (*name) to repeat content more than heritage expands (${err instanceof Error ? err.message : String(err)}).`, {
    code: "MANIFEST_ALIAS_LIMIT",
    hint: `An anchor (&name) may be repeated by aliases (*name) about ${STRUCTURED_LIMITS.maxAliasCount} times, less when it holds aliases itself. Write the values out, or use settings.defaults for a value every item shares.`,
  });
}

/**
 * The whole document as JavaScript values, through the yaml library (and its alias guard).
 * Used for settings, which keep their YAML types (true, 16).
 */
export function yamlToJs(node: YAML.Document.Parsed | YAML.Node, doc: YAML.Document.Parsed, file: string): unknown {
  try {
    return YAML.isDocument(node) ? node.toJS({ maxAliasCount: STRUCTURED_LIMITS.maxAliasCount }) : node.toJS(doc, { maxAliasCount: STRUCTURED_LIMITS.maxAliasCount });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    if (/excessive alias/i.test(err.message)) throw aliasBomb(file, err);
    throw new UserError(`Cannot read ${file}: ${err.message}.`, { code: "MANIFEST_PARSE", hint: "Check the YAML anchors (&name) and aliases (*name): an alias must come after its anchor." });
  }
}

/**
 * A converter of this document's nodes to plain data, with every scalar kept as the text that was written: `0012`
 * stays "0012" (not 12), `59.30` stays "59.30", `yes` stays "yes". Null stays null, so an
 * empty value can be told apart from the text "null" in quotes.
 *
 * The document first goes through the library's conversion with its alias guard, which
 * refuses an alias bomb before anything is expanded here; aliases are then resolved from one
 * map of anchors (not a search of the document per alias), and depth is bounded.
 */
export function yamlPlainText(doc: YAML.Document.Parsed, file: string): (node: unknown) => unknown {
  yamlToJs(doc, doc, file);
  const anchors = anchorsOfAliases(doc);
  const convert = (n: unknown, depth: number): unknown => {
    if (depth > STRUCTURED_LIMITS.maxDepth) throw tooDeep(file, "");
    if (YAML.isAlias(n)) {
      const target = anchors.get(n);
      if (target === undefined) throw new UserError(`${file} uses the alias *${n.source} before its anchor &${n.source}.`, { code: "MANIFEST_PARSE", hint: `Define &${n.source} before using *${n.source}.` });
      return convert(target, depth + 1);
    }
    if (YAML.isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const pair of n.items) {
        const key = YAML.isScalar(pair.key) ? scalarText(pair.key) : String(convert(pair.key, depth + 1));
        out[key] = convert(pair.value, depth + 1);
      }
      return out;
    }
    if (YAML.isSeq(n)) return n.items.map((item) => convert(item, depth + 1));
    if (YAML.isScalar(n)) return n.value === null || n.value === undefined ? null : scalarText(n);
    return n ?? null;
  };
  return (node) => convert(node, 0);
}

/** Each alias → the node it names: the last node with that anchor before it, in document order. */
function anchorsOfAliases(doc: YAML.Document.Parsed): Map<YAML.Alias, YAML.Node> {
  const latest = new Map<string, YAML.Node>();
  const resolved = new Map<YAML.Alias, YAML.Node>();
  YAML.visit(doc, {
    Node(_key, node) {
      if (YAML.isAlias(node)) {
        const target = latest.get(node.source);
        if (target) resolved.set(node, target);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return resolved;
}

function scalarText(node: YAML.Scalar): string {
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}

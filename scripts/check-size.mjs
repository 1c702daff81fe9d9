#!/usr/bin/env node
/**
 * Size limits the project keeps (CONTRIBUTING.md): no file in src/ over 400 lines and no
 * function over 80. Run by `npm run lint:size`, part of `npm test`. Every offender is printed,
 * not just the first, so one run shows all that is left to split.
 *
 * A function's length is its source span, first line to last, nested functions included (an
 * 80-line function made of closures is still 80 lines to read). Data tables may be longer than
 * 400 lines; they are listed by name in DATA_TABLES with the reason.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
/** Files allowed over MAX_FILE_LINES because they are data, not logic (path from the repo root). */
const DATA_TABLES = new Map([
  // (none today; add e.g. ["src/map/some-table.ts", "the vocabulary as published"])
]);

const root = fileURLToPath(new URL("..", import.meta.url));
const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src"];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield path;
  }
}

function functionName(node, sf) {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  // `const f = () => …`, `key: function () …`, `{ key() {} }`
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
    return parent.name.getText(sf);
  }
  return "(anonymous)";
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

const offenders = [];
let files = 0;
for (const dir of dirs) {
  for (const file of sourceFiles(join(root, dir))) {
    files++;
    const text = readFileSync(file, "utf8");
    const rel = relative(root, file).split("\\").join("/");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const fileLines = sf.getLineAndCharacterOfPosition(text.length).line + (text.endsWith("\n") ? 0 : 1);
    if (fileLines > MAX_FILE_LINES && !DATA_TABLES.has(rel)) {
      offenders.push(`${rel}: file has ${fileLines} lines (limit ${MAX_FILE_LINES})`);
    }
    const visit = (node) => {
      if (isFunction(node) && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > MAX_FUNCTION_LINES) {
          offenders.push(`${rel}:${start + 1}: function ${functionName(node, sf)} has ${lines} lines (limit ${MAX_FUNCTION_LINES})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}

if (offenders.length > 0) {
  process.stderr.write(`${offenders.join("\n")}\n${offenders.length} over the size limits in ${files} files: split them (CONTRIBUTING.md, "small modules").\n`);
  process.exit(1);
}
process.stdout.write(`size: ${files} files within ${MAX_FILE_LINES} lines, functions within ${MAX_FUNCTION_LINES}\n`);

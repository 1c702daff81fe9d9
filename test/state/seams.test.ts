/**
 * The state's seam: no module outside src/state/ writes SQL. Everything else reads and writes
 * the state through the facets of `openState` (items, albums, runs, account), so the schema can
 * change in one place. `npm run lint:layers` forbids importing better-sqlite3 elsewhere; this
 * test catches what an import rule cannot see — a module reaching the state's own connection
 * (`store.db`) or holding SQL text.
 *
 * Two other SQLite files are allowed their own SQL, each behind one typed class in one file:
 * - src/publish/budget-ledger.ts: the per-user API budget shared by every manifest's runs
 *   (`~/.local/state/heritage/api-budget.sqlite`). It is not a manifest's state and is never
 *   opened by openState; it belongs with the budget it keeps.
 * - src/sandbox/persistence.ts: the sandbox's own store of its fake Flickr, a test double.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";

const ROOT = REPO_ROOT;
const ALLOWED = new Set(["src/publish/budget-ledger.ts", "src/sandbox/persistence.ts"]);

const RULES: { what: string; pattern: RegExp }[] = [
  { what: "the state's connection (store.db)", pattern: /\.db\b(?![-\w])/ },
  { what: "a better-sqlite3 handle", pattern: /from\s+["']better-sqlite3["']|import\(\s*["']better-sqlite3["']\s*\)/ },
  { what: "a prepared statement or pragma", pattern: /\.(prepare|pragma)\(/ },
  // A RegExp's exec is not SQL: only `db.exec(` / `.transaction(` on a handle named db count.
  { what: "SQL run on a handle", pattern: /\bdb\.(exec|transaction|run)\(/ },
  { what: "SQL text", pattern: /["'`]\s*(SELECT\s+[\w*]|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))/ },
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split("\\").join("/"));
}

function offences(file: string): string[] {
  const out: string[] = [];
  readFileSync(join(ROOT, file), "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (/^\s*(\*|\/\/)/.test(line)) return; // comments may name what they explain
      for (const rule of RULES) if (rule.pattern.test(line)) out.push(`${file}:${i + 1}: ${rule.what}: ${line.trim()}`);
    });
  return out;
}

test("no module outside src/state/ writes SQL or reaches the state's connection (bench/ and scripts/ neither)", (t) => {
  const files = ["src", "bench", "scripts"]
    .flatMap((d) => tsFiles(join(ROOT, d)))
    .filter((f) => !f.startsWith("src/state/") && !ALLOWED.has(f));
  t.true(files.length > 100, "the walk found the source files");
  t.deepEqual(files.flatMap(offences), []);
});

test("the check sees what it forbids", (t) => {
  const probe = (line: string) => RULES.some((r) => r.pattern.test(line));
  t.true(probe(`store.db.prepare("SELECT value FROM meta").get()`));
  t.true(probe(`const readonly = state.db.readonly;`));
  t.true(probe(`import Database from "better-sqlite3";`));
  t.true(probe(`run("INSERT OR REPLACE INTO prunes (a) VALUES (?)")`));
  t.true(probe("`UPDATE items SET status = 'x'`"));
  t.false(probe(`const m = /^(\\d+)$/.exec(value);`));
  t.false(probe(`if (t.tagName === "SELECT") return;`));
  t.false(probe(`store.items.get("A1")`));
  t.false(probe(`const verb = "DELETE from Flickr";`));
});

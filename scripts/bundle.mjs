// Builds dist/ for bin/heritage.js: src/cli.ts and everything it imports, heritage's modules and
// its pure-JavaScript dependencies, bundled by esbuild into a few files (one per lazily loaded
// command), after tsc has type-checked the source. A command used to load about 430 modules
// one by one at start-up (zod alone is 95 files); bundled, `heritage sync` on a one-row
// manifest starts in about two thirds of the time (docs/decisions.md, "One bundle for the CLI").
// The tests run tsc's own output (build/), so this only changes how the CLI is packaged.
import { build } from "esbuild";
import { rmSync } from "node:fs";

/**
 * Left to Node's resolution at run time: native addons (sharp, better-sqlite3, which find their
 * binaries beside their own files) and sanitize-html, which heritage loads only when a
 * description needs it (src/map/description.ts).
 */
const EXTERNAL = ["sharp", "better-sqlite3", "sanitize-html"];

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  external: EXTERNAL,
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "linked",
  logLevel: "warning",
  // Bundled CommonJS dependencies call require() for Node's own modules; an ES module has none.
  banner: { js: 'import { createRequire as __heritageRequire } from "node:module"; const require = __heritageRequire(import.meta.url);' },
});

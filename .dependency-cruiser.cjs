/**
 * The layering heritage keeps (checked by `npm run lint:layers`, part of `npm test`).
 * Type-only imports count too (tsPreCompilationDeps: true): a type cycle is still two modules
 * that cannot be read apart, and a pure module that names an I/O module's types depends on it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle means two modules are one module in two files; split what they share.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "pure-mapping-and-planning",
      severity: "error",
      comment:
        "map/ and plan/ decide; they do no I/O. sharp, SQLite, the network and the disk are passed in by the edges.",
      from: { path: "^src/(map|plan)/" },
      to: {
        path: [
          "^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads|readline|os)$",
          "node_modules/(better-sqlite3|sharp|exifr|flickr-sdk|cli-progress|yargs|playwright-core)/",
          "^src/(image|publish|sync|sandbox|commands|preview|validate|status|doctor|community)/",
          // The state's plain types (item-state.ts) may be read; the store and its SQL may not.
          "^src/state/(?!item-state\\.ts$)",
          "^src/flickr/(client|transport|auth|credentials)\\.ts$",
        ],
      },
    },
    {
      name: "library-never-imports-commands",
      severity: "error",
      comment: "The yargs modules in commands/ are the outermost shell; library code is called by them, never the reverse.",
      from: { path: "^src/", pathNot: ["^src/commands/", "^src/cli\\.ts$"] },
      to: { path: "^src/commands/" },
    },
    {
      name: "sqlite-only-behind-the-state",
      severity: "error",
      comment:
        "Only src/state/ writes the state's SQL; everything else uses the facets openState returns (items, albums, runs, account). " +
        "Two other SQLite files keep their SQL in one typed class each: the per-user API budget ledger (not a manifest's state, " +
        "never opened by openState) and the sandbox's own store. test/state/seams.test.ts checks what an import rule cannot see (store.db, SQL text).",
      from: { path: "^src/", pathNot: ["^src/state/", "^src/publish/budget-ledger\\.ts$", "^src/sandbox/persistence\\.ts$"] },
      to: { path: "node_modules/better-sqlite3/" },
    },
    {
      name: "first-half-in-collection",
      comment:
        "A collection is opened and its rows validated in one place, src/collection/ (validate, preview, publish, sync and state rebuild read it through there). Reading the rows another way would give another count, another issue list, another planner input.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/(collection|manifest|validate)/", "^src/community/open\\.ts$"] },
      // community/open.ts reads the raw catalogue links for harvest (no validation); it is the next to move.
      to: { path: ["^src/manifest/open\\.ts$", "^src/validate/validate\\.ts$"] },
    },
    {
      name: "publish-never-imports-sync",
      comment:
        "heritage sync is the publish run with phases of its own (src/sync/run.ts): sync builds on publish, never the reverse, so the two do not become one module in two folders.",
      severity: "error",
      from: { path: "^src/publish/" },
      to: { path: "^src/sync/" },
    },
    {
      name: "product-never-imports-sandbox",
      severity: "error",
      comment:
        "The sandbox is a test double that ships for rehearsals; only the modules that start a rehearsal may load it.",
      from: {
        path: "^src/",
        // connect.ts starts a --sandbox rehearsal; summary.ts shows what the rehearsal holds.
        pathNot: ["^src/sandbox/", "^src/commands/sandbox\\.ts$", "^src/publish/connect\\.ts$", "^src/publish/summary\\.ts$"],
      },
      to: { path: "^src/sandbox/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};

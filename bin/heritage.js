#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ (built by `npm install` through the "prepare"
// script, or by `npm run build`; scripts/bundle.mjs). With --debug the bundle's source maps are
// read, so a stack trace names heritage's TypeScript files and lines; otherwise they cost nothing.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
const { main } = await import("../dist/cli.js");

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

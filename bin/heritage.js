#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the
// "prepare" script, or by `npm run build`).
import { main } from "../dist/cli.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

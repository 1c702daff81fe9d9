/**
 * Where a manifest's state lives: `<manifest folder>/.heritage/<manifest base name>/` unless
 * `--state DIR` says otherwise. One folder per manifest: the database, the run log, the cache
 * of upload copies and the result CSV.
 */
import { basename, dirname, extname, join, resolve } from "node:path";

export interface StatePaths {
  dir: string;
  database: string;
  runLog: string;
  copies: string;
  resultsCsv: string;
}

export function statePathsFor(manifestPath: string, override?: string | null): StatePaths {
  const base = basename(manifestPath, extname(manifestPath));
  const dir = override ? resolve(override) : join(dirname(resolve(manifestPath)), ".heritage", base);
  return {
    dir,
    database: join(dir, "state.sqlite"),
    runLog: join(dir, "log.jsonl"),
    copies: join(dir, "copies"),
    resultsCsv: join(dir, `${base}-flickr.csv`),
  };
}

/**
 * Where a manifest's state lives: `<manifest folder>/.heritage/<manifest base name>/` unless
 * `--state DIR` says otherwise. One folder per manifest: the database, the run log, the cache
 * of upload copies and the result CSV.
 *
 * A rehearsal keeps its own state, so that publishing to a sandbox can never make the real run
 * believe the collection is already on Flickr: `--sandbox` in `<state>/sandbox/`, any other
 * endpoint (a `heritage sandbox` server, a test double) in `<state>/endpoint-<host>-<port>/`
 * beside the manifest. An explicit `--state DIR` for an endpoint is taken as given; the state's
 * recorded endpoint still guards it (see checkStateTarget).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";

export interface StatePaths {
  dir: string;
  database: string;
  runLog: string;
  copies: string;
  resultsCsv: string;
  /** The lock file a run holds open (an exclusive SQLite lock the OS releases when it dies). */
  lock: string;
}

/** Which Flickr a state is for: the real one, the in-process sandbox, or an endpoint URL. */
export interface StateTarget {
  sandbox?: boolean;
  /** A resolved endpoint URL (not Flickr's own); null or absent for Flickr. */
  endpoint?: string | null;
}

/** The name a state records for its target: "flickr", "sandbox" or the endpoint URL. */
export function targetName(target: StateTarget = {}): string {
  if (target.sandbox) return "sandbox";
  return target.endpoint ? target.endpoint : "flickr";
}

/** A folder name for an endpoint: readable host and port, plus a short hash when a path makes it ambiguous. */
export function endpointFolder(endpoint: string): string {
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    url = null;
  }
  const host = url ? `${url.hostname}${url.port ? `-${url.port}` : ""}` : endpoint;
  const path = url ? url.pathname.replace(/\/+$/, "") : "";
  const safe = host.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^[.-]+/, "").slice(0, 80) || "endpoint";
  const suffix = path ? `-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}` : "";
  return `endpoint-${safe}${suffix}`;
}

function pathsIn(dir: string, base: string, copies?: string): StatePaths {
  return {
    dir,
    database: join(dir, "state.sqlite"),
    runLog: join(dir, "log.jsonl"),
    copies: copies ?? join(dir, "copies"),
    resultsCsv: join(dir, `${base}-flickr.csv`),
    lock: join(dir, "run.lock"),
  };
}

export function statePathsFor(manifestPath: string, override?: string | null, target: StateTarget = {}): StatePaths {
  const base = basename(manifestPath, extname(manifestPath));
  const root = override ? resolve(override) : join(dirname(resolve(manifestPath)), ".heritage", base);
  // Upload copies depend only on the masters and settings: every target shares the cache.
  const copies = join(root, "copies");
  if (target.sandbox) return pathsIn(join(root, "sandbox"), base, copies);
  if (target.endpoint && !override) return pathsIn(join(root, endpointFolder(target.endpoint)), base, copies);
  return pathsIn(root, base);
}

/** The rehearsal states beside Flickr's in a state folder (`sandbox/`, `endpoint-…/`), for hints. */
export function rehearsalStates(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => (name === "sandbox" || name.startsWith("endpoint-")) && existsSync(join(dir, name, "state.sqlite")))
      .sort();
  } catch {
    return [];
  }
}

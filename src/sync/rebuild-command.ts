/**
 * The `heritage state rebuild` command: a new state from what Flickr holds. Refuses to touch a
 * state that already records items (move it aside first): rebuilding is for a lost state.
 */
import { existsSync, renameSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { CommandIO } from "../command-io.js";
import { EXIT, UserError, isUserError } from "../errors.js";
import { withStateErrors } from "../state/errors.js";
import { openCollection } from "../collection/open.js";
import { collectPlanInputs } from "../collection/collect.js";
import { statePathsFor } from "../state/paths.js";
import { openState } from "../state/open.js";
import { acquireRunLock } from "../state/lock.js";
import { connect, sandboxDataDir } from "../publish/connect.js";
import { rebuildState, type RebuildReport } from "./rebuild.js";

export interface RebuildOptions {
  manifest: string;
  state: string | null;
  /** The endpoint, resolved by the command (--endpoint, else HERITAGE_FLICKR_ENDPOINT); null: Flickr. */
  endpoint: string | null;
  quota: number;
  json: boolean;
  /** Move an existing state aside (to state.sqlite.bak-<time>) instead of refusing. */
  force: boolean;
  /** Tests: a smaller search result cap than Flickr's 4,000. */
  searchCap?: number;
}

export function formatRebuild(report: RebuildReport, where: string): string {
  const lines = [`Rebuilt ${where}: ${report.adopted} item${report.adopted === 1 ? "" : "s"} found on Flickr, ${report.albums} album${report.albums === 1 ? "" : "s"} (${report.searches} search quer${report.searches === 1 ? "y" : "ies"}).`];
  if (report.differing.length) {
    lines.push(`${report.differing.length} differ from the manifest (\`heritage sync\` will push the manifest's values):`);
    for (const d of report.differing.slice(0, 20)) lines.push(`  ${d.identifier}: ${d.groups.join(", ")}`);
  }
  if (report.notFound.length) lines.push(`${report.notFound.length} not on Flickr (\`heritage sync\` uploads them): ${report.notFound.slice(0, 20).join(", ")}${report.notFound.length > 20 ? ", …" : ""}`);
  for (const d of report.duplicates) lines.push(`found twice: ${d.identifier} is on Flickr as ${d.photoIds.join(" and ")}; not recorded — delete the extra photo on Flickr, then rebuild again`);
  for (const u of report.unknown.slice(0, 20)) lines.push(`not in the manifest: photo ${u.photoId} (${u.tag})`);
  return `${lines.join("\n")}\n`;
}

/**
 * A damaged state (not a database, truncated, its WAL lost) or one that records items is
 * replaced only with --force, and then kept aside as a .bak file.
 */
function setAsideOldState(io: CommandIO, database: string, force: boolean): void {
  if (!existsSync(database)) return;
  let items: number | null = null;
  try {
    const existing = openState(database, { readonly: true });
    try {
      items = withStateErrors(database, () => existing.items.list().length);
    } finally {
      existing.close();
    }
  } catch (e) {
    if (!(isUserError(e) && e.code === "STATE_DAMAGED" && force)) throw e;
  }
  if (items !== null && items > 0 && !force) {
    throw new UserError(`the state ${relative(io.cwd, database)} already records ${items} items; rebuild makes a new one`, {
      code: "STATE_EXISTS",
      exitCode: EXIT.USAGE,
      hint: "Pass --force to move it aside (it is kept as a .bak file), or --state DIR for a new state elsewhere.",
    });
  }
  if (items === null || items > 0) {
    const backup = `${database}.bak-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(database + suffix)) renameSync(database + suffix, backup + suffix);
    io.stderr.write(`The old state was moved to ${relative(io.cwd, backup)}.\n`);
  }
}

export async function runRebuildCommand(io: CommandIO, options: RebuildOptions): Promise<number> {
  const collection = await openCollection(options.manifest, { cwd: io.cwd });
  const settings = collection.settings;
  const paths = statePathsFor(resolve(io.cwd, options.manifest), options.state ? resolve(io.cwd, options.state) : null, { endpoint: options.endpoint });
  setAsideOldState(io, paths.database, options.force);
  const store = openState(paths.database);
  const lock = acquireRunLock(store, { command: "state rebuild" });
  const connection = await connect(io, { sandbox: false, sandboxDataDir: sandboxDataDir(paths.dir), endpoint: options.endpoint, quota: options.quota, timeoutMs: null, json: options.json }, settings, store);
  try {
    // A new state: no master is known yet, so every one is read (its fingerprint is recorded).
    const collected = await collectPlanInputs(collection.rows({ now: new Date() }));
    const account = await connection.account(store, "write");
    const report = await rebuildState(connection.call, store, collected.inputs.filter((i) => i.errors.length === 0 || i.source !== null), {
      namespace: settings.namespace,
      owner: account.nsid,
      now: Math.floor(Date.now() / 1000),
      ...(options.searchCap ? { searchCap: options.searchCap } : {}),
      ...(io.time ? { sleep: io.time.sleep } : {}),
    });
    io.stdout.write(options.json ? `${JSON.stringify({ schema: "heritage.rebuild/1", state: paths.database, api_calls: connection.transport.total(), ...report }, null, 2)}\n` : formatRebuild(report, relative(io.cwd, paths.database)));
    return report.duplicates.length > 0 ? EXIT.INPUT : EXIT.OK;
  } finally {
    lock.release();
    store.close();
    await connection.close();
  }
}

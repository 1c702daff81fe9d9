/**
 * What harvest, moderate and report share: the manifest's settings and catalogue links, the
 * state (which must exist: these commands come after publishing), the community tables, and a
 * connection to Flickr made only when needed, through the same budget, retries and account
 * checks as publish.
 */
import { existsSync } from "node:fs";
import { basename, extname, join, relative, resolve } from "node:path";
import type { CommandIO } from "../command-io.js";
import { UserError } from "../errors.js";
import { openManifest } from "../manifest/open.js";
import type { Settings } from "../settings/schema.js";
import { rehearsalStates, statePathsFor, type StatePaths } from "../state/paths.js";
import { type StateStore } from "../state/store.js";
import { openState } from "../state/open.js";
import { CommunityState } from "../state/community.js";
import { connect, sandboxDataDir, type Connection } from "../publish/connect.js";

export interface ConnectionOptions {
  state: string | null;
  quota: number;
  endpoint: string | null;
  sandbox: boolean;
  timeoutMs: number | null;
  json: boolean;
}

export interface CommunityContext {
  settings: Settings;
  /** The collection folder (masters, for the report's thumbnails). */
  collection: string;
  /** The manifest's base name, for file names. */
  name: string;
  paths: StatePaths;
  store: StateStore;
  community: CommunityState;
  /** Published photo id → identifier. */
  identifiers: Map<string, string>;
  /** identifier → catalogue record URL. */
  catalogue: Map<string, string>;
  /** The account the state belongs to (the photos' owner). */
  nsid: string | null;
  show(path: string): string;
  connect(): Promise<Connection>;
  close(): Promise<void>;
}

async function catalogueLinks(manifest: string, cwd: string): Promise<{ settings: Settings; collection: string; links: Map<string, string> }> {
  const opened = await openManifest(manifest, { cwd });
  const links = new Map<string, string>();
  for await (const { item } of opened.rows()) {
    const id = item.values.identifier;
    if (typeof id !== "string" || !id) continue;
    const url = item.values.source_url;
    const explicit = typeof url === "string" ? url : undefined;
    const t = opened.source.settings.community.catalogue_url;
    const fromTemplate = t ? t.replaceAll("{identifier}", encodeURIComponent(id)) : undefined;
    const link = explicit ?? fromTemplate;
    if (link) links.set(id, link);
  }
  return { settings: opened.source.settings, collection: opened.source.collection, links };
}

/** `readonly` (a dry run, the report): nothing is written, not even a schema upgrade. */
export async function openCommunity(ctx: CommandIO, manifest: string, options: ConnectionOptions & { readonly?: boolean }): Promise<CommunityContext> {
  const manifestPath = resolve(ctx.cwd, manifest);
  const { settings, collection, links } = await catalogueLinks(manifest, ctx.cwd);
  // The same state a publish against this Flickr wrote: a rehearsal's (--sandbox, --endpoint) is its own.
  const target = { sandbox: options.sandbox, endpoint: options.sandbox ? null : options.endpoint };
  const paths: StatePaths = statePathsFor(manifestPath, options.state ? resolve(ctx.cwd, options.state) : null, target);
  if (!existsSync(paths.database)) {
    const rehearsals = options.state || target.sandbox || target.endpoint ? [] : rehearsalStates(paths.dir);
    throw new UserError(`nothing has been published from ${manifest} yet (no state at ${paths.database})`, {
      code: "STATE_MISSING",
      hint: rehearsals.length
        ? `Only rehearsals have a state: ${rehearsals.join(", ")}. Pass --sandbox or --endpoint URL (as given to publish) to work on one.`
        : "harvest, moderate and report work on a published collection: run `heritage publish` first, or pass --state if the state lives elsewhere.",
    });
  }
  let store: StateStore;
  try {
    store = openState(paths.database, { readonly: options.readonly ?? false });
  } catch (err) {
    if (!(err instanceof UserError) || err.code !== "STATE_OLD") throw err;
    throw new UserError(`the state ${paths.database} was written before harvests existed and has no harvest yet`, {
      code: "NO_HARVEST",
      hint: `Run \`heritage harvest ${manifest}\` (without --dry-run): it upgrades the state and makes the first harvest, reading every published photo once.`,
    });
  }
  const community = new CommunityState(store);
  const identifiers = new Map<string, string>();
  for (const item of store.items.list({ lazyValues: true })) if (item.photoId && item.upload === "done") identifiers.set(item.photoId, item.identifier);
  let connection: Connection | null = null;
  return {
    settings,
    collection,
    name: basename(manifestPath, extname(manifestPath)),
    paths,
    store,
    community,
    identifiers,
    catalogue: links,
    nsid: store.account.get("nsid"),
    show: (p) => relative(ctx.cwd, p) || ".",
    connect: async () =>
      (connection ??= await connect(
        ctx,
        { sandbox: options.sandbox, sandboxDataDir: sandboxDataDir(paths.dir), endpoint: target.endpoint, quota: options.quota, timeoutMs: options.timeoutMs, json: options.json },
        settings,
        store,
      )),
    close: async () => {
      store.close();
      await (connection as Connection | null)?.close();
    },
  };
}

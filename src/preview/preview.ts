/**
 * `heritage preview`: validate a manifest, read what the state says (read-only, when there is
 * one), make the pictures, build the preview model and write the report folder. The pictures
 * are made while the rows are still being validated. Only this module and the ones it calls
 * for I/O (display-images, write-report) touch the disk; the model and the HTML are pure.
 */
import { join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { error, type Issue } from "../issues.js";
import type { SharpModule } from "../image/sharp-module.js";
import { openCollection, type Collection } from "../collection/open.js";
import type { CollectionRows } from "../collection/rows.js";
import { readStateSnapshot, type StateSnapshot } from "../collection/state-snapshot.js";
import { statePathsFor, type StateTarget } from "../state/paths.js";
import { DisplayImageMaker, type DisplayImageStats } from "./display-images.js";
import { unviewableReason } from "./image-reason.js";
import type { PreviewSource } from "./item.js";
import { buildPreviewModel } from "./model.js";
import { renderPreviewPage } from "./render-page.js";
import type { PreviewImage, PreviewSummary } from "./types.js";
import { writeIndexHtml } from "./write-report.js";

export const PREVIEW_DEFAULTS = {
  /** Flickr's API budget: about 3,600 calls per hour per key (publish's --quota default too). */
  quota: 3600,
  /** Rows probed and masters decoded at once. */
  concurrency: 4,
} as const;

export interface PreviewOptions {
  /** The manifest, as the user named it. */
  manifest: string;
  /** Where relative paths are resolved from. */
  cwd: string;
  /** Report folder. Default: `<state folder>/preview`. */
  out?: string | null;
  /** State folder. Default: `.heritage/<manifest name>/` beside the manifest. */
  state?: string | null;
  /** Which Flickr's state to show: a rehearsal's (--sandbox, --endpoint) or Flickr's (default). */
  target?: StateTarget;
  /** API calls per hour for the time estimates. @default 3600 */
  quota?: number;
  /** Rows probed and masters decoded at once. @default 4 */
  concurrency?: number;
  sharp?: SharpModule;
  /** "Now", for dates in the future and the report's date. */
  now?: Date;
  toolVersion: string;
  /** Ctrl-C: stop reading rows and making pictures; the pictures made so far stay cached. */
  signal?: AbortSignal;
}

/** The run was stopped (Ctrl-C) before the report was written. */
export interface PreviewInterrupted {
  interrupted: true;
  outDir: string;
  /** Pictures made before the stop: the next preview reuses them. */
  made: number;
}

export interface PreviewResult {
  interrupted?: false;
  /** The report's page. */
  indexPath: string;
  outDir: string;
  /** Size of index.html in bytes. */
  bytes: number;
  summary: PreviewSummary;
  collectionIssues: number;
  hasState: boolean;
  images: DisplayImageStats & { placeholders: number; pruned: number };
  /** Wall-clock milliseconds: whole run, and the rendering of the page alone. */
  ms: { total: number; render: number };
}

/** The error `validate --deep` gives a master that cannot be decoded, on the preview's row. */
function decodeIssue(v: { row: number; identifier: string | null; file: string | null }, reason: string): Issue {
  return error("IMAGE_CORRUPT", {
    row: v.row,
    identifier: v.identifier,
    field: "file",
    value: v.file ?? "",
    message: `The image cannot be decoded: ${reason}`,
    hint: "Re-export or restore the master; `heritage validate --deep` checks every file this way.",
  });
}

/** The rows read, and their pictures (being made while the rows are read). */
interface ReadRows {
  sources: PreviewSource[];
  pictures: Promise<[number, PreviewImage]>[];
  placeholders: number;
}

/**
 * Read every row, keeping what the report needs (not the probe: the embedded metadata of 5,000
 * masters adds up), and start its picture; a row that cannot be shown gets a placeholder.
 */
async function readRows(rows: CollectionRows, maker: DisplayImageMaker, signal: AbortSignal | undefined): Promise<ReadRows> {
  const out: ReadRows = { sources: [], pictures: [], placeholders: 0 };
  for await (const v of rows) {
    if (signal?.aborted) break;
    const entry: PreviewSource = { row: v.row, identifier: v.identifier, file: v.file, mapped: v.mapped, source: v.source, issues: v.issues };
    out.sources.push(entry);
    const reason = unviewableReason(v);
    if (reason !== null || v.path === null || v.source === null) {
      out.placeholders++;
      out.pictures.push(Promise.resolve([v.row, { kind: "placeholder", reason: reason ?? "The file could not be read." }]));
      continue;
    }
    out.pictures.push(
      maker.make(v.path, v.source.sha256).then((r) => {
        // The preview decodes every master anyway: one it cannot decode would fail at publish.
        if ("decodeError" in r && r.decodeError !== undefined) entry.issues = [...entry.issues, decodeIssue(v, r.decodeError)];
        return [v.row, r.image];
      }),
    );
  }
  return out;
}

/** Build the model and write the page; returns the page's size and how long rendering took. */
async function writeReport(options: PreviewOptions, collection: Collection, state: StateSnapshot | null, read: ReadRows & { images: ReadonlyMap<number, PreviewImage>; collectionIssues: Issue[] }, outDir: string, now: Date) {
  const { source } = collection;
  const renderStarted = performance.now();
  const model = buildPreviewModel({
    manifest: relative(options.cwd, source.path) || source.path,
    collection: relative(options.cwd, source.collection) || ".",
    institution: source.settings.institution ?? null,
    generatedAt: now,
    toolVersion: options.toolVersion,
    sources: read.sources,
    images: read.images,
    collectionIssues: read.collectionIssues,
    states: state ? state.items : null,
    accountDefaultLicense: state?.account.accountDefaultLicense ?? null,
    existingAlbums: state?.albums ?? [],
    quota: options.quota ?? PREVIEW_DEFAULTS.quota,
    owner: state?.account.nsid ?? null,
  });
  const html = renderPreviewPage(model);
  const render = performance.now() - renderStarted;
  const written = await writeIndexHtml(outDir, html);
  return { model, written, render };
}

/** Generate the report for a manifest. Throws a UserError when the manifest cannot be read. */
export async function generatePreview(options: PreviewOptions): Promise<PreviewResult | PreviewInterrupted> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const collection = await openCollection(options.manifest, { cwd: options.cwd });
  const paths = statePathsFor(collection.source.path, options.state ? resolve(options.cwd, options.state) : null, options.target ?? {});
  const outDir = options.out ? resolve(options.cwd, options.out) : join(paths.dir, "preview");
  const state = readStateSnapshot(paths.database);
  const concurrency = Math.max(1, options.concurrency ?? PREVIEW_DEFAULTS.concurrency);
  const maker = new DisplayImageMaker({
    outDir,
    maxPixels: collection.settings.images.max_pixels,
    concurrency,
    ...(options.sharp ? { sharp: options.sharp } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A published master whose size and mtime still match the state is not probed again (as in publish).
  const rows = collection.rows({ now, concurrency, states: state?.byIdentifier ?? new Map(), ...(options.sharp ? { sharp: options.sharp } : {}) });
  const read = await readRows(rows, maker, options.signal);
  const collectionIssues = rows.collectionIssues();
  const images = new Map(await Promise.all(read.pictures));
  // Stopped: no half report (and no pruning: the pictures not reached yet are still wanted).
  if (options.signal?.aborted) return { interrupted: true, outDir, made: maker.stats.made };
  const pruned = await maker.prune();
  const { model, written, render } = await writeReport(options, collection, state, { ...read, images, collectionIssues }, outDir, now);
  return {
    indexPath: written.path,
    outDir,
    bytes: written.bytes,
    summary: model.summary,
    collectionIssues: collectionIssues.length,
    hasState: model.hasState,
    images: { ...maker.stats, placeholders: read.placeholders + maker.stats.failed, pruned },
    ms: { total: performance.now() - started, render },
  };
}

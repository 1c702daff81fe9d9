/**
 * Validation of a whole collection: every row is read (as a stream), mapped to Flickr's
 * fields, its file resolved and probed (concurrently, without decoding pixels unless --deep),
 * and checked against the rows before it. Every problem becomes an Issue; nothing here prints,
 * exits or writes. Items come out in manifest order whatever order the probes finish in.
 */
import { hiddenCharacterIssues } from "../manifest/hidden-characters.js";
import { stat } from "node:fs/promises";
import pLimit from "p-limit";
import { CANONICAL_FIELDS } from "../fields.js";
import { error, warning, type Issue } from "../issues.js";
import type { FieldValue, ManifestItem, ManifestSource, OpenedManifest } from "../manifest/types.js";
import { mapItem, type MappedItem } from "../map/item.js";
import { checkTemplate, templateFields } from "../map/template.js";
import { DEFAULT_DESCRIPTION_TEMPLATE } from "../map/description.js";
import { createCollectionResolver, type CollectionResolver } from "../image/resolve-path.js";
import { probeImage } from "../image/probe.js";
import { hashFile, stampOf, type FileStamp, type HashedFile } from "../image/hash-content.js";
import { memoryFileHashes, type FileHashCache } from "../state/file-hashes.js";
import type { ImageProbe } from "../image/types.js";
import type { SharpModule } from "../image/sharp-module.js";
import { compareEmbedded, fillFromEmbedded } from "../image/compare-embedded.js";
import { deepCheckImage } from "../image/deep-check.js";
import { SameContentIndex, type ContentMember } from "./same-content.js";

export interface ValidatedItem {
  row: number;
  identifier: string | null;
  /** The file as written in the manifest. */
  file: string | null;
  /** The master's absolute path, when it resolved inside the collection. */
  path: string | null;
  mapped: MappedItem;
  /** Header probe of the master; null when missing/unreadable, or when a known fingerprint matched. */
  probe: ImageProbe | null;
  /**
   * The master's fingerprint (size, mtime, content hash), when known: always when the file was
   * readable and `contentHash` is "always"; with "when-needed", only when it had to be hashed.
   */
  source: { size: number; mtimeMs: number; sha256: string } | null;
  /** Every issue of this row, in a stable order. */
  issues: Issue[];
}

export interface ValidateOptions {
  /** Decode every image fully. */
  deep?: boolean;
  /** Probes at once. @default 4 */
  concurrency?: number;
  /** "Now", for dates in the future. */
  now?: Date;
  sharp?: SharpModule;
  /**
   * A fingerprint already known for an item (publish/sync): when the file's size and mtime
   * still match it, the file is not probed again.
   */
  knownSource?: (identifier: string) => { size: number; mtimeMs: number; sha256: string } | null;
  /**
   * "always" (the default: publish, sync and rebuild record every master's fingerprint) reads
   * each master in full for its sha256, unless the hash cache already knows it; "when-needed"
   * (`heritage validate`) reads only headers, and hashes a master only to settle a possible
   * duplicate (another file of the same size and first bytes) or a changed published master.
   */
  contentHash?: "always" | "when-needed";
  /**
   * Remembered content hashes, e.g. `openFileHashes(<state folder>)`
   * (`.heritage/<name>/file-hashes.sqlite`, created only when a first hash is remembered).
   * Default (or null): remembered for this run only, so nothing is written — a dry run writes
   * nothing; the command that may write passes the cache.
   */
  hashes?: FileHashCache | null;
  /** Reads a whole file for its hash (tests count the calls). */
  hashFile?: (path: string) => Promise<HashedFile>;
}

/** Per-run context shared by the rows: the collection resolved once, the hash cache. */
interface RunContext {
  resolver: CollectionResolver;
  hashes: FileHashCache;
  hashFile: (path: string) => Promise<HashedFile>;
}

/** A probed file's identity for duplicate detection: equal content implies an equal key. */
interface ContentKey {
  stamp: FileStamp;
  /** The probe's sample digest of the first and last bytes (null when the file was not probed). */
  head: string | null;
}

/** A row's master in the same-content index. */
type RowMember = ContentMember & { key: ContentKey };

/** Whole-file issues, with unknown columns that a template uses left out (they are clearly wanted). */
export function fileIssues(source: ManifestSource): Issue[] {
  const templates = [source.settings.templates.title ?? "{title}", source.settings.templates.description ?? DEFAULT_DESCRIPTION_TEMPLATE];
  const used = new Set(templates.flatMap((t) => templateFields(t)).map((f) => f.toLowerCase()));
  const issues = source.issues.filter((i) => !(i.code === "MANIFEST_UNKNOWN_COLUMN" && i.field !== null && used.has(i.field.toLowerCase())));
  return issues;
}

/** Template fields no row can fill: checked once the extra columns are known. */
export function templateIssues(source: ManifestSource, extraColumns: ReadonlySet<string>): Issue[] {
  const known = new Set<string>([...CANONICAL_FIELDS, "institution", "date_display", "license_name", "license_url", ...[...extraColumns, ...(source.columns ?? [])].map((c) => c.toLowerCase())]);
  const issues: Issue[] = [];
  if (source.settings.templates.title) issues.push(...checkTemplate(source.settings.templates.title, known).map((i) => ({ ...i, field: i.field ?? "templates.title" })));
  if (source.settings.templates.description) issues.push(...checkTemplate(source.settings.templates.description, known).map((i) => ({ ...i, field: i.field ?? "templates.description" })));
  return issues;
}

function text(value: FieldValue | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join("; ") : value;
}

function withFilledValues(item: ManifestItem, filled: Record<string, string>): ManifestItem {
  const values = { ...item.values };
  for (const [k, v] of Object.entries(filled)) {
    if ((CANONICAL_FIELDS as readonly string[]).includes(k) && values[k as keyof typeof values] === undefined) values[k as keyof typeof values] = v;
  }
  return { ...item, values };
}

/**
 * The content hash of `path` as it is now: from the cache when its stamp still matches, else
 * read in full (and remembered unless the file changed while it was read). Null when unreadable.
 */
async function contentHash(ctx: RunContext, path: string, stamp: FileStamp | null): Promise<{ sha256: string; stamp: FileStamp } | null> {
  const cached = stamp ? ctx.hashes.get(path, stamp) : null;
  if (cached !== null && stamp) return { sha256: cached, stamp };
  let hashed: HashedFile;
  try {
    hashed = await ctx.hashFile(path);
  } catch {
    return null;
  }
  if (hashed.stable) ctx.hashes.put(path, hashed.stamp, hashed.sha256);
  return { sha256: hashed.sha256, stamp: hashed.stamp };
}

type Fingerprint = NonNullable<ValidatedItem["source"]>;

/**
 * A published master unchanged since (same size and mtime as the state recorded) need not be
 * read again. The hash cache guards the one way that can lie: a file rewritten in place with its
 * mtime put back keeps size and mtime but not inode or ctime, so when the cache remembers this
 * path at the same size and mtime but another inode or ctime, the shortcut is not taken.
 */
async function unchangedKnown(ctx: RunContext, path: string, known: Fingerprint): Promise<FileStamp | null> {
  const st = await stat(path).catch(() => null);
  if (!st || st.size !== known.size || st.mtimeMs !== known.mtimeMs) return null;
  const now = stampOf(st);
  const remembered = ctx.hashes.stampFor(path);
  if (remembered && remembered.size === now.size && remembered.mtimeMs === now.mtimeMs && (remembered.ino !== now.ino || remembered.ctimeMs !== now.ctimeMs)) return null;
  if (ctx.hashes.get(path, now) === null) ctx.hashes.put(path, now, known.sha256);
  return now;
}

interface FileCheck {
  path: string | null;
  probe: ImageProbe | null;
  source: Fingerprint | null;
  key: ContentKey | null;
  issues: Issue[];
}

/** Resolve, probe and (when asked, or to detect a replaced master) hash the row's file. */
async function checkFile(file: string, identifier: string | null, source: ManifestSource, options: ValidateOptions, ctx: RunContext): Promise<FileCheck> {
  const known = identifier ? options.knownSource?.(identifier) ?? null : null;
  // Only the folders are resolved up front; the file is opened without following a link, and
  // only when that fails (missing, a symlink…) is it resolved in full, which says why.
  const located = known ? await ctx.resolver.resolve(file) : await ctx.resolver.locate(file);
  if ("issue" in located) return { path: null, probe: null, source: null, key: null, issues: [located.issue] };
  let path = located.path;
  // Unchanged since it was published: no need to read it again.
  const unchanged = known ? await unchangedKnown(ctx, path, known) : null;
  if (known && unchanged) return { path, probe: null, source: known, key: { stamp: unchanged, head: null }, issues: [] };
  const probeOptions = { maxPixels: source.settings.images.max_pixels, contentHash: false, noFollow: true, ...(options.sharp ? { sharp: options.sharp } : {}) };
  let probed = await probeImage(path, probeOptions);
  if (probed.openError !== null) {
    const resolved = await ctx.resolver.resolve(file);
    if ("issue" in resolved) return { path: null, probe: null, source: null, key: null, issues: [resolved.issue] };
    path = resolved.path;
    probed = await probeImage(path, { ...probeOptions, noFollow: false });
  }
  const issues = [...probed.issues];
  const probe = probed.probe;
  if (!probe || !probed.stamp) return { path, probe, source: null, key: null, issues };
  const key = { stamp: probed.stamp, head: probed.sample };
  // The hash is needed for every row ("always"), or to tell a replaced published master; a cached one is free.
  const needed = options.contentHash !== "when-needed" || known !== null;
  const hashed = needed ? await contentHash(ctx, path, probed.stamp) : ctx.hashes.get(path, probed.stamp) !== null ? await contentHash(ctx, path, probed.stamp) : null;
  if (hashed) probe.sha256 = hashed.sha256;
  const fingerprint = hashed ? { size: hashed.stamp.size, mtimeMs: hashed.stamp.mtimeMs, sha256: hashed.sha256 } : null;
  if (options.deep) issues.push(...(await deepCheckImage(path, options.sharp ? { sharp: options.sharp } : {})));
  return { path, probe, source: fingerprint, key, issues };
}

async function checkRow(item: ManifestItem, readIssues: Issue[], source: ManifestSource, options: ValidateOptions, ctx: RunContext): Promise<ValidatedItem & { key: ContentKey | null }> {
  const settings = source.settings;
  const now = options.now ?? new Date();
  const identifier = text(item.values.identifier) ?? (settings.defaults.identifier ?? null);
  const file = text(item.values.file) ?? (settings.defaults.file ?? null);
  const at = <T extends Issue>(i: T): T => ({ ...i, row: i.row ?? item.row, identifier: i.identifier ?? identifier });
  const issues: Issue[] = [...readIssues, ...hiddenCharacterIssues(item)].map(at);
  const checked: FileCheck = file ? await checkFile(file, identifier, source, options, ctx) : { path: null, probe: null, source: null, key: null, issues: [] };
  const { path, probe } = checked;

  let toMap = item;
  if (probe && settings.embedded_metadata === "fill") {
    const current: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.values)) if (v !== undefined) current[k] = Array.isArray(v) ? v.join("; ") : v;
    const filled = fillFromEmbedded(current, probe.embedded);
    toMap = withFilledValues(item, filled.values);
    issues.push(...filled.issues.map(at));
  }
  const mapped = mapItem(toMap, settings, { now });
  issues.push(...mapped.issues.map(at));
  // Show what the user wrote in the manifest, not the absolute path the probe saw.
  issues.push(
    ...checked.issues.map((i) => {
      const field = i.field ?? "file";
      // For the file column the value is the file as written; details (a pixel count…) are in the message.
      const out: Issue = { ...i, field, value: field === "file" || i.value === null || i.value === path ? file : i.value };
      if (out.file === path || out.file === file) delete out.file;
      return at(out);
    }),
  );
  if (probe && settings.embedded_metadata !== "ignore") {
    const f = mapped.fields;
    issues.push(
      ...compareEmbedded(probe.embedded, {
        date_taken: f.date_taken,
        granularity: f.date_taken_granularity,
        latitude: f.latitude,
        longitude: f.longitude,
        license_id: f.license_id,
      }).map(at),
    );
  }
  return { row: item.row, identifier, file, path, mapped, probe, source: checked.source, issues, key: checked.key };
}

/**
 * Checks between rows, applied in manifest order: duplicate identifiers and files, and files with
 * the same content (same-content.ts: hashed only when size and first bytes match an earlier
 * master's; the hash cache remembers them).
 */
class CrossRowChecks {
  private readonly ids = new Map<string, number>();
  private readonly paths = new Map<string, number>();
  private readonly content: SameContentIndex<RowMember>;

  constructor(private readonly ctx: RunContext) {
    this.content = new SameContentIndex<RowMember>((m) => this.shaOf(m));
  }

  async apply(v: ValidatedItem & { key: ContentKey | null }): Promise<void> {
    if (v.identifier !== null) {
      const first = this.ids.get(v.identifier);
      if (first !== undefined) {
        v.issues.unshift(error("ROW_DUPLICATE_ID", { row: v.row, identifier: v.identifier, field: "identifier", value: v.identifier, message: `The identifier is already used by row ${first}`, hint: "Identifiers must be unique: they become the photo's machine tag and its key in the state." }));
      } else {
        this.ids.set(v.identifier, v.row);
      }
    }
    if (v.path !== null) {
      const first = this.paths.get(v.path);
      if (first !== undefined) {
        v.issues.push(error("FILE_DUPLICATE", { row: v.row, identifier: v.identifier, field: "file", value: v.file, message: `The same file is listed by row ${first}`, hint: "Each row publishes one photo; list each master once." }));
        return;
      }
      this.paths.set(v.path, v.row);
      if (v.key) await this.sameContent(v, v.path, v.key);
    }
  }

  /** The sha256 of a member, hashed on first need. */
  private async shaOf(m: RowMember): Promise<string | null> {
    if (m.sha256 === null) m.sha256 = (await contentHash(this.ctx, m.path, m.key.stamp))?.sha256 ?? null;
    return m.sha256;
  }

  private async sameContent(v: ValidatedItem, path: string, key: ContentKey): Promise<void> {
    const member: RowMember = { row: v.row, identifier: v.identifier, path, key, sha256: v.source?.sha256 ?? null };
    const twin = await this.content.add(member);
    if (member.sha256 !== null && !v.source && v.probe) v.source = { size: key.stamp.size, mtimeMs: key.stamp.mtimeMs, sha256: member.sha256 };
    if (!twin) return;
    v.issues.push(
      warning("FILE_SAME_CONTENT", {
        row: v.row,
        identifier: v.identifier,
        field: "file",
        value: v.file,
        message: `This image has the same content as row ${twin.row}${twin.identifier ? ` (${twin.identifier})` : ""}`,
        hint: "Two identifiers would publish the same picture twice; check that the right file is listed.",
      }),
    );
  }
}

/** The hash cache a run uses: the given one (its owner closes it), or one for this run only. */
function hashCacheFor(options: ValidateOptions): { cache: FileHashCache; owned: boolean } {
  return options.hashes ? { cache: options.hashes, owned: false } : { cache: memoryFileHashes(), owned: true };
}

/**
 * Validate every row of an opened manifest, yielding items in manifest order. Probes run
 * `concurrency` at a time, at most a bounded window ahead of the consumer.
 */
export async function* validateRows(opened: OpenedManifest, options: ValidateOptions = {}): AsyncGenerator<ValidatedItem> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const limit = pLimit(concurrency);
  const window = concurrency * 4;
  const pending: Promise<ValidatedItem & { key: ContentKey | null }>[] = [];
  const hashes = hashCacheFor(options);
  const ctx: RunContext = { resolver: createCollectionResolver(opened.source.collection), hashes: hashes.cache, hashFile: options.hashFile ?? hashFile };
  const cross = new CrossRowChecks(ctx);
  const next = async (): Promise<ValidatedItem> => {
    const checked = await pending.shift()!;
    await cross.apply(checked);
    const { key: _key, ...done } = checked;
    return done;
  };
  try {
    for await (const { item, issues } of opened.rows()) {
      const task = limit(() => checkRow(item, issues, opened.source, options, ctx));
      task.catch(() => undefined);
      pending.push(task);
      while (pending.length >= window) yield await next();
    }
    while (pending.length > 0) yield await next();
  } finally {
    if (hashes.owned) hashes.cache.close();
    else hashes.cache.flush();
  }
}

export interface ValidationSummary {
  items: number;
  errors: number;
  warnings: number;
}

export function summarize(itemIssues: Iterable<Issue>, items: number): ValidationSummary {
  let errors = 0;
  let warnings = 0;
  for (const i of itemIssues) {
    if (i.severity === "error") errors++;
    else warnings++;
  }
  return { items, errors, warnings };
}

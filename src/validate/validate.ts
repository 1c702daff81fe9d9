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
import { resolveCollectionPath } from "../image/resolve-path.js";
import { probeImage } from "../image/probe.js";
import type { ImageProbe } from "../image/types.js";
import type { SharpModule } from "../image/sharp-module.js";
import { compareEmbedded, fillFromEmbedded } from "../image/compare-embedded.js";
import { deepCheckImage } from "../image/deep-check.js";

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
  /** The master's fingerprint (size, mtime, content hash), when known. */
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
}

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

async function checkRow(item: ManifestItem, readIssues: Issue[], source: ManifestSource, options: ValidateOptions): Promise<ValidatedItem> {
  const settings = source.settings;
  const now = options.now ?? new Date();
  const identifier = text(item.values.identifier) ?? (settings.defaults.identifier ?? null);
  const file = text(item.values.file) ?? (settings.defaults.file ?? null);
  const at = <T extends Issue>(i: T): T => ({ ...i, row: i.row ?? item.row, identifier: i.identifier ?? identifier });
  const issues: Issue[] = [...readIssues, ...hiddenCharacterIssues(item)].map(at);
  let path: string | null = null;
  let probe: ImageProbe | null = null;
  let sourceFingerprint: ValidatedItem["source"] = null;
  const fileIssuesOfRow: Issue[] = [];

  if (file) {
    const resolved = await resolveCollectionPath(source.collection, file);
    if ("issue" in resolved) {
      fileIssuesOfRow.push(resolved.issue);
    } else {
      path = resolved.path;
      const known = identifier ? options.knownSource?.(identifier) ?? null : null;
      const st = known ? await stat(path).catch(() => null) : null;
      if (known && st && st.size === known.size && st.mtimeMs === known.mtimeMs) {
        // Unchanged since it was published (size and mtime match): no need to read it again.
        sourceFingerprint = known;
      } else {
        const probed = await probeImage(path, { maxPixels: settings.images.max_pixels, ...(options.sharp ? { sharp: options.sharp } : {}) });
        probe = probed.probe;
        if (probe) sourceFingerprint = { size: probe.size, mtimeMs: probe.mtimeMs, sha256: probe.sha256 };
        fileIssuesOfRow.push(...probed.issues);
        if (options.deep && probe) fileIssuesOfRow.push(...(await deepCheckImage(path, options.sharp ? { sharp: options.sharp } : {})));
      }
    }
  }

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
    ...fileIssuesOfRow.map((i) => {
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
  return { row: item.row, identifier, file, path, mapped, probe, source: sourceFingerprint, issues };
}

/** Checks between rows, applied in manifest order. */
class CrossRowChecks {
  private readonly ids = new Map<string, number>();
  private readonly paths = new Map<string, number>();
  private readonly contents = new Map<string, { row: number; identifier: string | null }>();

  apply(v: ValidatedItem): void {
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
      } else {
        this.paths.set(v.path, v.row);
      }
    }
    if (v.source) {
      const earlier = this.contents.get(v.source.sha256);
      if (earlier && this.paths.get(v.path ?? "") === v.row) {
        v.issues.push(
          warning("FILE_SAME_CONTENT", {
            row: v.row,
            identifier: v.identifier,
            field: "file",
            value: v.file,
            message: `This image has the same content as row ${earlier.row}${earlier.identifier ? ` (${earlier.identifier})` : ""}`,
            hint: "Two identifiers would publish the same picture twice; check that the right file is listed.",
          }),
        );
      } else if (!earlier) {
        this.contents.set(v.source.sha256, { row: v.row, identifier: v.identifier });
      }
    }
  }
}

/**
 * Validate every row of an opened manifest, yielding items in manifest order. Probes run
 * `concurrency` at a time, at most a bounded window ahead of the consumer.
 */
export async function* validateRows(opened: OpenedManifest, options: ValidateOptions = {}): AsyncGenerator<ValidatedItem> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const limit = pLimit(concurrency);
  const window = concurrency * 4;
  const pending: Promise<ValidatedItem>[] = [];
  const cross = new CrossRowChecks();
  for await (const { item, issues } of opened.rows()) {
    const task = limit(() => checkRow(item, issues, opened.source, options));
    task.catch(() => undefined);
    pending.push(task);
    while (pending.length >= window) {
      const done = await pending.shift()!;
      cross.apply(done);
      yield done;
    }
  }
  while (pending.length > 0) {
    const done = await pending.shift()!;
    cross.apply(done);
    yield done;
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

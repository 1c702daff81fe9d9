/**
 * From a manifest to what the planner needs: every row validated (streamed), turned into a
 * PlanInput, and — for rows that may need an upload copy — where the master is and what to
 * embed in the copy. Rows already published whose master is unchanged (size and mtime match the
 * state) are not read again.
 */
import type { Issue } from "../issues.js";
import type { OpenedManifest } from "../manifest/types.js";
import type { EmbedFields } from "../image/embed-fields.js";
import type { PlanInput } from "../plan/types.js";
import type { ItemState } from "../state/store.js";
import { fileIssues, templateIssues, validateRows, type ValidatedItem } from "../validate/validate.js";
import type { MappedItem } from "../map/item.js";

export interface CopySource {
  path: string;
  embed: EmbedFields;
}

export interface Collected {
  inputs: PlanInput[];
  /** Master path and embedded metadata, by identifier. */
  copySources: Map<string, CopySource>;
  /** Whole-manifest issues (columns, templates): errors here affect every row. */
  fileIssues: Issue[];
  rows: number;
  errors: number;
  warnings: number;
  /** Rows that cannot even be planned (no identifier). */
  unplannable: { row: number; issues: Issue[] }[];
}

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** What an upload copy carries in its XMP and EXIF. */
export function embedFieldsFor(mapped: MappedItem, institution: string | null): EmbedFields {
  const v = mapped.values;
  const statement = mapped.license.statement;
  const isUrl = (s: string | null | undefined) => !!s && /^https?:\/\//i.test(s);
  return {
    title: mapped.fields.title || null,
    description: mapped.fields.description ? htmlToText(mapped.fields.description) : null,
    creator: v.creator ?? null,
    date: v.date ?? null,
    rights: mapped.license.name ?? statement ?? null,
    rightsUrl: isUrl(statement) ? statement : mapped.license.url,
    identifier: mapped.identifier,
    sourceUrl: isUrl(v.source_url) ? v.source_url! : null,
    institution: v.institution ?? institution,
    keepGps: mapped.fields.latitude !== null && mapped.fields.longitude !== null,
  };
}

/**
 * Most rows of a sync never need a copy: what to embed is worked out only when one is made,
 * from the few strings it needs (the mapped item itself is not kept).
 */
function lazyCopySource(path: string, mapped: MappedItem, institution: string | null): CopySource {
  const slim = {
    identifier: mapped.identifier,
    fields: { title: mapped.fields.title, description: mapped.fields.description, latitude: mapped.fields.latitude, longitude: mapped.fields.longitude },
    values: { creator: mapped.values.creator, date: mapped.values.date, source_url: mapped.values.source_url, institution: mapped.values.institution },
    license: { name: mapped.license.name, statement: mapped.license.statement, url: mapped.license.url },
  } as unknown as MappedItem;
  let embed: EmbedFields | undefined;
  return {
    path,
    get embed() {
      return (embed ??= embedFieldsFor(slim, institution));
    },
  };
}

export async function collectInputs(
  opened: OpenedManifest,
  // g8 hook: onRow sees each validated row (src/sync/skip-unchanged.ts counts its warnings for the row fingerprint).
  options: { states: ReadonlyMap<string, ItemState>; concurrency?: number; now: Date; onRow?: (v: ValidatedItem) => void },
): Promise<Collected> {
  const out: Collected = { inputs: [], copySources: new Map(), fileIssues: fileIssues(opened.source), rows: 0, errors: 0, warnings: 0, unplannable: [] };
  const extras = new Set<string>();
  const knownSource = (identifier: string) => {
    const s = options.states.get(identifier);
    return s && s.upload === "done" && s.sourceSize !== null && s.sourceMtimeMs !== null && s.sourceSha256 !== null
      ? { size: s.sourceSize, mtimeMs: s.sourceMtimeMs, sha256: s.sourceSha256 }
      : null;
  };
  for await (const v of validateRows(opened, { now: options.now, knownSource, ...(options.concurrency ? { concurrency: options.concurrency } : {}) })) {
    out.rows++;
    options.onRow?.(v);
    for (const key of Object.keys(v.mapped.values)) extras.add(key);
    const errors = v.issues.filter((i) => i.severity === "error");
    out.errors += errors.length;
    out.warnings += v.issues.length - errors.length;
    if (v.identifier === null) {
      out.unplannable.push({ row: v.row, issues: errors });
      continue;
    }
    out.inputs.push({ row: v.row, identifier: v.identifier, file: v.file ?? "", fields: v.mapped.fields, errors, source: v.source });
    if (v.path && errors.length === 0) out.copySources.set(v.identifier, lazyCopySource(v.path, v.mapped, opened.source.settings.institution ?? null));
  }
  out.fileIssues.push(...templateIssues(opened.source, extras));
  for (const i of out.fileIssues) i.severity === "error" ? out.errors++ : out.warnings++;
  return out;
}

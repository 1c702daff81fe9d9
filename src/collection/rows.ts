/**
 * The collection's rows, read once: every manifest row validated (streamed, in manifest order)
 * while the stream keeps what the whole-manifest checks need — the columns the rows carry (for
 * the templates) and the counts of issues. validate, preview, publish, sync and state rebuild all
 * read a collection through this, so they see the same rows, the same issues and the same counts.
 */
import type { SharpModule } from "../image/sharp-module.js";
import type { Issue } from "../issues.js";
import type { OpenedManifest, ManifestSource } from "../manifest/types.js";
import type { ItemState } from "../state/item-state.js";
import { fileIssues, templateIssues, validateRows, type ValidatedItem, type ValidateOptions } from "../validate/validate.js";

export interface ReadRowsOptions {
  /**
   * What the state records, by identifier: a published master whose size and mtime still match
   * the state is not read again (its recorded fingerprint stands). Absent: every master is read.
   */
  states?: ReadonlyMap<string, ItemState>;
  /** "Now", for dates in the future. */
  now?: Date;
  /** Decode every image fully (`validate --deep`). */
  deep?: boolean;
  /** Rows probed at once. */
  concurrency?: number;
  sharp?: SharpModule;
  /** "when-needed": headers only, a master hashed only to settle a possible duplicate (`heritage validate`). */
  contentHash?: ValidateOptions["contentHash"];
  /** Content hashes remembered across runs (see state/file-hashes.ts). */
  hashes?: ValidateOptions["hashes"];
}

/** Issues counted by severity. */
export interface IssueCounts {
  errors: number;
  warnings: number;
}

export function countIssues(issues: Iterable<Issue>, into: IssueCounts = { errors: 0, warnings: 0 }): IssueCounts {
  for (const i of issues) {
    if (i.severity === "error") into.errors++;
    else into.warnings++;
  }
  return into;
}

/** The fingerprint the state recorded for a published master, when it recorded one. */
export function knownSourceIn(states: ReadonlyMap<string, ItemState>): NonNullable<ValidateOptions["knownSource"]> {
  return (identifier) => {
    const s = states.get(identifier);
    return s && s.upload === "done" && s.sourceSize !== null && s.sourceMtimeMs !== null && s.sourceSha256 !== null
      ? { size: s.sourceSize, mtimeMs: s.sourceMtimeMs, sha256: s.sourceSha256 }
      : null;
  };
}

/**
 * A collection's rows as one stream. Iterate it once (`for await (const row of rows)`); the
 * counts and the template issues are complete when the loop ends. Breaking out of the loop
 * closes the manifest.
 */
export class CollectionRows implements AsyncIterable<ValidatedItem> {
  readonly source: ManifestSource;
  /** Whole-file issues known before any row is read (encoding, columns, settings). */
  readonly fileIssues: readonly Issue[];
  /** Rows read so far and the issues on them (not the whole-manifest ones). */
  readonly tally = { rows: 0, errors: 0, warnings: 0 };
  private readonly columns = new Set<string>();

  constructor(
    private readonly opened: OpenedManifest,
    private readonly options: ReadRowsOptions = {},
  ) {
    this.source = opened.source;
    this.fileIssues = fileIssues(opened.source);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ValidatedItem> {
    const { states, now, deep, concurrency, sharp, contentHash, hashes } = this.options;
    const validate: ValidateOptions = {
      ...(contentHash ? { contentHash } : {}),
      ...(hashes ? { hashes } : {}),
      ...(now ? { now } : {}),
      ...(deep ? { deep } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(sharp ? { sharp } : {}),
      ...(states ? { knownSource: knownSourceIn(states) } : {}),
    };
    for await (const row of validateRows(this.opened, validate)) {
      this.tally.rows++;
      countIssues(row.issues, this.tally);
      for (const key of Object.keys(row.mapped.values)) this.columns.add(key);
      yield row;
    }
  }

  /** Template issues: they depend on the columns the rows carry, so they are known after the last row. */
  templateIssues(): Issue[] {
    return templateIssues(this.source, this.columns);
  }

  /** Every whole-manifest issue (errors here affect every row): the file's, then the templates'. */
  collectionIssues(): Issue[] {
    return [...this.fileIssues, ...this.templateIssues()];
  }
}

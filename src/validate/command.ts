/**
 * `heritage validate`: the dry run archivists trust. Reads everything, writes nothing to Flickr or
 * the state (only the cache of master hashes beside it), and turns the issues into a report and
 * an exit code (1 when any row has an error).
 */
import { relative } from "node:path";
import type { CommandIO } from "../command-io.js";
import { EXIT, interruptCheck } from "../errors.js";
import { jsonErrorDocument, markInJsonReport } from "../error-document.js";
import type { Issue } from "../issues.js";
import { openCollection, type Collection } from "../collection/open.js";
import { countIssues, type CollectionRows } from "../collection/rows.js";
import { openFileHashes } from "../state/file-hashes.js";
import { statePathsFor } from "../state/paths.js";
import { formatIssueReport, formatItemPreview, formatSummary, issueJson, itemJson, styleFor, VALIDATE_SCHEMA } from "./format.js";

export interface ValidateCommandOptions {
  manifest: string;
  json: boolean;
  deep: boolean;
  /** Print each item as Flickr will get it. */
  items?: boolean;
  concurrency?: number;
  /** List every issue in the human report (not only the first few of each kind). */
  verbose?: boolean;
}

export async function runValidateCommand(io: CommandIO, options: ValidateCommandOptions): Promise<number> {
  const collection = await openCollection(options.manifest, { cwd: io.cwd });
  const { source } = collection;
  // Header-only: a master is hashed only to settle a possible duplicate, and remembered in the
  // state folder's hash cache (not the state) so the next validate does not read it again.
  const hashes = openFileHashes(statePathsFor(source.path).dir);
  try {
    return await report(io, options, collection, collection.rows({ deep: options.deep, contentHash: "when-needed", hashes, ...(options.concurrency ? { concurrency: options.concurrency } : {}) }));
  } finally {
    hashes.close();
  }
}

/** Bytes of JSON gathered before a write. */
const JSON_BATCH = 64 * 1024;

/**
 * The JSON report written in pieces of about 64 KiB instead of one write per row: with stdout
 * a file, every write is a system call on the thread that validates (a few percent of a 10,000-row
 * run). The document is the same; it is only complete at the end anyway. The human report still
 * writes each `--items` preview as soon as it is known.
 */
function batched(out: NodeJS.WritableStream): { write(text: string): void; flush(): void } {
  let pending = "";
  return {
    write(text) {
      pending += text;
      if (pending.length >= JSON_BATCH) this.flush();
    },
    flush() {
      if (pending !== "") out.write(pending);
      pending = "";
    },
  };
}

async function report(io: CommandIO, options: ValidateCommandOptions, collection: Collection, rows: CollectionRows): Promise<number> {
  const { source } = collection;
  const show = (p: string) => relative(io.cwd, p) || ".";
  const style = styleFor(io.stdout, io.env);
  const issues: Issue[] = [...rows.fileIssues];
  const out = io.stdout;

  const json = batched(out);
  if (options.json) {
    json.write(`{"schema":${JSON.stringify(VALIDATE_SCHEMA)},"manifest":${JSON.stringify(source.path)},"collection":${JSON.stringify(source.collection)},"items":[`);
  } else {
    out.write(`Validating ${show(source.path)} (collection ${show(source.collection)}${source.settingsPath ? `, settings ${show(source.settingsPath)}` : ""})\n\n`);
  }
  const checkpoint = interruptCheck(io.signal, () => `validation stopped after ${rows.tally.rows.toLocaleString("en")} rows`);
  try {
    for await (const v of rows) {
      issues.push(...v.issues);
      if (options.json) json.write(`${rows.tally.rows === 1 ? "\n" : ",\n"}${JSON.stringify(itemJson(v))}`);
      else if (options.items) out.write(`${formatItemPreview(v, style)}\n\n`);
      await checkpoint();
    }
  } catch (err) {
    // A manifest that breaks halfway (an unclosed quote), Ctrl-C: the report already on stdout is
    // closed with the error inside, so a script reading it still gets one JSON document.
    if (options.json) {
      json.write(`\n],"error":${JSON.stringify(jsonErrorDocument(err))}}\n`);
      json.flush();
      markInJsonReport(err);
    }
    throw err;
  }
  issues.push(...rows.templateIssues());
  const summary = { items: rows.tally.rows, ...countIssues(issues) };
  if (options.json) {
    json.write(`\n],"issues":[${issues.map((i) => `\n${JSON.stringify(issueJson(i))}`).join(",")}\n],"summary":${JSON.stringify(summary)}}\n`);
    json.flush();
  } else {
    if (issues.length > 0) out.write(formatIssueReport(issues, style, { verbose: options.verbose ?? false }));
    out.write(`${formatSummary(summary, style)}\n`);
  }
  return summary.errors > 0 ? EXIT.INPUT : EXIT.OK;
}

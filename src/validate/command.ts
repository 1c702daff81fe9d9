/**
 * `heritage validate`: the dry run archivists trust. Reads everything, writes nothing, and
 * turns the issues into a report and an exit code (1 when any row has an error).
 */
import { relative } from "node:path";
import type { CliContext } from "../cli-context.js";
import { EXIT, interruptCheck } from "../errors.js";
import type { Issue } from "../issues.js";
import { openManifest } from "../manifest/open.js";
import { openFileHashes } from "../state/file-hashes.js";
import { statePathsFor } from "../state/paths.js";
import { fileIssues, templateIssues, validateRows } from "./validate.js";
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

export async function runValidateCommand(ctx: CliContext, options: ValidateCommandOptions): Promise<number> {
  const opened = await openManifest(options.manifest, { cwd: ctx.cwd });
  const { source } = opened;
  const show = (p: string) => relative(ctx.cwd, p) || ".";
  const style = styleFor(ctx.stdout, ctx.env);
  const issues: Issue[] = [...fileIssues(source)];
  const extraColumns = new Set<string>();
  let items = 0;
  const out = ctx.stdout;

  if (options.json) {
    out.write(`{"schema":${JSON.stringify(VALIDATE_SCHEMA)},"manifest":${JSON.stringify(source.path)},"collection":${JSON.stringify(source.collection)},"items":[`);
  } else {
    out.write(`Validating ${show(source.path)} (collection ${show(source.collection)}${source.settingsPath ? `, settings ${show(source.settingsPath)}` : ""})\n\n`);
  }
  // Header-only: a master is hashed only to settle a possible duplicate, and remembered in the
  // state folder's hash cache (not the state) so the next validate does not read it again.
  const hashes = openFileHashes(statePathsFor(source.path).dir);
  const checkpoint = interruptCheck(ctx.signal, () => `validation stopped after ${items.toLocaleString("en")} rows`);
  try {
    for await (const v of validateRows(opened, { deep: options.deep, contentHash: "when-needed", hashes, ...(options.concurrency ? { concurrency: options.concurrency } : {}) })) {
      for (const key of Object.keys(v.mapped.values)) extraColumns.add(key);
      issues.push(...v.issues);
      if (options.json) out.write(`${items === 0 ? "\n" : ",\n"}${JSON.stringify(itemJson(v))}`);
      else if (options.items) out.write(`${formatItemPreview(v, style)}\n\n`);
      items++;
      await checkpoint();
    }
  } finally {
    hashes.close();
  }
  issues.push(...templateIssues(source, extraColumns));
  const errors = issues.filter((i) => i.severity === "error").length;
  const summary = { items, errors, warnings: issues.length - errors };
  if (options.json) {
    out.write(`\n],"issues":[${issues.map((i) => `\n${JSON.stringify(issueJson(i))}`).join(",")}\n],"summary":${JSON.stringify(summary)}}\n`);
  } else {
    if (issues.length > 0) out.write(formatIssueReport(issues, style, { verbose: options.verbose ?? false }));
    out.write(`${formatSummary(summary, style)}\n`);
  }
  return errors > 0 ? EXIT.INPUT : EXIT.OK;
}

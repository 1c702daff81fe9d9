/**
 * `heritage preview`: writes the report and says where it is. The exit code is 0 even when the
 * collection has errors — the report is the product, and it shows them; only a manifest that
 * cannot be read at all (a UserError, exit 2) or a bad option fails the command.
 */
import { relative } from "node:path";
import type { CommandIO } from "../command-io.js";
import { EXIT } from "../errors.js";
import { formatDurationLong } from "../plan/format.js";
import { openReport } from "./open-report.js";
import { generatePreview, type PreviewResult } from "./preview.js";
import { VERSION } from "../version.js";


export interface PreviewCommandOptions {
  manifest: string;
  /** Report folder (default: `<state folder>/preview`). */
  out: string | null;
  /** Open the report with the platform's opener afterwards. */
  open: boolean;
  state: string | null;
  /** Show a rehearsal's state: the endpoint given to publish (resolved by the command: flag, else environment), or the in-process sandbox. */
  endpoint?: string | null;
  sandbox?: boolean;
  /** API calls per hour for the time estimates. */
  quota: number | null;
  json: boolean;
  concurrency: number | null;
}

/** Stopped by Ctrl-C (128 + SIGINT), as publish and sync report it. */
const EXIT_INTERRUPTED = 130;

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** The lines printed after the report is written; the last one is the report's path. */
export function formatPreviewResult(result: PreviewResult, show: (p: string) => string): string {
  const s = result.summary;
  const lines = [
    `${plural(s.items, "row")}: ${s.validation.ok} without issues, ${s.validation.warnings} with warnings only, ${s.validation.errors} with errors${result.collectionIssues ? `; ${plural(result.collectionIssues, "issue")} of the manifest as a whole` : ""}.`,
  ];
  if (s.publication) lines.push(`On Flickr: ${s.publication.published} published, ${s.publication.changed} changed since the last push, ${s.publication.failed} failed, ${s.publication.pending} not published yet.`);
  for (const plan of s.plans) {
    lines.push(`${plan.mode}: ${plural(plan.calls, "API call")}${plan.calls ? `, ${formatDurationLong(plan.seconds)} at ${s.quota.toLocaleString("en")} calls/hour` : ""}.`);
  }
  const i = result.images;
  lines.push(`Pictures: ${i.made} made, ${i.cached} reused, ${i.placeholders} placeholder${i.placeholders === 1 ? "" : "s"}${i.pruned ? `, ${i.pruned} old ones removed` : ""}.`);
  lines.push(`Report: ${show(result.indexPath)}`);
  return `${lines.join("\n")}\n`;
}

/** Option values are checked where they are parsed (src/commands/preview.ts). */
export async function runPreviewCommand(io: CommandIO, options: PreviewCommandOptions): Promise<number> {
  const result = await generatePreview({
    manifest: options.manifest,
    cwd: io.cwd,
    out: options.out,
    state: options.state,
    target: { sandbox: options.sandbox ?? false, endpoint: options.sandbox ? null : options.endpoint ?? null },
    toolVersion: VERSION,
    signal: io.signal,
    ...(options.quota !== null ? { quota: options.quota } : {}),
    ...(options.concurrency !== null ? { concurrency: options.concurrency } : {}),
  });
  if (result.interrupted) {
    io.stderr.write(`Interrupted: no report was written. The ${plural(result.made, "picture")} made so far ${result.made === 1 ? "is" : "are"} kept in ${result.outDir} and reused next time.\n`);
    return EXIT_INTERRUPTED;
  }
  const opened = options.open ? await openReport(result.indexPath, { env: io.env }) : null;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        schema: "heritage.preview/1",
        index: result.indexPath,
        out: result.outDir,
        bytes: result.bytes,
        has_state: result.hasState,
        summary: result.summary,
        images: result.images,
        seconds: Math.round(result.ms.total) / 1000,
        opened: opened ? opened.ok : null,
      })}\n`,
    );
  } else {
    const show = (p: string) => {
      const rel = relative(io.cwd, p);
      return rel && !rel.startsWith("..") ? rel : p;
    };
    io.stdout.write(formatPreviewResult(result, show));
  }
  if (opened && !opened.ok) {
    io.stderr.write(`Could not open the report (${opened.reason}); open ${result.indexPath} in a web browser.\n`);
  }
  return EXIT.OK;
}

/**
 * `heritage report`: the reach report (index.html, self-contained) and the annual figures CSV,
 * from what the state holds. No Flickr calls; thumbnails are made from the masters.
 */
import { join, resolve } from "node:path";
import type { CommandIO } from "../command-io.js";
import { COMMUNITY_DEFAULTS } from "../defaults.js";
import { EXIT } from "../errors.js";
import { loadSharp } from "../image/sharp-module.js";
import { writeIndexHtml } from "../preview/write-report.js";
import { openCommunity, type CommunityContext } from "./open.js";
import { buildReportModel, type ReportModel } from "./report-model.js";
import { renderReport } from "./report-html.js";
import { toCsv, writeCsvAtomically } from "./csv.js";
import { photoUrl } from "./export.js";

export interface ReportOptions {
  manifest: string;
  out: string | null;
  state: string | null;
  /** The rehearsal's endpoint (resolved by the command: flag, else HERITAGE_FLICKR_ENDPOINT), only to find its state. */
  endpoint: string | null;
  sandbox: boolean;
  json: boolean;
}

/** Small thumbnails as data: URIs; a master that cannot be read simply has none. */
async function thumbnails(cc: CommunityContext, identifiers: readonly string[]): Promise<Map<string, string>> {
  const files = new Map(cc.store.items.list({ lazyValues: true }).map((i) => [i.identifier, i.file]));
  const sharp = await loadSharp();
  const out = new Map<string, string>();
  for (const id of new Set(identifiers)) {
    const file = files.get(id);
    if (!file) continue;
    try {
      const data = await sharp(resolve(cc.collection, file.replace(/\\/g, "/")), { limitInputPixels: cc.settings.images.max_pixels }).rotate().resize(128, 128, { fit: "cover" }).jpeg({ quality: 70 }).toBuffer();
      out.set(id, `data:image/jpeg;base64,${data.toString("base64")}`);
    } catch {
      // The report does not depend on the masters being at hand.
    }
  }
  return out;
}

export function annualCsv(model: ReportModel): string {
  return toCsv(
    ["year", "harvests", "views_gained", "faves_gained", "comments_gained", "contributions", "accepted", "removed"],
    model.years.map((y) => [y.year, y.harvests, y.views, y.faves, y.comments, y.contributions, y.accepted, y.removed]),
  );
}

export async function runReportCommand(ctx: CommandIO, options: ReportOptions): Promise<number> {
  const cc = await openCommunity(ctx, options.manifest, { state: options.state, sandbox: options.sandbox, quota: COMMUNITY_DEFAULTS.quota, endpoint: options.endpoint, timeoutMs: null, json: options.json, readonly: true });
  try {
    const c = cc.community;
    const model = buildReportModel({ harvests: c.listHarvests(), snapshots: c.snapshots(), contributions: c.contributions(), moderation: c.moderations(), now: c.now() });
    const thumbs = await thumbnails(cc, [...model.mostViewed, ...model.mostDiscussed].map((p) => p.identifier));
    const title = `${cc.settings.institution ? `${cc.settings.institution}: ` : ""}${cc.name} on Flickr — reach and contributions`;
    const outDir = options.out ? resolve(ctx.cwd, options.out) : join(cc.paths.dir, "report");
    const page = await writeIndexHtml(outDir, renderReport(model, { title, thumbs, photoUrl: (id) => photoUrl(cc, id) }));
    const csvPath = join(outDir, `${cc.name}-annual.csv`);
    writeCsvAtomically(csvPath, annualCsv(model));
    if (options.json) ctx.stdout.write(`${JSON.stringify({ schema: "heritage.report/1", html: page.path, csv: csvPath, totals: model.totals, photos: model.photos, years: model.years }, null, 2)}\n`);
    else ctx.stdout.write(`Report: ${cc.show(page.path)}\nAnnual figures: ${cc.show(csvPath)}\n`);
    return EXIT.OK;
  } finally {
    await cc.close();
  }
}

/**
 * The harvest command around the harvest: the plan (--dry-run, no network), the accepted
 * import (--accepted, no network), or the run — lock, account check, harvest, the CSV, the
 * report on stdout (text or JSON).
 */
import type { CommandIO } from "../command-io.js";
import { EXIT } from "../errors.js";
import { acquireRunLock } from "../state/lock.js";
import { createRunLog } from "../publish/run-log.js";
import { openCommunity, type ConnectionOptions, type CommunityContext } from "./open.js";
import { formatDuration, harvestCost, SETTLE_SECONDS, unsettled, type HarvestCost } from "./delta.js";
import { harvest, type HarvestResult } from "./harvest.js";
import { communityCsvPath, contributionId, importDecisions, writeAcceptedCsv, writeCommunityCsv } from "./export.js";

export interface HarvestOptions extends ConnectionOptions {
  manifest: string;
  dryRun: boolean;
  accepted: boolean;
  /** Read every photo, not only the changed ones (when Flickr's last_update cannot be trusted). */
  full: boolean;
}

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export interface HarvestPlan {
  photos: number;
  first: boolean;
  /** Nothing changed since the last harvest (the least a harvest costs). */
  least: HarvestCost;
  /** Every photo read, each with comments (the most it can cost). */
  most: HarvestCost;
  /** Photos read again because they changed within SETTLE_SECONDS of the last harvest. */
  settling: number;
}

export function harvestPlan(cc: CommunityContext, perHour: number, full: boolean): HarvestPlan {
  const photos = cc.identifiers.size;
  const baselines = cc.community.baselines();
  const first = baselines.size === 0;
  const overhead: Record<string, number> = cc.store.account.get("verifiedToken") ? {} : { "flickr.test.login": 1, "flickr.auth.oauth.checkToken": 1 };
  // Photos that changed right around the last harvest are read again whatever the listing shows.
  const settling = [...baselines.values()].filter((b) => cc.identifiers.has(b.photoId) && unsettled(b)).length;
  const least = first || full ? harvestCost(photos, photos, 0, perHour, overhead) : harvestCost(photos, settling, 0, perHour, overhead);
  return { photos, first, settling, least, most: harvestCost(photos, photos, photos, perHour, overhead) };
}

function formatPlan(plan: HarvestPlan, perHour: number): string {
  const lines = [`Harvest plan for ${plural(plan.photos, "published photo")} at ${perHour.toLocaleString("en")} calls per hour:`];
  lines.push(`  flickr.people.getPhotos          ${plan.least.byMethod["flickr.people.getPhotos"]}  (one page lists 500 photos with last_update, views, faves and comment counts)`);
  if (plan.first) {
    lines.push(`  flickr.photos.getInfo            ${plan.photos}  (first harvest: every photo's tags and notes)`);
    lines.push(`  flickr.photos.comments.getList   up to ${plan.photos}  (only photos that have comments)`);
  } else {
    lines.push("  flickr.photos.getInfo            1 per photo changed since the last harvest (tags, notes, comments move last_update)");
    if (plan.settling > 0) {
      lines.push(`                                   + ${plan.settling}: ${plan.settling === 1 ? "a photo" : "photos"} changed within ${SETTLE_SECONDS / 60} minutes of the last harvest, read once more (last_update counts whole seconds)`);
    }
    lines.push("  flickr.photos.comments.getList   1 per photo whose comment count changed");
  }
  const extra = Object.keys(plan.least.byMethod).filter((m) => m.startsWith("flickr.test") || m.startsWith("flickr.auth"));
  if (extra.length) lines.push(`  ${extra.join(", ")}: 1 each (account check)`);
  lines.push(`At least ${plural(plan.least.calls, "call")} (${formatDuration(plan.least.seconds)}), at most ${plural(plan.most.calls, "call")} (${formatDuration(plan.most.seconds)}).`);
  return `${lines.join("\n")}\nDry run: nothing was sent to Flickr and nothing was written.\n`;
}

function formatResult(cc: CommunityContext, r: HarvestResult, calls: Record<string, number>, csv: string): string {
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const lines = [`Harvested ${plural(r.photos, "photo")}: ${r.read} read (new or changed), ${r.commentLists} comment list${r.commentLists === 1 ? "" : "s"}; ${plural(total, "API call")}.`];
  if (r.interrupted) lines.push("Interrupted: what was read is kept; run the same command again to go on.");
  if (r.missing > 0) lines.push(`${plural(r.missing, "published photo")} not in the account's listing (deleted on Flickr or not visible).`);
  const byKind = new Map<string, number>();
  for (const c of r.newContributions) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([k, n]) => plural(n, k)).join(", ");
  lines.push(r.newContributions.length ? `New since the last harvest: ${kinds}.` : "Nothing new since the last harvest.");
  if (r.gone > 0) lines.push(`${plural(r.gone, "contribution")} gone from Flickr since (kept in the state).`);
  for (const c of r.newContributions.slice(0, 50)) {
    const text = c.text.replace(/\s+/g, " ");
    lines.push(`  ${c.identifier}  ${c.kind}  ${c.suggested}  ${c.authorname || c.author}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`);
  }
  if (r.newContributions.length > 50) lines.push(`  … and ${r.newContributions.length - 50} more (see the CSV)`);
  lines.push(`Community CSV (fill the decision column with accept or reject): ${cc.show(csv)}`);
  return `${lines.join("\n")}\n`;
}

export async function runHarvestCommand(ctx: CommandIO, options: HarvestOptions): Promise<number> {
  const cc = await openCommunity(ctx, options.manifest, { ...options, readonly: options.dryRun });
  try {
    if (options.accepted) {
      importDecisions(cc);
      const { path, rows } = writeAcceptedCsv(cc);
      ctx.stdout.write(options.json ? `${JSON.stringify({ schema: "heritage.accepted/1", path, rows })}\n` : `${plural(rows, "accepted contribution")} written for the catalogue import: ${cc.show(path)}\n`);
      return EXIT.OK;
    }
    if (options.dryRun) {
      const plan = harvestPlan(cc, options.quota, options.full);
      ctx.stdout.write(options.json ? `${JSON.stringify({ schema: "heritage.harvest-plan/1", perHour: options.quota, ...plan }, null, 2)}\n` : formatPlan(plan, options.quota));
      return EXIT.OK;
    }
    const lock = acquireRunLock(cc.store, { command: "harvest" });
    try {
      const connection = await cc.connect();
      const account = await connection.account(cc.store, "read");
      if (!options.json) ctx.stderr.write(`Reading what the public added to ${plural(cc.identifiers.size, "published photo")}…\n`);
      const log = createRunLog(cc.paths.runLog);
      const before = cc.community.listHarvests().filter((h) => h.status === "completed").at(-1)?.id ?? 0;
      importDecisions(cc);
      const result = await harvest(cc, (m, p) => connection.call(m, p), account.nsid, { full: options.full, signal: ctx.signal });
      const calls = connection.transport.counts();
      const status = result.interrupted ? "interrupted" : "completed";
      cc.community.endHarvest(result.harvest, status, { calls: connection.transport.total(), photos: result.photos, changed: result.read, newCount: result.newContributions.length });
      log.write({ event: "harvest", harvest: result.harvest, status, photos: result.photos, read: result.read, new: result.newContributions.length, gone: result.gone, calls });
      const csv = writeCommunityCsv(cc, before);
      if (options.json) {
        const out = { schema: "heritage.harvest/1", ...result, newContributions: result.newContributions.map((c) => ({ id: contributionId(c), ...c })), calls, totalCalls: connection.transport.total(), csv };
        ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else ctx.stdout.write(formatResult(cc, result, calls, csv));
      return result.interrupted ? 130 : EXIT.OK;
    } finally {
      lock.release();
    }
  } finally {
    await cc.close();
  }
}

export { communityCsvPath };

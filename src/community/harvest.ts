/**
 * `heritage harvest`: read what the public added to the published photos since the last
 * harvest, at the cost the delta plan (delta.ts) allows, and keep all of it in the state. Each
 * photo's contributions and its new baseline are committed together, so a harvest stopped at
 * any point resumes where it stopped and never reads a committed photo again.
 */
import type { CommunityContext } from "./open.js";
import type { Call } from "./read.js";
import { listPage, readComments, readInfo, type ListedPhoto, type ReadContribution } from "./read.js";
import { commentsAfterInfo, planPhoto } from "./delta.js";
import { compileRules, suggestKind, type Rules } from "./triage.js";
import type { SeenContribution } from "../state/community.js";

export interface HarvestResult {
  harvest: number;
  /** Photos of this collection found in the listing. */
  photos: number;
  /** Photos read with getInfo / comments.getList. */
  read: number;
  commentLists: number;
  /** Published photos not in the listing (deleted on Flickr, or not visible). */
  missing: number;
  newContributions: SeenContribution[];
  gone: number;
  interrupted: boolean;
}

function toSeen(c: ReadContribution, photoId: string, identifier: string, rules: Rules): SeenContribution {
  const s = suggestKind(rules, c);
  return { ...c, photoId, identifier, suggested: s.kind, rule: s.rule };
}

export async function harvest(cc: CommunityContext, call: Call, nsid: string, options: { full: boolean; signal?: AbortSignal }): Promise<HarvestResult> {
  const rules = compileRules(cc.settings.community, cc.settings.moderation);
  const community = cc.community;
  const harvestId = community.beginHarvest();
  const baselines = community.baselines();
  const listed = new Set<string>();
  const result: HarvestResult = { harvest: harvestId, photos: 0, read: 0, commentLists: 0, missing: 0, newContributions: [], gone: 0, interrupted: false };
  const unchanged: { photo: ListedPhoto & { comments: number }; identifier: string }[] = [];
  const saveCounts = (photo: ListedPhoto & { comments: number }, identifier: string) => {
    community.saveBaseline({ photoId: photo.id, identifier, lastUpdate: photo.lastUpdate, views: photo.views, faves: photo.faves, comments: photo.comments }, harvestId);
    community.saveSnapshot({ harvest: harvestId, at: community.now(), photoId: photo.id, identifier, views: photo.views, faves: photo.faves, comments: photo.comments });
  };
  let pages = 1;
  for (let page = 1; page <= pages; page++) {
    const listing = await listPage(call, nsid, page);
    pages = listing.pages;
    for (const photo of listing.photos) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      // A photo uploaded meanwhile shifts the pages: one seen twice is read once.
      const identifier = cc.identifiers.get(photo.id);
      if (!identifier || listed.has(photo.id)) continue;
      listed.add(photo.id);
      result.photos++;
      const baseline = baselines.get(photo.id);
      const work = planPhoto(photo, identifier, baseline, options.full);
      if (!work.info && !work.comments) {
        unchanged.push({ photo: { ...photo, comments: photo.comments ?? baseline?.comments ?? 0 }, identifier });
        continue;
      }
      const info = work.info ? await readInfo(call, photo.id, nsid) : null;
      const commentPlan = commentsAfterInfo(work, info?.comments ?? null, baseline);
      const comments = commentPlan.read ? await readComments(call, photo.id) : null;
      if (info) result.read++;
      if (comments) result.commentLists++;
      community.transaction(() => {
        const record = (list: ReadContribution[], kinds: ("comment" | "tag" | "note")[]) => {
          const seen = new Set<string>();
          for (const c of list) {
            seen.add(`${c.kind}:${c.flickrId}`);
            const s = toSeen(c, photo.id, identifier, rules);
            if (community.see(s, harvestId)) result.newContributions.push(s);
          }
          result.gone += community.markGone(photo.id, kinds, seen);
        };
        if (info) record(info.contributions, ["tag", "note"]);
        if (comments) record(comments, ["comment"]);
        saveCounts({ ...photo, comments: commentPlan.count }, identifier);
      });
    }
    // Photos with nothing to read: their counts in one commit per page (one fsync, not 500).
    community.transaction(() => unchanged.splice(0).forEach(({ photo, identifier }) => saveCounts(photo, identifier)));
    if (result.interrupted) break;
  }
  result.missing = result.interrupted ? 0 : [...cc.identifiers.keys()].filter((id) => !listed.has(id)).length;
  return result;
}

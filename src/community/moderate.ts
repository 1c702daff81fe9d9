/**
 * Moderation: the rules (triage.ts) flag comments, other people's tags and notes; `--apply`
 * removes them, each archived first. The order is the law's: the full contribution (text,
 * author, date, permalink, rule, operator, time) is committed to the state and written to the
 * run log BEFORE the removal is sent, and the outcome is recorded after. A run killed anywhere
 * leaves either nothing done or an archived intent, which the next run completes: nothing is
 * removed unarchived, and nothing is removed twice (Flickr's "not found" answer is checked by
 * reading the photo again, since its error codes for these methods are unconfirmed).
 */
import type { ModerationRecord, StoredContribution } from "../state/community.js";
import type { RunLog } from "../publish/ports.js";
import type { CommunityContext } from "./open.js";
import type { Call } from "./read.js";
import { readComments, readInfo } from "./read.js";
import { compileRules, moderationFlag } from "./triage.js";
import { contributionId } from "./export.js";
import { FlickrApiError } from "../flickr/errors.js";
import { UserError } from "../errors.js";

export interface Flagged {
  contribution: StoredContribution;
  /** Why: the rule's kind and name, or the operator's explicit choice (--only). */
  rule: string;
}

const REMOVE: Record<StoredContribution["kind"], { method: string; param: string }> = {
  comment: { method: "flickr.photos.comments.deleteComment", param: "comment_id" },
  tag: { method: "flickr.photos.removeTag", param: "tag_id" },
  note: { method: "flickr.photos.notes.delete", param: "note_id" },
};

/** What the rules flag (or exactly the `only` ids), among contributions still on Flickr and not yet removed. */
export function flagContributions(cc: CommunityContext, only: readonly string[] | null): Flagged[] {
  const rules = compileRules(cc.settings.community, cc.settings.moderation);
  const done = new Set(cc.community.moderations().filter((m) => m.state === "removed" || m.state === "gone").map(contributionId));
  const live = cc.community.contributions().filter((c) => c.goneAt === null && !done.has(contributionId(c)));
  const flagged = new Map<string, Flagged>();
  for (const c of live) {
    if (c.author === cc.nsid) continue; // the institution's own words are not moderated here
    const flag = moderationFlag(rules, c);
    if (flag) flagged.set(contributionId(c), { contribution: c, rule: `${flag.kind} (${flag.rule})` });
  }
  if (only === null) return [...flagged.values()];
  const byId = new Map(live.map((c) => [contributionId(c), c]));
  const byFlickrId = new Map(live.map((c) => [c.flickrId, c]));
  const unknown = only.filter((id) => !byId.has(id) && !byFlickrId.has(id));
  if (unknown.length > 0) {
    throw new UserError(`--only names contributions that are not (or no longer) on Flickr as far as the last harvest saw: ${unknown.join(", ")}`, {
      code: "MODERATE_UNKNOWN_ID",
      hint: "Use the contribution_id column of the community CSV (e.g. comment:123-456-789), and run `heritage harvest` first.",
    });
  }
  return only.map((id) => {
    const c = byId.get(id) ?? byFlickrId.get(id)!;
    return flagged.get(contributionId(c)) ?? { contribution: c, rule: "chosen by the operator (--only)" };
  });
}

/** Archived removals a killed run left unfinished: they are completed first, whatever the rules say now. */
export function pendingIntents(cc: CommunityContext): ModerationRecord[] {
  return cc.community.moderations().filter((m) => m.state === "intent");
}

/** Is it still on Flickr? Read the photo again (one read call). */
async function stillThere(call: Call, m: ModerationRecord, owner: string): Promise<boolean> {
  if (m.kind === "comment") return (await readComments(call, m.photoId)).some((c) => c.flickrId === m.flickrId);
  try {
    return (await readInfo(call, m.photoId, owner)).contributions.some((c) => c.kind === m.kind && c.flickrId === m.flickrId);
  } catch (err) {
    if (err instanceof FlickrApiError && err.kind === "permanent" && err.code === 1) return false; // the photo itself is gone
    throw err;
  }
}

export interface RemovalOutcome {
  id: string;
  identifier: string;
  state: ModerationRecord["state"];
  error: string | null;
}

/** Archive, then remove, then record: one contribution. */
export async function removeOne(cc: CommunityContext, call: Call, log: RunLog, flagged: Flagged | ModerationRecord, operator: string, owner: string): Promise<RemovalOutcome> {
  let archived: ModerationRecord;
  if ("contribution" in flagged) {
    const c = flagged.contribution;
    const { kind, flickrId, photoId, identifier, author, authorname, date, text, permalink } = c;
    archived = cc.community.archive({ kind, flickrId, photoId, identifier, author, authorname, date: date ?? c.firstSeen, text, permalink, rule: flagged.rule, operator });
  } else archived = flagged;
  const id = contributionId(archived);
  log.write({
    event: "archive",
    id,
    kind: archived.kind,
    flickr_id: archived.flickrId,
    photo_id: archived.photoId,
    identifier: archived.identifier,
    author: archived.author,
    authorname: archived.authorname,
    date: archived.date,
    text: archived.text,
    permalink: archived.permalink,
    rule: archived.rule,
    operator: archived.operator,
    archived_at: archived.archivedAt,
  });
  const { method, param } = REMOVE[archived.kind];
  let state: ModerationRecord["state"] = "removed";
  let error: string | null = null;
  try {
    await call(method, { [param]: archived.flickrId });
  } catch (err) {
    if (!(err instanceof FlickrApiError) || err.kind !== "permanent") throw err;
    // Refused: already gone (a rerun after a kill), or not allowed. Only a read tells which.
    if (await stillThere(call, archived, owner)) {
      state = "failed";
      error = `${err.message}${err.code !== null ? ` (Flickr error ${err.code})` : ""}`;
    } else state = "gone";
  }
  cc.community.finishModeration(archived.kind, archived.flickrId, state, error);
  log.write({ event: "moderation", method, id, identifier: archived.identifier, photo_id: archived.photoId, outcome: state, ...(error ? { message: error } : {}) });
  return { id, identifier: archived.identifier, state, error };
}

/**
 * The harvest's files for cataloguers: the community CSV (every contribution, with its
 * suggested kind and the cataloguer's decision, which a later harvest keeps) and the accepted
 * contributions as an import keyed by identifier.
 */
import { join } from "node:path";
import type { StoredContribution } from "../state/community.js";
import type { CommunityContext } from "./open.js";
import { readDecisions, toCsv, writeCsvAtomically } from "./csv.js";

export const COMMUNITY_COLUMNS = [
  "identifier", "catalogue_url", "flickr_url", "kind", "suggested_kind", "author", "date", "text", "permalink", "status", "decision", "rule", "contribution_id",
] as const;

export const contributionId = (c: { kind: string; flickrId: string }): string => `${c.kind}:${c.flickrId}`;

export const communityCsvPath = (cc: CommunityContext): string => join(cc.paths.dir, `${cc.name}-community.csv`);
export const acceptedCsvPath = (cc: CommunityContext): string => join(cc.paths.dir, `${cc.name}-accepted.csv`);

const isoDate = (seconds: number | null): string => (seconds === null ? "" : new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19));

export function photoUrl(cc: CommunityContext, photoId: string): string {
  return `https://www.flickr.com/photos/${cc.nsid ?? "me"}/${photoId}/`;
}

/** Decisions written in the CSV since the last harvest go into the state first, so none is lost. */
export function importDecisions(cc: CommunityContext): number {
  const decisions = readDecisions(communityCsvPath(cc));
  let n = 0;
  cc.community.transaction(() => {
    for (const c of cc.community.contributions()) {
      const id = contributionId(c);
      if (!decisions.has(id)) continue;
      const d = decisions.get(id) ?? null;
      if (d !== c.decision) {
        cc.community.setDecision(c.kind, c.flickrId, d);
        n++;
      }
    }
  });
  return n;
}

/** new: first seen after the last completed harvest before this one (an interrupted one does not count). */
function status(c: StoredContribution, since: number): string {
  if (c.goneAt !== null) return "gone";
  return c.firstHarvest > since ? "new" : "seen";
}

export function writeCommunityCsv(cc: CommunityContext, since: number): string {
  const rows = cc.community.contributions().map((c) => [
    c.identifier,
    cc.catalogue.get(c.identifier) ?? "",
    photoUrl(cc, c.photoId),
    c.kind,
    c.suggested,
    c.authorname || c.author,
    isoDate(c.date ?? c.firstSeen),
    c.text,
    c.permalink,
    status(c, since),
    c.decision ?? "",
    c.rule,
    contributionId(c),
  ]);
  const path = communityCsvPath(cc);
  writeCsvAtomically(path, toCsv(COMMUNITY_COLUMNS, rows));
  return path;
}

export function writeAcceptedCsv(cc: CommunityContext): { path: string; rows: number } {
  const accepted = cc.community.contributions().filter((c) => c.decision === "accept");
  accepted.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  const rows = accepted.map((c) => [c.identifier, cc.catalogue.get(c.identifier) ?? "", c.suggested, c.kind, c.text, c.authorname || c.author, isoDate(c.date ?? c.firstSeen), c.permalink, contributionId(c)]);
  const path = acceptedCsvPath(cc);
  writeCsvAtomically(path, toCsv(["identifier", "catalogue_url", "suggested_kind", "kind", "text", "author", "date", "permalink", "contribution_id"], rows));
  return { path, rows: rows.length };
}

/**
 * `heritage moderate`: by default a report of what the rules flag and why, touching nothing and
 * calling nothing. `--apply` (confirmed on a terminal, or --yes) archives and removes them.
 */
import { userInfo } from "node:os";
import type { CommandIO } from "../command-io.js";
import { EXIT, UserError } from "../errors.js";
import { confirm } from "../publish/confirm.js";
import { createRunLog } from "../publish/run-log.js";
import { acquireRunLock } from "../state/lock.js";
import { contributionId } from "./export.js";
import { flagContributions, pendingIntents, removeOne, type Flagged, type RemovalOutcome } from "./moderate.js";
import { openCommunity, type ConnectionOptions } from "./open.js";

export interface ModerateOptions extends ConnectionOptions {
  manifest: string;
  apply: boolean;
  only: string[] | null;
  yes: boolean;
}

const oneLine = (text: string) => {
  const t = text.replace(/\s+/g, " ");
  return t.length > 90 ? `${t.slice(0, 89)}…` : t;
};

function formatFlagged(flagged: readonly Flagged[], pending: number, total: number): string {
  const lines = [`${flagged.length} of ${total} contributions flagged for removal${pending ? `; ${pending} archived removal${pending === 1 ? "" : "s"} of an interrupted run to finish` : ""}:`];
  for (const f of flagged) {
    const c = f.contribution;
    lines.push(`  ${contributionId(c)}  ${c.identifier}  ${f.rule}`);
    lines.push(`      ${c.authorname || c.author}: ${oneLine(c.text)}`);
  }
  return `${lines.join("\n")}\n`;
}

function operatorName(account: { nsid: string; username: string }): string {
  let user = "unknown user";
  try {
    user = userInfo().username;
  } catch {
    // no user name in this environment (a container without /etc/passwd entry)
  }
  return `${user} as ${account.username} (${account.nsid})`;
}

export async function runModerateCommand(ctx: CommandIO, options: ModerateOptions): Promise<number> {
  const cc = await openCommunity(ctx, options.manifest, options);
  try {
    if (cc.community.listHarvests().length === 0) {
      throw new UserError("nothing to moderate yet: no harvest has been made", { code: "NO_HARVEST", hint: `Run \`heritage harvest ${options.manifest}\` first; moderation works on what it collected.` });
    }
    const flagged = flagContributions(cc, options.only);
    const pending = pendingIntents(cc);
    const pendingIds = new Set(pending.map(contributionId));
    const fresh = flagged.filter((f) => !pendingIds.has(contributionId(f.contribution)));
    const total = cc.community.contributions().filter((c) => c.goneAt === null).length;
    if (!options.apply) {
      if (options.json) ctx.stdout.write(`${JSON.stringify({ schema: "heritage.moderate/1", applied: false, flagged: flagged.map((f) => ({ id: contributionId(f.contribution), identifier: f.contribution.identifier, kind: f.contribution.kind, rule: f.rule, author: f.contribution.authorname, text: f.contribution.text, permalink: f.contribution.permalink })), pending: pending.length }, null, 2)}\n`);
      else ctx.stdout.write(`${formatFlagged(flagged, pending.length, total)}Nothing was changed. Run with --apply to remove ${flagged.length ? "them" : "what is flagged"} (each is archived in the state and the log first).\n`);
      return EXIT.OK;
    }
    if (fresh.length + pending.length === 0) {
      ctx.stdout.write(options.json ? `${JSON.stringify({ schema: "heritage.moderate/1", applied: true, results: [] })}\n` : "Nothing flagged: nothing to remove.\n");
      return EXIT.OK;
    }
    if (!options.json) ctx.stderr.write(formatFlagged(flagged, pending.length, total));
    const ok = await confirm(ctx, `Remove ${fresh.length + pending.length} contribution${fresh.length + pending.length === 1 ? "" : "s"} from Flickr (each archived first)?`, options.yes);
    if (!ok) throw new UserError("nothing was removed: the removal was not confirmed", { code: "NOT_CONFIRMED", hint: "Answer y, or pass --yes when running without a terminal." });
    const lock = acquireRunLock(cc.store, { command: "moderate" });
    try {
      const connection = await cc.connect();
      const account = await connection.account(cc.store, "write");
      const operator = operatorName(account);
      const log = createRunLog(cc.paths.runLog);
      const call = (m: string, p: Record<string, string | number>) => connection.call(m, p);
      const results: RemovalOutcome[] = [];
      for (const item of [...pending, ...fresh]) {
        if (ctx.signal.aborted) break;
        results.push(await removeOne(cc, call, log, item, operator, account.nsid));
      }
      const failed = results.filter((r) => r.state === "failed");
      if (options.json) ctx.stdout.write(`${JSON.stringify({ schema: "heritage.moderate/1", applied: true, results, calls: connection.transport.counts() }, null, 2)}\n`);
      else {
        const removed = results.filter((r) => r.state === "removed" || r.state === "gone").length;
        ctx.stdout.write(`Removed ${removed} contribution${removed === 1 ? "" : "s"} (archived in the state and ${cc.show(cc.paths.runLog)}).\n`);
        for (const f of failed) ctx.stdout.write(`  not removed: ${f.id} (${f.identifier}): ${f.error}\n`);
      }
      if (ctx.signal.aborted) return 130;
      return failed.length > 0 ? EXIT.INPUT : EXIT.OK;
    } finally {
      lock.release();
    }
  } finally {
    await cc.close();
  }
}

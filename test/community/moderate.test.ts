/**
 * heritage moderate: a report touches nothing; --apply removes exactly what the rules flag,
 * archiving each first; a kill -9 anywhere during --apply, then a rerun: nothing removed twice,
 * nothing removed unarchived.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runKilledAfterCalls } from "../helpers/kill.js";
import { openState } from "../../src/state/open.js";
import { CommunityState } from "../../src/state/community.js";
import { seededRandom } from "../../src/publish/retry.js";
import { publishedCollection, seedKnownActivity, type Published } from "./helpers.js";

interface ModerateJson {
  flagged: { id: string; identifier: string; rule: string; text: string }[];
  results?: { id: string; state: string }[];
}

/** The rehearsal's state, where publish --endpoint put it; opened read-only so a wrong path fails instead of creating an empty state. */
const archiveOf = (p: Published) => {
  const store = openState(p.paths.database, { readonly: true });
  try {
    return new CommunityState(store).moderations();
  } finally {
    store.close();
  }
};
const logOf = (p: Published) => readFileSync(p.paths.runLog, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

function sandboxState(p: Published) {
  const photos = p.s.sandbox.photos();
  return JSON.stringify(photos.map((ph) => [ph.id, ph.comments, ph.tags, ph.notes ?? []]));
}

async function harvested(t: Parameters<typeof publishedCollection>[0], settings = "", sandbox: Parameters<typeof publishedCollection>[3] = {}): Promise<Published> {
  const p = await publishedCollection(t, 12, settings, sandbox);
  seedKnownActivity(p);
  p.s.sandbox.community.crowd(80);
  const h = await p.run("harvest");
  if (h.code !== 0) throw new Error(h.stderr);
  return p;
}

test("without --apply: the flagged items and why, no API call, nothing changed; --apply --yes removes exactly those, archived", async (t) => {
  t.timeout(120_000);
  const p = await harvested(t, "moderation:\n  trusted: [shipspotter1950]\n");
  const before = sandboxState(p);
  p.s.sandbox.resetCalls();
  const report = await p.run("moderate", "--json");
  t.is(report.code, 0, report.stderr);
  const flagged = (JSON.parse(report.stdout) as ModerateJson).flagged;
  t.is(p.s.sandbox.calls().total, 0);
  t.is(sandboxState(p), before);
  const texts = flagged.map((f) => f.text);
  t.true(texts.includes("You idiot, this is garbage"));
  t.true(texts.includes("cheap pills http://spam.example/x"));
  t.true(texts.some((x) => x.startsWith("I'm an admin for a group")));
  t.false(texts.some((x) => x.startsWith("Det här är Slussen")));
  t.true(flagged.every((f) => /abuse|spam/.test(f.rule)));

  const refused = await p.run("moderate", "--apply");
  t.is(refused.code, 2, "no terminal and no --yes");
  t.regex(refused.stderr, /--yes/);
  t.is(sandboxState(p), before);

  const applied = await p.run("moderate", "--apply", "--yes", "--json");
  t.is(applied.code, 0, applied.stderr);
  const results = (JSON.parse(applied.stdout) as ModerateJson).results!;
  t.deepEqual(results.map((r) => r.id).sort(), flagged.map((f) => f.id).sort());
  t.true(results.every((r) => r.state === "removed"));
  const remaining = new Set(p.s.sandbox.photos().flatMap((ph) => [...ph.comments.map((c) => `comment:${c.id}`), ...ph.tags.map((x) => `tag:${x.id}`), ...(ph.notes ?? []).map((n) => `note:${n.id}`)]));
  for (const f of flagged) t.false(remaining.has(f.id), `${f.id} removed`);

  const archive = archiveOf(p);
  t.deepEqual(archive.map((m) => `${m.kind}:${m.flickrId}`).sort(), flagged.map((f) => f.id).sort());
  t.true(archive.every((m) => m.text.length > 0 && m.permalink.startsWith("https://") && m.operator.includes("@") && m.rule.length > 0));
  const log = logOf(p);
  for (const f of flagged) {
    const archivedAt = log.findIndex((e) => e.event === "archive" && e.id === f.id);
    const removedAt = log.findIndex((e) => e.event === "moderation" && e.id === f.id);
    t.true(archivedAt >= 0 && archivedAt < removedAt, `${f.id}: archived in the log before its removal`);
    t.is(log[archivedAt]!.text, f.text);
  }
  const again = await p.run("moderate", "--json");
  t.deepEqual((JSON.parse(again.stdout) as ModerateJson).flagged, [], "nothing left to flag");
});

test("--only removes exactly the given contributions; an unknown id is a usage error", async (t) => {
  t.timeout(120_000);
  const p = await harvested(t);
  const flagged = (JSON.parse((await p.run("moderate", "--json")).stdout) as ModerateJson).flagged;
  const chosen = flagged[0]!.id;
  const bad = await p.run("moderate", "--apply", "--yes", "--only", "comment:nope");
  t.is(bad.code, 2);
  t.regex(bad.stderr, /comment:nope/);
  const run = await p.run("moderate", "--apply", "--yes", "--only", chosen, "--json");
  t.is(run.code, 0, run.stderr);
  t.deepEqual((JSON.parse(run.stdout) as ModerateJson).results!.map((r) => r.id), [chosen]);
  const left = (JSON.parse((await p.run("moderate", "--json")).stdout) as ModerateJson).flagged.map((f) => f.id);
  t.deepEqual(left.sort(), flagged.map((f) => f.id).filter((id) => id !== chosen).sort());
});

test("a contribution already deleted on Flickr when --apply runs is recorded as gone, still archived", async (t) => {
  t.timeout(120_000);
  const p = await harvested(t);
  const flagged = (JSON.parse((await p.run("moderate", "--json")).stdout) as ModerateJson).flagged;
  const comment = flagged.find((f) => f.id.startsWith("comment:"))!;
  await p.s.flickr("flickr.photos.comments.deleteComment", { comment_id: comment.id.slice("comment:".length) });
  const run = await p.run("moderate", "--apply", "--yes", "--json", "--only", comment.id);
  t.is(run.code, 0, run.stderr);
  t.deepEqual((JSON.parse(run.stdout) as ModerateJson).results!.map((r) => r.state), ["gone"]);
});

test("when Flickr refuses the owner deleting another's comment (unconfirmed), it is reported as not removed (exit 1) and stays archived", async (t) => {
  t.timeout(120_000);
  const p = await harvested(t, "", { ownerDeletesComments: false });
  const flagged = (JSON.parse((await p.run("moderate", "--json")).stdout) as ModerateJson).flagged;
  const comment = flagged.find((f) => f.id.startsWith("comment:"))!;
  const run = await p.run("moderate", "--apply", "--yes", "--only", comment.id);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stdout, /not removed: comment:/);
  t.true(p.s.sandbox.photos().some((ph) => ph.comments.some((c) => `comment:${c.id}` === comment.id)));
  const archive = archiveOf(p);
  t.like(archive[0], { state: "failed", text: comment.text });
});

test("kill -9 at random points of --apply, then rerun: every flagged item removed once, each archived, none unarchived", async (t) => {
  t.timeout(300_000);
  const p = await harvested(t);
  const flagged = (JSON.parse((await p.run("moderate", "--json")).stdout) as ModerateJson).flagged;
  t.true(flagged.length >= 4, `${flagged.length} flagged`);
  const args = ["moderate", p.c.manifest, "--endpoint", p.s.url, "--apply", "--yes"];
  const random = seededRandom(5);
  const runs: string[] = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    const kill = attempt < 4 ? 1 + Math.floor(random() * 3) : null;
    const exit = await runKilledAfterCalls(args, { env: p.env, cwd: p.c.dir, killAfterCalls: kill, calls: () => p.s.sandbox.calls().total });
    runs.push(`${kill ?? "-"} → ${exit.signal ?? exit.code}`);
    t.notRegex(exit.stderr, /internal error/, exit.stderr);
    if (exit.code === 0 && kill === null) break;
  }
  t.log(runs.join(", "));
  const remaining = new Set(p.s.sandbox.photos().flatMap((ph) => [...ph.comments.map((c) => `comment:${c.id}`), ...ph.tags.map((x) => `tag:${x.id}`), ...(ph.notes ?? []).map((n) => `note:${n.id}`)]));
  for (const f of flagged) t.false(remaining.has(f.id), `${f.id} removed`);
  const archive = archiveOf(p);
  t.deepEqual(archive.map((m) => `${m.kind}:${m.flickrId}`).sort(), flagged.map((f) => f.id).sort(), "each archived exactly once");
  t.true(archive.every((m) => m.state === "removed" || m.state === "gone"));
  const log = logOf(p);
  for (const f of flagged) t.true(log.some((e) => e.event === "archive" && e.id === f.id && e.text === f.text), `${f.id} in the log`);
  // A removal is sent at most once more than it succeeded: after a kill between sending and recording.
  const deletes = Object.entries(p.s.sandbox.calls().byMethod).filter(([m]) => /deleteComment|removeTag|notes\.delete/.test(m)).reduce((a, [, n]) => a + n, 0);
  t.true(deletes <= flagged.length + 4, `${deletes} removal calls for ${flagged.length} items`);
});

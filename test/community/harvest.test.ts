/**
 * heritage harvest on a published 40-item collection with seeded community activity: every
 * comment, foreign tag and note exactly once with the right identifier; a repeat harvest costs
 * one listing call per 500 photos and finds nothing new; new activity on three photos costs only
 * their calls; the CSV keeps the cataloguer's decisions and neutralises formulas.
 */
import test from "ava";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { COMMUNITY_COLUMNS } from "../../src/community/export.js";
import { expectedContributions, HOUR_MS, publishedCollection, seedKnownActivity } from "./helpers.js";

type CsvRow = Record<(typeof COMMUNITY_COLUMNS)[number], string>;

interface HarvestJson {
  photos: number;
  read: number;
  commentLists: number;
  newContributions: { id: string; identifier: string; kind: string; suggested: string; text: string }[];
  calls: Record<string, number>;
  totalCalls: number;
  csv: string;
}

test("first harvest lists everything once with its identifier; a repeat costs one listing call; new activity costs only its photos", async (t) => {
  t.timeout(120_000);
  // Flickr's last_update counts whole seconds. The visitors below act seconds after the harvests
  // before them, as they would; the sandbox's clock is moved on so that stays true on a fast machine
  // (everything in this test can happen within one second, and then no last_update would move).
  // Publishing and the public's first activity happened an hour before the harvests (helpers.ts).
  let later = 0;
  const p = await publishedCollection(t, 40, "", { clock: () => Date.now() - HOUR_MS + later });
  seedKnownActivity(p);
  p.s.sandbox.community.crowd(150);
  const expected = expectedContributions(p);
  t.true(expected.size > 40, `seeded ${expected.size} contributions`);

  // Publishing itself called the sandbox (the empty-state guard lists recent uploads): count from here.
  p.s.sandbox.resetCalls();
  const dry = await p.run("harvest", "--dry-run");
  t.is(dry.code, 0, dry.stderr);
  t.regex(dry.stdout, /flickr\.people\.getPhotos\s+1/);
  t.regex(dry.stdout, /Dry run/);
  t.true(existsSync(p.paths.dir), "the rehearsal's state folder is where the CSV would go");
  t.false(existsSync(join(p.paths.dir, "test-community.csv")), "a dry run writes nothing");
  t.is(p.s.sandbox.calls().total, 0, "and calls nothing");

  const first = await p.run("harvest", "--json");
  t.is(first.code, 0, first.stderr);
  const h1 = JSON.parse(first.stdout) as HarvestJson;
  t.is(h1.csv, join(p.paths.dir, "test-community.csv"), "the CSV is in the rehearsal's state folder");
  t.is(h1.photos, 40);
  const listed = h1.newContributions.map((c) => c.id);
  t.is(new Set(listed).size, listed.length, "each contribution once");
  const sorted = (entries: Iterable<[string, string]>) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  t.deepEqual(sorted(h1.newContributions.map((c) => [c.id, c.identifier])), sorted(expected));
  t.is(h1.calls["flickr.people.getPhotos"], 1);
  t.is(h1.calls["flickr.photos.getInfo"], 40);
  const withComments = p.s.sandbox.photos().filter((ph) => ph.comments.length > 0).length;
  t.is(h1.calls["flickr.photos.comments.getList"], withComments);
  const suggested = new Map(h1.newContributions.map((c) => [c.text, c.suggested]));
  t.is(suggested.get("You idiot, this is garbage"), "abuse");
  t.is(suggested.get("wikipedia:sv=Slussen"), "machine-tag");
  t.is(suggested.get("Det här är Slussen, fotograferad från Katarinahissen."), "identification");

  // Views and faves change all the time; they cost nothing beyond the listing.
  p.s.sandbox.community.add({ photo_id: p.photoOf("T-010").id, kind: "view", count: 5 });
  p.s.sandbox.community.add({ photo_id: p.photoOf("T-011").id, kind: "fave" });
  p.s.sandbox.resetCalls();
  const repeat = await p.run("harvest", "--json");
  t.is(repeat.code, 0, repeat.stderr);
  const h2 = JSON.parse(repeat.stdout) as HarvestJson;
  t.deepEqual(h2.newContributions, []);
  t.true(p.s.sandbox.calls().total <= 2, `repeat cost ${p.s.sandbox.calls().total} calls for 40 photos`);
  t.deepEqual(h2.calls, { "flickr.people.getPhotos": 1 });

  later += 2_000;
  const touched = ["T-005", "T-017", "T-033"].map((id) => p.photoOf(id).id);
  p.s.sandbox.community.add({ photo_id: touched[0]!, kind: "comment", author: "kulturarvsvän", text: "Fel årtal, det är 1932." });
  p.s.sandbox.community.add({ photo_id: touched[1]!, kind: "tag", author: "kulturarvsvän", text: "Strandvägen" });
  p.s.sandbox.community.add({ photo_id: touched[2]!, kind: "note", author: "kulturarvsvän", text: "Min mormor" });
  p.s.sandbox.resetCalls();
  const third = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson;
  t.deepEqual(third.newContributions.map((c) => c.identifier).sort(), ["T-005", "T-017", "T-033"]);
  t.deepEqual(third.calls, { "flickr.people.getPhotos": 1, "flickr.photos.getInfo": 3, "flickr.photos.comments.getList": 1 });
  t.is(p.s.sandbox.calls().total, 5);
});

test("the CSV: one row per contribution, formulas neutralised, decisions kept by the next harvest, accepted ones exported by identifier", async (t) => {
  t.timeout(120_000);
  const p = await publishedCollection(t, 6);
  seedKnownActivity(p);
  const h1 = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson;
  const rows = parse(readFileSync(h1.csv, "utf8"), { columns: true, bom: true }) as CsvRow[];
  t.is(rows.length, h1.newContributions.length);
  const evil = rows.find((r) => r.text.includes("HYPERLINK"))!;
  t.true(evil.text.startsWith("'="), evil.text);
  t.true(evil.author.startsWith("'="));
  t.true(rows.every((r) => r.status === "new"));
  const slussen = rows.find((r) => r.text.startsWith("Det här är Slussen"))!;
  t.is(slussen.identifier, "T-001");
  t.regex(slussen.flickr_url, /^https:\/\/www\.flickr\.com\/photos\/.+\/\d+\/$/);
  t.regex(slussen.permalink, /#comment/);

  // The cataloguer accepts two and rejects one, in a spreadsheet that saves with semicolons.
  const decided: CsvRow[] = rows.map((r) => ({ ...r, decision: r.text.startsWith("Det här är Slussen") || r.text === "wikipedia:sv=Slussen" ? "accept" : r.text.includes("idiot") ? "Nej" : "" }));
  const header = Object.keys(rows[0]!);
  writeFileSync(h1.csv, `${header.join(";")}\n${decided.map((r) => header.map((k) => `"${(r[k as keyof CsvRow] ?? "").replace(/"/g, '""')}"`).join(";")).join("\n")}\n`);
  p.s.sandbox.community.add({ photo_id: p.photoOf("T-006").id, kind: "comment", text: "Tack!" });
  const h2 = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson;
  const after = parse(readFileSync(h2.csv, "utf8"), { columns: true, bom: true }) as CsvRow[];
  t.is(after.find((r) => r.text.startsWith("Det här är Slussen"))!.decision, "accept");
  t.is(after.find((r) => r.text.includes("idiot"))!.decision, "reject");
  t.deepEqual(after.filter((r) => r.status === "new").map((r) => r.text), ["Tack!"]);

  const accepted = await p.run("harvest", "--accepted");
  t.is(accepted.code, 0, accepted.stderr);
  const imported = parse(readFileSync(join(h1.csv, "..", "test-accepted.csv"), "utf8"), { columns: true, bom: true }) as CsvRow[];
  t.deepEqual(imported.map((r) => [r.identifier, r.text]), [["T-001", "Det här är Slussen, fotograferad från Katarinahissen."], ["T-002", "wikipedia:sv=Slussen"]]);
});

test("a tag added after a listing but in the same second as the photo's last_update is harvested by the next harvest", async (t) => {
  t.timeout(120_000);
  // The sandbox's clock stands still: everything below happens within one second on Flickr's
  // clock, as it can on the real Flickr, whose last_update counts whole seconds.
  const second = Date.now();
  const p = await publishedCollection(t, 3, "", { clock: () => second });
  const photo = p.photoOf("T-002");
  p.s.sandbox.community.add({ photo_id: photo.id, kind: "comment", author: "kulturarvsvän", text: "Fel årtal, det är 1932." });
  const first = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson;
  t.deepEqual(first.newContributions.map((c) => c.text), ["Fel årtal, det är 1932."]);

  const listed = p.photoOf("T-002").lastUpdate;
  p.s.sandbox.community.add({ photo_id: photo.id, kind: "tag", author: "kulturarvsvän", text: "Strandvägen" });
  p.s.sandbox.community.add({ photo_id: photo.id, kind: "note", author: "kulturarvsvän", text: "Min mormor" });
  t.is(p.photoOf("T-002").lastUpdate, listed, "the premise: last_update did not move");

  const plan = await p.run("harvest", "--dry-run");
  t.regex(plan.stdout, /\+ 3: photos changed within 15 minutes of the last harvest, read once more/);
  p.s.sandbox.resetCalls();
  const next = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson;
  t.deepEqual(next.newContributions.map((c) => c.text).sort(), ["Min mormor", "Strandvägen"]);
  t.is(next.calls["flickr.photos.getInfo"], 3, "the three photos listed in that second are read again");
});

test("a contribution deleted on Flickr stays in the state, marked gone", async (t) => {
  t.timeout(60_000);
  const p = await publishedCollection(t, 3);
  const c = p.s.sandbox.community.add({ photo_id: p.photoOf("T-001").id, kind: "comment", author: "x", text: "Ett minne" });
  await p.run("harvest");
  await p.s.flickr("flickr.photos.comments.deleteComment", { comment_id: c.id! });
  const h = JSON.parse((await p.run("harvest", "--json")).stdout) as HarvestJson & { gone: number };
  t.is(h.gone, 1);
  const rows = parse(readFileSync(h.csv, "utf8"), { columns: true, bom: true }) as CsvRow[];
  t.like(rows[0], { text: "Ett minne", status: "gone" });
});

test("harvest before publishing is a usage error with a hint", async (t) => {
  const p = await publishedCollection(t, 1);
  const other = await p.run("harvest", "--state", join(p.c.dir, "nowhere"));
  t.is(other.code, 2);
  t.regex(other.stderr, /nothing has been published/);
  t.notRegex(other.stderr, /internal error/);
});

test("kill -9 during a harvest, then rerun: every contribution once, and committed photos are not read again", async (t) => {
  t.timeout(180_000);
  const { runKilledAfterCalls } = await import("../helpers/kill.js");
  const p = await publishedCollection(t, 30);
  seedKnownActivity(p);
  p.s.sandbox.community.crowd(100);
  const expected = expectedContributions(p);
  const args = ["harvest", p.c.manifest, "--endpoint", p.s.url, "--quota", "100000"];
  for (const kill of [6, 9]) {
    const exit = await runKilledAfterCalls(args, { env: p.env, cwd: p.c.dir, killAfterCalls: kill, calls: () => p.s.sandbox.calls().total });
    t.is(exit.signal, "SIGKILL");
  }
  p.s.sandbox.resetCalls();
  const last = await p.run("harvest", "--json");
  t.is(last.code, 0, last.stderr);
  const reads = p.s.sandbox.calls().byMethod["flickr.photos.getInfo"] ?? 0;
  t.true(reads < 30, `the rerun read ${reads} photos, not all 30 again`);
  const rows = parse(readFileSync((JSON.parse(last.stdout) as HarvestJson).csv, "utf8"), { columns: true, bom: true }) as CsvRow[];
  const ids = rows.map((r) => r.contribution_id);
  t.is(new Set(ids).size, ids.length);
  t.deepEqual(ids.sort(), [...expected.keys()].sort());
  t.true(rows.every((r) => r.status === "new"), "nothing was seen by a completed harvest before");
});

/**
 * Issue 14: who may comment and add tags, per row (`can_comment`, `can_add_meta`), through the
 * CLI against the sandbox. A row with comments closed goes up private and is opened by one
 * setPerms that closes comments in the same call, so the photo is never public with comments
 * open; a change costs one setPerms; an unchanged collection costs nothing.
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { FAST } from "./helpers.js";
import { makeCollection, sandboxEnv, type Row } from "../helpers/collection.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { runCli } from "../helpers/cli.js";
import { identifierOf } from "../helpers/expect-published.js";
import type { Sandbox } from "../../src/sandbox/index.js";

interface PermRow extends Row {
  can_comment: string;
  can_add_meta: string;
}

const COLUMNS: (keyof PermRow)[] = ["identifier", "file", "title", "description", "date", "latitude", "longitude", "tags", "license", "album", "can_comment", "can_add_meta"];
const cell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function setUp(t: import("ava").ExecutionContext) {
  // After every call the sandbox served, what the closed row's photo looked like.
  const seen: { call: string; isPublic: number; permComment: number }[] = [];
  let sandbox: Sandbox | null = null;
  const watch = (line: string) => {
    const photo = sandbox?.photos().find((p) => identifierOf(p, "testns") === "T-002");
    if (photo) seen.push({ call: line, isPublic: photo.isPublic, permComment: photo.permComment });
  };
  const s = await startTestSandbox(t, { quota: 1_000_000, logger: { debug: () => {}, info: watch, warn: watch, error: watch } });
  sandbox = s.sandbox;
  const c = await makeCollection(t, 3);
  const env = sandboxEnv(s.credentials, c.dir);
  const write = (rows: PermRow[]) => writeFileSync(c.manifest, `${COLUMNS.join(",")}\n${rows.map((r) => COLUMNS.map((k) => cell(r[k] ?? "")).join(",")).join("\n")}\n`);
  const heritage = (...args: string[]) => runCli([...args, c.manifest, "--endpoint", s.url, ...FAST], { env, cwd: c.dir });
  const photoOf = (identifier: string) => s.sandbox.photos().find((p) => identifierOf(p, "testns") === identifier)!;
  return { s, c, write, heritage, photoOf, seen };
}

test("can_comment=nobody: published with comments closed, never public with them open; a change is one setPerms; unchanged costs nothing", async (t) => {
  const { s, c, write, heritage, photoOf, seen } = await setUp(t);
  let rows: PermRow[] = c.rows.map((r) => ({ ...r, can_comment: r.identifier === "T-002" ? "nobody" : "", can_add_meta: r.identifier === "T-002" ? "kontakter" : "" }));
  write(rows);

  const dry = await heritage("publish", "--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number> } };
  t.is(plan.calls.by_method["flickr.photos.setPerms"], 1, "one setPerms, for the closed row only");

  const first = await heritage("publish");
  t.is(first.code, 0, first.stderr);
  t.is(s.sandbox.calls().byMethod["flickr.photos.setPerms"], 1);
  const closed = photoOf("T-002");
  t.like(closed, { isPublic: 1, permComment: 0, permAddMeta: 2 });
  // The others are as the account's default left them (heritage does not manage their permissions).
  t.like(photoOf("T-001"), { isPublic: 1, permComment: 3, permAddMeta: 2 });

  // The closed row's photo, after every call: private until the setPerms that opened it closed comments too.
  t.true(seen.length > 0);
  t.true(seen.every((v) => v.isPublic === 0 || v.permComment === 0), JSON.stringify(seen));
  t.regex(seen[0]!.call, /upload/, "first seen right after its upload");
  t.like(seen[0], { isPublic: 0 });
  t.true(seen.some((v) => /setPerms/.test(v.call) && v.isPublic === 1 && v.permComment === 0));

  // getInfo shows the owner the permissions.
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: closed.id })) as { photo: { permissions: { permcomment: string; permaddmeta: string } } };
  t.deepEqual(info.photo.permissions, { permcomment: "0", permaddmeta: "2" });

  // Unchanged: nothing to send.
  s.sandbox.resetCalls();
  const same = await heritage("sync", "--no-read-back");
  t.is(same.code, 0, same.stderr);
  t.is(s.sandbox.calls().total, 0, JSON.stringify(s.sandbox.calls().byMethod));

  // Opened: exactly one setPerms.
  rows = rows.map((r) => (r.identifier === "T-002" ? { ...r, can_comment: "everybody" } : r));
  write(rows);
  s.sandbox.resetCalls();
  const opened = await heritage("sync", "--no-read-back");
  t.is(opened.code, 0, opened.stderr);
  t.deepEqual(s.sandbox.calls().byMethod, { "flickr.photos.setPerms": 1 });
  t.like(photoOf("T-002"), { isPublic: 1, permComment: 3, permAddMeta: 2 });

  // And again unchanged.
  s.sandbox.resetCalls();
  const again = await heritage("sync", "--no-read-back");
  t.is(again.code, 0, again.stderr);
  t.is(s.sandbox.calls().total, 0);
  t.is(s.sandbox.photos().length, 3);
});

test("an unknown can_comment is ROW_INVALID_VALUE on its row and column; the row is not published", async (t) => {
  const { s, c, write, heritage } = await setUp(t);
  write(c.rows.map((r) => ({ ...r, can_comment: r.identifier === "T-003" ? "evrybody" : "", can_add_meta: r.identifier === "T-001" ? "vänner" : "" })));
  const validate = await runCli(["validate", c.manifest, "--json"], { cwd: c.dir });
  const report = JSON.parse(validate.stdout) as { issues: { code: string; row: number; field: string; value: string; identifier: string }[]; items: { identifier: string; flickr: Record<string, unknown> }[] };
  const invalid = report.issues.filter((i) => i.code === "ROW_INVALID_VALUE");
  t.is(invalid.length, 1, JSON.stringify(report.issues));
  t.like(invalid[0], { row: 4, identifier: "T-003", field: "can_comment", value: "evrybody" });
  t.like(report.items.find((i) => i.identifier === "T-001")!.flickr, { perm_comment: null, perm_addmeta: 1 });

  const run = await heritage("publish");
  t.is(run.code, 1, "a row was skipped for its error");
  t.deepEqual(s.sandbox.photos().map((p) => identifierOf(p, "testns")).sort(), ["T-001", "T-002"]);
});

test("a setPerms that fails after the upload leaves perms unrecorded: the photo stays private, and the next publish sends it", async (t) => {
  const { s, c, write, heritage, photoOf } = await setUp(t);
  write(c.rows.map((r) => ({ ...r, can_comment: r.identifier === "T-002" ? "ingen" : "", can_add_meta: "" })));
  s.sandbox.faults.once("code5", { method: "flickr.photos.setPerms" });
  const first = await heritage("publish");
  t.is(first.code, 1, "the item failed at its setPerms");
  t.like(photoOf("T-002"), { isPublic: 0, permComment: 3 });

  const dry = await heritage("publish", "--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  // The setPerms again, then what the failed item had not reached yet (its date, place, album).
  const resume = (JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number> } }).calls.by_method;
  t.is(resume["flickr.photos.setPerms"], 1);
  s.sandbox.resetCalls();
  const again = await heritage("publish");
  t.is(again.code, 0, again.stderr);
  t.deepEqual(s.sandbox.calls().byMethod, resume);
  t.like(photoOf("T-002"), { isPublic: 1, permComment: 0 });
  t.is(s.sandbox.photos().length, 3);
});

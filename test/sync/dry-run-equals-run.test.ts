/**
 * What the dry run lists is what the run sends, call for call: for a manifest (CSV and JSON) with every field
 * group, each edit (set, change, clear) is planned with `sync --dry-run --json`, then synced
 * against the sandbox, and the calls the sandbox received are compared with the plan's, method
 * by method. The edits are applied one after another, so each starts from the state the last
 * one left (published, changed, cleared).
 */
import test from "ava";
import { published as publishCollection, FAST } from "./helpers.js";
import { makeCollection, sandboxEnv, type Row } from "../helpers/collection.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { runCli } from "../helpers/cli.js";
import { identifierOf } from "../helpers/expect-published.js";
import { writeFileSync } from "node:fs";

interface FullRow extends Row {
  hidden: string;
  safety_level: string;
  content_type: string;
  can_comment: string;
  can_add_meta: string;
}

const COLUMNS: (keyof FullRow)[] = ["identifier", "file", "title", "description", "date", "latitude", "longitude", "tags", "license", "album", "is_public", "hidden", "safety_level", "content_type", "can_comment", "can_add_meta"];
const cell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** `methods`: the methods the plan must list for the edit (a check that the matrix tests something). */
type Edit = { name: string; edit: (r: FullRow) => FullRow; methods?: string[] };

/** Every field group: set, change, clear (where the catalogue can clear it). */
const EDITS: Edit[] = [
  { name: "meta: change the title", edit: (r) => ({ ...r, title: "Badhytter vid stranden" }) },
  { name: "meta: clear the description", edit: (r) => ({ ...r, description: "" }) },
  { name: "tags: add one", edit: (r) => ({ ...r, tags: `${r.tags}; medeltid` }) },
  // Heritage's own tags only, by id: a read of the tags, removeTag per tag gone, addTags for the new.
  { name: "tags: replace one", edit: (r) => ({ ...r, tags: r.tags.replace("generated", "glass plate") }), methods: ["flickr.photos.getInfo", "flickr.photos.removeTag", "flickr.photos.addTags"] },
  { name: "tags: change a spelling", edit: (r) => ({ ...r, tags: r.tags.replace("test;", "Test;") }), methods: ["flickr.photos.getInfo", "flickr.photos.removeTag", "flickr.photos.addTags"] },
  { name: "tags: remove one", edit: (r) => ({ ...r, tags: r.tags.replace("; medeltid", "") }), methods: ["flickr.photos.getInfo", "flickr.photos.removeTag"] },
  { name: "tags: clear the user tags", edit: (r) => ({ ...r, tags: "" }), methods: ["flickr.photos.getInfo", "flickr.photos.removeTag"] },
  { name: "license: change", edit: (r) => ({ ...r, license: "Public Domain Mark 1.0" }) },
  { name: "date: change", edit: (r) => ({ ...r, date: "1931-06" }) },
  // The description shows the date, so clearing the date changes the description too; the date itself sends nothing.
  { name: "date: clear", edit: (r) => ({ ...r, date: "" }), methods: ["flickr.photos.setMeta"] },
  { name: "date: set again", edit: (r) => ({ ...r, date: "1932" }) },
  { name: "geo: change", edit: (r) => ({ ...r, latitude: "59.3293", longitude: "18.0686" }) },
  { name: "geo: clear", edit: (r) => ({ ...r, latitude: "", longitude: "" }), methods: ["flickr.photos.geo.removeLocation"] },
  { name: "geo: set", edit: (r) => ({ ...r, latitude: "57.64", longitude: "18.29" }) },
  { name: "albums: into a new album", edit: (r) => ({ ...r, album: `${r.album}; Strand` }), methods: ["flickr.photosets.getList", "flickr.photosets.create", "flickr.photosets.addPhoto"] },
  { name: "albums: into an existing one only", edit: (r) => ({ ...r, album: "Album A" }) },
  { name: "albums: clear", edit: (r) => ({ ...r, album: "" }) },
  { name: "perms: private", edit: (r) => ({ ...r, is_public: "0" }) },
  { name: "perms: public again", edit: (r) => ({ ...r, is_public: "1" }) },
  { name: "perms: close comments", edit: (r) => ({ ...r, can_comment: "nobody" }), methods: ["flickr.photos.setPerms"] },
  { name: "perms: comments for contacts, tagging for friends", edit: (r) => ({ ...r, can_comment: "kontakter", can_add_meta: "friends" }), methods: ["flickr.photos.setPerms"] },
  // Emptied: no longer managed; Flickr keeps its setting and nothing is sent.
  { name: "perms: clear can_comment", edit: (r) => ({ ...r, can_comment: "" }), methods: [] },
  { name: "perms: clear can_add_meta and make private", edit: (r) => ({ ...r, can_add_meta: "", is_public: "0" }), methods: ["flickr.photos.setPerms"] },
  { name: "perms: public again with comments closed", edit: (r) => ({ ...r, can_comment: "ingen", is_public: "1" }), methods: ["flickr.photos.setPerms"] },
  { name: "safety: set", edit: (r) => ({ ...r, safety_level: "moderate" }), methods: ["flickr.photos.setSafetyLevel"] },
  { name: "safety: change", edit: (r) => ({ ...r, safety_level: "restricted" }) },
  { name: "safety: clear", edit: (r) => ({ ...r, safety_level: "" }), methods: [] },
  { name: "safety: hidden set", edit: (r) => ({ ...r, hidden: "true" }), methods: ["flickr.photos.setSafetyLevel"] },
  { name: "safety: hidden cleared", edit: (r) => ({ ...r, hidden: "" }) },
  { name: "content type: set", edit: (r) => ({ ...r, content_type: "other" }) },
  { name: "content type: change", edit: (r) => ({ ...r, content_type: "screenshot" }) },
  { name: "content type: clear", edit: (r) => ({ ...r, content_type: "" }), methods: [] },
  { name: "several groups at once", edit: (r) => ({ ...r, title: "Alla på en gång", safety_level: "safe", content_type: "photo", date: "", latitude: "58.1", longitude: "17.2" }) },
];

/** The manifest as a CSV, or as JSON (lists for tags and albums; an empty value is left out). */
function manifestText(format: "csv" | "json", rows: FullRow[]): string {
  if (format === "csv") return `${COLUMNS.join(",")}\n${rows.map((r) => COLUMNS.map((k) => cell(r[k] ?? "")).join(",")).join("\n")}\n`;
  const list = (v: string) => v.split(";").map((x) => x.trim()).filter(Boolean);
  const items = rows.map((r) =>
    Object.fromEntries(
      COLUMNS.map((k) => [k, k === "tags" || k === "album" ? list(r[k] ?? "") : r[k] ?? ""] as const).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== "")),
    ),
  );
  return `${JSON.stringify({ items }, null, 2)}\n`;
}

for (const format of ["csv", "json"] as const) {
  test(`sync (${format} manifest): for every field group, the calls the dry run lists are the calls the sandbox receives`, async (t) => {
    const s = await startTestSandbox(t, { quota: 1_000_000 });
    const c = await makeCollection(t, 4);
    const manifest = format === "csv" ? c.manifest : c.manifest.replace(/\.csv$/, ".json");
    const env = sandboxEnv(s.credentials, c.dir);
    const heritage = (args: string[]) => runCli(args, { env, cwd: c.dir });
    let rows: FullRow[] = c.rows.map((r) => ({ ...r, is_public: "1", hidden: "", safety_level: "", content_type: "", can_comment: "", can_add_meta: "" }));
    const write = () => writeFileSync(manifest, manifestText(format, rows));
    write();
    const first = await heritage(["publish", manifest, "--endpoint", s.url, ...FAST]);
    t.is(first.code, 0, first.stderr);
    // Another Flickr user tags the edited row's photo: no edit may touch that tag.
    const visitor = s.sandbox.createAccount({ username: "a visitor" });
    const tagged = s.sandbox.photos().find((p) => identifierOf(p, "testns") === "T-002")!;
    s.sandbox.editPhoto(tagged.id, { addTags: ["bathing huts"], tagsAuthor: visitor.nsid });

    for (const e of EDITS) {
      // The edit goes to the second row; the third gets it too, so each plan has more than one item.
      rows = rows.map((r, k) => (k === 1 || k === 2 ? e.edit(r) : r));
      write();
      const dry = await heritage(["sync", manifest, "--endpoint", s.url, ...FAST, "--dry-run", "--json"]);
      t.is(dry.code, 0, `${e.name}: ${dry.stderr}`);
      const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number>; overhead: number } };
      s.sandbox.resetCalls();
      const run = await heritage(["sync", manifest, "--endpoint", s.url, ...FAST, "--no-read-back"]);
      t.is(run.code, 0, `${e.name}: ${run.stdout}${run.stderr}`);
      t.is(plan.calls.overhead, 0, `${e.name}: no account checks once the account is known`);
      t.deepEqual(s.sandbox.calls().byMethod, plan.calls.by_method, `${e.name}: the dry run listed what the run sent`);
      if (e.name === "perms: clear can_comment") t.regex(run.stderr, /T-002 \(row \d\): can_comment was emptied in the catalogue: heritage no longer manages it, and Flickr keeps its current setting/);
      if (e.name === "safety: clear") t.regex(run.stderr, /T-002 \(row \d\): safety level 3 was removed from the catalogue, but Flickr cannot return a photo to the account's default; it was left as it is/);
      if (e.methods) t.deepEqual(Object.keys(plan.calls.by_method).sort(), [...e.methods].sort(), `${e.name}: the calls it needs`);
    }
    t.is(s.sandbox.photos().length, 4, "nothing was uploaded twice");
    t.deepEqual(s.sandbox.photos().find((p) => p.id === tagged.id)!.tags.filter((x) => x.author === visitor.nsid).map((x) => x.raw), ["bathing huts"], "the visitor's tag survived every edit");
  });
}

test("sync --replace-tags: the dry run lists the read, and one removeTag per tag other people added", async (t) => {
  const p = await publishCollection(t, 2);
  const photo = p.sandbox.photos().find((ph) => identifierOf(ph, "testns") === "T-001")!;
  const visitor = p.sandbox.createAccount({ username: "a visitor" });
  p.sandbox.editPhoto(photo.id, { addTags: ["bathing huts", "sand"], tagsAuthor: visitor.nsid });
  p.c.write(p.c.rows.map((r) => (r.identifier === "T-001" ? { ...r, tags: `${r.tags}; beach` } : r)));
  const dry = await p.sync("--replace-tags", "--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as { calls: { by_method: Record<string, number>; per_finding: string[] } };
  t.deepEqual(plan.calls.by_method, { "flickr.photos.addTags": 1, "flickr.photos.getInfo": 1 });
  t.is(plan.calls.per_finding.length, 1);
  t.regex(plan.calls.per_finding[0]!, /removeTag/);
  p.sandbox.resetCalls();
  const run = await p.sync("--replace-tags", "--no-read-back");
  t.is(run.code, 0, run.stderr);
  t.deepEqual(p.sandbox.calls().byMethod, { ...plan.calls.by_method, "flickr.photos.removeTag": 2 });
});

/** What the sandbox received beyond the plan's item calls must be exactly the plan's overhead. */
function assertRunMatchesPlan(t: import("ava").ExecutionContext, received: Record<string, number>, plan: { calls: { total: number; by_method: Record<string, number>; overhead: number } }, what: string): void {
  const ACCOUNT_CHECKS = new Set(["flickr.test.login", "flickr.auth.oauth.checkToken", "flickr.commons.getInstitutions", "flickr.photos.getInfo"]);
  for (const [m, n] of Object.entries(plan.calls.by_method)) t.true((received[m] ?? 0) >= n, `${what}: ${m} planned ${n}, sent ${received[m] ?? 0}`);
  const beyond = Object.entries(received).map(([m, n]) => [m, n - (plan.calls.by_method[m] ?? 0)] as const).filter(([, n]) => n !== 0);
  for (const [m] of beyond) t.true(ACCOUNT_CHECKS.has(m), `${what}: ${m} was sent but not planned`);
  t.is(beyond.reduce((a, [, n]) => a + n, 0), plan.calls.overhead, `${what}: the account checks are the plan's overhead`);
  t.is(Object.values(received).reduce((a, b) => a + b, 0), plan.calls.total, `${what}: the total is the plan's`);
}

test("publish: a new collection with every field group, and the resume of an item whose date failed, send what their dry runs list", async (t) => {
  const s = await startTestSandbox(t, { quota: 1_000_000 });
  const c = await makeCollection(t, 6);
  const env = sandboxEnv(s.credentials, c.dir);
  const heritage = (args: string[]) => runCli(args, { env, cwd: c.dir });
  const rows: FullRow[] = c.rows.map((r, k) => ({ ...r, is_public: k === 4 ? "0" : "1", hidden: k === 1 ? "yes" : "", safety_level: ["", "moderate", "restricted"][k % 3]!, content_type: ["", "other", "screenshot"][k % 3]!, can_comment: k === 2 ? "nobody" : k === 3 ? "everybody" : "", can_add_meta: k === 4 ? "contacts" : "" }));
  writeFileSync(c.manifest, `${COLUMNS.join(",")}\n${rows.map((r) => COLUMNS.map((k) => cell(r[k] ?? "")).join(",")).join("\n")}\n`);

  // State 1: nothing published yet.
  const dry = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--dry-run", "--json"]);
  t.is(dry.code, 0, dry.stderr);
  // The first setDates fails for good: that item keeps its upload, its later groups are not pushed.
  s.sandbox.faults.once("code5", { method: "flickr.photos.setDates" });
  const run = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST]);
  t.is(run.code, 1, "one item failed");
  const planned = JSON.parse(dry.stdout);
  const received = s.sandbox.calls().byMethod;
  // The failed item stopped at setDates: what it did not send is what the resume plans.
  const resumeDry = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST, "--dry-run", "--json"]);
  const resume = JSON.parse(resumeDry.stdout);
  const sentOrLeft: Record<string, number> = { ...received };
  for (const [m, n] of Object.entries(resume.calls.by_method as Record<string, number>)) sentOrLeft[m] = (sentOrLeft[m] ?? 0) + n;
  sentOrLeft["flickr.photos.setDates"]! -= 1; // the failed attempt
  assertRunMatchesPlan(t, sentOrLeft, planned, "first publish + what is left");

  // State 2: the resume.
  t.true(resume.calls.by_method["flickr.photos.setDates"] === 1, "the resume retries the date");
  s.sandbox.resetCalls();
  const again = await heritage(["publish", c.manifest, "--endpoint", s.url, ...FAST]);
  t.is(again.code, 0, again.stderr);
  assertRunMatchesPlan(t, s.sandbox.calls().byMethod, resume, "resume");
  t.is(s.sandbox.photos().length, 6);
});

/**
 * Other people's tags survive (issue 11): a tag sync changes only heritage's own tags — one read
 * of the photo's tags (their ids), removeTag by id for each tag heritage sent that left the
 * catalogue, addTags for the new ones — never setTags over the whole list. Run on a sandbox whose
 * setTags would take other people's tags with it (the pessimistic setTagsRemovesOthers switch).
 */
import test, { type ExecutionContext } from "ava";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv } from "../helpers/collection.js";
import { identifierOf } from "../helpers/expect-published.js";
import { FAST } from "./helpers.js";

/**
 * `count` photos published to a sandbox whose setTags drops other people's tags (as Flickr may),
 * and `heritage <command> <manifest> --endpoint … …args` against it.
 */
async function published(t: ExecutionContext, count: number) {
  const s = await startTestSandbox(t, { quota: 1_000_000, setTagsRemovesOthers: true });
  const c = await makeCollection(t, count);
  const env = sandboxEnv(s.credentials, c.dir);
  const heritage = (...args: string[]) => runCli([args[0]!, c.manifest, "--endpoint", s.url, ...FAST, ...args.slice(1)], { env, cwd: c.dir });
  t.is((await heritage("publish")).code, 0);
  return { s, c, heritage };
}

interface PlanJson {
  calls: { by_method: Record<string, number>; overhead: number };
  items: { identifier: string; actions: { kind: string; group?: string; calls: { method: string; tag?: string; params: Record<string, string> }[] }[] }[];
}

test("setTags would remove other people's tags: a sync that changes a tag keeps the tag another user added, and sends what its dry run lists", async (t) => {
  const { s, c, heritage } = await published(t, 2);
  const photo = () => s.sandbox.photos().find((p) => identifierOf(p, "testns") === "T-001")!;
  const visitor = s.sandbox.createAccount({ username: "a visitor" });
  s.sandbox.editPhoto(photo().id, { addTags: ["bathing huts"], tagsAuthor: visitor.nsid });

  // "generated" is replaced by "glass plate"; "test" is spelled "Test"; the rest stays.
  c.write(c.rows.map((r) => (r.identifier === "T-001" ? { ...r, tags: r.tags.replace("generated", "glass plate").replace("test;", "Test;") } : r)));
  const dry = await heritage("sync", "--dry-run", "--json");
  t.is(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as PlanJson;
  const tagCalls = plan.items.find((i) => i.identifier === "T-001")!.actions.find((a) => a.group === "tags")!.calls;
  t.deepEqual(
    tagCalls.map((c) => [c.method, c.tag ?? c.params.tags ?? ""]),
    [
      ["flickr.photos.getInfo", ""],
      ["flickr.photos.removeTag", "test"],
      ["flickr.photos.removeTag", "generated"],
      ["flickr.photos.addTags", 'Test "glass plate"'],
    ],
  );
  t.false("flickr.photos.setTags" in plan.calls.by_method);

  s.sandbox.resetCalls();
  const run = await heritage("sync", "--no-read-back");
  t.is(run.code, 0, run.stdout + run.stderr);
  t.deepEqual(s.sandbox.calls().byMethod, plan.calls.by_method, "the sandbox received what the dry run listed");
  const tags = photo().tags;
  const raw = (author: string) => tags.filter((x) => x.author === author).map((x) => x.raw).sort();
  t.deepEqual(raw(visitor.nsid), ["bathing huts"], "the visitor's tag survives");
  t.deepEqual(raw(s.credentials.nsid), ["Test", "batch 1", "glass plate", "testns:id=T-001"].sort());
});

test("the 75-tag limit counts the tags other people added: a sync that would pass it fails the item with TAGS_TOO_MANY and adds nothing", async (t) => {
  const { s, c, heritage } = await published(t, 1);
  const id = s.sandbox.photos()[0]!.id;
  const visitor = s.sandbox.createAccount({ username: "a visitor" });
  // 4 of heritage's tags + 70 of the visitor's = 74.
  s.sandbox.editPhoto(id, { addTags: Array.from({ length: 70 }, (_, k) => `visitor${k}`), tagsAuthor: visitor.nsid });
  // One removed, three added: 76 with the visitor's.
  c.write(c.rows.map((r) => ({ ...r, tags: r.tags.replace("generated", "one; two; three") })));
  const run = await heritage("sync", "--no-read-back");
  t.is(run.code, 1, run.stdout + run.stderr);
  t.regex(run.stderr, /set:tags failed: TAGS_TOO_MANY Flickr holds at most 75 tags on a photo: the photo has 73 \(70 added by other people\) and 3 more would make 76; no tag was added/);
  t.regex(run.stderr, /--replace-tags/);
  const after = s.sandbox.photos()[0]!.tags;
  t.is(after.filter((x) => x.author === visitor.nsid).length, 70, "the visitor's tags are untouched");
  t.false(after.some((x) => x.raw === "one"));
});

test("--on-drift overwrite puts back a tag removed on flickr.com and removes one the account added there, but never another user's", async (t) => {
  const { s, c, heritage } = await published(t, 1);
  const id = s.sandbox.photos()[0]!.id;
  const visitor = s.sandbox.createAccount({ username: "a visitor" });
  s.sandbox.editPhoto(id, { removeTags: ["generated"] });
  s.sandbox.editPhoto(id, { addTags: ["staff note"], tagsAuthor: s.credentials.nsid });
  s.sandbox.editPhoto(id, { addTags: ["bathing huts"], tagsAuthor: visitor.nsid });
  const run = await heritage("sync", "--verify", "--on-drift", "overwrite", "--no-read-back");
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(run.stdout, /overwritten with the catalogue's/);
  const tags = s.sandbox.photos()[0]!.tags;
  t.deepEqual(tags.filter((x) => x.author === s.credentials.nsid).map((x) => x.raw).sort(), ["batch 1", "generated", "test", "testns:id=T-001"]);
  t.deepEqual(tags.filter((x) => x.author === visitor.nsid).map((x) => x.raw), ["bathing huts"]);
  t.false("flickr.photos.setTags" in s.sandbox.calls().byMethod);
});

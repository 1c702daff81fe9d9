/**
 * The simulated public in the sandbox: contributions through the library and POST
 * /sandbox/community, read and removed through flickr-sdk over HTTP in Flickr's JSON shapes.
 */
import test from "ava";
import { startTestSandbox, testImage, type TestSandbox } from "../helpers/sandbox.js";

async function photo(s: TestSandbox, title = "Slussen"): Promise<string> {
  const { id } = await s.upload(await testImage("jpeg"), { title, tags: "own heritage:id=T-1" });
  return id;
}

const post = (s: TestSandbox, body: unknown, contentType = "application/json") =>
  fetch(`${s.url}/sandbox/community`, { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });

test("POST /sandbox/community adds a comment, a tag and a note by another account; getInfo and comments.getList show them with their authors", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photo(s);
  const res = await post(s, [
    { photo_id: id, kind: "comment", author: "Anna Lindqvist", text: "Det här är Slussen 1932." },
    { photo_id: id, kind: "tag", author: "Anna Lindqvist", text: "wikipedia:sv=Slussen" },
    { photo_id: id, kind: "note", author: "shipspotter", text: "Ångaren Nordstjernan", note: { x: 5, y: 6, w: 70, h: 40 } },
    { photo_id: id, kind: "fave", author: "shipspotter" },
    { photo_id: id, kind: "view", count: 12 },
  ]);
  t.is(res.status, 200);
  const body = (await res.json()) as { ok: boolean; result: { id: string | null }[] };
  t.true(body.ok);
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo;
  const foreign = info.tags.tag.filter((tag: { author: string }) => tag.author !== s.credentials.nsid);
  t.deepEqual(foreign.map((tag: { raw: string; authorname: string }) => [tag.raw, tag.authorname]), [["wikipedia:sv=Slussen", "Anna Lindqvist"]]);
  t.is(foreign[0].id, body.result[1]!.id);
  const note = info.notes.note[0];
  t.like(note, { id: body.result[2]!.id, authorname: "shipspotter", x: "5", y: "6", w: "70", h: "40", _content: "Ångaren Nordstjernan" });
  t.is(info.comments._content, "1");
  const comments = (await s.flickr("flickr.photos.comments.getList", { photo_id: id })).comments.comment;
  t.like(comments[0], { id: body.result[0]!.id, authorname: "Anna Lindqvist", _content: "Det här är Slussen 1932." });
  t.regex(comments[0].permalink, new RegExp(`/${id}/#comment`));
  const list = (await s.flickr("flickr.people.getPhotos", { user_id: "me", extras: "last_update,views,count_faves,count_comments", per_page: 500 })).photos;
  t.like(list.photo[0], { id, views: "12", count_faves: "1", count_comments: "1", lastupdate: info.dates.lastupdate });
});

test("control requests must be JSON: a form post or plain text is refused with 415 and changes nothing", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photo(s);
  for (const type of ["application/x-www-form-urlencoded", "text/plain"]) {
    const res = await post(s, { photo_id: id, kind: "comment", text: "x" }, type);
    t.is(res.status, 415);
  }
  t.is(s.sandbox.photos()[0]!.comments.length, 0);
  const bad = await post(s, { photo_id: id, kind: "poem", text: "x" });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { error: string }).error, /kind/);
  t.is((await post(s, { photo_id: "nope", kind: "comment", text: "x" })).status, 400);
});

test("the owner removes others' comments, tags and notes; deleting another's comment can be switched off (unconfirmed on Flickr)", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photo(s);
  const [comment, tag, note] = [
    s.sandbox.community.add({ photo_id: id, kind: "comment", author: "troll", text: "idiot" }),
    s.sandbox.community.add({ photo_id: id, kind: "tag", author: "troll", text: "spam" }),
    s.sandbox.community.add({ photo_id: id, kind: "note", author: "troll", text: "buy http://spam.example" }),
  ];
  await s.flickr("flickr.photos.comments.deleteComment", { comment_id: comment.id! });
  await s.flickr("flickr.photos.removeTag", { tag_id: tag.id! });
  await s.flickr("flickr.photos.notes.delete", { note_id: note.id! });
  const after = s.sandbox.photos()[0]!;
  t.is(after.comments.length, 0);
  t.false(after.tags.some((x) => x.raw === "spam"));
  t.deepEqual(after.notes, []);
  await t.throwsAsync(s.flickr("flickr.photos.notes.delete", { note_id: note.id! }), { message: /not found/i });

  const strict = await startTestSandbox(t, { ownerDeletesComments: false });
  const id2 = await photo(strict);
  const c2 = strict.sandbox.community.add({ photo_id: id2, kind: "comment", author: "troll", text: "idiot" });
  await t.throwsAsync(strict.flickr("flickr.photos.comments.deleteComment", { comment_id: c2.id! }), { message: /Comment not found/ });
  t.is(strict.sandbox.photos()[0]!.comments.length, 1);
});

test("setPerms perm_comment/perm_addmeta 0 closes a photo to the public; getAllContexts lists its albums", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photo(s);
  await s.flickr("flickr.photos.setPerms", { photo_id: id, is_public: 1, is_friend: 0, is_family: 0, perm_comment: 0, perm_addmeta: 0 });
  t.throws(() => s.sandbox.community.add({ photo_id: id, kind: "comment", text: "hello" }), { message: /perm_comment/ });
  t.throws(() => s.sandbox.community.add({ photo_id: id, kind: "note", text: "hello" }), { message: /perm_addmeta/ });
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo;
  t.deepEqual(info.permissions, { permcomment: "0", permaddmeta: "0" });
  t.deepEqual(await s.flickr("flickr.photos.getAllContexts", { photo_id: id }), { stat: "ok" });
  const set = (await s.flickr("flickr.photosets.create", { title: "Hamnar", primary_photo_id: id })).photoset;
  const contexts = await s.flickr("flickr.photos.getAllContexts", { photo_id: id });
  t.like(contexts.set[0], { id: set.id, title: "Hamnar", primary: id, count_photo: "1" });
});

test("the seeded crowd is reproducible and brings spam and abuse along with knowledge", async (t) => {
  const runs: string[][] = [];
  for (let k = 0; k < 2; k++) {
    const s = await startTestSandbox(t, { seed: 42 });
    for (let i = 0; i < 3; i++) await photo(s, `p${i}`);
    const res = await post(s, { crowd: 200 });
    t.is(res.status, 200);
    runs.push(s.sandbox.photos().flatMap((p) => [...p.comments.map((c) => c.text), ...(p.notes ?? []).map((n) => n.text), `v${p.views}f${p.faves ?? 0}`]));
  }
  t.deepEqual(runs[0], runs[1]);
  const texts = runs[0]!.join("\n");
  t.regex(texts, /spam\.example/);
  t.regex(texts, /idiot/);
  t.regex(texts, /wikipedia|wikidata/);
});

test("--community RATE: the crowd acts with the sandbox clock, before API calls", async (t) => {
  let now = Date.parse("2026-01-01T00:00:00Z");
  const s = await startTestSandbox(t, { clock: () => now, communityRate: 120 });
  await photo(s);
  const before = s.sandbox.photos()[0]!;
  now += 30 * 60_000; // half an hour: 60 contributions are due
  await s.flickr("flickr.test.login", {});
  const p = s.sandbox.photos()[0]!;
  const contributions = p.comments.length + (p.notes?.length ?? 0) + (p.faves ?? 0) + p.tags.length - before.tags.length;
  t.true(contributions > 0 && contributions <= 60);
  t.true(p.views > before.views || contributions > 20);
});

test("notes.add, edit and delete through the API: another member adds and edits their note; the owner may delete it; perm_addmeta 0 shuts others out", async (t) => {
  const s = await startTestSandbox(t);
  const id = await photo(s);
  const visitor = s.clientFor(s.sandbox.createAccount({ username: "Anna Lindqvist" }));
  const added = await visitor.flickr("flickr.photos.notes.add", { photo_id: id, note_x: 10, note_y: 20, note_w: 50, note_h: 40, note_text: "Min farfar" });
  const noteId = added.note.id as string;
  await visitor.flickr("flickr.photos.notes.edit", { note_id: noteId, note_x: 12, note_y: 20, note_w: 50, note_h: 40, note_text: "Min farfar, Karl" });
  await t.throwsAsync(s.flickr("flickr.photos.notes.edit", { note_id: noteId, note_x: 0, note_y: 0, note_w: 1, note_h: 1, note_text: "owner rewrites" }), { message: /cannot edit/ });
  const info = (await s.flickr("flickr.photos.getInfo", { photo_id: id })).photo;
  t.like(info.notes.note[0], { id: noteId, authorname: "Anna Lindqvist", x: "12", _content: "Min farfar, Karl" });
  await s.flickr("flickr.photos.notes.delete", { note_id: noteId });
  t.deepEqual(s.sandbox.photos()[0]!.notes, []);
  await s.flickr("flickr.photos.setPerms", { photo_id: id, is_public: 1, is_friend: 0, is_family: 0, perm_addmeta: 0 });
  await t.throwsAsync(visitor.flickr("flickr.photos.notes.add", { photo_id: id, note_x: 1, note_y: 1, note_w: 1, note_h: 1, note_text: "x" }), { message: /cannot add notes/ });
  const own = await s.flickr("flickr.photos.notes.add", { photo_id: id, note_x: 1, note_y: 1, note_w: 1, note_h: 1, note_text: "the owner's note" });
  t.truthy(own.note.id);
});

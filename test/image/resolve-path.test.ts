import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import { resolveCollectionPath } from "../../src/image/resolve-path.js";
import { tempDir } from "../helpers/images.js";

/**
 * A collection folder with a sibling "outside" folder:
 *   root/collection/a.tif, box1/b.tif, link-inside.tif → a.tif, link-out.tif → ../outside/secret.tif,
 *   linked-folder → ../outside
 *   root/outside/secret.tif
 */
async function layout(t: Parameters<typeof tempDir>[0]) {
  const root = await realpath(await tempDir(t));
  const collection = path.join(root, "collection");
  const outside = path.join(root, "outside");
  await mkdir(path.join(collection, "box1"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(collection, "a.tif"), "a");
  await writeFile(path.join(collection, "box1", "b.tif"), "b");
  await writeFile(path.join(outside, "secret.tif"), "secret");
  await symlink(path.join(collection, "a.tif"), path.join(collection, "link-inside.tif"));
  await symlink(path.join(outside, "secret.tif"), path.join(collection, "link-out.tif"));
  await symlink(outside, path.join(collection, "linked-folder"));
  return { root, collection, outside };
}

const OK: [string, string, string][] = [
  ["a plain relative path", "a.tif", "a.tif"],
  ["a nested path", "box1/b.tif", "box1/b.tif"],
  ["Windows separators", "box1\\b.tif", "box1/b.tif"],
  ["./ and a .. that stays inside", "./box1/../a.tif", "a.tif"],
  ["surrounding whitespace", "  a.tif ", "a.tif"],
  ["a symlink to a file inside the collection", "link-inside.tif", "a.tif"],
];
for (const [name, file, expected] of OK) {
  test(`resolveCollectionPath accepts ${name}`, async (t) => {
    const { collection } = await layout(t);
    const result = await resolveCollectionPath(collection, file);
    t.deepEqual(result, { path: path.join(collection, expected) });
  });
}

const OUTSIDE: [string, string, RegExp][] = [
  ["a .. escape", "../outside/secret.tif", /climbs out/],
  ["a .. escape after a folder", "box1/../../outside/secret.tif", /climbs out/],
  ["a Windows .. escape", "..\\outside\\secret.tif", /climbs out/],
  ["an absolute path", "/etc/passwd", /absolute/],
  ["a Windows drive path", "C:\\images\\a.tif", /absolute/],
  ["a UNC path", "\\\\server\\share\\a.tif", /absolute/],
  ["a symlink to a file outside", "link-out.tif", /symbolic link .*outside/],
  ["a path through a symlinked folder that leads outside", "linked-folder/secret.tif", /symbolic link .*outside/],
];
for (const [name, file, message] of OUTSIDE) {
  test(`resolveCollectionPath refuses ${name}`, async (t) => {
    const { collection } = await layout(t);
    const result = await resolveCollectionPath(collection, file);
    if (!("issue" in result)) return t.fail(`resolved to ${result.path}`);
    t.is(result.issue.code, "FILE_OUTSIDE_COLLECTION");
    t.is(result.issue.severity, "error");
    t.is(result.issue.field, "file");
    t.is(result.issue.value, file);
    t.regex(result.issue.message, message);
    t.truthy(result.issue.hint);
  });
}

test("an absolute path inside the collection is refused, with the relative form in the hint", async (t) => {
  const { collection } = await layout(t);
  const result = await resolveCollectionPath(collection, path.join(collection, "box1", "b.tif"));
  if (!("issue" in result)) return t.fail();
  t.is(result.issue.code, "FILE_OUTSIDE_COLLECTION");
  t.is(result.issue.hint, "Write it as box1/b.tif.");
});

test("a missing file whose name differs only in case: the hint names the real file", async (t) => {
  const { collection } = await layout(t);
  for (const [file, real] of [
    ["A.TIF", "a.tif"],
    ["BOX1/B.tif", "box1/b.tif"],
    ["Box1\\b.TIF", "box1/b.tif"],
  ]) {
    const result = await resolveCollectionPath(collection, file!);
    if (!("issue" in result)) return t.fail(file);
    t.is(result.issue.code, "FILE_MISSING");
    t.true(result.issue.hint!.includes(real!), result.issue.hint);
  }
});

test("a missing file with no near match: FILE_MISSING with the case-sensitivity hint", async (t) => {
  const { collection } = await layout(t);
  const result = await resolveCollectionPath(collection, "box2/c.tif");
  if (!("issue" in result)) return t.fail();
  t.is(result.issue.code, "FILE_MISSING");
  t.regex(result.issue.hint!, /Foo\.TIF and foo\.tif/);
});

test("a missing collection folder is COLLECTION_MISSING", async (t) => {
  const { root } = await layout(t);
  const result = await resolveCollectionPath(path.join(root, "nope"), "a.tif");
  if (!("issue" in result)) return t.fail();
  t.is(result.issue.code, "COLLECTION_MISSING");
});

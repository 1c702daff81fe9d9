import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { substituteFile, type ListingCache } from "../../src/manifest/file-candidates.js";
import { tempDir } from "../helpers/images.js";

async function collection(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = await tempDir(t, "heritage-candidates-");
  await mkdir(join(dir, "Låda 1"));
  for (const f of ["Låda 1/F 123.TIF", "Låda 1/F 124.jpeg", "f125.tif", "F126.tif", "F126.jpg", "exact.tif"]) await writeFile(join(dir, f), "x");
  return dir;
}

const cases: Array<[string, string | null]> = [
  ["exact.tif", null],
  ["låda 1/f 123.tif", "Låda 1/F 123.TIF"],
  ["Låda 1\\F 124.tif", "Låda 1/F 124.jpeg"],
  ["F125.TIF", "f125.tif"],
  ["F125", "f125.tif"],
  ["F126.png", "F126.tif"],
  ["missing.tif", null],
  ["../outside.tif", null],
  ["/etc/passwd", null],
  ["", null],
];
for (const [file, expected] of cases) {
  test(`substituteFile(${JSON.stringify(file)}) → ${String(expected)}`, async (t) => {
    t.is(await substituteFile(await collection(t), file, new Map()), expected);
  });
}

test("a folder is listed once per pass however many rows need it", async (t) => {
  const dir = await collection(t);
  const cache: ListingCache = new Map();
  for (let i = 0; i < 5; i++) t.is(await substituteFile(dir, "F125.TIF", cache), "f125.tif");
  t.deepEqual([...cache.keys()], [dir]);
});

test("a symlink found by case is returned as a name only; resolve-path still judges where it leads", async (t) => {
  const dir = await collection(t);
  await symlink("/etc/hostname", join(dir, "Link.tif"));
  t.is(await substituteFile(dir, "link.tif", new Map()), "Link.tif");
});

/**
 * Validation reads headers only and hashes a master in full only when it must: to settle a
 * possible duplicate (same size and same first and last bytes as another row's file) or to tell
 * a changed published master. Hashes are remembered by the file's stamp (size, mtime, inode,
 * ctime) in the state folder's file-hashes.sqlite, so an unchanged master is read in full once
 * across runs. Reads in full are observed through an injected hasher that counts its calls.
 */
import { mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import sharp from "sharp";
import { openManifest } from "../../src/manifest/open.js";
import { validateRows, type ValidatedItem, type ValidateOptions } from "../../src/validate/validate.js";
import { hashFile } from "../../src/image/hash-content.js";
import { openFileHashes, FILE_HASHES_FILE } from "../../src/state/file-hashes.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/images.js";

const HEADER = "identifier,file,title,license";
/** An hour ahead: every file written by the test is then old enough for its hash to be remembered. */
const LATER = () => Date.now() + 3_600_000;
/** An mtime a day ago, in whole seconds. */
const FORGED_TIME = Math.floor(Date.now() / 1000) - 86_400;

interface Project {
  dir: string;
  manifest: string;
  collection: string;
  stateDir: string;
}

async function project(t: ExecutionContext, files: Record<string, Buffer>, extraRows: string[] = []): Promise<Project> {
  const dir = await realpath(await tempDir(t, "heritage-hash-"));
  const collection = path.join(dir, "collections", "m");
  mkdirSync(collection, { recursive: true });
  mkdirSync(path.join(dir, "manifests"));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(collection, name)), { recursive: true });
    writeFileSync(path.join(collection, name), bytes);
    // Whole seconds, so that a test can forge the very same mtime back with utimes.
    utimesSync(path.join(collection, name), FORGED_TIME, FORGED_TIME);
  }
  const rows = Object.keys(files).map((name, i) => `ID-${i + 1},${name},Picture ${i + 1},CC0`);
  const manifest = path.join(dir, "manifests", "m.csv");
  writeFileSync(manifest, [HEADER, ...rows, ...extraRows].join("\n") + "\n");
  return { dir, manifest, collection, stateDir: path.join(dir, "manifests", ".heritage", "m") };
}

/** A noisy JPEG of about 150 KB: its entropy-coded data runs well past the 64 KiB head and the 16 KiB tail. */
async function noisyJpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 500, height: 400, channels: 3, background: { r: 90 + seed, g: 110, b: 130 }, noise: { type: "gaussian", mean: 128, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The same JPEG with one byte of its scan data changed at `at` (a byte that cannot form a marker). */
function withByteChanged(jpeg: Buffer, at: number): Buffer {
  const out = Buffer.from(jpeg);
  let p = at;
  while (out[p]! >= 0xf0 || out[p - 1] === 0xff) p++;
  out[p] = out[p]! ^ 0x01;
  return out;
}

async function validate(p: Project, options: ValidateOptions = {}): Promise<{ items: ValidatedItem[]; hashed: string[] }> {
  const hashed: string[] = [];
  const counting = (file: string) => {
    hashed.push(path.relative(p.collection, file));
    return hashFile(file);
  };
  const items: ValidatedItem[] = [];
  const hashes = options.hashes === undefined ? openFileHashes(p.stateDir, { clock: LATER }) : options.hashes;
  try {
    for await (const v of validateRows(await openManifest(p.manifest), { contentHash: "when-needed", ...options, hashes, hashFile: counting })) items.push(v);
  } finally {
    hashes?.close();
  }
  return { items, hashed: hashed.sort() };
}

const codes = (items: ValidatedItem[]) => items.map((v) => `${v.identifier}:${v.issues.map((i) => i.code).join("+")}`);

test("files of different sizes, or of the same size with different first bytes, are never read in full", async (t) => {
  const a = await noisyJpeg(1);
  const b = await noisyJpeg(2);
  // Same length as `a`, one byte different inside the first 64 KiB: the head sample tells them apart.
  const a2 = withByteChanged(a, 20_000);
  t.is(a2.length, a.length);
  const p = await project(t, { "a.jpg": a, "b.jpg": b, "a2.jpg": a2 });
  const run = await validate(p);
  t.deepEqual(run.hashed, []);
  t.deepEqual(codes(run.items), ["ID-1:", "ID-2:", "ID-3:"]);
});

test("same size, same first and last bytes: both are hashed once, and only true duplicates are FILE_SAME_CONTENT", async (t) => {
  const a = await noisyJpeg(3);
  t.true(a.length > 64 * 1024 + 16 * 1024 + 4096, `the JPEG is ${a.length} bytes`);
  // Differs from `a` only in the middle, outside both samples: only the full hash can tell.
  const middle = withByteChanged(a, 64 * 1024 + Math.floor((a.length - 80 * 1024) / 2));
  const p = await project(t, { "a.jpg": a, "middle.jpg": middle, "copy-of-a.jpg": Buffer.from(a) });
  const run = await validate(p);
  t.deepEqual(run.hashed, ["a.jpg", "copy-of-a.jpg", "middle.jpg"]);
  t.deepEqual(codes(run.items), ["ID-1:", "ID-2:", "ID-3:FILE_SAME_CONTENT"]);
  t.regex(run.items[2]!.issues[0]!.message, /same content as row 2 \(ID-1\)/);
});

test("a second validate of an unchanged collection reads no master in full; a master changed in place with its mtime put back is read again", async (t) => {
  const a = await noisyJpeg(4);
  const p = await project(t, { "a.jpg": a, "copy.jpg": Buffer.from(a), "other.jpg": await noisyJpeg(5) });
  const first = await validate(p);
  t.deepEqual(first.hashed, ["a.jpg", "copy.jpg"]);
  t.true(statSync(path.join(p.stateDir, FILE_HASHES_FILE)).isFile());

  const second = await validate(p);
  t.deepEqual(second.hashed, [], "every hash came from the cache");
  t.deepEqual(codes(second.items), codes(first.items));

  // Rewrite copy.jpg in place with other bytes of the same length, then forge its mtime back:
  // size, mtime and inode are unchanged, ctime is not.
  const file = path.join(p.collection, "copy.jpg");
  const before = statSync(file);
  writeFileSync(file, withByteChanged(a, 64 * 1024 + 30_000));
  utimesSync(file, FORGED_TIME, FORGED_TIME);
  const after = statSync(file);
  t.is(after.size, before.size);
  t.is(after.mtimeMs, before.mtimeMs);
  t.is(after.ino, before.ino);
  const third = await validate(p);
  t.deepEqual(third.hashed, ["copy.jpg"], "only the changed file is read again");
  t.deepEqual(codes(third.items), ["ID-1:", "ID-2:", "ID-3:"], "no longer the same content as a.jpg");
});

test("with the default cache, `heritage validate` remembers the hashes it had to take in the manifest's state folder, and needs no state", async (t) => {
  const a = await noisyJpeg(6);
  const p = await project(t, { "a.jpg": a, "copy.jpg": Buffer.from(a) });
  const run = await runCli(["validate", p.manifest, "--json"]);
  t.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { issues: { code: string; row: number }[] };
  t.deepEqual(report.issues.filter((i) => i.code === "FILE_SAME_CONTENT").map((i) => i.row), [3]);
  t.false(statSync(path.join(p.stateDir, "state.sqlite"), { throwIfNoEntry: false })?.isFile() ?? false, "validate creates no publishing state");
});

test("a published master (known fingerprint) forged back to its recorded size and mtime is hashed again, so the replacement is seen", async (t) => {
  const a = await noisyJpeg(7);
  const p = await project(t, { "a.jpg": a });
  const file = path.join(p.collection, "a.jpg");
  const published = await validate(p, { contentHash: "always" });
  t.deepEqual(published.hashed, ["a.jpg"]);
  const fingerprint = published.items[0]!.source!;
  t.truthy(fingerprint);
  const knownSource = () => fingerprint;

  const unchanged = await validate(p, { knownSource });
  t.deepEqual(unchanged.hashed, [], "unchanged: neither probed nor hashed");
  t.is(unchanged.items[0]!.probe, null);

  const st = statSync(file);
  writeFileSync(file, withByteChanged(a, 64 * 1024 + 10_000));
  utimesSync(file, FORGED_TIME, FORGED_TIME);
  t.like(statSync(file), { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino }, "size, mtime and inode as recorded");
  const replaced = await validate(p, { knownSource });
  t.deepEqual(replaced.hashed, ["a.jpg"]);
  t.not(replaced.items[0]!.source!.sha256, fingerprint.sha256);
  t.is(replaced.items[0]!.source!.sha256, (await hashFile(file)).sha256);
  t.deepEqual(readFileSync(file).length, a.length);
});

test("symlinks: with the collection root resolved once per run, a file or folder link leading out is still refused on every row", async (t) => {
  const a = await noisyJpeg(8);
  const p = await project(t, { "a.jpg": a, "box/b.jpg": await noisyJpeg(9) });
  const outside = path.join(p.dir, "outside");
  mkdirSync(outside);
  writeFileSync(path.join(outside, "secret.jpg"), await noisyJpeg(10));
  writeFileSync(path.join(outside, "secret2.jpg"), await noisyJpeg(11));
  symlinkSync(path.join(outside, "secret.jpg"), path.join(p.collection, "link-out.jpg"));
  symlinkSync(outside, path.join(p.collection, "linked-folder"));
  symlinkSync(path.join(p.collection, "a.jpg"), path.join(p.collection, "box", "link-in.jpg"));
  symlinkSync(path.join(p.collection, "nowhere.jpg"), path.join(p.collection, "dangling.jpg"));
  writeFileSync(
    p.manifest,
    [
      HEADER,
      "ID-1,a.jpg,A,CC0",
      "ID-2,link-out.jpg,Out,CC0",
      "ID-3,box/b.jpg,B,CC0",
      "ID-4,linked-folder/secret.jpg,Through a folder,CC0",
      "ID-5,linked-folder/secret2.jpg,Same folder again,CC0",
      "ID-6,box/link-in.jpg,Link inside,CC0",
      "ID-7,dangling.jpg,Dangling,CC0",
      "ID-8,box/../link-out.jpg,Out again,CC0",
    ].join("\n") + "\n",
  );
  const run = await validate(p, { hashes: null, concurrency: 8 });
  const byId = new Map(run.items.map((v) => [v.identifier, v]));
  for (const id of ["ID-2", "ID-4", "ID-5", "ID-8"]) {
    t.deepEqual(byId.get(id)!.issues.map((i) => i.code), ["FILE_OUTSIDE_COLLECTION"], id);
    t.is(byId.get(id)!.path, null, id);
    t.is(byId.get(id)!.probe, null, id);
  }
  t.deepEqual(byId.get("ID-7")!.issues.map((i) => i.code), ["FILE_MISSING"]);
  t.is(byId.get("ID-3")!.path, path.join(p.collection, "box", "b.jpg"));
  // A link inside the collection is followed to its real path, which row 1 already lists.
  t.is(byId.get("ID-6")!.path, path.join(p.collection, "a.jpg"));
  t.deepEqual(byId.get("ID-6")!.issues.map((i) => i.code), ["FILE_DUPLICATE"]);
});

import test from "ava";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.js";

const IMAGE = join(REPO_ROOT, "collections/sample");

function project(collectionSetting: string, layout: (dir: string) => void = () => {}): { dir: string; manifest: string } {
  const dir = mkdtempSync(join(tmpdir(), "heritage-root-"));
  mkdirSync(join(dir, "manifests"));
  layout(dir);
  const manifest = join(dir, "manifests", "m.json");
  writeFileSync(
    manifest,
    JSON.stringify({
      settings: { collection: collectionSetting, defaults: { license: "CC0" } },
      items: [{ identifier: "A 1", file: "a.jpg", title: "A" }],
    }),
  );
  return { dir, manifest };
}

function withImage(folder: string): void {
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(IMAGE, "fashion/bon-ton-plate-46.jpg"), join(folder, "a.jpg"));
}

test("a JSON manifest's own settings cannot send heritage to / (exit 2, names the folder and the way out)", async (t) => {
  const { dir, manifest } = project("/");
  const run = await runCli(["validate", manifest], { cwd: dir });
  t.is(run.code, 2, run.stdout + run.stderr);
  t.regex(run.stderr, /points outside its folders/);
  t.regex(run.stderr, /settings\.yaml/);
  t.notRegex(run.stderr, /internal error/i);
});

test("a symlink under the manifest's folder cannot lead outside it", async (t) => {
  const { dir, manifest } = project("link", (d) => symlinkSync("/etc", join(d, "manifests", "link")));
  const run = await runCli(["validate", manifest], { cwd: dir });
  t.is(run.code, 2);
  t.regex(run.stderr, /points outside its folders/);
});

test("the documented layouts are allowed: ../collections/<name> and a folder beside the manifest", async (t) => {
  for (const [setting, folder] of [
    ["../collections/m", "collections/m"],
    ["images", "manifests/images"],
  ] as const) {
    const { dir, manifest } = project(setting, (d) => withImage(join(d, folder)));
    const run = await runCli(["validate", manifest], { cwd: dir });
    t.is(run.code, 0, `${setting}: ${run.stdout}${run.stderr}`);
    t.notRegex(run.stderr, /points outside/);
  }
});

test("a settings file beside the manifest may name any folder", async (t) => {
  const outside = mkdtempSync(join(tmpdir(), "heritage-elsewhere-"));
  withImage(outside);
  const dir = mkdtempSync(join(tmpdir(), "heritage-root-"));
  mkdirSync(join(dir, "manifests"));
  const manifest = join(dir, "manifests", "m.json");
  writeFileSync(manifest, JSON.stringify([{ identifier: "A 1", file: "a.jpg", title: "A" }]));
  writeFileSync(join(dir, "manifests", "m.settings.yaml"), `collection: ${outside}\ndefaults:\n  license: CC0\n`);
  const run = await runCli(["validate", manifest], { cwd: dir });
  t.is(run.code, 0, run.stdout + run.stderr);
});

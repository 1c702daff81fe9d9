/**
 * The report's pictures with real sharp on real masters: upright for every EXIF orientation, in
 * sRGB whatever the master's colour space (checked against matrix conversions that use no ICC
 * engine), flattened, within size, cached by content, and a reason when a master cannot be read.
 */
import test from "ava";
import { readdir, stat, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { DisplayImageMaker, displayImageName, DISPLAY_IMAGE_DEFAULTS } from "../../src/preview/display-images.js";
import { dHash, fixture, hamming, meanAbsDiff, meanColour, referenceSrgb, tempDir, type ReferenceSpace } from "../helpers/images.js";

const MAX_PIXELS = 268_402_689;
/** dHash bits an upright picture may differ from photo-1 by (resampling, JPEG). */
const UPRIGHT_DISTANCE = 6;

async function make(t: Parameters<typeof tempDir>[0], file: string, options: { maxPixels?: number } = {}) {
  const outDir = await tempDir(t, "heritage-preview-");
  const maker = new DisplayImageMaker({ outDir, maxPixels: options.maxPixels ?? MAX_PIXELS, sharp });
  const result = await maker.make(fixture(file), `sha-of-${file}`);
  return { outDir, maker, result };
}

async function viewPath(t: Parameters<typeof tempDir>[0], file: string): Promise<{ view: string; thumb: string }> {
  const { outDir, result } = await make(t, file);
  if (result.image.kind !== "image") throw new Error(`no picture for ${file}: ${result.image.reason}`);
  return { view: join(outDir, result.image.view), thumb: join(outDir, result.image.thumb) };
}

test("every wrong orientation of photo-1 is far from it in dHash (so the checks below can fail)", async (t) => {
  const input = fixture("orientation/photo-1.jpg");
  const upright = await dHash(input);
  type Pipeline = ReturnType<typeof sharp>;
  const wrong = [(s: Pipeline) => s.flop(), (s: Pipeline) => s.flip(), (s: Pipeline) => s.rotate(90), (s: Pipeline) => s.rotate(180), (s: Pipeline) => s.rotate(270), (s: Pipeline) => s.rotate(90).flop(), (s: Pipeline) => s.rotate(90).flip()];
  for (const op of wrong) t.true(hamming(upright, await dHash(await op(sharp(input)).toBuffer())) > 2 * UPRIGHT_DISTANCE);
});

for (let orientation = 1; orientation <= 8; orientation++) {
  test(`EXIF orientation ${orientation}: the view image and thumbnail are upright (the same picture as photo-1)`, async (t) => {
    const file = `orientation/photo-${orientation}.jpg`;
    const { view, thumb } = await viewPath(t, file);
    const upright = await dHash(fixture("orientation/photo-1.jpg"));
    for (const path of [view, thumb]) {
      const meta = await sharp(path).metadata();
      t.true(meta.height > meta.width, `portrait, got ${meta.width}×${meta.height}`);
      t.is(meta.orientation, undefined, "no orientation left for a viewer to apply twice");
      t.true(hamming(await dHash(path), upright) <= UPRIGHT_DISTANCE, `dHash distance ${hamming(await dHash(path), upright)}`);
    }
  });
}

const COLOUR_REFERENCES: [file: string, space: ReferenceSpace, tolerance: number][] = [
  ["colour/adobe-rgb-16bit.tif", "adobe-rgb", 3],
  ["colour/adobe-rgb-a98.jpg", "adobe-rgb", 3],
  ["colour/prophoto-serials-iptc-xmp.tif", "prophoto", 3],
  ["colour/prophoto.png", "prophoto", 3],
  ["colour/display-p3-alpha.png", "display-p3", 3],
  ["colour/cielab-16bit.tif", "lab-d65", 3],
  ["colour/rgb-16bit-flag.png", "srgb", 3],
];

for (const [file, space, tolerance] of COLOUR_REFERENCES) {
  test(`${file} is shown in sRGB, within ${tolerance}/255 of a matrix conversion from ${space}`, async (t) => {
    const { view, thumb } = await viewPath(t, file);
    for (const path of [view, thumb]) {
      t.like(await sharp(path).metadata(), { format: "jpeg", space: "srgb", channels: 3, depth: "uchar" });
    }
    const diff = await meanAbsDiff(view, await referenceSrgb(fixture(file), space), 16);
    t.true(diff <= tolerance, `mean difference ${diff.toFixed(2)}`);
  });
}

test("an Adobe RGB master is really converted (shown as if sRGB it would be visibly off)", async (t) => {
  const file = "colour/adobe-rgb-16bit.tif";
  const { view } = await viewPath(t, file);
  const converted = await meanAbsDiff(view, await referenceSrgb(fixture(file), "adobe-rgb"), 16);
  const unconverted = await meanAbsDiff(view, await referenceSrgb(fixture(file), "srgb"), 16);
  t.true(unconverted > 3 * converted, `converted ${converted.toFixed(2)} vs unconverted ${unconverted.toFixed(2)}`);
});

test("a CMYK master (FOGRA39, C0 M100 Y100 K0) is shown as a strong sRGB red", async (t) => {
  const { view } = await viewPath(t, "colour/cmyk-fogra39-0-100-100-0.tif");
  const [r, g, b] = await meanColour(view);
  t.true(r! > 200 && g! < 40 && b! < 60, `mean colour ${[r, g, b].map((v) => v!.toFixed(0))}`);
  t.like(await sharp(view).metadata(), { space: "srgb", channels: 3 });
});

test("a CMYK JPEG (inverted Adobe values) is shown in sRGB with its own colours, not negated", async (t) => {
  const file = "colour/cmyk-swop-profile.jpg";
  const { view } = await viewPath(t, file);
  const libvips = await sharp(fixture(file)).toColourspace("srgb").jpeg().toBuffer();
  const negated = await sharp(libvips).negate().toBuffer();
  t.true((await meanAbsDiff(view, libvips, 16)) < 3);
  t.true((await meanAbsDiff(view, negated, 16)) > 40);
});

test("sizes: the view image fits 1024 px and the thumbnail 320 px; small masters are not enlarged", async (t) => {
  const big = await viewPath(t, "colour/cmyk-fogra39-0-100-100-0.tif"); // 1000×1000
  const small = await viewPath(t, "colour/prophoto.png"); // 1×1
  const b = [await sharp(big.view).metadata(), await sharp(big.thumb).metadata()];
  t.deepEqual([b[0]!.width, b[0]!.height, b[1]!.width, b[1]!.height], [1000, 1000, DISPLAY_IMAGE_DEFAULTS.thumbSize, DISPLAY_IMAGE_DEFAULTS.thumbSize]);
  const s = await sharp(small.view).metadata();
  t.deepEqual([s.width, s.height], [1, 1]);
  const wide = await viewPath(t, "colour/rgb-16bit-flag.png"); // 900×600
  t.like(await sharp(wide.thumb).metadata(), { width: 320, height: 213 });
});

test("transparency is flattened on white", async (t) => {
  const outDir = await tempDir(t, "heritage-preview-");
  const master = join(outDir, "alpha.png");
  await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toFile(master);
  const maker = new DisplayImageMaker({ outDir, maxPixels: MAX_PIXELS, sharp });
  const r = await maker.make(master, "alpha");
  if (r.image.kind !== "image") return t.fail(r.image.reason);
  const [red, green, blue] = await meanColour(join(outDir, r.image.view));
  t.true(red! > 250 && green! > 250 && blue! > 250);
});

test("a second maker over the same folder reuses the pictures; a new content hash gets new ones", async (t) => {
  const { outDir, maker, result } = await make(t, "orientation/photo-6.jpg");
  t.deepEqual(maker.stats, { made: 1, cached: 0, failed: 0 });
  if (result.image.kind !== "image") return t.fail();
  const before = (await stat(join(outDir, result.image.view))).mtimeMs;

  const again = new DisplayImageMaker({ outDir, maxPixels: MAX_PIXELS, sharp });
  const second = await again.make(fixture("orientation/photo-6.jpg"), "sha-of-orientation/photo-6.jpg");
  t.true(second.cached);
  t.deepEqual(second.image, result.image, "same files, same sizes");
  t.deepEqual(again.stats, { made: 0, cached: 1, failed: 0 });
  t.is((await stat(join(outDir, result.image.view))).mtimeMs, before, "not rewritten");

  const rescanned = await again.make(fixture("orientation/photo-6.jpg"), "another-sha");
  t.false(rescanned.cached);
  t.not(rescanned.image.kind === "image" && rescanned.image.view, result.image.view);
});

test("picture names come from the content hash and the size", (t) => {
  const names = new Set([displayImageName("a", 320), displayImageName("a", 1024), displayImageName("b", 320)]);
  t.is(names.size, 3);
  t.regex(displayImageName("a", 320), /^[0-9a-f]{32}\.jpg$/);
  t.is(displayImageName("a", 320), displayImageName("a", 320));
});

test("two rows with the same master share one decode", async (t) => {
  const outDir = await tempDir(t, "heritage-preview-");
  const maker = new DisplayImageMaker({ outDir, maxPixels: MAX_PIXELS, sharp, concurrency: 2 });
  const [a, b] = await Promise.all([maker.make(fixture("orientation/photo-3.jpg"), "same"), maker.make(fixture("orientation/photo-3.jpg"), "same")]);
  t.deepEqual(a.image, b.image);
  t.deepEqual(maker.stats, { made: 1, cached: 0, failed: 0 });
});

test("prune removes pictures this report does not use, and nothing else", async (t) => {
  const { outDir, maker } = await make(t, "orientation/photo-2.jpg");
  const thumbs = join(outDir, "thumbs");
  const stale = displayImageName("gone", 320);
  await writeFile(join(thumbs, stale), "old");
  await writeFile(join(thumbs, "notes.txt"), "the curator's");
  await mkdir(join(thumbs, "keep"), { recursive: true });
  t.is(await maker.prune(), 1);
  const left = await readdir(thumbs);
  t.false(left.includes(stale));
  t.true(left.includes("notes.txt"));
  t.is(left.filter((n) => n.endsWith(".jpg")).length, 2);
});

const UNREADABLE: [file: string, says: RegExp][] = [
  ["damaged/truncated.jpg", /premature end of JPEG/],
  ["damaged/corrupt-header.jpg", /JPEG/],
  ["damaged/ojpeg-strip.tif", /Old-style JPEG/],
];

// Serial: libvips' error text is process-wide, and other tests' sharp work would compete for it.
for (const [file, says] of UNREADABLE) {
  test.serial(`${file}: no picture, and the reason says why`, async (t) => {
    const { maker, result } = await make(t, file);
    t.is(result.image.kind, "placeholder");
    if (result.image.kind === "placeholder") t.regex(result.image.reason, says);
    t.deepEqual(maker.stats, { made: 0, cached: 0, failed: 1 });
  });
}

test.serial("a master with more pixels than images.max_pixels is not decoded", async (t) => {
  const { result } = await make(t, "colour/cmyk-fogra39-0-100-100-0.tif", { maxPixels: 500_000 });
  t.is(result.image.kind, "placeholder");
  if (result.image.kind === "placeholder") t.regex(result.image.reason, /pixel/i);
});

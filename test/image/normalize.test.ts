/**
 * The normalization matrix on real images: orientation, colour spaces, bit depth, alpha,
 * pages, passthrough, embedded metadata, privacy, size limits, and the master left untouched.
 * Every output is checked by reading it back (sharp for pixels, exifr for metadata).
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import exifr from "exifr";
import sharp from "sharp";
import { emptyEmbedFields, type EmbedFields } from "../../src/image/embed-fields.js";
import { normalizeCacheOptions, normalizeImage, type NormalizedCopy, type NormalizeOptions, type NormalizeResult } from "../../src/image/normalize.js";
import { decodeXmlEntities } from "../../src/image/read-embedded.js";
import { HERITAGE_XMP_NS } from "../../src/image/xmp-write.js";
import { createCopyCache } from "../../src/image/copy-cache.js";
import type { Issue } from "../../src/issues.js";
import {
  dHash,
  fixture,
  hamming,
  jpegMarkers,
  jpegScanData,
  meanAbsDiff,
  meanColour,
  pixelAt,
  referenceSrgb,
  tempDir,
  type ReferenceSpace,
} from "../helpers/images.js";

const LIMITS = { maxBytes: 200 * 1024 * 1024, jpegQuality: 90, maxPixels: 268_402_689 };

async function normalize(
  t: Parameters<typeof tempDir>[0],
  input: string,
  options: Partial<NormalizeOptions> = {},
): Promise<NormalizedCopy> {
  const result = await tryNormalize(t, input, options);
  if (!result.ok) throw new Error(`normalize failed: ${JSON.stringify(result.issues)}`);
  return result;
}

async function tryNormalize(t: Parameters<typeof tempDir>[0], input: string, options: Partial<NormalizeOptions> = {}): Promise<NormalizeResult> {
  const outputPath = path.join(await tempDir(t), "copy.jpg");
  return normalizeImage(input, { outputPath, embed: emptyEmbedFields(), ...LIMITS, ...options }, { sharp });
}

/** exifr on the bytes (its chunked file reader misses XMP in JPEGs without a JFIF segment). */
async function readBack(file: string): Promise<Record<string, Record<string, unknown>>> {
  return exifr.parse(await readFile(file), { tiff: true, exif: true, gps: true, xmp: true, iptc: true, mergeOutput: false, reviveValues: false, translateValues: false });
}
const altText = (v: unknown) => decodeXmlEntities(String((v as { value?: unknown })?.value ?? v));

// ---- orientation 1–8 ------------------------------------------------------------------------

for (const set of ["photo", "tiny"] as const) {
  for (let n = 1; n <= 8; n++) {
    test(`orientation ${n} (${set}): the copy is upright, like orientation 1`, async (t) => {
      const input = fixture(`orientation/${set}-${n}.jpg`);
      const stored = await sharp(input).metadata();
      const copy = await normalize(t, input);
      const out = await sharp(copy.outputPath).metadata();
      const swapped = n >= 5;
      t.deepEqual([copy.width, copy.height], swapped ? [stored.height, stored.width] : [stored.width, stored.height]);
      t.deepEqual([out.width, out.height], [copy.width, copy.height]);
      t.is(out.orientation, undefined, "no orientation tag left to apply twice");
      t.is(copy.passthrough, n === 1);
      const upright = fixture(`orientation/${set}-1.jpg`);
      const bits = hamming(await dHash(copy.outputPath, { applyOrientation: false }), await dHash(upright));
      t.true(bits <= 6, `dHash of copy vs orientation 1: ${bits} bits differ`);
      const diff = await meanAbsDiff(copy.outputPath, upright, 16);
      t.true(diff < 5, `copy vs orientation 1: mean difference ${diff.toFixed(1)}`);
      if (n > 1) {
        // The check can fail: the stored (not yet oriented) pixels look clearly different.
        const stored = await meanAbsDiff(await sharp(input).png().toBuffer(), upright, 16);
        t.true(stored > diff + 15, `stored pixels vs orientation 1: ${stored.toFixed(1)}`);
      }
    });
  }
}

for (const n of [3, 6, 8]) {
  test(`orientation ${n}: rotating in two passes (large-master path) gives the same copy`, async (t) => {
    const input = fixture(`orientation/photo-${n}.jpg`);
    const single = await normalize(t, input);
    const twoPass = await normalize(t, input, { rotateInMemoryMaxBytes: 0 });
    t.deepEqual([twoPass.width, twoPass.height], [single.width, single.height]);
    t.true((await meanAbsDiff(twoPass.outputPath, single.outputPath)) < 1.5);
  });
}

// ---- colour ---------------------------------------------------------------------------------

const COLOUR_REFERENCES: [string, ReferenceSpace, number][] = [
  ["colour/adobe-rgb-16bit.tif", "adobe-rgb", 2],
  ["colour/adobe-rgb-a98.jpg", "adobe-rgb", 2],
  ["colour/prophoto-serials-iptc-xmp.tif", "prophoto", 2],
  ["colour/prophoto.png", "prophoto", 2],
  ["colour/display-p3-alpha.png", "display-p3", 2],
  ["colour/cielab-16bit.tif", "lab-d65", 2],
  ["colour/rgb-16bit-flag.png", "srgb", 2],
];
for (const [name, space, tolerance] of COLOUR_REFERENCES) {
  test(`${name} → 8-bit sRGB JPEG, colours within ${tolerance}/255 of a matrix conversion from ${space}`, async (t) => {
    const copy = await normalize(t, fixture(name));
    const out = await sharp(copy.outputPath).metadata();
    t.like(out, { format: "jpeg", space: "srgb", channels: 3, depth: "uchar", hasProfile: true });
    const diff = await meanAbsDiff(copy.outputPath, await referenceSrgb(fixture(name), space), 16);
    t.true(diff <= tolerance, `mean difference ${diff.toFixed(2)}`);
  });
}

test("the Adobe RGB 16-bit master is really converted (reading it as sRGB would be visibly off)", async (t) => {
  const input = fixture("colour/adobe-rgb-16bit.tif");
  const copy = await normalize(t, input);
  const reference = await meanAbsDiff(copy.outputPath, await referenceSrgb(input, "adobe-rgb"), 16);
  const unconverted = await meanAbsDiff(copy.outputPath, await referenceSrgb(input, "srgb"), 16);
  t.true(unconverted > 3 * reference, `converted ${reference.toFixed(2)} vs unconverted ${unconverted.toFixed(2)}`);
});

test("CMYK TIFF (FOGRA39, C0 M100 Y100 K0) becomes a strong sRGB red", async (t) => {
  const copy = await normalize(t, fixture("colour/cmyk-fogra39-0-100-100-0.tif"));
  const [r, g, b] = await meanColour(copy.outputPath);
  t.true(r! > 200 && g! < 40 && b! < 60, `mean colour ${[r, g, b].map((v) => v!.toFixed(0))}`);
  t.is((await sharp(copy.outputPath).metadata()).channels, 3);
});

for (const name of ["colour/cmyk-swop-profile.jpg", "colour/cmyk-no-profile.jpg"]) {
  test(`${name} → sRGB, not inverted (Adobe CMYK JPEGs store inverted values)`, async (t) => {
    const input = fixture(name);
    const copy = await normalize(t, input);
    t.like(await sharp(copy.outputPath).metadata(), { space: "srgb", channels: 3 });
    // A naive CMYK → RGB formula is a rough guide: the ICC conversion is near it, its inverse far.
    const { data, info } = await sharp(input, { ignoreIcc: true }).toColourspace("cmyk").raw().toBuffer({ resolveWithObject: true });
    const n = info.width * info.height;
    const naive = Buffer.alloc(n * 3);
    const inverted = Buffer.alloc(n * 3);
    for (let i = 0; i < n; i++) {
      const k = 1 - data[i * 4 + 3]! / 255;
      for (let c = 0; c < 3; c++) {
        naive[i * 3 + c] = 255 * (1 - data[i * 4 + c]! / 255) * k;
        inverted[i * 3 + c] = 255 - naive[i * 3 + c]!;
      }
    }
    const near = await meanAbsDiff(copy.outputPath, { raw: naive, width: info.width, height: info.height });
    const far = await meanAbsDiff(copy.outputPath, { raw: inverted, width: info.width, height: info.height });
    t.true(near < 35 && far > 2 * near, `naive ${near.toFixed(1)}, inverted ${far.toFixed(1)}`);
  });
}

test("the CMYK JPEG with and without its profile give the same picture", async (t) => {
  const a = await normalize(t, fixture("colour/cmyk-swop-profile.jpg"));
  const b = await normalize(t, fixture("colour/cmyk-no-profile.jpg"));
  t.true(hamming(await dHash(a.outputPath), await dHash(b.outputPath)) <= 4);
  t.true((await meanAbsDiff(a.outputPath, b.outputPath)) < 15);
});

test("16-bit greyscale TIFF → single-channel 8-bit grey JPEG with the same tones", async (t) => {
  const input = fixture("colour/grey-16bit-gps.tif");
  const copy = await normalize(t, input);
  t.like(await sharp(copy.outputPath).metadata(), { channels: 1, space: "b-w", depth: "uchar" });
  const [source] = await meanColour(input);
  const [out] = await meanColour(copy.outputPath);
  t.true(Math.abs(source! / 257 - out!) < 1.5, `${source! / 257} vs ${out}`);
});

test("a greyscale JPEG stays single-channel grey (passed through)", async (t) => {
  const copy = await normalize(t, fixture("colour/grey-gamma22.jpg"));
  t.true(copy.passthrough);
  t.like(await sharp(copy.outputPath).metadata(), { channels: 1, space: "b-w" });
});

test("a multi-page TIFF → its first page, with a warning", async (t) => {
  const input = fixture("multi-page-bilevel.tif");
  const copy = await normalize(t, input);
  t.deepEqual([copy.width, copy.height], [2464, 3248]);
  t.deepEqual(
    copy.warnings.map((w) => [w.code, w.severity]),
    [["IMAGE_MULTI_PAGE", "warning"]],
  );
  const firstPage = await sharp(input, { page: 0 }).png().toBuffer();
  t.true((await meanAbsDiff(copy.outputPath, firstPage)) < 2);
  t.is((await sharp(copy.outputPath).metadata()).channels, 1);
});

test("alpha is flattened onto white: a transparent pixel becomes white, an opaque one keeps its colour", async (t) => {
  const rgba = Buffer.alloc(64 * 64 * 4);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const p = (y * 64 + x) * 4;
      if (x < 32) rgba.set([200, 30, 30, 255], p); // opaque red
      else rgba.set([0, 0, 0, 0], p); // transparent black
    }
  }
  const input = path.join(await tempDir(t), "alpha.png");
  await sharp(rgba, { raw: { width: 64, height: 64, channels: 4 } }).png().toFile(input);
  const copy = await normalize(t, input);
  t.is((await sharp(copy.outputPath).metadata()).channels, 3);
  const white = await pixelAt(copy.outputPath, 56, 32);
  const red = await pixelAt(copy.outputPath, 8, 32);
  t.true(white.every((v) => v >= 250), `transparent → ${white}`);
  t.true(red[0]! > 180 && red[1]! < 60 && red[2]! < 60, `opaque → ${red}`);
});

// ---- passthrough ----------------------------------------------------------------------------

const EMBED = {
  title: "Badande kvinnor på Collaroy Beach, Åsa & Märta <1908>",
  description: 'Women in bathing suits.\nSecond line with "quotes" and \'apostrophes\'.',
  creator: "Lundberg, Bengt A",
  date: "1908-01-01",
  rights: "Public Domain Mark 1.0",
  rightsUrl: "https://creativecommons.org/publicdomain/mark/1.0/",
  identifier: "a845001",
  sourceUrl: "https://collection.sl.nsw.gov.au/record/a845001",
  institution: "State Library of New South Wales",
  keepGps: false,
} satisfies EmbedFields;

test("passthrough: an sRGB 8-bit upright JPEG keeps its compressed image data byte for byte", async (t) => {
  const input = fixture("passthrough/slnsw-collaroy-beach-1908.jpg");
  const copy = await normalize(t, input, { embed: EMBED });
  t.true(copy.passthrough);
  const [before, after] = await Promise.all([readFile(input), readFile(copy.outputPath)]);
  t.true(jpegScanData(after).equals(jpegScanData(before)), "scan data identical");
  t.deepEqual([copy.width, copy.height], [1200, 942]);
  t.is(copy.bytes, after.length);
  t.true(jpegMarkers(after).filter((m) => m === "APP1").length === 2, "EXIF and XMP segments present");
  t.false(jpegMarkers(after).includes("APP13"), "the stale Photoshop/IPTC segment is gone");
  t.true(jpegMarkers(after).includes("APP2"), "the ICC profile is kept");
});

test("passthrough and re-encoded copies carry the manifest's metadata (XMP and EXIF, UTF-8 intact)", async (t) => {
  for (const input of [fixture("passthrough/slnsw-collaroy-beach-1908.jpg"), fixture("colour/adobe-rgb-16bit.tif")]) {
    const copy = await normalize(t, input, { embed: EMBED });
    const m = await readBack(copy.outputPath);
    t.is(altText(m.dc!.title), EMBED.title);
    t.is(altText(m.dc!.description), EMBED.description);
    t.is(decodeXmlEntities(String(m.dc!.creator)), EMBED.creator);
    t.is(altText(m.dc!.rights), EMBED.rights);
    t.is(String(m.dc!.identifier), EMBED.identifier);
    t.is(String(m.dc!.source), EMBED.sourceUrl);
    t.is(m.xmpRights!.WebStatement, EMBED.rightsUrl);
    t.is(String(m.xmpRights!.Marked).toLowerCase(), "false", "PDM is public domain");
    t.is(m.photoshop!.DateCreated, "1908-01-01");
    t.is(m.photoshop!.Credit, EMBED.institution);
    t.is(m.ifd0!.Artist, EMBED.creator);
    t.is(m.ifd0!.ImageDescription, EMBED.description);
    t.is(m.ifd0!.Copyright, `${EMBED.rights} (${EMBED.rightsUrl})`);
  }
});

test("a date that is not ISO 8601 is written as text (heritage:DateText), not as photoshop:DateCreated", async (t) => {
  const copy = await normalize(t, fixture("orientation/tiny-1.jpg"), { embed: { ...EMBED, date: "ca. 1910-talet" } });
  const xmp = (await readFile(copy.outputPath)).toString("utf8");
  t.true(xmp.includes(`xmlns:heritage="${HERITAGE_XMP_NS}"`));
  t.true(xmp.includes("<heritage:DateText>ca. 1910-talet</heritage:DateText>"));
  t.false(xmp.includes("photoshop:DateCreated"));
});

test("an untagged JPEG passes through; an Adobe RGB JPEG does not", async (t) => {
  t.true((await normalize(t, fixture("metadata/gps-iptc.jpg"))).passthrough);
  const converted = await normalize(t, fixture("metadata/artstor-public-domain-adobe-rgb.jpg"));
  t.false(converted.passthrough);
  t.like(await sharp(converted.outputPath).metadata(), { space: "srgb" });
});

// ---- privacy: capture metadata kept, serial numbers and (by default) GPS dropped -------------

async function cameraJpeg(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const file = path.join(await tempDir(t), "camera.jpg");
  await sharp(fixture("orientation/photo-1.jpg"))
    .keepIccProfile()
    .withExif({
      IFD0: { Make: "Hasselblad", Model: "H6D-400c", Software: "Phocus 3.8" },
      IFD2: {
        BodySerialNumber: "SN-0042-7781",
        LensSerialNumber: "LN-5555",
        CameraOwnerName: "Jane Doe",
        ExposureTime: "1/125",
        FNumber: "8/1",
        DateTimeOriginal: "2019:03:04 10:11:12",
      },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 19/1 4548/100", GPSLongitudeRef: "E", GPSLongitude: "18/1 4/1 744/100" },
    })
    .jpeg({ quality: 85 })
    .toFile(file);
  return file;
}

test("serial numbers, owner name, GPS and the master's dates are dropped; camera and exposure are kept", async (t) => {
  const input = await cameraJpeg(t);
  const original = await readBack(input);
  t.is(original.exif!.SerialNumber, "SN-0042-7781", "the generated master has a serial number");
  const copy = await normalize(t, input, { embed: { ...EMBED, keepGps: false } });
  t.true(copy.passthrough);
  const m = await readBack(copy.outputPath);
  t.like(m.ifd0, { Make: "Hasselblad", Model: "H6D-400c", Software: "Phocus 3.8" });
  t.like(m.exif, { ExposureTime: 0.008, FNumber: 8 });
  for (const key of ["SerialNumber", "LensSerialNumber", "OwnerName"]) t.false(key in m.exif!, `${key} dropped`);
  // Flickr would take the scanning day as "date taken": the date comes from the manifest instead.
  for (const key of ["DateTimeOriginal", "CreateDate", "DateTimeDigitized"]) t.false(key in m.exif!, `${key} dropped`);
  t.is(m.gps, undefined, "no GPS without manifest coordinates");
  const bytes = await readFile(copy.outputPath);
  t.false(bytes.includes("SN-0042-7781") || bytes.includes("Jane Doe"), "not anywhere in the file");
});

test("GPS is kept when the manifest publishes coordinates (keepGps)", async (t) => {
  const copy = await normalize(t, await cameraJpeg(t), { embed: { ...EMBED, keepGps: true } });
  const m = await readBack(copy.outputPath);
  t.is(Math.round((m.gps!.latitude as number) * 10000) / 10000, 59.3293);
  t.false("SerialNumber" in m.exif!);
});

test("a re-encoded TIFF master loses its serial numbers and its own XMP/IPTC", async (t) => {
  const input = fixture("colour/prophoto-serials-iptc-xmp.tif");
  const before = await exifr.parse(input, { exif: true, tiff: true, mergeOutput: true });
  t.truthy(before.SerialNumber, "the master has a serial number");
  const copy = await normalize(t, input, { embed: EMBED });
  const m = await readBack(copy.outputPath);
  t.false("SerialNumber" in (m.exif ?? {}));
  t.false("LensSerialNumber" in (m.exif ?? {}));
  t.is(m.iptc, undefined);
  t.is(altText(m.dc!.title), EMBED.title);
});

// ---- size limits ----------------------------------------------------------------------------

test("maxLongEdge downscales (keeping the aspect ratio) and prevents passthrough", async (t) => {
  const copy = await normalize(t, fixture("orientation/photo-6.jpg"), { maxLongEdge: 200 });
  t.deepEqual([copy.width, copy.height], [150, 200]);
  t.false(copy.passthrough);
  t.true(hamming(await dHash(copy.outputPath), await dHash(fixture("orientation/photo-1.jpg"))) <= 6);
  t.true((await normalize(t, fixture("orientation/photo-1.jpg"), { maxLongEdge: 1000 })).passthrough, "within the limit: untouched");
});

test("over maxBytes: quality then size are stepped down, with a warning", async (t) => {
  const copy = await normalize(t, fixture("passthrough/slnsw-collaroy-beach-1908.jpg"), { maxBytes: 100_000 });
  t.false(copy.passthrough);
  t.true(copy.bytes <= 100_000, `${copy.bytes} bytes`);
  t.is((await stat(copy.outputPath)).size, copy.bytes);
  t.deepEqual(
    copy.warnings.map((w) => w.code),
    ["IMAGE_RESIZED"],
  );
  t.regex(copy.warnings[0]!.message, /over images\.max_bytes/);
});

test("a copy that cannot fit maxBytes is IMAGE_TOO_LARGE, and nothing is left behind", async (t) => {
  const dir = await tempDir(t);
  const result = await normalizeImage(fixture("passthrough/slnsw-collaroy-beach-1908.jpg"), { outputPath: path.join(dir, "copy.jpg"), embed: EMBED, ...LIMITS, maxBytes: 5_000 }, { sharp });
  t.false(result.ok);
  if (result.ok) return;
  t.deepEqual(
    result.issues.map((i) => [i.code, i.severity]),
    [["IMAGE_TOO_LARGE", "error"]],
  );
  t.regex(result.issues[0]!.hint!, /max_long_edge/);
  t.deepEqual(await readdir(dir), []);
});

// ---- failures and safety --------------------------------------------------------------------

const FAILURES: [string, Issue["code"], Partial<NormalizeOptions>][] = [
  ["damaged/truncated.jpg", "IMAGE_CORRUPT", {}],
  ["damaged/truncated.png", "IMAGE_CORRUPT", {}],
  ["damaged/corrupt-header.jpg", "IMAGE_CORRUPT", {}],
  ["damaged/ojpeg-strip.tif", "IMAGE_UNSUPPORTED", {}],
  ["orientation/photo-1.jpg", "IMAGE_TOO_MANY_PIXELS", { maxPixels: 1000 }],
];
for (const [name, code, options] of FAILURES) {
  test(`${name}: ${code}, no copy written`, async (t) => {
    const dir = await tempDir(t);
    const result = await normalizeImage(fixture(name), { outputPath: path.join(dir, "copy.jpg"), embed: EMBED, ...LIMITS, ...options }, { sharp });
    t.false(result.ok);
    if (result.ok) return;
    t.is(result.issues[0]!.code, code);
    t.is(result.issues[0]!.field, "file");
    t.deepEqual(await readdir(dir), []);
  });
}

test("the master's bytes and modification time are unchanged by normalization", async (t) => {
  for (const name of ["passthrough/slnsw-collaroy-beach-1908.jpg", "orientation/photo-6.jpg", "colour/adobe-rgb-16bit.tif"]) {
    const input = fixture(name);
    const [bytes, info] = await Promise.all([readFile(input), stat(input)]);
    await normalize(t, input, { embed: EMBED });
    t.true((await readFile(input)).equals(bytes), `${name} bytes`);
    t.is((await stat(input)).mtimeMs, info.mtimeMs, `${name} mtime`);
  }
});

test("normalizeImage refuses to write over its input", async (t) => {
  const dir = await tempDir(t);
  const input = path.join(dir, "master.jpg");
  await writeFile(input, await readFile(fixture("orientation/tiny-1.jpg")));
  await t.throwsAsync(normalizeImage(input, { outputPath: input, embed: EMBED, ...LIMITS }, { sharp }), { message: /refusing to write the copy over the master/ });
  await t.throwsAsync(normalizeImage(input, { outputPath: path.join(dir, ".", "master.jpg"), embed: EMBED, ...LIMITS }, { sharp }));
});

test("cache options: only what changes the copy is in the key", async (t) => {
  const cache = createCopyCache({ dir: await tempDir(t), maxBytes: 1e9 });
  const base: NormalizeOptions = { outputPath: "/a/copy.jpg", embed: EMBED, ...LIMITS };
  const key = cache.keyFor("f".repeat(64), normalizeCacheOptions(base));
  t.is(cache.keyFor("f".repeat(64), normalizeCacheOptions({ ...base, outputPath: "/b/other.jpg", maxPixels: 10, rotateInMemoryMaxBytes: 0 })), key);
  t.not(cache.keyFor("f".repeat(64), normalizeCacheOptions({ ...base, jpegQuality: 80 })), key);
  t.not(cache.keyFor("f".repeat(64), normalizeCacheOptions({ ...base, embed: { ...EMBED, title: "Other" } })), key);
  t.not(cache.keyFor("f".repeat(64), normalizeCacheOptions({ ...base, maxLongEdge: 2048 })), key);
});

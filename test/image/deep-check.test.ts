// test-groups: alone (libvips keeps its error text in one process-wide buffer, so other files' sharp
// work in the same worker could change the messages these tests read; see src/image/deep-check.ts)
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import sharp from "sharp";
import { deepCheckImage } from "../../src/image/deep-check.js";
import { fixture, jpegScanData, tempDir } from "../helpers/images.js";

/**
 * Which of the "damaged" fixtures really are damaged, found by decoding every pixel:
 * - truncated.jpg, truncated.png: the data stops early → error;
 * - corrupt-header.jpg: no image at all → error;
 * - ojpeg-strip.tif: old-style JPEG compression cannot be decoded → error;
 * - broken-exif.jpg: only its EXIF is malformed; the pixels decode → clean;
 * - iccp-missing-adler32.png: the iCCP zlib stream lacks its checksum, but libpng inflates the
 *   profile and the pixels decode → clean (the probe reads the profile as valid too).
 */
const CASES: [string, { severity: "error" | "warning"; message: RegExp } | null][] = [
  ["damaged/truncated.jpg", { severity: "error", message: /premature end of JPEG/ }],
  ["damaged/truncated.png", { severity: "error", message: /libpng read error/ }],
  ["damaged/corrupt-header.jpg", { severity: "error", message: /header cannot be read/ }],
  ["damaged/ojpeg-strip.tif", { severity: "error", message: /Old-style JPEG/ }],
  ["damaged/broken-exif.jpg", null],
  ["damaged/iccp-missing-adler32.png", null],
  ["orientation/photo-1.jpg", null],
  ["colour/cielab-16bit.tif", null],
  ["multi-page-bilevel.tif", null],
];

for (const [name, expected] of CASES) {
  test(`deepCheckImage: ${name} → ${expected ? expected.severity : "clean"}`, async (t) => {
    const issues = await deepCheckImage(fixture(name), { sharp, file: name });
    if (!expected) return t.deepEqual(issues, []);
    t.is(issues.length, 1);
    t.like(issues[0], { code: "IMAGE_CORRUPT", severity: expected.severity, field: "file", file: name });
    t.regex(issues[0]!.message, expected.message);
  });
}

test("deepCheckImage: a stray restart marker in the scan decodes with a warning, reported as one", async (t) => {
  const bytes = Buffer.from(await readFile(fixture("passthrough/slnsw-collaroy-beach-1908.jpg")));
  const scanStart = bytes.length - jpegScanData(bytes).length;
  const at = Math.floor(bytes.length * 0.6);
  t.true(at > scanStart, "inside the entropy-coded data");
  bytes[at] = 0xff;
  bytes[at + 1] = 0xd3; // RST3 where none belongs
  const file = path.join(await tempDir(t), "damaged.jpg");
  await writeFile(file, bytes);
  const issues = await deepCheckImage(file, { sharp });
  t.is(issues.length, 1);
  t.like(issues[0], { code: "IMAGE_CORRUPT", severity: "warning" });
  t.regex(issues[0]!.message, /decodes, but the decoder warned: .*Corrupt JPEG data/);
});

test("deepCheckImage does not decode an image over the pixel limit", async (t) => {
  const issues = await deepCheckImage(fixture("multi-page-bilevel.tif"), { sharp, maxPixels: 1000 });
  t.deepEqual(
    issues.map((i) => i.code),
    ["IMAGE_TOO_MANY_PIXELS"],
  );
});

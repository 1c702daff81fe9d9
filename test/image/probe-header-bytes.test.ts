// test-groups: alone (it compares sharp's error text, which libvips keeps in one process-wide buffer: other
// files' sharp work in the same worker adds to it; see src/image/deep-check.ts)
/**
 * The probe gives sharp a JPEG's header from the bytes it already read instead of the path
 * (readImageHeader). A speed change only: the facts must be exactly what sharp reads from the
 * file, for every JPEG shape, and errors must read as the file's.
 */
import test from "ava";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { probeImage, readImageHeader } from "../../src/image/probe.js";
import { openMaster } from "../../src/image/structure-bytes.js";
import { sharpErrorMessage } from "../../src/image/sharp-module.js";
import { fixturePath } from "../helpers/paths.js";

const images = fixturePath("images") + "/";

/** sharp's metadata without `size` (given only for buffer input), buffers by digest. */
function facts(meta: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(meta)
      .filter(([k]) => k !== "size")
      .map(([k, v]) => [k, Buffer.isBuffer(v) ? createHash("sha256").update(v).digest("hex") : v]),
  );
}

function jpegsIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.jpe?g$/i.test(f))
    .map((f) => join(dir, f));
}

/** JPEGs of the shapes a header read depends on, beside the fixtures: progressive, CMYK, grey, EXIF orientation, ICC, XMP, a header past the first 64 KiB. */
async function generatedJpegs(dir: string): Promise<string[]> {
  const base = sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${"x".repeat(60_000)}</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`;
  const variants: [string, Promise<Buffer>][] = [
    ["baseline.jpg", base.clone().jpeg().toBuffer()],
    ["progressive.jpg", base.clone().jpeg({ progressive: true }).toBuffer()],
    ["grey.jpg", base.clone().greyscale().jpeg().toBuffer()],
    ["cmyk.jpg", base.clone().toColourspace("cmyk").jpeg().toBuffer()],
    ["oriented-6-icc.jpg", base.clone().withMetadata({ orientation: 6 }).withIccProfile("p3").jpeg().toBuffer()],
    ["large-xmp.jpg", base.clone().withXmp(xmp).jpeg().toBuffer()],
    ["big.jpg", sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#000000", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg({ quality: 95 }).toBuffer()],
  ];
  const files: string[] = [];
  for (const [name, bytes] of variants) {
    const file = join(dir, name);
    writeFileSync(file, await bytes);
    files.push(file);
  }
  return files;
}

test("a JPEG header read from the bytes in memory gives the facts sharp reads from the file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-header-bytes-"));
  try {
    const files = [...jpegsIn(images), ...(await generatedJpegs(dir))];
    t.true(files.length >= 25, `only ${files.length} JPEGs`);
    for (const file of files) {
      const byPath = await sharp(file, { limitInputPixels: false })
        .metadata()
        .then(facts, (err: Error) => `error: ${err.message}`);
      const master = await openMaster(file);
      try {
        const read = await readImageHeader(sharp, master, "jpeg").then(facts, (err: Error) => `error: ${err.message}`);
        t.deepEqual(read, byPath, file);
      } finally {
        master.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A JPEG whose segments are well formed but whose frame header libjpeg refuses (data precision 13). */
async function badPrecisionJpeg(file: string): Promise<string> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#808080" } }).jpeg().toBuffer();
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  bytes[sof + 4] = 13;
  writeFileSync(file, bytes);
  return file;
}

test("a JPEG whose header cannot be read keeps the file's error message", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-header-bytes-"));
  try {
    for (const file of [join(images, "damaged/corrupt-header.jpg"), await badPrecisionJpeg(join(dir, "precision-13.jpg"))]) {
      const byPath = await t.throwsAsync(sharp(file).metadata());
      const result = await probeImage(file, { maxPixels: 1e9, contentHash: false });
      t.is(result.probe, null);
      t.is(result.issues[0]?.code, "IMAGE_CORRUPT");
      t.is(result.issues[0]?.message, `The image header cannot be read: ${sharpErrorMessage(byPath)}`, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

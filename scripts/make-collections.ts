/**
 * Regenerates the image folders of the shipped collections, `collections/sample/` and
 * `collections/broken/`, from public-domain source pictures. Run once by a maintainer
 * (`npx tsx scripts/make-collections.ts <folder with the sources>`); the results are committed,
 * so nothing at run time or test time depends on the sources.
 *
 * Sources (all public domain; see collections/SOURCES.md):
 * - 4115677815_327a29a7b8_o.jpg — "Women in bathing suits on Collaroy Beach 1908", State Library
 *   of New South Wales, Flickr Commons (no known copyright restrictions)
 * - BonTonARTSTORplusIPTC.jpg — Gazette du Bon Ton, plate 46, May 1914 (public domain)
 * - concert.jpg — an outdoor screening, public-domain Flickr photo (sharp's test fixture)
 */
import sharp from "sharp";
import { mkdirSync, writeFileSync, rmSync, symlinkSync, copyFileSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const sources = resolve(process.argv[2] ?? join(root, "..", "shared", "data"));
const collaroy = join(sources, "flickr-commons/images/4115677815_327a29a7b8_o.jpg");
const bonTon = join(sources, "images/exifr/BonTonARTSTORplusIPTC.jpg");
const concert = join(sources, "images/sharp/concert.jpg");

const sample = join(root, "collections/sample");
const broken = join(root, "collections/broken");

/** Adobe RGB (1998) profile, taken from the Bon Ton scan, to make a wide-gamut 16-bit master. */
async function adobeRgbProfile(): Promise<string> {
  const icc = (await sharp(bonTon).metadata()).icc;
  if (!icc) throw new Error("no ICC profile in the Bon Ton scan");
  const path = join(root, "node_modules/.cache/adobe-rgb-1998.icc");
  mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
  writeFileSync(path, icc);
  return path;
}

async function makeSample(): Promise<void> {
  rmSync(sample, { recursive: true, force: true });
  for (const d of ["collaroy", "fashion", "events"]) mkdirSync(join(sample, d), { recursive: true });
  const adobe = await adobeRgbProfile();

  // A 16-bit Adobe RGB TIFF master, as a scanning studio delivers it, with scanner EXIF (and a
  // serial number heritage must not publish).
  await sharp(collaroy)
    .resize(800)
    .toColourspace("rgb16")
    .withIccProfile(adobe)
    .withExif({
      IFD0: { Make: "Heritage Scan", Model: "Flatbed 4800", Software: "heritage sample generator", DateTime: "2009:11:18 10:12:00" },
      IFD2: { DateTimeDigitized: "2009:11:18 10:12:00", BodySerialNumber: "HS-4800-00417" },
    })
    .tiff({ compression: "deflate", predictor: "horizontal" })
    .toFile(join(sample, "collaroy/a845001.tif"));

  // The inscription on the mount, scanned sideways: stored rotated, with EXIF orientation 6.
  const meta = await sharp(collaroy).metadata();
  const strip = { left: 0, top: Math.round(meta.height! * 0.88), width: meta.width!, height: Math.round(meta.height! * 0.12) };
  await sharp(await sharp(collaroy).extract(strip).rotate(-90).toBuffer())
    .withMetadata({ orientation: 6 })
    .tiff({ compression: "lzw" })
    .toFile(join(sample, "collaroy/a845001-inscription.tif"));

  // The fashion plate exactly as delivered (Adobe RGB JPEG with VRA/IPTC/XMP metadata).
  copyFileSync(bonTon, join(sample, "fashion/bon-ton-plate-46.jpg"));
  // Its printed caption: an sRGB, 8-bit, upright JPEG, which heritage uploads without re-encoding.
  const bt = await sharp(bonTon).metadata();
  await sharp(bonTon)
    .extract({ left: 0, top: Math.round(bt.height! * 0.78), width: bt.width!, height: Math.round(bt.height! * 0.22) })
    .toColourspace("srgb")
    .withIccProfile("srgb")
    .jpeg({ quality: 92 })
    .toFile(join(sample, "fashion/bon-ton-plate-46-caption.jpg"));

  // A greyscale master: heritage keeps it grey.
  await sharp(concert).toColourspace("b-w").keepIccProfile().tiff({ compression: "lzw" }).toFile(join(sample, "events/outdoor-screening.tif"));
}

async function tile(n: number): Promise<Buffer> {
  // Small, distinct crops of the beach photograph: one file per row, so no two rows share content.
  const meta = await sharp(collaroy).metadata();
  const step = Math.floor((meta.width! - 96) / 40);
  return sharp(collaroy)
    .extract({ left: (n * step) % (meta.width! - 96), top: 40 + ((n * 37) % 400), width: 96, height: 72 })
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function makeBroken(): Promise<void> {
  rmSync(broken, { recursive: true, force: true });
  mkdirSync(broken, { recursive: true });
  for (let n = 1; n <= 40; n++) writeFileSync(join(broken, `ok-${String(n).padStart(2, "0")}.jpg`), await tile(n));

  writeFileSync(join(broken, "empty.tif"), Buffer.alloc(0));
  writeFileSync(join(broken, "not-an-image.tif"), "Catalogue note: this file was saved from a word processor, not a scanner.\n");
  writeFileSync(join(broken, "actually-a-pdf.jpg"), "%PDF-1.4\n% a PDF saved under an image name\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const full = readFileSync(collaroy);
  writeFileSync(join(broken, "truncated.jpg"), full.subarray(0, Math.floor(full.length * 0.4)));
  const corrupt = Buffer.from(full.subarray(0, 4096));
  corrupt.fill(0x5a, 24, 600); // the segments after the JFIF header are overwritten
  writeFileSync(join(broken, "corrupt-header.jpg"), corrupt);
  // A JPEG 2000 file: a format sharp's prebuilt libvips does not read.
  writeFileSync(join(broken, "scan.jp2"), Buffer.concat([Buffer.from("0000000c6a5020200d0a870a00000014667479706a703220000000006a703220", "hex"), Buffer.alloc(64)]));
  // Two pages: only the first is published.
  const page = await sharp(collaroy).resize(64, 64).raw().toBuffer();
  await sharp(Buffer.concat([page, page]), { raw: { width: 64, height: 128, channels: 3, pageHeight: 64 } }).tiff().toFile(join(broken, "two-pages.tif"));
  // More pixels than the collection's limit (broken.settings.yaml sets max_pixels: 4000000).
  await sharp({ create: { width: 2400, height: 2400, channels: 3, background: "#d8cfc0" } }).png().toFile(join(broken, "too-many-pixels.png"));
  // The same picture as ok-01.jpg under another name.
  copyFileSync(join(broken, "ok-01.jpg"), join(broken, "copy-of-ok-01.jpg"));
  // A link that leaves the collection.
  symlinkSync("../sample/fashion/bon-ton-plate-46.jpg", join(broken, "link-outside.jpg"));
  // Embedded metadata that contradicts the manifest.
  await sharp(await tile(41)).withExif({ IFD0: { Artist: "Unknown" }, IFD2: { DateTimeOriginal: "1975:06:01 12:00:00" } }).jpeg().toFile(join(broken, "embedded-date.jpg"));
  await sharp(await tile(42))
    .withExif({ IFD0: { Artist: "Unknown" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 19/1 48/1", GPSLongitudeRef: "E", GPSLongitude: "18/1 4/1 6/1" } })
    .jpeg()
    .toFile(join(broken, "embedded-gps.jpg"));
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2009 Example Studio. All rights reserved.</rdf:li></rdf:Alt></dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>`;
  await sharp(await tile(43)).withXmp(xmp).jpeg().toFile(join(broken, "embedded-rights.jpg"));
}

await makeSample();
await makeBroken();
process.stdout.write(`wrote ${sample} and ${broken}\n`);

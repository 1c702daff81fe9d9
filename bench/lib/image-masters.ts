/**
 * Synthetic TIFF masters for the normalization benchmark: 16-bit RGB with an Adobe RGB (1998)
 * profile, like a scanner's output, with photo-like content (blurred noise, so JPEG encoding
 * does real work) and optionally an EXIF orientation. Generated, never committed.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

/** The Adobe RGB (1998) profile, taken from a test fixture (sharp's tifftag-photoshop.tiff). */
export async function adobeRgbProfile(dir: string): Promise<string> {
  const fixture = fileURLToPath(new URL("../../test/fixtures/images/colour/adobe-rgb-16bit.tif", import.meta.url));
  const { icc } = await sharp(fixture).metadata();
  if (!icc) throw new Error("the fixture lost its profile");
  const file = path.join(dir, "adobe-rgb-1998.icc");
  await writeFile(file, icc);
  return file;
}

/** Write an uncompressed 16-bit Adobe RGB TIFF of `width`×`height` with EXIF/TIFF `orientation`. */
export async function writeMaster(file: string, options: { width: number; height: number; orientation: number; profile: string; seed: number }): Promise<void> {
  sharp.cache(false);
  const background = { r: 60 + (options.seed * 37) % 120, g: 80 + (options.seed * 53) % 100, b: 70 + (options.seed * 71) % 110 };
  let img = sharp({ create: { width: options.width, height: options.height, channels: 3, background, noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .blur(1.2)
    .toColourspace("rgb16")
    .withIccProfile(options.profile);
  if (options.orientation !== 1) img = img.withMetadata({ orientation: options.orientation });
  await img.tiff({ compression: "none" }).toFile(file);
}

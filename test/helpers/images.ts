/**
 * Image assertions for tests: fixture paths, temporary folders, perceptual comparison (dHash,
 * downscaled pixel difference), mean colour, and independent colour-space references (plain
 * matrix maths, no ICC engine) to check sharp's conversions against.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ExecutionContext } from "ava";
import sharp from "sharp";
import { fixturePath } from "./paths.js";

export const FIXTURES = fixturePath("images") + "/";

/** Absolute path of a file in test/fixtures/images. */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A fresh temporary folder, removed when the test ends. */
export async function tempDir(t: ExecutionContext, prefix = "heritage-image-"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

type Input = string | Buffer;

/**
 * Difference hash: 9×8 grey thumbnail, one bit per horizontal neighbour pair (is the left one
 * brighter?). Robust to re-encoding and colour conversion, sensitive to geometry (a mirrored or
 * rotated image gets a very different hash). Orientation is applied first unless told not to.
 */
export async function dHash(input: Input, options: { applyOrientation?: boolean } = {}): Promise<bigint> {
  const img = options.applyOrientation === false ? sharp(input) : sharp(input).autoOrient();
  const px = await img.greyscale().resize(9, 8, { fit: "fill" }).raw().toBuffer();
  let hash = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      hash = (hash << 1n) | (px[y * 9 + x]! > px[y * 9 + x + 1]! ? 1n : 0n);
    }
  }
  return hash;
}

/** Number of differing bits of two 64-bit hashes (0 = same, ~32 = unrelated). */
export function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** Raw 8-bit sRGB pixels of an image scaled (area average) to size×size, alpha dropped. */
async function thumbnailRgb(input: Input | { raw: Buffer; width: number; height: number }, size: number): Promise<Buffer> {
  const img =
    typeof input === "object" && "raw" in input
      ? sharp(input.raw, { raw: { width: input.width, height: input.height, channels: 3 } })
      : sharp(input).autoOrient();
  return img.removeAlpha().toColourspace("srgb").resize(size, size, { fit: "fill", kernel: "linear" }).raw().toBuffer();
}

/**
 * Mean absolute difference per channel (0–255) between two images scaled to `size`×`size`:
 * averaging away JPEG noise, so small values mean "the same picture, same colours".
 */
export async function meanAbsDiff(
  a: Input | { raw: Buffer; width: number; height: number },
  b: Input | { raw: Buffer; width: number; height: number },
  size = 32,
): Promise<number> {
  const [pa, pb] = await Promise.all([thumbnailRgb(a, size), thumbnailRgb(b, size)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pb[i]!);
  return sum / pa.length;
}

/** Mean of each channel over the whole image, as stored (no colour conversion). */
export async function meanColour(input: Input): Promise<number[]> {
  const stats = await sharp(input).stats();
  return stats.channels.map((c) => c.mean);
}

/** The pixel at (x, y) as stored, one number per channel. */
export async function pixelAt(input: Input, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(input).extract({ left: x, top: y, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  return [...data.subarray(0, info.channels)];
}

/**
 * The bytes of a JPEG from its first Start-of-Scan marker to the end: the compressed image
 * data. Written independently of src/image/jpeg-segments.ts on purpose.
 */
export function jpegScanData(buf: Buffer): Buffer {
  let pos = 2;
  while (pos + 4 <= buf.length) {
    if (buf[pos] !== 0xff) throw new Error(`no marker at ${pos}`);
    const marker = buf[pos + 1]!;
    if (marker === 0xda) return buf.subarray(pos);
    pos += 2 + buf.readUInt16BE(pos + 2);
  }
  throw new Error("no SOS marker");
}

/** The markers of the segments before the first scan, e.g. ["APP0", "APP1", "DQT", …]. */
export function jpegMarkers(buf: Buffer): string[] {
  const names: Record<number, string> = { 0xdb: "DQT", 0xc4: "DHT", 0xc0: "SOF0", 0xc2: "SOF2", 0xdd: "DRI", 0xfe: "COM" };
  const out: string[] = [];
  let pos = 2;
  while (pos + 4 <= buf.length && buf[pos + 1] !== 0xda) {
    const m = buf[pos + 1]!;
    out.push(m >= 0xe0 && m <= 0xef ? `APP${m - 0xe0}` : (names[m] ?? `0x${m.toString(16)}`));
    pos += 2 + buf.readUInt16BE(pos + 2);
  }
  return out;
}

// ---- independent colour references --------------------------------------------------------

type Matrix = readonly number[];
const mul = (m: Matrix, v: readonly number[]): number[] => [
  m[0]! * v[0]! + m[1]! * v[1]! + m[2]! * v[2]!,
  m[3]! * v[0]! + m[4]! * v[1]! + m[5]! * v[2]!,
  m[6]! * v[0]! + m[7]! * v[1]! + m[8]! * v[2]!,
];
/** Adobe RGB (1998) → XYZ (D65). */
const ADOBE_TO_XYZ = [0.5767309, 0.185554, 0.1881852, 0.2973769, 0.6273491, 0.0752741, 0.0270343, 0.0706872, 0.9911085];
/** Display P3 → XYZ (D65). */
const P3_TO_XYZ = [0.4865709, 0.2656677, 0.1982173, 0.2289746, 0.6917385, 0.0792869, 0, 0.0451134, 1.0439444];
/** ProPhoto (ROMM) RGB → XYZ (D50). */
const PROPHOTO_TO_XYZ = [0.7976749, 0.1351917, 0.0313534, 0.2880402, 0.7118741, 0.0000857, 0, 0, 0.82521];
/** Bradford adaptation D50 → D65. */
const D50_TO_D65 = [0.9555766, -0.0230393, 0.0631636, -0.0282895, 1.0099416, 0.0210077, 0.0122982, -0.020483, 1.3299098];
/** XYZ (D65) → linear sRGB. */
const XYZ_TO_SRGB = [3.2404542, -1.5371385, -0.4985314, -0.969266, 1.8760108, 0.041556, 0.0556434, -0.2040259, 1.0572252];
const D65 = [0.95047, 1, 1.08883];

const encodeSrgb = (c: number) => {
  const v = Math.min(1, Math.max(0, c));
  return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
};

export type ReferenceSpace = "srgb" | "adobe-rgb" | "display-p3" | "prophoto" | "lab-d65";

const decodeSrgb = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
/** sRGB (linear) → XYZ (D65): the inverse of XYZ_TO_SRGB, so "srgb" round-trips. */
const SRGB_TO_XYZ = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041];

/**
 * Convert an image's stored pixels to 8-bit sRGB with textbook matrices (ignoring any embedded
 * profile): sRGB itself (only the bit depth changes), Adobe RGB (γ 563/256), Display P3 (sRGB
 * curve), ProPhoto (γ 1.8, Bradford D50→D65), or CIELab (D65 white, as libvips assumes for
 * Lab without a profile). Out-of-gamut values are clipped.
 */
export async function referenceSrgb(file: string, space: ReferenceSpace): Promise<{ raw: Buffer; width: number; height: number }> {
  const img = sharp(file, { ignoreIcc: true });
  const { data, info } =
    space === "lab-d65"
      ? await img.toColourspace("labs").raw({ depth: "short" }).toBuffer({ resolveWithObject: true })
      : await img.raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const out = Buffer.alloc(n * 3);
  // sharp's OutputInfo type has no depth: two bytes per sample means 16-bit.
  const wide = data.length === n * info.channels * 2;
  const values = wide
    ? space === "lab-d65"
      ? new Int16Array(data.buffer, data.byteOffset, data.length / 2)
      : new Uint16Array(data.buffer, data.byteOffset, data.length / 2)
    : data;
  const max = wide ? 65535 : 255;
  for (let i = 0; i < n; i++) {
    const p = i * info.channels;
    let xyz: number[];
    if (space === "lab-d65") {
      const L = (values[p]! / 32767) * 100;
      const a = values[p + 1]! / 256;
      const b = values[p + 2]! / 256;
      const fy = (L + 16) / 116;
      const f = (t: number) => (t ** 3 > 0.008856 ? t ** 3 : (t - 16 / 116) / 7.787);
      xyz = [D65[0]! * f(fy + a / 500), D65[1]! * f(fy), D65[2]! * f(fy - b / 200)];
    } else {
      const rgb = [values[p]! / max, values[p + 1]! / max, values[p + 2]! / max];
      xyz =
        space === "adobe-rgb"
          ? mul(ADOBE_TO_XYZ, rgb.map((c) => c ** (563 / 256)))
          : space === "display-p3"
            ? mul(P3_TO_XYZ, rgb.map(decodeSrgb))
            : space === "srgb"
              ? mul(SRGB_TO_XYZ, rgb.map(decodeSrgb))
              : mul(D50_TO_D65, mul(PROPHOTO_TO_XYZ, rgb.map((c) => (c < 1 / 512 ? c / 16 : c ** 1.8))));
    }
    const lin = mul(XYZ_TO_SRGB, xyz);
    out[i * 3] = encodeSrgb(lin[0]!);
    out[i * 3 + 1] = encodeSrgb(lin[1]!);
    out[i * 3 + 2] = encodeSrgb(lin[2]!);
  }
  return { raw: out, width: info.width, height: info.height };
}

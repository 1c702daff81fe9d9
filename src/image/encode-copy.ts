/**
 * The sharp side of normalization: one encoding attempt of a master into a JPEG file (no
 * metadata yet; write-copy.ts adds it). Colour to sRGB (or grey), alpha onto white, first
 * page, upright, optional downscale, and memory-bounded reading.
 */
import type { EncodeAttempt, MasterFacts } from "./normalize-plan.js";
import { isGreyscale, jpegSettings, outputPixels } from "./normalize-plan.js";
import type { SharpModule } from "./sharp-module.js";

/** Defaults of the memory-related normalization options (see NormalizeOptions). */
export const NORMALIZE_DEFAULTS = {
  optimiseCodingMaxPixels: 16_000_000,
  rotateInMemoryMaxBytes: 256 * 1024 * 1024,
} as const;

const DEPTH_BYTES: Readonly<Record<string, number>> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, double: 8 };

export interface EncodeLimits {
  maxPixels: number;
  optimiseCodingMaxPixels?: number;
  rotateInMemoryMaxBytes?: number;
}

/**
 * Encode one attempt of `inputPath` to `paths.encoded`; returns the copy's dimensions. A large
 * master that must be rotated goes through `paths.rotated` (an 8-bit tiled TIFF). Rejects
 * when sharp cannot decode the master.
 */
export async function encodeCopy(
  sharp: SharpModule,
  inputPath: string,
  facts: MasterFacts,
  attempt: EncodeAttempt,
  limits: EncodeLimits,
  paths: { encoded: string; rotated: string },
): Promise<{ width: number; height: number }> {
  const grey = isGreyscale(facts);
  const orientation = facts.orientation ?? 1;
  // Orientations 1 and 2 (mirror) stream; the others need the whole image at once.
  const needsRandomAccess = orientation > 2;
  const decodedBytes = facts.width * facts.height * facts.channels * (DEPTH_BYTES[facts.depth] ?? 1);
  const twoPass = needsRandomAccess && decodedBytes > (limits.rotateInMemoryMaxBytes ?? NORMALIZE_DEFAULTS.rotateInMemoryMaxBytes);
  const input = { limitInputPixels: limits.maxPixels, failOn: "error", page: 0, pages: 1 } as const;

  const cmyk = facts.space === "cmyk";
  const convert = (s: ReturnType<SharpModule>) => {
    // sharp 0.35 processes 16-bit RGB in Display P3 and then treats an *untagged* 16-bit master
    // as P3 (the Dutch flag's red 174,28,40 came out 190,0,32). Processing in sRGB avoids that
    // and matches matrix references for Adobe RGB, ProPhoto, P3 and Lab (test/image). CMYK keeps
    // sharp's own path: its profile (or the built-in one) with perceptual intent.
    let p = cmyk || grey ? s : s.pipelineColourspace("srgb");
    if (facts.hasAlpha) p = p.flatten({ background: "#ffffff" });
    if (attempt.longEdge !== null) p = p.resize(attempt.longEdge, attempt.longEdge, { fit: "inside", withoutEnlargement: true });
    return grey ? p.toColourspace("b-w") : p.withIccProfile("srgb");
  };
  const jpeg = jpegSettings(attempt.quality, outputPixels(facts, attempt), limits.optimiseCodingMaxPixels ?? NORMALIZE_DEFAULTS.optimiseCodingMaxPixels);

  if (!twoPass) {
    const out = await convert(sharp(inputPath, { ...input, autoOrient: true, sequentialRead: !needsRandomAccess })).jpeg(jpeg).toFile(paths.encoded);
    return { width: out.width, height: out.height };
  }
  // Pass 1 streams the master into upright-able 8-bit pixels (colour, alpha, size done);
  // pass 2 rotates those, a third of the 16-bit master's memory, from a tiled (random-access) file.
  await convert(sharp(inputPath, { ...input, sequentialRead: true }))
    .withMetadata({ orientation })
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: "none" })
    .toFile(paths.rotated);
  let second = sharp(paths.rotated, { limitInputPixels: limits.maxPixels, failOn: "error", autoOrient: true });
  second = grey ? second.toColourspace("b-w") : second.withIccProfile("srgb");
  const out = await second.jpeg(jpeg).toFile(paths.encoded);
  return { width: out.width, height: out.height };
}

/**
 * The decisions of normalization, as pure functions of the master's header facts and the
 * options: can the JPEG go up untouched, is it grey, what JPEG settings, how to step down
 * when the copy is over the size limit. normalize.ts carries them out.
 */
import { isWebSafeProfile, type IccInfo } from "./icc.js";

/** What normalization needs to know about a master (from sharp's header read). */
export interface MasterFacts {
  format: string;
  /** Stored dimensions and dimensions as displayed (after orientation). */
  width: number;
  height: number;
  displayWidth: number;
  displayHeight: number;
  channels: number;
  /** sharp's depth name: uchar, ushort… */
  depth: string;
  /** sharp's interpretation: srgb, b-w, grey16, cmyk, labs, rgb16… */
  space: string;
  hasAlpha: boolean;
  orientation: number | null;
  icc: IccInfo | null;
  size: number;
  pages: number;
}

/** True for greyscale masters, which stay single-channel grey in the copy. */
export function isGreyscale(facts: Pick<MasterFacts, "channels" | "hasAlpha" | "space">): boolean {
  return facts.channels - (facts.hasAlpha ? 1 : 0) === 1 && facts.space !== "cmyk";
}

/**
 * Why the master cannot be uploaded untouched, or null when it can: a JPEG that is already
 * sRGB (or untagged, which the web reads as sRGB) or grey, 8-bit, upright, and within the
 * size limits keeps its compressed data byte for byte — re-encoding would only lose quality.
 */
export function passthroughBlocker(facts: MasterFacts, limits: { maxLongEdge?: number; maxBytes: number }): string | null {
  if (facts.format !== "jpeg") return `a ${facts.format} master is converted to JPEG`;
  if (facts.space === "cmyk" || facts.channels === 4) return "CMYK is converted to sRGB";
  if (facts.depth !== "uchar") return "not 8-bit";
  if (facts.orientation !== null && facts.orientation !== 1) return `EXIF orientation ${facts.orientation} is applied to the pixels`;
  if (facts.icc && !isWebSafeProfile(facts.icc, facts.channels)) {
    return `its colour profile (${facts.icc.description ?? "unnamed"}) is converted to sRGB`;
  }
  const longEdge = Math.max(facts.displayWidth, facts.displayHeight);
  if (limits.maxLongEdge !== undefined && longEdge > limits.maxLongEdge) return `its long edge (${longEdge} px) is over max_long_edge`;
  if (facts.size > limits.maxBytes) return `it is over max_bytes`;
  return null;
}

/** One encoding attempt. */
export interface EncodeAttempt {
  quality: number;
  /** Long edge of the copy; null keeps the master's size. */
  longEdge: number | null;
}

/** The first attempt: the configured quality, downscaled only to `maxLongEdge`. */
export function firstAttempt(facts: Pick<MasterFacts, "displayWidth" | "displayHeight">, options: { jpegQuality: number; maxLongEdge?: number }): EncodeAttempt {
  const longEdge = Math.max(facts.displayWidth, facts.displayHeight);
  return { quality: options.jpegQuality, longEdge: options.maxLongEdge !== undefined && longEdge > options.maxLongEdge ? options.maxLongEdge : null };
}

/** Lowest quality the size step-down uses before it shrinks the image instead. */
export const MIN_STEP_QUALITY = 70;
/** The step-down never shrinks the copy below this fraction of its first long edge: beyond it, the user should choose (max_long_edge). */
export const MIN_STEP_SCALE = 0.5;

/**
 * The next attempt after a copy came out at `bytes` (over `maxBytes`), or null when it cannot
 * be made to fit without going below the floors: first lower the quality (to 80, then 70),
 * then shrink the long edge in proportion to the excess (file size scales with pixel count).
 */
export function nextAttempt(
  previous: EncodeAttempt,
  bytes: number,
  context: { maxBytes: number; first: EncodeAttempt; naturalLongEdge: number },
): EncodeAttempt | null {
  const q = previous.quality;
  if (q > 80) return { quality: 80, longEdge: previous.longEdge };
  if (q > MIN_STEP_QUALITY) return { quality: MIN_STEP_QUALITY, longEdge: previous.longEdge };
  const current = previous.longEdge ?? context.naturalLongEdge;
  const floor = Math.ceil((context.first.longEdge ?? context.naturalLongEdge) * MIN_STEP_SCALE);
  const proposed = Math.floor(current * Math.sqrt(context.maxBytes / bytes) * 0.95);
  if (current <= floor) return null;
  return { quality: q, longEdge: Math.max(floor, Math.min(proposed, current - 1)) };
}

/**
 * JPEG settings: no chroma subsampling at quality 90 and above (libvips' own rule; archival
 * copies keep colour detail), and optimised Huffman tables only up to `optimiseCodingMaxPixels`
 * output pixels, because libjpeg then holds every DCT coefficient of the image in memory
 * (measured: ~380 MB for 24 MP at 4:4:4, ~2.4 GB for 200 MP).
 */
export function jpegSettings(quality: number, outputPixels: number, optimiseCodingMaxPixels: number) {
  return {
    quality,
    chromaSubsampling: quality >= 90 ? "4:4:4" : "4:2:0",
    optimiseCoding: outputPixels <= optimiseCodingMaxPixels,
    progressive: false,
    mozjpeg: false,
  } as const;
}

/** Output pixel count for an attempt (long edge scaled, aspect kept). */
export function outputPixels(facts: Pick<MasterFacts, "displayWidth" | "displayHeight">, attempt: EncodeAttempt): number {
  const long = Math.max(facts.displayWidth, facts.displayHeight);
  const scale = attempt.longEdge === null ? 1 : Math.min(1, attempt.longEdge / long);
  return Math.round(facts.displayWidth * scale) * Math.round(facts.displayHeight * scale);
}

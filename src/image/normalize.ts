/**
 * Make the upload copy of one master: a JPEG in sRGB (or grey), 8-bit, upright, flattened on
 * white, first page only, within the size limits, carrying the manifest's descriptive metadata
 * and the master's capture metadata minus private fields. A JPEG that needs none of that is
 * passed through with its compressed data untouched. The master is only ever read.
 *
 * Memory: pipelines read sequentially where they can (libvips streams strips through the
 * conversion), optimised Huffman coding is limited to moderate sizes, and a large master that
 * must be rotated goes through an 8-bit tiled temporary TIFF, so a 200-megapixel 16-bit master
 * stays under 1 GB (measured by bench/normalize.ts --huge: 176 MB upright, 703 MB rotated).
 * sharp's cache and concurrency are the caller's to set.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { error, warning, type Issue } from "../issues.js";
import { checkTiffStructure } from "./check-structure.js";
import type { EmbedFields } from "./embed-fields.js";
import { readIccInfo } from "./icc.js";
import { encodeCopy, NORMALIZE_DEFAULTS } from "./encode-copy.js";
import { firstAttempt, nextAttempt, passthroughBlocker, type EncodeAttempt, type MasterFacts } from "./normalize-plan.js";
import { loadSharp, sharpErrorMessage, type SharpModule } from "./sharp-module.js";
import { readMasterExif, type MasterExif } from "./upload-exif.js";
import { writeJpegWithMetadata, type WrittenCopy } from "./write-copy.js";

/** Bump when the pipeline changes what it writes: cached copies made by older code are then remade. */
export const NORMALIZE_VERSION = 1;

export interface NormalizeOptions {
  /** Where the copy is written (never the master; its folder is created). */
  outputPath: string;
  /** Downscale copies whose long edge is larger (`settings.images.max_long_edge`). */
  maxLongEdge?: number;
  /** Largest copy in bytes (`settings.images.max_bytes`); over it, quality then size are stepped down. */
  maxBytes: number;
  /** JPEG quality 1–100 (`settings.images.jpeg_quality`). */
  jpegQuality: number;
  /** Refuse masters with more pixels (`settings.images.max_pixels`). */
  maxPixels: number;
  /** Metadata embedded in the copy. */
  embed: EmbedFields;
  /** The file as the manifest names it, for issues. Default: the input path. */
  file?: string;
  /**
   * Optimised Huffman tables (a few % smaller files) only up to this many output pixels:
   * libjpeg keeps all DCT coefficients in memory for them. @default 16_000_000
   */
  optimiseCodingMaxPixels?: number;
  /**
   * A master that must be rotated (EXIF orientation 3–8) and whose decoded pixels exceed this
   * many bytes is converted first and rotated in a second pass, from an 8-bit temporary file
   * next to the output. Does not change the result. @default 256 MiB
   */
  rotateInMemoryMaxBytes?: number;
}

export { NORMALIZE_DEFAULTS };

export interface NormalizedCopy {
  ok: true;
  outputPath: string;
  format: "jpeg";
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** True when the master's JPEG data was kept byte for byte (only metadata segments changed). */
  passthrough: boolean;
  /** IMAGE_MULTI_PAGE, IMAGE_RESIZED, IMAGE_METADATA_SHORTENED. */
  warnings: Issue[];
}

export interface NormalizeFailure {
  ok: false;
  /** At least one error (IMAGE_CORRUPT, IMAGE_UNSUPPORTED, IMAGE_TOO_MANY_PIXELS, IMAGE_TOO_LARGE). */
  issues: Issue[];
}

export type NormalizeResult = NormalizedCopy | NormalizeFailure;

/**
 * The options that change the copy's bytes, for the copy cache key (`CopyCache.keyFor`):
 * everything but where it is written, the refusal limit and the memory strategy.
 */
export function normalizeCacheOptions(options: NormalizeOptions): object {
  return {
    version: NORMALIZE_VERSION,
    maxLongEdge: options.maxLongEdge ?? null,
    maxBytes: options.maxBytes,
    jpegQuality: options.jpegQuality,
    optimiseCodingMaxPixels: options.optimiseCodingMaxPixels ?? NORMALIZE_DEFAULTS.optimiseCodingMaxPixels,
    embed: options.embed,
  };
}

const MAX_ATTEMPTS = 8;
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

type At = { field: string; value: string; file: string };

/** The master's facts from its header, or the failure that stops here (unreadable, too many pixels). */
async function readMasterFacts(sharp: SharpModule, inputPath: string, options: NormalizeOptions, at: At): Promise<{ facts: MasterFacts; exif: Buffer | undefined } | NormalizeFailure> {
  let meta;
  try {
    meta = await sharp(inputPath, { limitInputPixels: false }).metadata();
  } catch (err) {
    return { ok: false, issues: [error("IMAGE_CORRUPT", { ...at, message: `The image cannot be read: ${sharpErrorMessage(err)}`, hint: "Re-export or restore the master." })] };
  }
  if (meta.width * meta.height > options.maxPixels) {
    return {
      ok: false,
      issues: [
        error("IMAGE_TOO_MANY_PIXELS", {
          ...at,
          value: meta.width * meta.height,
          message: `The image has ${meta.width * meta.height} pixels, more than images.max_pixels (${options.maxPixels})`,
          hint: "If the master is genuine, raise images.max_pixels in the collection settings.",
        }),
      ],
    };
  }
  const info = await stat(inputPath);
  const facts: MasterFacts = {
    format: meta.format,
    width: meta.width,
    height: meta.height,
    displayWidth: meta.autoOrient?.width ?? meta.width,
    displayHeight: meta.autoOrient?.height ?? meta.height,
    channels: meta.channels,
    depth: meta.depth,
    space: meta.space,
    hasAlpha: meta.hasAlpha,
    orientation: meta.orientation ?? null,
    icc: meta.icc ? readIccInfo(meta.icc) : null,
    size: info.size,
    pages: meta.pages ?? 1,
  };
  return { facts, exif: meta.exif };
}

/** One normalization in progress: the master, its facts, the scratch files, the warnings so far. */
interface Job {
  sharp: SharpModule;
  inputPath: string;
  options: NormalizeOptions;
  at: At;
  facts: MasterFacts;
  master: MasterExif | null;
  files: { partial: string; encoded: string; rotated: string };
  warnings: Issue[];
}

/** The copy is complete: move it into place and say what happened to it. */
async function finish(job: Job, copy: WrittenCopy, width: number, height: number, passthrough: boolean): Promise<NormalizedCopy> {
  await rename(job.files.partial, job.options.outputPath);
  if (copy.shortened) {
    job.warnings.push(
      warning("IMAGE_METADATA_SHORTENED", {
        ...job.at,
        field: "description",
        message: "The description (or title) was shortened in the copy's embedded XMP (one JPEG segment holds 64 KB); Flickr still gets the full text",
      }),
    );
  }
  return { ok: true, outputPath: job.options.outputPath, format: "jpeg", width, height, bytes: copy.bytes, sha256: copy.sha256, passthrough, warnings: job.warnings };
}

/** A JPEG that needs no conversion keeps its data: the copy, a failure, or the reason it must be re-encoded after all. */
async function tryPassthrough(job: Job): Promise<NormalizeResult | { note: string } | null> {
  const { facts, options, files } = job;
  if (passthroughBlocker(facts, options) !== null) return null;
  const copy = await writeJpegWithMetadata(job.inputPath, files.partial, { master: job.master, embed: options.embed, width: facts.width, height: facts.height });
  if (!copy.complete) {
    return {
      ok: false,
      issues: [
        error("IMAGE_CORRUPT", {
          ...job.at,
          message: "The JPEG is truncated: its data ends without an end-of-image marker",
          hint: "Copy the file again from its source or backup: an interrupted transfer leaves a truncated file.",
        }),
      ],
    };
  }
  if (copy.bytes <= options.maxBytes) return await finish(job, copy, facts.width, facts.height, true);
  return { note: `The JPEG could not be uploaded untouched: with its metadata it is ${MB(copy.bytes)}, over images.max_bytes. ` };
}

/** Encode, stepping quality then size down until the copy fits images.max_bytes (at most MAX_ATTEMPTS). */
async function encodeWithinBudget(job: Job, passthroughNote: string): Promise<NormalizeResult> {
  const { facts, options, files } = job;
  const first = firstAttempt(facts, options);
  const naturalLongEdge = Math.max(facts.displayWidth, facts.displayHeight);
  let attempt: EncodeAttempt | null = first;
  let firstBytes = 0;
  for (let n = 0; attempt && n < MAX_ATTEMPTS; n++) {
    const out = await encodeCopy(job.sharp, job.inputPath, facts, attempt, options, { encoded: files.encoded, rotated: files.rotated });
    const copy = await writeJpegWithMetadata(files.encoded, files.partial, { master: job.master, embed: options.embed, width: out.width, height: out.height });
    if (n === 0) firstBytes = copy.bytes;
    if (copy.bytes <= options.maxBytes) {
      if (n > 0 || passthroughNote) {
        const size = attempt.longEdge === null ? "full size" : `${attempt.longEdge} px long edge`;
        job.warnings.push(
          warning("IMAGE_RESIZED", {
            ...job.at,
            value: copy.bytes,
            message:
              passthroughNote +
              (n > 0
                ? `At quality ${first.quality} the copy was ${MB(firstBytes)}, over images.max_bytes (${MB(options.maxBytes)}); it was written at quality ${attempt.quality}, ${size} (${MB(copy.bytes)})`
                : `It was re-encoded at quality ${attempt.quality} (${MB(copy.bytes)})`),
            hint: "Raise images.max_bytes (Flickr accepts up to 200 MB), or set images.max_long_edge to choose the size yourself.",
          }),
        );
      }
      return await finish(job, copy, out.width, out.height, false);
    }
    attempt = nextAttempt(attempt, copy.bytes, { maxBytes: options.maxBytes, first, naturalLongEdge });
  }
  return {
    ok: false,
    issues: [
      error("IMAGE_TOO_LARGE", {
        ...job.at,
        value: firstBytes,
        message: `The copy cannot be made smaller than images.max_bytes (${MB(options.maxBytes)}) without going below quality 70 and half its size (first attempt: ${MB(firstBytes)})`,
        hint: "Raise images.max_bytes (Flickr accepts up to 200 MB), or set images.max_long_edge to publish a smaller copy.",
      }),
    ],
  };
}

/** A conversion that threw: our own structural finding when there is one, else the decoder's words. */
async function conversionFailure(job: Job, err: unknown): Promise<NormalizeFailure> {
  // libvips' error text is process-wide: with other conversions failing at the same time it
  // can belong to another file. Our own structural finding, when there is one, is reliable.
  const [finding] = job.facts.format === "tiff" ? await checkTiffStructure(job.inputPath, job.facts.size).catch(() => []) : [];
  if (finding) return { ok: false, issues: [error(finding.code, { ...job.at, message: finding.message, hint: finding.hint })] };
  return {
    ok: false,
    issues: [
      error("IMAGE_CORRUPT", {
        ...job.at,
        message: `The image could not be converted (the decoder said: ${sharpErrorMessage(err)})`,
        hint: "Run validate --deep on it; re-export or restore the master.",
      }),
    ],
  };
}

/**
 * Normalize `inputPath` into `options.outputPath` (see the module comment). Never throws for a
 * bad image: failures come back as `{ ok: false, issues }`. Throws only for a caller's mistake
 * (an output path that is the master itself).
 */
export async function normalizeImage(inputPath: string, options: NormalizeOptions, deps: { sharp?: SharpModule } = {}): Promise<NormalizeResult> {
  if (await sameFile(inputPath, options.outputPath)) {
    throw new Error(`normalizeImage: refusing to write the copy over the master ${inputPath}`);
  }
  const sharp = await loadSharp(deps.sharp);
  const file = options.file ?? inputPath;
  const at: At = { field: "file", value: file, file };
  const read = await readMasterFacts(sharp, inputPath, options, at);
  if ("ok" in read) return read;
  const { facts } = read;
  const warnings: Issue[] = [];
  if (facts.pages > 1) {
    warnings.push(warning("IMAGE_MULTI_PAGE", { ...at, message: `The image has ${facts.pages} pages; the copy is the first page only` }));
  }
  const master = await readMasterExif(inputPath, facts.format, read.exif);

  await mkdir(path.dirname(path.resolve(options.outputPath)), { recursive: true });
  const scratch = `${options.outputPath}.${process.pid}-${randomBytes(4).toString("hex")}`;
  const files = { partial: `${scratch}.partial`, encoded: `${scratch}.encoded.jpg`, rotated: `${scratch}.upright.tif` };
  const job: Job = { sharp, inputPath, options, at, facts, master, files, warnings };
  try {
    const passthrough = await tryPassthrough(job);
    if (passthrough && !("note" in passthrough)) return passthrough;
    return await encodeWithinBudget(job, passthrough?.note ?? "");
  } catch (err) {
    return await conversionFailure(job, err);
  } finally {
    await Promise.all(Object.values(files).map((f) => rm(f, { force: true })));
  }
}

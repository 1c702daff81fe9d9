/**
 * `--deep`: decode every pixel of an image and report what the decoder finds. A header read
 * (probe) cannot see a scan that stops halfway or a corrupt compressed stream; decoding can.
 *
 * The decoded pixels are streamed into an uncompressed one-band PNG written to the null
 * device, so memory stays bounded even for huge masters. Not `stats()`: with several images
 * decoded at once, sharp 0.35's stats() intermittently resolves although the decoder failed
 * (truncated JPEG/PNG reported clean); file output reports every failure.
 *
 * Decodes run one at a time in this process. libvips keeps its error text in one process-wide
 * buffer, so two decodes failing at once swap or lose their messages ("old-style JPEG" reported
 * for a truncated PNG). Each decode already uses every core, so little speed is lost.
 */
import { devNull } from "node:os";
import { error, warning, type Issue } from "../issues.js";
import { loadSharp, sharpErrorMessage, type SharpModule } from "./sharp-module.js";

export interface DeepCheckOptions {
  sharp?: SharpModule;
  /** Do not decode images with more pixels (the probe reports them); default sharp's 268 MP. */
  maxPixels?: number;
  /** The file as the manifest names it, for issues. Default: the path. */
  file?: string;
  /** Decode at most this many pages of a multi-page file. @default 100 */
  maxPages?: number;
}

const HINT = "Re-export the file from the source system or restore it from a backup; heritage will not publish a damaged image.";

/** The tail of the decode queue (process-wide, like the libvips error buffer it protects). */
let queue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn);
  queue = run.catch(() => undefined);
  return run;
}

async function decode(sharp: SharpModule, path: string, page: number, failOn: "warning" | "error", limit: number): Promise<string | null> {
  try {
    await sharp(path, { failOn, page, limitInputPixels: limit, sequentialRead: true })
      .extractChannel(0)
      .png({ compressionLevel: 0, adaptiveFiltering: false })
      .toFile(devNull);
    return null;
  } catch (err) {
    return sharpErrorMessage(err);
  }
}

/**
 * Decode `path` fully (each page) and return IMAGE_CORRUPT issues: an error when decoding fails
 * (truncated data, corrupt stream), a warning when it succeeds only by tolerating decoder
 * warnings (the image may show damage). A later page that fails is a warning, since only the
 * first page is published. An empty list means every pixel decoded cleanly.
 */
export async function deepCheckImage(path: string, options: DeepCheckOptions = {}): Promise<Issue[]> {
  const sharp = await loadSharp(options.sharp);
  const file = options.file ?? path;
  const at = { field: "file", value: file, file };
  const limit = options.maxPixels ?? 268_402_689;
  let pages: number;
  try {
    const meta = await oneAtATime(() => sharp(path, { limitInputPixels: false }).metadata());
    if (meta.width * meta.height > limit) {
      return [error("IMAGE_TOO_MANY_PIXELS", { ...at, value: meta.width * meta.height, message: "Not decoded: more pixels than images.max_pixels" })];
    }
    pages = Math.min(meta.pages ?? 1, options.maxPages ?? 100);
  } catch (err) {
    return [error("IMAGE_CORRUPT", { ...at, message: `The image header cannot be read: ${sharpErrorMessage(err)}`, hint: HINT })];
  }
  const issues: Issue[] = [];
  for (let page = 0; page < pages; page++) {
    const strict = await oneAtATime(() => decode(sharp, path, page, "warning", limit));
    if (strict === null) continue;
    const lenient = await oneAtATime(() => decode(sharp, path, page, "error", limit));
    const where = pages > 1 ? ` (page ${page + 1} of ${pages})` : "";
    if (lenient !== null) {
      const make = page === 0 ? error : warning;
      issues.push(make("IMAGE_CORRUPT", { ...at, message: `Decoding failed${where}: ${lenient}`, hint: HINT }));
    } else {
      issues.push(warning("IMAGE_CORRUPT", { ...at, message: `The image decodes, but the decoder warned${where}: ${strict}`, hint: HINT }));
    }
  }
  return issues;
}

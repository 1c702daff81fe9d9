/**
 * Probe one master without decoding its pixels: what it is (magic bytes, sharp's header read),
 * whether it is complete (end markers, TIFF strip extents), what it contains (size, depth,
 * colour, orientation, pages) and what it says about itself (EXIF/IPTC/XMP). Problems are
 * returned as issues on the `file` field; nothing here throws for a bad file.
 *
 * The file is opened once and its head read once (structure-bytes.ts); the sniff, the structure
 * checks and the metadata reader share that. Its content hash needs every byte, so it is taken
 * only when asked for (`contentHash`).
 */
import { createHash } from "node:crypto";
import type { Metadata } from "sharp";
import { error, warning, type Issue } from "../issues.js";
import { checkFileStructure } from "./check-structure.js";
import { hashFile, stampOf, type FileStamp } from "./hash-content.js";
import { readIccInfo } from "./icc.js";
import { parseJpegHeader } from "./jpeg-segments.js";
import { readEmbeddedMetadataFrom } from "./read-embedded.js";
import { loadSharp, sharpErrorMessage, type SharpModule } from "./sharp-module.js";
import { sniffFileType, type Sniffed } from "./sniff.js";
import { openMaster, type OpenedMaster } from "./structure-bytes.js";
import type { EmbeddedMetadata, ImageProbe } from "./types.js";

export interface ProbeOptions {
  /** Refuse images with more pixels (IMAGE_TOO_MANY_PIXELS); `settings.images.max_pixels`. */
  maxPixels: number;
  /** The sharp module to use (default: the installed one). */
  sharp?: SharpModule;
  /** The file as the manifest names it (relative to the collection), for issues. Default: `path`. */
  file?: string;
  /** Read the whole file for its sha256 (`probe.sha256`); otherwise that is null. @default true */
  contentHash?: boolean;
  /**
   * Do not follow a symbolic link as the file itself: the probe then fails with `openError`
   * "ELOOP" (a caller that resolved only the folders checks where the link leads; see
   * validate's use with createCollectionResolver).
   */
  noFollow?: boolean;
}

export interface ProbeResult {
  /** Null when the file could not be read as an image (there is then at least one error). */
  probe: ImageProbe | null;
  issues: Issue[];
  /** The file's stamp when it was opened (null when it could not be). */
  stamp: FileStamp | null;
  /**
   * A digest (16 hex digits of SHA-1) of the file's first 64 KiB and last 16 KiB, with its size a cheap
   * stand-in for the content hash: files with equal bytes have equal samples, so only files
   * whose samples match can be duplicates. Null when the file could not be read.
   */
  sample: string | null;
  /** The error code when the file could not be opened (ENOENT, EACCES, ELOOP…), else null. */
  openError: string | null;
}

const DEPTH_BITS: Readonly<Record<string, number>> = {
  uchar: 8,
  char: 8,
  ushort: 16,
  short: 16,
  uint: 32,
  int: 32,
  float: 32,
  complex: 64,
  double: 64,
  dpcomplex: 128,
};

const CONVERT_HINT = "Export the image as TIFF or JPEG; heritage converts TIFF, JPEG, PNG, WebP, GIF and AVIF.";

type At = { field: string; value: string; file: string };

/** The issue for a file that cannot be opened, or is not a non-empty regular file; null when it can be probed. */
function unreadable(master: OpenedMaster | NodeJS.ErrnoException, at: At): Issue | null {
  if (!("stat" in master)) {
    const code = master.code;
    const message = code === "ENOENT" ? "The file does not exist" : `The file cannot be read (${code ?? "error"})`;
    return error("FILE_MISSING", { ...at, message, hint: "Check the path and the file's permissions." });
  }
  if (master.stat.isDirectory()) return error("FILE_NOT_IMAGE", { ...at, message: "The path is a folder, not a file", hint: "Name an image file inside the folder." });
  if (!master.stat.isFile()) return error("FILE_NOT_IMAGE", { ...at, message: "The path is not a regular file (a device or a pipe?)", hint: "Name an image file." });
  if (master.stat.size === 0) return error("FILE_EMPTY", { ...at, hint: "Copy the file again from its source: a zero-byte file is usually a failed transfer." });
  return null;
}

/** The issue for a file that is not an image heritage can convert, from its magic bytes. */
function refusedKind(sniffed: Sniffed, at: At): Issue | null {
  if (sniffed.class === "not-image") {
    return error("FILE_NOT_IMAGE", { ...at, message: `The file is not an image: it looks like ${sniffed.description}`, hint: CONVERT_HINT });
  }
  if (sniffed.class === "unsupported-image") {
    return error("IMAGE_UNSUPPORTED", { ...at, message: `The file is ${sniffed.description}, which heritage cannot convert for Flickr`, hint: CONVERT_HINT });
  }
  return null;
}

/** Findings from the header facts: HEVC, too many pixels, several pages, a broken ICC profile. */
function headerIssues(meta: Metadata, icc: ReturnType<typeof readIccInfo> | null, maxPixels: number, at: At): Issue[] {
  const issues: Issue[] = [];
  if (meta.format === "heif" && meta.compression === "hevc") {
    issues.push(error("IMAGE_UNSUPPORTED", { ...at, message: "The file is a HEIC (HEVC) image, which heritage cannot decode", hint: CONVERT_HINT }));
  }
  const pixels = meta.width * meta.height;
  if (pixels > maxPixels) {
    issues.push(
      error("IMAGE_TOO_MANY_PIXELS", {
        ...at,
        value: pixels,
        message: `The image has ${pixels} pixels (${meta.width}×${meta.height}), more than the limit of ${maxPixels}`,
        hint: "If the master is genuine, raise images.max_pixels in the collection settings.",
      }),
    );
  }
  const pages = meta.pages ?? 1;
  if (pages > 1) {
    issues.push(
      warning("IMAGE_MULTI_PAGE", { ...at, message: `The image has ${pages} pages or frames; only the first is published`, hint: "Split the pages into separate files and rows to publish them all." }),
    );
  }
  if (icc && !icc.valid) {
    issues.push(
      warning("IMAGE_PROFILE_INVALID", {
        ...at,
        message: "The embedded ICC colour profile is malformed; the colours will be converted as if the image were sRGB",
        hint: "Re-save the master with a valid profile (or convert it to sRGB) in an image editor.",
      }),
    );
  }
  return issues;
}

function embeddedIssue(embedded: EmbeddedMetadata, at: At): Issue[] {
  if (embedded.unreadable === null) return [];
  return [
    warning("EMBEDDED_UNREADABLE", {
      ...at,
      message: `The image's embedded metadata cannot be read: ${embedded.unreadable}. A rights claim in it would not be checked against the licence`,
      hint: "Open the master in an image editor (or exiftool) and check its embedded rights and description; re-save the metadata as UTF-8 XMP.",
    }),
  ];
}

function probeOf(master: OpenedMaster, meta: Metadata, icc: ReturnType<typeof readIccInfo> | null, embedded: EmbeddedMetadata, sha256: string | null): ImageProbe {
  return {
    path: master.path,
    size: master.stat.size,
    mtimeMs: master.stat.mtimeMs,
    sha256,
    format: meta.format,
    width: meta.width,
    height: meta.height,
    displayWidth: meta.autoOrient?.width ?? meta.width,
    displayHeight: meta.autoOrient?.height ?? meta.height,
    pages: meta.pages ?? 1,
    bitDepth: meta.bitsPerSample ?? DEPTH_BITS[meta.depth] ?? 8,
    channels: meta.channels,
    colourSpace: meta.space,
    hasAlpha: meta.hasAlpha,
    iccDescription: icc?.description ?? null,
    iccColourSpace: icc?.valid ? icc.colourSpace : null,
    orientation: meta.orientation ?? null,
    embedded,
  };
}

/** Bytes after a JPEG's start-of-scan marker that must be in memory too: the SOS segment libjpeg reads, with room to spare. */
const SCAN_MARGIN = 4096;

/**
 * sharp's header read. For a JPEG whose header (every segment up to the first scan) is in the
 * head already read, sharp is given those bytes instead of the path: libvips then does not
 * open the file again, probe it for every loader's format and read it in small pieces, which
 * was a quarter of the CPU sharp spent per file. The header is the same bytes either way, so
 * the facts are the same (test/image/probe-header-bytes.test.ts compares them). Anything the
 * bytes do not settle goes by path as before: other formats, a header longer than the head, a
 * path ending in "]" (libvips would take "name[options]"), and any error, so an error's message
 * is the file's ("Input file has corrupt header…"), not the buffer's.
 */
export async function readImageHeader(sharp: SharpModule, master: OpenedMaster, kind: string): Promise<Metadata> {
  if (kind === "jpeg" && !master.path.endsWith("]")) {
    const header = parseJpegHeader(master.head);
    if (header.status === "ok" && (master.head.length === master.stat.size || header.scanStart + SCAN_MARGIN <= master.head.length)) {
      try {
        return await sharp(master.head, { limitInputPixels: false }).metadata();
      } catch {
        // read by path below, for the file's own error
      }
    }
  }
  return sharp(master.path, { limitInputPixels: false }).metadata();
}

/** The probe of an opened, non-empty regular file. */
async function probeOpened(master: OpenedMaster, options: ProbeOptions, at: At): Promise<{ probe: ImageProbe | null; issues: Issue[] }> {
  const sniffed = sniffFileType(master.head);
  const refused = refusedKind(sniffed, at);
  if (refused) return { probe: null, issues: [refused] };
  const sharp = await loadSharp(options.sharp);
  let meta: Metadata;
  try {
    meta = await readImageHeader(sharp, master, sniffed.kind);
  } catch (err) {
    const hint = "Re-export or restore the file; it is damaged or not really " + sniffed.description + ".";
    return { probe: null, issues: [error("IMAGE_CORRUPT", { ...at, message: `The image header cannot be read: ${sharpErrorMessage(err)}`, hint })] };
  }
  const icc = meta.icc ? readIccInfo(meta.icc) : null;
  const issues = headerIssues(meta, icc, options.maxPixels, at);
  const structure = (await checkFileStructure(master, sniffed.kind)).map((f) => error(f.code, { ...at, message: f.message, hint: f.hint }));
  // Structure findings come right after the HEVC one, where they always were.
  const hevc = issues.length > 0 && issues[0]!.code === "IMAGE_UNSUPPORTED" ? 1 : 0;
  issues.splice(hevc, 0, ...structure);
  const embedded = await readEmbeddedMetadataFrom(master, meta.format);
  issues.push(...embeddedIssue(embedded, at));
  const sha256 = options.contentHash === false ? null : await hashOrNull(master.path);
  if (options.contentHash !== false && sha256 === null) {
    return { probe: null, issues: [error("FILE_MISSING", { ...at, message: "The file cannot be read", hint: "Check the file's permissions." })] };
  }
  return { probe: probeOf(master, meta, icc, embedded, sha256), issues };
}

const hashOrNull = (path: string) => hashFile(path).then((h) => h.sha256, () => null);

/** Probe `path`. See the module comment; never throws for a missing, empty or broken file. */
export async function probeImage(path: string, options: ProbeOptions): Promise<ProbeResult> {
  const file = options.file ?? path;
  const at = { field: "file", value: file, file };
  let master: OpenedMaster;
  try {
    master = await openMaster(path, { noFollow: options.noFollow ?? false });
  } catch (err) {
    const openError = (err as NodeJS.ErrnoException).code ?? "EIO";
    return { probe: null, issues: [unreadable(err as NodeJS.ErrnoException, at)!], stamp: null, sample: null, openError };
  }
  try {
    const stamp = stampOf(master.stat);
    const refused = unreadable(master, at);
    if (refused) return { probe: null, issues: [refused], stamp, sample: null, openError: null };
    const result = await probeOpened(master, options, at);
    // SHA-1, not SHA-256: the sample only decides which files are hashed in full (equal bytes give
    // equal samples whatever the function), the full SHA-256 still decides, and SHA-1 costs
    // about half as much on the 80 KiB every probed file hashes here.
    const sample = createHash("sha1").update(master.head).update(master.tail).digest("hex").slice(0, 16);
    return { ...result, stamp, sample, openError: null };
  } finally {
    master.close();
  }
}

/**
 * Probe one master without decoding its pixels: what it is (magic bytes, sharp's header read),
 * whether it is complete (end markers, TIFF strip extents), what it contains (size, depth,
 * colour, orientation, pages) and what it says about itself (EXIF/IPTC/XMP). Problems are
 * returned as issues on the `file` field; nothing here throws for a bad file.
 */
import { stat } from "node:fs/promises";
import { error, warning, type Issue } from "../issues.js";
import { checkFileStructure } from "./check-structure.js";
import { readIccInfo } from "./icc.js";
import { readEmbeddedMetadata } from "./read-embedded.js";
import { scanContent } from "./scan-content.js";
import { loadSharp, sharpErrorMessage, type SharpModule } from "./sharp-module.js";
import { sniffFileType } from "./sniff.js";
import type { ImageProbe } from "./types.js";

export interface ProbeOptions {
  /** Refuse images with more pixels (IMAGE_TOO_MANY_PIXELS); `settings.images.max_pixels`. */
  maxPixels: number;
  /** The sharp module to use (default: the installed one). */
  sharp?: SharpModule;
  /** The file as the manifest names it (relative to the collection), for issues. Default: `path`. */
  file?: string;
}

export interface ProbeResult {
  /** Null when the file could not be read as an image (there is then at least one error). */
  probe: ImageProbe | null;
  issues: Issue[];
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

/** Probe `path`. See the module comment; never throws for a missing, empty or broken file. */
export async function probeImage(path: string, options: ProbeOptions): Promise<ProbeResult> {
  const file = options.file ?? path;
  const at = { field: "file", value: file, file };
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? "The file does not exist" : `The file cannot be read (${code ?? "error"})`;
    return { probe: null, issues: [error("FILE_MISSING", { ...at, message, hint: "Check the path and the file's permissions." })] };
  }
  if (!info.isFile()) {
    return { probe: null, issues: [error("FILE_NOT_IMAGE", { ...at, message: "The path is a folder, not a file", hint: "Name an image file inside the folder." })] };
  }
  if (info.size === 0) {
    return { probe: null, issues: [error("FILE_EMPTY", { ...at, hint: "Copy the file again from its source: a zero-byte file is usually a failed transfer." })] };
  }

  const scan = await scanContent(path).catch(() => null);
  if (!scan) {
    return { probe: null, issues: [error("FILE_MISSING", { ...at, message: "The file cannot be read", hint: "Check the file's permissions." })] };
  }
  const sniffed = sniffFileType(scan.head);
  if (sniffed.class === "not-image") {
    return {
      probe: null,
      issues: [error("FILE_NOT_IMAGE", { ...at, message: `The file is not an image: it looks like ${sniffed.description}`, hint: CONVERT_HINT })],
    };
  }
  if (sniffed.class === "unsupported-image") {
    return {
      probe: null,
      issues: [error("IMAGE_UNSUPPORTED", { ...at, message: `The file is ${sniffed.description}, which heritage cannot convert for Flickr`, hint: CONVERT_HINT })],
    };
  }

  const sharp = await loadSharp(options.sharp);
  let meta;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (err) {
    return {
      probe: null,
      issues: [
        error("IMAGE_CORRUPT", {
          ...at,
          message: `The image header cannot be read: ${sharpErrorMessage(err)}`,
          hint: "Re-export or restore the file; it is damaged or not really " + sniffed.description + ".",
        }),
      ],
    };
  }

  const issues: Issue[] = [];
  if (meta.format === "heif" && meta.compression === "hevc") {
    issues.push(error("IMAGE_UNSUPPORTED", { ...at, message: "The file is a HEIC (HEVC) image, which heritage cannot decode", hint: CONVERT_HINT }));
  }
  for (const finding of await checkFileStructure(path, sniffed.kind, scan)) {
    issues.push(error(finding.code, { ...at, message: finding.message, hint: finding.hint }));
  }
  const pixels = meta.width * meta.height;
  if (pixels > options.maxPixels) {
    issues.push(
      error("IMAGE_TOO_MANY_PIXELS", {
        ...at,
        value: pixels,
        message: `The image has ${pixels} pixels (${meta.width}×${meta.height}), more than the limit of ${options.maxPixels}`,
        hint: "If the master is genuine, raise images.max_pixels in the collection settings.",
      }),
    );
  }
  const pages = meta.pages ?? 1;
  if (pages > 1) {
    issues.push(
      warning("IMAGE_MULTI_PAGE", {
        ...at,
        message: `The image has ${pages} pages or frames; only the first is published`,
        hint: "Split the pages into separate files and rows to publish them all.",
      }),
    );
  }
  const icc = meta.icc ? readIccInfo(meta.icc) : null;
  if (icc && !icc.valid) {
    issues.push(
      warning("IMAGE_PROFILE_INVALID", {
        ...at,
        message: "The embedded ICC colour profile is malformed; the colours will be converted as if the image were sRGB",
        hint: "Re-save the master with a valid profile (or convert it to sRGB) in an image editor.",
      }),
    );
  }

  const embedded = await readEmbeddedMetadata(path, meta.format);
  if (embedded.unreadable !== null) {
    issues.push(
      warning("EMBEDDED_UNREADABLE", {
        ...at,
        message: `The image's embedded metadata cannot be read: ${embedded.unreadable}. A rights claim in it would not be checked against the licence`,
        hint: "Open the master in an image editor (or exiftool) and check its embedded rights and description; re-save the metadata as UTF-8 XMP.",
      }),
    );
  }
  const probe: ImageProbe = {
    path,
    size: scan.size,
    mtimeMs: info.mtimeMs,
    sha256: scan.sha256,
    format: meta.format,
    width: meta.width,
    height: meta.height,
    displayWidth: meta.autoOrient?.width ?? meta.width,
    displayHeight: meta.autoOrient?.height ?? meta.height,
    pages,
    bitDepth: meta.bitsPerSample ?? DEPTH_BITS[meta.depth] ?? 8,
    channels: meta.channels,
    colourSpace: meta.space,
    hasAlpha: meta.hasAlpha,
    iccDescription: icc?.description ?? null,
    iccColourSpace: icc?.valid ? icc.colourSpace : null,
    orientation: meta.orientation ?? null,
    embedded,
  };
  return { probe, issues };
}

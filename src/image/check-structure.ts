/**
 * Cheap structural checks that catch what a header read cannot: a file cut short by an
 * interrupted copy, or a TIFF whose first image is something heritage cannot publish
 * (old-style JPEG compression, a camera-raw preview). Full decoding (`--deep`) finds the rest.
 */
import { withFileSource } from "./byte-source.js";
import { parseJpegHeader } from "./jpeg-segments.js";
import type { ContentScan } from "./scan-content.js";
import { readTagUint, readTiffStructure, readUints, TAG, type TiffEntry } from "./tiff-structure.js";

export interface StructureFinding {
  code: "IMAGE_CORRUPT" | "IMAGE_UNSUPPORTED";
  message: string;
  hint: string;
}

const TRUNCATED_HINT = "Copy the file again from its source or backup: an interrupted transfer leaves a truncated file.";

/** TIFF compressions libvips cannot decode in sharp's build. */
const UNSUPPORTED_TIFF_COMPRESSION: Readonly<Record<number, string>> = {
  6: "old-style JPEG (compression 6)",
  34712: "JPEG 2000",
  34892: "lossy DNG JPEG",
  52546: "JPEG XL",
};

async function extentEnd(
  source: Parameters<Parameters<typeof withFileSource>[1]>[0],
  ifd: readonly TiffEntry[],
  le: boolean,
  offsetsTag: number,
  countsTag: number,
): Promise<number | null> {
  const offsets = ifd.find((e) => e.tag === offsetsTag);
  const counts = ifd.find((e) => e.tag === countsTag);
  if (!offsets || !counts) return null;
  const o = await readUints(source, offsets, le);
  const c = await readUints(source, counts, le);
  let end = 0;
  for (let i = 0; i < Math.min(o.length, c.length); i++) end = Math.max(end, o[i]! + c[i]!);
  return end;
}

/** TIFF findings: undecodable compression, a raw preview as first image, strips past the end. */
export async function checkTiffStructure(path: string, size: number): Promise<StructureFinding[]> {
  return withFileSource(path, async (source) => {
    const structure = await readTiffStructure(source, { maxIfds: 1 });
    const ifd0 = structure?.ifds[0];
    if (!structure || !ifd0) return [];
    const le = structure.littleEndian;
    const findings: StructureFinding[] = [];
    const compression = await readTagUint(source, ifd0, TAG.Compression, le);
    const unsupported = compression === null ? undefined : UNSUPPORTED_TIFF_COMPRESSION[compression];
    if (unsupported) {
      findings.push({
        code: "IMAGE_UNSUPPORTED",
        message: `The TIFF is compressed with ${unsupported}, which cannot be decoded`,
        hint: "Re-save the master as an uncompressed, LZW or Deflate TIFF.",
      });
    }
    const subfile = await readTagUint(source, ifd0, TAG.NewSubfileType, le);
    if (ifd0.some((e) => e.tag === TAG.DNGVersion) || (subfile !== null && (subfile & 1) === 1)) {
      findings.push({
        code: "IMAGE_UNSUPPORTED",
        message: "The first image in this TIFF is a reduced-resolution preview (a camera raw file such as DNG or NEF?)",
        hint: "Develop the raw file and export a TIFF or JPEG master.",
      });
    }
    const end =
      (await extentEnd(source, ifd0, le, TAG.StripOffsets, TAG.StripByteCounts)) ??
      (await extentEnd(source, ifd0, le, TAG.TileOffsets, TAG.TileByteCounts));
    if (end !== null && end > size) {
      findings.push({
        code: "IMAGE_CORRUPT",
        message: `The TIFF is truncated: its image data ends at byte ${end} but the file has ${size} bytes`,
        hint: TRUNCATED_HINT,
      });
    }
    return findings;
  });
}

/**
 * Structural findings for a file already scanned (`scanContent`). `kind` is the sniffed kind.
 * A JPEG is truncated when no end-of-image marker follows its first scan (FF D9 cannot occur
 * inside entropy-coded data, so this has no false alarms even with trailers after the image);
 * a PNG when its IEND chunk is missing; a WebP when its RIFF size exceeds the file; a TIFF when
 * its strips or tiles point past the end.
 */
export async function checkFileStructure(path: string, kind: string, scan: ContentScan): Promise<StructureFinding[]> {
  const truncated = (what: string): StructureFinding[] => [
    { code: "IMAGE_CORRUPT", message: `The ${what} is truncated: the file ends before the image does`, hint: TRUNCATED_HINT },
  ];
  switch (kind) {
    case "jpeg": {
      const header = parseJpegHeader(scan.head);
      return header.status === "ok" && scan.lastJpegEoi < header.scanStart ? truncated("JPEG") : [];
    }
    case "png":
      return scan.pngIend ? [] : truncated("PNG");
    case "webp":
      return scan.head.length >= 8 && scan.head.readUInt32LE(4) + 8 > scan.size ? truncated("WebP") : [];
    case "tiff":
      try {
        return await checkTiffStructure(path, scan.size);
      } catch {
        return []; // unreadable structure: sharp's own header read reports it
      }
    default:
      return [];
  }
}

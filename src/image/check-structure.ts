/**
 * Cheap structural checks that catch what a header read cannot: a file cut short by an
 * interrupted copy, or a TIFF whose first image is something heritage cannot publish
 * (old-style JPEG compression, a camera-raw preview). Full decoding (`--deep`) finds the rest.
 */
import { withFileSource, type ByteSource } from "./byte-source.js";
import { parseJpegHeader } from "./jpeg-segments.js";
import type { OpenedMaster } from "./structure-bytes.js";
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
  source: ByteSource,
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

/** TIFF findings of the file at `path` (see checkTiffSource). */
export async function checkTiffStructure(path: string, size: number): Promise<StructureFinding[]> {
  return withFileSource(path, (source) => checkTiffSource(source, size));
}

/** TIFF findings: undecodable compression, a raw preview as first image, strips past the end. */
export async function checkTiffSource(source: ByteSource, size: number): Promise<StructureFinding[]> {
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
}

const EOI = Buffer.from([0xff, 0xd9]);
/** "IEND" and its fixed CRC: the last 8 bytes of every complete PNG. */
const IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * Structural findings for an opened master. `kind` is the sniffed kind. A JPEG is truncated
 * when no end-of-image marker follows its first scan (FF D9 cannot occur inside entropy-coded
 * data, so this has no false alarms even with trailers after the image); a PNG when its IEND
 * chunk is missing; a WebP when its RIFF size exceeds the file; a TIFF when its strips or tiles
 * point past the end. The markers are searched from the file's end backwards, so an intact file
 * costs one small read; only a damaged one is read through.
 */
export async function checkFileStructure(master: OpenedMaster, kind: string): Promise<StructureFinding[]> {
  const truncated = (what: string): StructureFinding[] => [
    { code: "IMAGE_CORRUPT", message: `The ${what} is truncated: the file ends before the image does`, hint: TRUNCATED_HINT },
  ];
  const { head } = master;
  const size = master.stat.size;
  switch (kind) {
    case "jpeg": {
      const header = parseJpegHeader(head);
      return header.status === "ok" && (await master.lastIndexOf(EOI)) < header.scanStart ? truncated("JPEG") : [];
    }
    case "png":
      return (await master.lastIndexOf(IEND)) >= 0 ? [] : truncated("PNG");
    case "webp":
      return head.length >= 8 && head.readUInt32LE(4) + 8 > size ? truncated("WebP") : [];
    case "tiff":
      try {
        return await checkTiffSource(master.source, size);
      } catch {
        return []; // unreadable structure: sharp's own header read reports it
      }
    default:
      return [];
  }
}

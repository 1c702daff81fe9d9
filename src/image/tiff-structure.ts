/**
 * A small, defensive reader of TIFF structure (the container of both TIFF files and EXIF
 * blocks): image file directories, their entries and where each value lives. It reads headers
 * only, follows offsets through a `ByteSource`, and never throws on malformed input: a bad
 * directory ends the walk, a bad entry is skipped.
 *
 * Why our own: exifr's chunked reader fails on TIFF masters whose XMP or ICC value lies beyond
 * its first chunk, and we need raw entries (not interpreted values) to copy capture metadata
 * into upload copies byte-for-byte.
 */
import type { ByteSource } from "./byte-source.js";

/** TIFF field types → bytes per component. Unknown types are skipped. */
export const TIFF_TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  129: 1, // UTF-8 (EXIF 3.0)
};

export const TAG = {
  NewSubfileType: 0x00fe,
  ImageWidth: 0x0100,
  ImageLength: 0x0101,
  Compression: 0x0103,
  ImageDescription: 0x010e,
  StripOffsets: 0x0111,
  Orientation: 0x0112,
  StripByteCounts: 0x0117,
  Artist: 0x013b,
  TileOffsets: 0x0144,
  TileByteCounts: 0x0145,
  SubIFDs: 0x014a,
  XMP: 0x02bc,
  Copyright: 0x8298,
  IPTC: 0x83bb,
  ExifIFD: 0x8769,
  GPSIFD: 0x8825,
  DateTimeOriginal: 0x9003,
  DNGVersion: 0xc612,
} as const;

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Length of the value in bytes (count × type size). */
  byteLength: number;
  /** Absolute offset of the value bytes in the source (inside the entry itself when ≤ 4 bytes). */
  offset: number;
}

export interface TiffStructure {
  littleEndian: boolean;
  /** Offset of the TIFF header in the source (6 for an EXIF block after "Exif\0\0", 0 for a file). */
  base: number;
  /** Directories in chain order: IFD0 (the main image), IFD1 (thumbnail or page 2)… */
  ifds: TiffEntry[][];
  /** The EXIF sub-directory of IFD0, if any. */
  exif: TiffEntry[] | null;
  /** The GPS sub-directory of IFD0, if any. */
  gps: TiffEntry[] | null;
}

const MAX_ENTRIES = 4096;
const MAX_IFDS = 1024;

/** Does the source start (at `base`) with a classic TIFF header? BigTIFF is not handled. */
export function isTiffHeader(head: Buffer, base = 0): boolean {
  if (head.length < base + 8) return false;
  const order = head.toString("latin1", base, base + 2);
  if (order === "II") return head.readUInt16LE(base + 2) === 42;
  if (order === "MM") return head.readUInt16BE(base + 2) === 42;
  return false;
}

class Reader {
  constructor(
    readonly source: ByteSource,
    readonly littleEndian: boolean,
    readonly base: number,
  ) {}
  u16(b: Buffer, at: number): number {
    return this.littleEndian ? b.readUInt16LE(at) : b.readUInt16BE(at);
  }
  u32(b: Buffer, at: number): number {
    return this.littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at);
  }
  /** Read one IFD at a TIFF-relative offset. Null when it does not fit in the source. */
  async ifd(relOffset: number): Promise<{ entries: TiffEntry[]; next: number } | null> {
    const at = this.base + relOffset;
    if (relOffset < 8 || at + 2 > this.source.size) return null;
    const countBuf = await this.source.read(at, 2);
    const count = this.u16(countBuf, 0);
    if (count === 0 || count > MAX_ENTRIES || at + 2 + count * 12 > this.source.size) return null;
    const body = await this.source.read(at + 2, count * 12 + 4);
    const entries: TiffEntry[] = [];
    for (let i = 0; i < count; i++) {
      const p = i * 12;
      const tag = this.u16(body, p);
      const type = this.u16(body, p + 2);
      const n = this.u32(body, p + 4);
      const size = TIFF_TYPE_SIZES[type];
      if (size === undefined) continue;
      const byteLength = size * n;
      const offset = byteLength <= 4 ? at + 2 + p + 8 : this.base + this.u32(body, p + 8);
      if (offset + byteLength > this.source.size) continue;
      entries.push({ tag, type, count: n, byteLength, offset });
    }
    const next = body.length >= count * 12 + 4 ? this.u32(body, count * 12) : 0;
    return { entries, next };
  }
}

/**
 * Read the directory structure of a TIFF file or EXIF block. Returns null when the bytes at
 * `base` are not a classic TIFF header. `maxIfds` bounds the chain walk (pages).
 */
export async function readTiffStructure(
  source: ByteSource,
  options: { base?: number; maxIfds?: number } = {},
): Promise<TiffStructure | null> {
  const base = options.base ?? 0;
  const head = await source.read(base, 8);
  if (!isTiffHeader(head)) return null;
  const littleEndian = head.toString("latin1", 0, 2) === "II";
  const reader = new Reader(source, littleEndian, base);
  const ifds: TiffEntry[][] = [];
  const seen = new Set<number>();
  let next = reader.u32(head, 4);
  const maxIfds = Math.min(options.maxIfds ?? MAX_IFDS, MAX_IFDS);
  while (next !== 0 && !seen.has(next) && ifds.length < maxIfds) {
    seen.add(next);
    const ifd = await reader.ifd(next);
    if (!ifd) break;
    ifds.push(ifd.entries);
    next = ifd.next;
  }
  const ifd0 = ifds[0] ?? [];
  const sub = async (tag: number): Promise<TiffEntry[] | null> => {
    const entry = ifd0.find((e) => e.tag === tag);
    if (!entry) return null;
    const [rel] = await readUints(source, entry, littleEndian);
    if (rel === undefined) return null;
    return (await reader.ifd(rel))?.entries ?? null;
  };
  return { littleEndian, base, ifds, exif: await sub(TAG.ExifIFD), gps: await sub(TAG.GPSIFD) };
}

/** The raw bytes of an entry's value (in the source's byte order). */
export function readValue(source: ByteSource, entry: TiffEntry): Promise<Buffer> {
  return source.read(entry.offset, entry.byteLength);
}

/** An unsigned integer array value (BYTE, SHORT, LONG, IFD); empty for other types. */
export async function readUints(source: ByteSource, entry: TiffEntry, littleEndian: boolean): Promise<number[]> {
  const raw = await readValue(source, entry);
  const out: number[] = [];
  for (let i = 0; i < entry.count; i++) {
    if (entry.type === 1) out.push(raw[i]!);
    else if (entry.type === 3) out.push(littleEndian ? raw.readUInt16LE(i * 2) : raw.readUInt16BE(i * 2));
    else if (entry.type === 4 || entry.type === 13) out.push(littleEndian ? raw.readUInt32LE(i * 4) : raw.readUInt32BE(i * 4));
    else return [];
  }
  return out;
}

/** The first integer of a tag in a directory, or null. */
export async function readTagUint(
  source: ByteSource,
  ifd: readonly TiffEntry[],
  tag: number,
  littleEndian: boolean,
): Promise<number | null> {
  const entry = ifd.find((e) => e.tag === tag);
  if (!entry) return null;
  const [value] = await readUints(source, entry, littleEndian);
  return value ?? null;
}

/**
 * Serialize a small TIFF structure (IFD0 with optional EXIF and GPS sub-directories, no image
 * data): the body of a JPEG's EXIF segment, or a compact metadata-only TIFF handed to exifr.
 */

export interface WriteEntry {
  tag: number;
  type: number;
  count: number;
  /** Value bytes, already in the structure's byte order. */
  value: Buffer;
}

export interface TiffLayout {
  littleEndian: boolean;
  ifd0: WriteEntry[];
  exif?: WriteEntry[] | null;
  gps?: WriteEntry[] | null;
}

const EXIF_POINTER = 0x8769;
const GPS_POINTER = 0x8825;
const LONG = 4;

/** An ASCII (type 2) entry, NUL-terminated. Text is written as UTF-8 (see upload-exif.ts). */
export function asciiEntry(tag: number, text: string): WriteEntry {
  const value = Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]);
  return { tag, type: 2, count: value.length, value };
}

/** A SHORT (type 3) entry holding one value. */
export function shortEntry(tag: number, n: number, littleEndian: boolean): WriteEntry {
  const value = Buffer.alloc(2);
  if (littleEndian) value.writeUInt16LE(n);
  else value.writeUInt16BE(n);
  return { tag, type: 3, count: 1, value };
}

/** A LONG (type 4) entry holding one value. */
export function longEntry(tag: number, n: number, littleEndian: boolean): WriteEntry {
  const value = Buffer.alloc(4);
  if (littleEndian) value.writeUInt32LE(n);
  else value.writeUInt32BE(n);
  return { tag, type: LONG, count: 1, value };
}

function ifdSize(entries: readonly WriteEntry[]): number {
  const data = entries.reduce((sum, e) => sum + (e.value.length > 4 ? e.value.length + (e.value.length & 1) : 0), 0);
  return 2 + entries.length * 12 + 4 + data;
}

/**
 * Lay out the directories: header, IFD0 and its values, then the EXIF and GPS directories.
 * Entries are sorted by tag (TIFF requires it); pointer entries are added here. Values start
 * on even offsets (TIFF word alignment).
 */
export function serializeTiff(layout: TiffLayout): Buffer {
  const le = layout.littleEndian;
  const exif = layout.exif && layout.exif.length > 0 ? layout.exif : null;
  const gps = layout.gps && layout.gps.length > 0 ? layout.gps : null;
  const ifd0 = layout.ifd0.filter((e) => e.tag !== EXIF_POINTER && e.tag !== GPS_POINTER);
  // Placeholder pointers, patched once the sub-directory offsets are known.
  if (exif) ifd0.push(longEntry(EXIF_POINTER, 0, le));
  if (gps) ifd0.push(longEntry(GPS_POINTER, 0, le));

  const dirs: { entries: WriteEntry[]; offset: number }[] = [];
  let offset = 8;
  for (const entries of [ifd0, exif, gps]) {
    if (!entries) continue;
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    dirs.push({ entries: sorted, offset });
    offset += ifdSize(sorted);
  }
  const out = Buffer.alloc(offset);
  const u16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  out.write(le ? "II" : "MM", 0, "latin1");
  u16(42, 2);
  u32(8, 4);

  const subOffsets = new Map<number, number>();
  let next = 1;
  if (exif) subOffsets.set(EXIF_POINTER, dirs[next++]!.offset);
  if (gps) subOffsets.set(GPS_POINTER, dirs[next++]!.offset);

  for (const dir of dirs) {
    let at = dir.offset;
    u16(dir.entries.length, at);
    at += 2;
    let data = dir.offset + 2 + dir.entries.length * 12 + 4;
    for (const e of dir.entries) {
      u16(e.tag, at);
      u16(e.type, at + 2);
      u32(e.count, at + 4);
      const pointer = dir === dirs[0] ? subOffsets.get(e.tag) : undefined;
      if (pointer !== undefined) u32(pointer, at + 8);
      else if (e.value.length <= 4) e.value.copy(out, at + 8);
      else {
        u32(data, at + 8);
        e.value.copy(out, data);
        data += e.value.length + (e.value.length & 1);
      }
      at += 12;
    }
    u32(0, at); // no next IFD: thumbnails (IFD1) are never carried over
  }
  return out;
}

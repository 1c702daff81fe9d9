/**
 * The EXIF block of an upload copy: the master's capture metadata (allow-listed in
 * exif-policy.ts), the manifest's description, creator and rights, and the copy's own
 * dimensions. Thumbnails, maker notes, serial numbers and (unless asked) GPS are left behind.
 *
 * Text encoding: EXIF 2.3 defines ASCII fields as 7-bit. Heritage writes UTF-8 bytes into them,
 * as ExifTool and Photoshop do, because transliterating "Åsa Lindström" to "Asa Lindstrom"
 * loses information and the readers that matter (exifr, ExifTool, Windows, Flickr) decode
 * UTF-8. The XMP packet carries the same values and is the authoritative copy (MWG guidance).
 */
import { bufferSource, withFileSource, type ByteSource } from "./byte-source.js";
import { copyrightText, type EmbedFields } from "./embed-fields.js";
import { KEPT_EXIF_TAGS, KEPT_IFD0_TAGS, WRITTEN_TAGS } from "./exif-policy.js";
import { isTiffHeader, readTiffStructure, readValue, type TiffEntry, type TiffStructure } from "./tiff-structure.js";
import { dateTimeOriginalEntry, exifDateTime } from "./exif-date.js";
import { asciiEntry, longEntry, serializeTiff, shortEntry, type WriteEntry } from "./tiff-write.js";

/** Largest TIFF structure that fits one APP1 segment after "Exif\0\0" (65535 − 2 − 6). */
export const MAX_EXIF_BYTES = 65_527;

export interface MasterExif {
  source: ByteSource;
  structure: TiffStructure;
}

export interface UploadExifOptions {
  embed: EmbedFields;
  /** Dimensions of the copy (written to PixelXDimension/PixelYDimension). */
  width: number;
  height: number;
}

export interface UploadExif {
  /** The TIFF structure to put after "Exif\0\0". */
  tiff: Buffer;
  /** True when ImageDescription had to be shortened to fit the segment. */
  truncated: boolean;
}

async function copyEntries(source: ByteSource, entries: readonly TiffEntry[], keep: (tag: number) => boolean): Promise<WriteEntry[]> {
  const out: WriteEntry[] = [];
  for (const e of entries) {
    if (!keep(e.tag)) continue;
    out.push({ tag: e.tag, type: e.type, count: e.count, value: Buffer.from(await readValue(source, e)) });
  }
  return out;
}

function replace(entries: WriteEntry[], entry: WriteEntry): void {
  const i = entries.findIndex((e) => e.tag === entry.tag);
  if (i >= 0) entries[i] = entry;
  else entries.push(entry);
}

/** Cut a string so its UTF-8 form is at most `maxBytes`, ending with an ellipsis. */
function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let out = "";
  let used = 3; // "…" is 3 bytes
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

/**
 * Build the copy's EXIF from the master's (null when the master has none). Reads only the
 * allow-listed values from `master.source`, so a multi-gigabyte TIFF costs a few small reads.
 */
export async function buildUploadExif(master: MasterExif | null, options: UploadExifOptions): Promise<UploadExif> {
  const le = master?.structure.littleEndian ?? true;
  const { embed } = options;
  const ifd0 = master ? await copyEntries(master.source, master.structure.ifds[0] ?? [], (t) => KEPT_IFD0_TAGS.has(t)) : [];
  const exif = master?.structure.exif ? await copyEntries(master.source, master.structure.exif, (t) => KEPT_EXIF_TAGS.has(t)) : [];
  const gps = master?.structure.gps && embed.keepGps ? await copyEntries(master.source, master.structure.gps, () => true) : [];

  const description = embed.description ?? embed.title;
  if (embed.creator) replace(ifd0, asciiEntry(WRITTEN_TAGS.Artist, embed.creator));
  const copyright = copyrightText(embed);
  if (copyright) replace(ifd0, asciiEntry(WRITTEN_TAGS.Copyright, copyright));
  const taken = embed.dateTaken ? exifDateTime(embed.dateTaken) : null;
  if (taken) replace(exif, dateTimeOriginalEntry(taken));
  if (exif.length > 0) {
    // The copy is sRGB (or grey) with its own size, whatever the master said.
    replace(exif, shortEntry(WRITTEN_TAGS.ColorSpace, 1, le));
    replace(exif, longEntry(WRITTEN_TAGS.PixelXDimension, options.width, le));
    replace(exif, longEntry(WRITTEN_TAGS.PixelYDimension, options.height, le));
    if (!exif.some((e) => e.tag === WRITTEN_TAGS.ExifVersion)) {
      exif.push({ tag: WRITTEN_TAGS.ExifVersion, type: 7, count: 4, value: Buffer.from("0232", "latin1") });
    }
  }

  const build = (desc: string | null) => {
    const entries = [...ifd0];
    if (desc) replace(entries, asciiEntry(WRITTEN_TAGS.ImageDescription, desc));
    return serializeTiff({ littleEndian: le, ifd0: entries, exif, gps });
  };
  let tiff = build(description);
  let truncated = false;
  if (tiff.length > MAX_EXIF_BYTES) {
    // Only a long description can overflow in practice: shorten it (XMP keeps the full text).
    const descBytes = description ? Buffer.byteLength(description, "utf8") : 0;
    const room = descBytes - (tiff.length - MAX_EXIF_BYTES) - 8;
    tiff = build(description && room > 16 ? cutUtf8(description, room) : null);
    truncated = true;
    if (tiff.length > MAX_EXIF_BYTES) tiff = serializeTiff({ littleEndian: le, ifd0: [], exif: [], gps: [] });
  }
  return { tiff, truncated };
}

/**
 * The master's EXIF, ready for `buildUploadExif`. A JPEG/PNG/WebP carries it as a block (sharp's
 * `metadata().exif`, with or without the "Exif\0\0" prefix); a TIFF master carries it in its
 * own directories, from which the allow-listed tags (and GPS) are copied into a small in-memory
 * TIFF, so the file handle is not held open while the copy is written.
 */
export async function readMasterExif(path: string, format: string, exifBlock: Buffer | undefined): Promise<MasterExif | null> {
  try {
    if (format === "tiff") {
      const compact = await withFileSource(path, async (source) => {
        const structure = await readTiffStructure(source, { maxIfds: 1 });
        if (!structure) return null;
        return serializeTiff({
          littleEndian: structure.littleEndian,
          ifd0: await copyEntries(source, structure.ifds[0] ?? [], (t) => KEPT_IFD0_TAGS.has(t)),
          exif: structure.exif ? await copyEntries(source, structure.exif, (t) => KEPT_EXIF_TAGS.has(t)) : [],
          gps: structure.gps ? await copyEntries(source, structure.gps, () => true) : [],
        });
      });
      return compact ? await masterFromBuffer(compact, 0) : null;
    }
    if (!exifBlock) return null;
    if (exifBlock.subarray(0, 6).equals(Buffer.from("Exif\0\0", "latin1"))) return await masterFromBuffer(exifBlock, 6);
    return isTiffHeader(exifBlock) ? await masterFromBuffer(exifBlock, 0) : null;
  } catch {
    return null; // unreadable EXIF: the copy simply gets only heritage's own fields
  }
}

async function masterFromBuffer(buffer: Buffer, base: number): Promise<MasterExif | null> {
  const source = bufferSource(buffer);
  const structure = await readTiffStructure(source, { base, maxIfds: 1 });
  return structure ? { source, structure } : null;
}

/**
 * The date taken Flickr reads from an upload's embedded metadata: EXIF DateTimeOriginal, else
 * CreateDate. Without one, Flickr falls back to the upload time and says `takenunknown` 1.
 */
import exifr from "exifr";
import { parseTakenDate } from "../dates.js";

// Only the EXIF sub-IFD matters here; skipping the rest keeps a parse at a fraction of a millisecond.
// (IFD0 "cannot be disabled" per exifr's types; it is small.)
const OPTIONS: NonNullable<Parameters<typeof exifr.parse>[1]> = {
  tiff: true,
  exif: true,
  ifd1: false,
  gps: false,
  interop: false,
  xmp: false,
  iptc: false,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  reviveValues: false,
  translateValues: false,
};

/** `YYYY-MM-DD HH:MM:SS` from the file's EXIF, or null (none, unreadable, or not a real date). */
export async function readExifTakenDate(bytes: Uint8Array): Promise<string | null> {
  try {
    const tags = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), OPTIONS)) as Record<string, unknown> | undefined;
    const raw = tags?.DateTimeOriginal ?? tags?.CreateDate;
    if (typeof raw !== "string") return null;
    // EXIF writes 1925:03:04 05:06:07.
    const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
    return m ? (parseTakenDate(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`)?.text ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * A JPEG header rewriter: replaces the metadata segments (EXIF, XMP, Photoshop/IPTC) in front
 * of the first scan and copies everything from the Start-of-Scan marker on byte for byte.
 * That is how a JPEG that needs no pixel changes gets new metadata with no generational loss.
 * No library in the stack rewrites JPEG segments (sharp always re-encodes), and the format is
 * simple: length-prefixed segments until SOS.
 */
import { Transform, type TransformCallback } from "node:stream";

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP13 = 0xed;
const END_OF_IMAGE = Buffer.from([0xff, EOI]);

export const EXIF_HEADER = Buffer.from("Exif\0\0", "latin1");
export const XMP_HEADER = Buffer.from("http://ns.adobe.com/xap/1.0/\0", "latin1");
const XMP_EXTENSION_HEADER = Buffer.from("http://ns.adobe.com/xmp/extension/\0", "latin1");
const PHOTOSHOP_HEADER = Buffer.from("Photoshop 3.0\0", "latin1");

/** Largest segment payload (the length field counts itself: 65535 − 2). */
export const MAX_SEGMENT_PAYLOAD = 65_533;
/** A header larger than this before the first scan is not a JPEG we should trust. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF of the marker. */
  start: number;
  /** Offset just past the segment. */
  end: number;
  /** Payload (after the two length bytes). */
  payload: Buffer;
}

export type JpegHeaderParse =
  | { status: "ok"; segments: JpegSegment[]; scanStart: number }
  | { status: "need-more" }
  | { status: "invalid"; reason: string };

/** Parse the segments before the first scan. `need-more` when `buf` ends before SOS. */
export function parseJpegHeader(buf: Buffer): JpegHeaderParse {
  if (buf.length < 2) return { status: "need-more" };
  if (buf[0] !== 0xff || buf[1] !== SOI) return { status: "invalid", reason: "no JPEG start-of-image marker" };
  const segments: JpegSegment[] = [];
  let pos = 2;
  for (;;) {
    if (pos + 2 > buf.length) return { status: "need-more" };
    if (buf[pos] !== 0xff) return { status: "invalid", reason: `expected a marker at byte ${pos}` };
    let m = pos + 1;
    while (m < buf.length && buf[m] === 0xff) m++; // fill bytes
    if (m >= buf.length) return { status: "need-more" };
    const marker = buf[m]!;
    if (marker === SOS) return { status: "ok", segments, scanStart: m - 1 };
    if (marker === EOI) return { status: "invalid", reason: "end of image before any scan" };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos = m + 1;
      continue;
    }
    if (m + 3 > buf.length) return { status: "need-more" };
    const length = buf.readUInt16BE(m + 1);
    if (length < 2) return { status: "invalid", reason: `bad segment length at byte ${m + 1}` };
    const end = m + 1 + length;
    if (end > buf.length) return { status: "need-more" };
    segments.push({ marker, start: m - 1, end, payload: buf.subarray(m + 3, end) });
    pos = end;
  }
}

const startsWith = (payload: Buffer, header: Buffer) =>
  payload.length >= header.length && payload.subarray(0, header.length).equals(header);

/**
 * Is this a metadata segment heritage replaces? EXIF and XMP (standard and extended) in APP1,
 * and the Photoshop IRB in APP13 (it carries IPTC, whose caption and copyright would contradict
 * the new XMP). JFIF, ICC (APP2), Adobe (APP14), comments and the tables stay.
 */
export function isReplacedSegment(segment: Pick<JpegSegment, "marker" | "payload">): boolean {
  if (segment.marker === APP1) {
    return [EXIF_HEADER, XMP_HEADER, XMP_EXTENSION_HEADER].some((h) => startsWith(segment.payload, h));
  }
  return segment.marker === APP13 && startsWith(segment.payload, PHOTOSHOP_HEADER);
}

/** One APPn segment: marker, length, payload. Throws if the payload cannot fit (a bug: callers size it). */
export function appSegment(marker: number, payload: Buffer): Buffer {
  if (payload.length > MAX_SEGMENT_PAYLOAD) throw new RangeError(`JPEG segment payload of ${payload.length} bytes exceeds ${MAX_SEGMENT_PAYLOAD}`);
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** APP1 segments for an EXIF block (a TIFF structure) and an XMP packet; either may be null. */
export function metadataSegments(exifTiff: Buffer | null, xmp: string | null): Buffer[] {
  const out: Buffer[] = [];
  if (exifTiff) out.push(appSegment(APP1, Buffer.concat([EXIF_HEADER, exifTiff])));
  if (xmp !== null) out.push(appSegment(APP1, Buffer.concat([XMP_HEADER, Buffer.from(xmp, "utf8")])));
  return out;
}

/**
 * The new header: SOI, the leading APP0 (JFIF must stay first), the inserted segments, then
 * every kept segment in its original order. Returns the bytes to write before `scanStart`.
 */
export function rewriteJpegHeader(buf: Buffer, parsed: { segments: JpegSegment[] }, inserted: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [buf.subarray(0, 2)];
  let i = 0;
  while (i < parsed.segments.length && parsed.segments[i]!.marker === APP0) {
    const s = parsed.segments[i++]!;
    parts.push(buf.subarray(s.start, s.end));
  }
  parts.push(...inserted);
  for (; i < parsed.segments.length; i++) {
    const s = parsed.segments[i]!;
    if (!isReplacedSegment(s)) parts.push(buf.subarray(s.start, s.end));
  }
  return Buffer.concat(parts);
}

/** A transform that rewrites a JPEG's header; `sawEndOfImage()` tells whether the data after it was complete. */
export interface JpegMetadataRewriter extends Transform {
  /** True once an end-of-image marker (FF D9) has passed after the first scan began. */
  sawEndOfImage(): boolean;
}

/**
 * A stream transform that rewrites a JPEG's header on the fly: it buffers until the first
 * scan, emits the rewritten header, then passes the rest through untouched, watching for the
 * end-of-image marker (FF D9 cannot occur inside entropy-coded data, so its absence means the
 * file is truncated). Errors (not a JPEG, a header that never ends) are stream errors.
 */
export function createJpegMetadataRewriter(inserted: readonly Buffer[]): JpegMetadataRewriter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let headerDone = false;
  let endSeen = false;
  let lastByte = -1;
  const watch = (data: Buffer) => {
    if (!endSeen && data.length > 0) {
      endSeen = (lastByte === 0xff && data[0] === EOI) || data.includes(END_OF_IMAGE);
      lastByte = data[data.length - 1]!;
    }
    return data;
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (headerDone) return done(null, watch(chunk));
      pending.push(chunk);
      pendingBytes += chunk.length;
      const buf = Buffer.concat(pending);
      pending = [buf];
      const parsed = parseJpegHeader(buf);
      if (parsed.status === "invalid") return done(new Error(`not a well-formed JPEG: ${parsed.reason}`));
      if (parsed.status === "need-more") {
        if (pendingBytes > MAX_HEADER_BYTES) return done(new Error("not a well-formed JPEG: no image data in the first 16 MB"));
        return done();
      }
      headerDone = true;
      pending = [];
      this.push(rewriteJpegHeader(buf, parsed, inserted));
      done(null, watch(buf.subarray(parsed.scanStart)));
    },
    flush(done: TransformCallback) {
      done(headerDone ? null : new Error("not a well-formed JPEG: the file ends before the image data"));
    },
  });
  return Object.assign(stream, { sawEndOfImage: () => endSeen });
}

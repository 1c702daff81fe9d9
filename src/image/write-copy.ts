/**
 * Write a JPEG to its destination with its metadata segments replaced, hashing the bytes on the
 * way: one streaming pass, so neither the master nor the copy is ever held in memory whole.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { buildUploadExif, type MasterExif } from "./upload-exif.js";
import type { EmbedFields } from "./embed-fields.js";
import { createJpegMetadataRewriter, MAX_SEGMENT_PAYLOAD, metadataSegments, XMP_HEADER } from "./jpeg-segments.js";
import { buildXmpPacket } from "./xmp-write.js";

export interface WrittenCopy {
  bytes: number;
  sha256: string;
  /** True when the description (or title) had to be shortened to fit the XMP segment (64 KB). */
  shortened: boolean;
  /** False when the JPEG data ends without an end-of-image marker (a truncated source). */
  complete: boolean;
}

/** `text` cut to `keep` characters and marked "…". */
function cut(text: string, keep: number): string {
  return `${[...text].slice(0, Math.max(0, keep)).join("")}…`;
}

/**
 * The XMP packet, with the description (then the title) cut and marked "…" if the packet would
 * not fit one JPEG segment. Validation refuses over-long titles and descriptions, so this only
 * bites for descriptions near the limit; it makes sure a long text is never blamed on the image.
 */
export function fittingXmpPacket(embed: EmbedFields): { packet: string; shortened: boolean } {
  const room = MAX_SEGMENT_PAYLOAD - XMP_HEADER.length;
  const size = (e: EmbedFields) => Buffer.byteLength(buildXmpPacket(e), "utf8");
  let current = { ...embed };
  let shortened = false;
  for (const field of ["description", "title"] as const) {
    let over = size(current) - room;
    const text = current[field];
    if (over <= 0) break;
    if (!text) continue;
    shortened = true;
    const chars = [...text].length;
    // Escaping can grow a character up to 6 bytes ("&quot;"); cut generously, then re-check.
    let keep = Math.max(0, chars - over - 16);
    for (;;) {
      current = { ...current, [field]: cut(text, keep) };
      over = size(current) - room;
      if (over <= 0 || keep === 0) break;
      keep = Math.max(0, keep - Math.ceil(over / 2) - 16);
    }
  }
  return { packet: buildXmpPacket(current), shortened };
}

/**
 * Stream `sourceJpeg` to `destination`, replacing its EXIF/XMP/IPTC with the copy's: capture
 * EXIF from `master` (allow-listed), the manifest fields, and the copy's `width`×`height`.
 * Rejects if the source is not a well-formed JPEG.
 */
export async function writeJpegWithMetadata(
  sourceJpeg: string,
  destination: string,
  metadata: { master: MasterExif | null; embed: EmbedFields; width: number; height: number },
): Promise<WrittenCopy> {
  const exif = await buildUploadExif(metadata.master, metadata);
  const { packet, shortened } = fittingXmpPacket(metadata.embed);
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const rewriter = createJpegMetadataRewriter(metadataSegments(exif.tiff, packet));
  await pipeline(createReadStream(sourceJpeg, { highWaterMark: 1024 * 1024 }), rewriter, tap, createWriteStream(destination));
  return { bytes, sha256: hash.digest("hex"), shortened, complete: rewriter.sawEndOfImage() };
}

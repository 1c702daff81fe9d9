/**
 * One streaming pass over a file's bytes: its sha256, its first bytes (for sniffing and
 * headers), and the end markers that tell a complete JPEG or PNG from a truncated one. The
 * hash needs every byte anyway, so the truncation checks cost nothing extra.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export interface ContentScan {
  sha256: string;
  size: number;
  /** The first `headBytes` bytes. */
  head: Buffer;
  /** Offset of the last JPEG end-of-image marker (FF D9), or -1. */
  lastJpegEoi: number;
  /** Whether a complete PNG IEND chunk (type and CRC) occurs. */
  pngIend: boolean;
}

const EOI = Buffer.from([0xff, 0xd9]);
/** "IEND" and its fixed CRC: the last 8 bytes of every complete PNG. */
const IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Read `path` once; `headBytes` (default 64 KiB) of its start are kept. */
export async function scanContent(path: string, headBytes = 64 * 1024): Promise<ContentScan> {
  const hash = createHash("sha256");
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let lastJpegEoi = -1;
  let pngIend = false;
  let carry = Buffer.alloc(0); // the previous chunk's tail, so markers split across chunks are found
  for await (const data of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const chunk = data as Buffer;
    hash.update(chunk);
    if (headLength < headBytes) {
      const part = chunk.subarray(0, headBytes - headLength);
      headParts.push(part);
      headLength += part.length;
    }
    const window = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const windowStart = size - carry.length;
    const eoi = window.lastIndexOf(EOI);
    if (eoi >= 0) lastJpegEoi = Math.max(lastJpegEoi, windowStart + eoi);
    if (!pngIend && window.includes(IEND)) pngIend = true;
    carry = Buffer.from(window.subarray(Math.max(0, window.length - (IEND.length - 1))));
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size, head: Buffer.concat(headParts), lastJpegEoi, pngIend };
}

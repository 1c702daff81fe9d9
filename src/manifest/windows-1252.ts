/**
 * Windows-1252 by table. Node 20's TextDecoder("windows-1252") decodes 0x80–0x9F as C1
 * control characters (ISO-8859-1 behaviour), so "€", "’", "–" and "“" from an Excel export
 * would silently become invisible characters. Bytes 0xA0–0xFF equal Latin-1; only 0x80–0x9F
 * need the table (the WHATWG windows-1252 index; the five undefined bytes map to C1 controls).
 */

/** Characters of bytes 0x80–0x9F, in byte order. */
const HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

/** Decode Windows-1252 bytes (every byte is one character; never fails). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(/[\u0080-\u009F]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Character → its Windows-1252 byte, for the 256 characters the encoding has. */
export const WINDOWS_1252_BYTES: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 256 }, (_, b) => [b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80]! : String.fromCharCode(b), b] as const),
);

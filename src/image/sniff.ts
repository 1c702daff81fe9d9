/**
 * What a file is, from its first bytes. File names lie (a PDF saved as `.tif`, an HTML error
 * page saved by a download script as `.jpg`); magic bytes do not, and they let the probe say
 * what the file looks like instead of "cannot read".
 */

/** How heritage treats a kind of file. */
export type SniffClass =
  /** An image format sharp reads and normalization can turn into a JPEG. */
  | "image"
  /** An image format, but one this build cannot convert (HEIC, JPEG 2000, PSD, camera raw…). */
  | "unsupported-image"
  /** Not an image at all (PDF, text, HTML, ZIP…). */
  | "not-image";

export interface Sniffed {
  class: SniffClass;
  /** Short machine name: jpeg, png, tiff, pdf, text… */
  kind: string;
  /** What it looks like, for messages: "a PDF document", "a JPEG 2000 image". */
  description: string;
}

interface Signature {
  kind: string;
  class: SniffClass;
  description: string;
  test: (b: Buffer) => boolean;
}

const ascii = (b: Buffer, offset: number, text: string): boolean =>
  b.length >= offset + text.length && b.toString("latin1", offset, offset + text.length) === text;
const bytes = (b: Buffer, offset: number, sig: readonly number[]): boolean =>
  b.length >= offset + sig.length && sig.every((v, i) => b[offset + i] === v);

/** ISO-BMFF brands (the `ftyp` box) of HEIF still images coded with HEVC. */
const HEIC_BRANDS = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

/** The major and compatible brands of an ISO-BMFF `ftyp` box, or [] when there is none. */
function ftypBrands(b: Buffer): string[] {
  if (!ascii(b, 4, "ftyp") || b.length < 16) return [];
  const end = Math.min(b.length, b.readUInt32BE(0));
  const brands = [b.toString("latin1", 8, 12)];
  for (let p = 16; p + 4 <= end; p += 4) brands.push(b.toString("latin1", p, p + 4));
  return brands;
}
// "mif1" is generic HEIF: an AVIF often declares it as major brand with "avif" compatible.
const isAvif = (b: Buffer) => ftypBrands(b).some((x) => x === "avif" || x === "avis");

// Order matters: specific signatures (camera raw inside TIFF) before generic ones.
const SIGNATURES: readonly Signature[] = [
  { kind: "jpeg", class: "image", description: "a JPEG image", test: (b) => bytes(b, 0, [0xff, 0xd8, 0xff]) },
  { kind: "png", class: "image", description: "a PNG image", test: (b) => bytes(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: "cr2", class: "unsupported-image", description: "a Canon raw (CR2) file", test: (b) => ascii(b, 0, "II*\0") && ascii(b, 8, "CR") },
  { kind: "orf", class: "unsupported-image", description: "an Olympus raw (ORF) file", test: (b) => ascii(b, 0, "IIRO") || ascii(b, 0, "IIRS") || ascii(b, 0, "MMOR") },
  { kind: "rw2", class: "unsupported-image", description: "a Panasonic raw (RW2) file", test: (b) => bytes(b, 0, [0x49, 0x49, 0x55, 0x00]) },
  { kind: "tiff", class: "image", description: "a TIFF image", test: (b) => ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*") },
  { kind: "bigtiff", class: "image", description: "a BigTIFF image", test: (b) => ascii(b, 0, "II+\0") || ascii(b, 0, "MM\0+") },
  { kind: "gif", class: "image", description: "a GIF image", test: (b) => ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a") },
  { kind: "webp", class: "image", description: "a WebP image", test: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") },
  { kind: "avif", class: "image", description: "an AVIF image", test: isAvif },
  { kind: "heic", class: "unsupported-image", description: "a HEIC/HEIF image", test: (b) => HEIC_BRANDS.includes(ftypBrands(b)[0] ?? "") },
  { kind: "cr3", class: "unsupported-image", description: "a Canon raw (CR3) file", test: (b) => ftypBrands(b)[0] === "crx " },
  { kind: "jp2", class: "unsupported-image", description: "a JPEG 2000 image", test: (b) => bytes(b, 0, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || bytes(b, 0, [0xff, 0x4f, 0xff, 0x51]) },
  { kind: "jxl", class: "unsupported-image", description: "a JPEG XL image", test: (b) => bytes(b, 0, [0xff, 0x0a]) || bytes(b, 0, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20]) },
  { kind: "bmp", class: "unsupported-image", description: "a BMP image", test: (b) => ascii(b, 0, "BM") && b.length >= 26 && b.readUInt32LE(14) >= 12 && b.readUInt32LE(14) <= 124 },
  { kind: "psd", class: "unsupported-image", description: "a Photoshop document (PSD)", test: (b) => ascii(b, 0, "8BPS") },
  { kind: "raf", class: "unsupported-image", description: "a Fujifilm raw (RAF) file", test: (b) => ascii(b, 0, "FUJIFILMCCD-RAW") },
  { kind: "dicom", class: "unsupported-image", description: "a DICOM file", test: (b) => ascii(b, 128, "DICM") },
  { kind: "pdf", class: "not-image", description: "a PDF document", test: (b) => ascii(b, 0, "%PDF-") },
  { kind: "postscript", class: "not-image", description: "a PostScript document", test: (b) => ascii(b, 0, "%!PS") },
  { kind: "zip", class: "not-image", description: "a ZIP archive (or an Office document)", test: (b) => ascii(b, 0, "PK\x03\x04") },
  { kind: "gzip", class: "not-image", description: "a gzip archive", test: (b) => bytes(b, 0, [0x1f, 0x8b]) },
  { kind: "ole", class: "not-image", description: "a legacy Office document", test: (b) => bytes(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
];

/** Skip a UTF-8 byte order mark and leading whitespace: text formats often start with them. */
function textStart(b: Buffer): string {
  let start = bytes(b, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (start < b.length && [0x09, 0x0a, 0x0d, 0x20].includes(b[start]!)) start++;
  return b.toString("utf8", start, Math.min(b.length, start + 512)).toLowerCase();
}

/** True when the bytes look like text: no NUL and almost nothing outside printable UTF-8. */
function looksLikeText(b: Buffer): boolean {
  const sample = b.subarray(0, 4096);
  if (sample.length === 0 || sample.includes(0)) return false;
  const text = sample.toString("utf8");
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) bad++;
  }
  return bad / text.length < 0.02;
}

/**
 * Identify a file from its first bytes (pass at least the first 4 KiB).
 * Never throws; an unrecognised binary is `not-image` with kind `unknown`.
 */
export function sniffFileType(head: Buffer): Sniffed {
  for (const sig of SIGNATURES) {
    if (sig.test(head)) return { kind: sig.kind, class: sig.class, description: sig.description };
  }
  if (looksLikeText(head)) {
    const start = textStart(head);
    if (start.startsWith("<svg") || (start.startsWith("<?xml") && start.includes("<svg"))) {
      return { kind: "svg", class: "unsupported-image", description: "an SVG vector drawing" };
    }
    if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
      return { kind: "html", class: "not-image", description: "an HTML page (a failed download?)" };
    }
    if (start.startsWith("<?xml") || start.startsWith("<")) {
      return { kind: "xml", class: "not-image", description: "an XML document" };
    }
    if (start.startsWith("{") || start.startsWith("[")) {
      return { kind: "json", class: "not-image", description: "a JSON document" };
    }
    return { kind: "text", class: "not-image", description: "a text file" };
  }
  return { kind: "unknown", class: "not-image", description: "a file of unknown type" };
}

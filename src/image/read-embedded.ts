/**
 * Read the descriptive metadata embedded in an image (EXIF, IPTC, XMP) with exifr, and reduce
 * it to the handful of fields heritage compares with the manifest.
 *
 * exifr is not given TIFF or JPEG files by path: its chunked file reader misses values that lie
 * beyond its first chunk (a large XMP or ICC in a TIFF) and, in JPEGs without a JFIF segment,
 * the XMP packet; and reading a 1 GB master whole is out of the question. Instead it gets a
 * buffer with only the metadata: for a TIFF, the metadata tags copied into a compact TIFF
 * (`compactMetadataTiff`); for a JPEG, the segments before the first scan (`jpegHeader`).
 */
import exifr from "exifr";
import { withFileSource, type ByteSource } from "./byte-source.js";
import { parseJpegHeader } from "./jpeg-segments.js";
import { readTiffStructure, readValue, TAG } from "./tiff-structure.js";
import { serializeTiff, type WriteEntry } from "./tiff-write.js";
import { emptyEmbeddedMetadata, type EmbeddedMetadata } from "./types.js";

/** Tags of IFD0 that carry descriptive metadata or embed other metadata blocks. */
const IFD0_METADATA_TAGS = new Set<number>([TAG.ImageDescription, TAG.Artist, TAG.Copyright, TAG.XMP, TAG.IPTC, TAG.Orientation]);
const EXIF_METADATA_TAGS = new Set<number>([TAG.DateTimeOriginal]);

/** Camera firmware boilerplate written into ImageDescription, which describes nothing. */
const BOILERPLATE_DESCRIPTIONS = new Set(["olympus digital camera", "sony dsc", "default", "dcim", "untitled", "image", "picture"]);

/** A compact metadata-only TIFF, and the raw bytes of its XMP block (tag 700) when there is one. */
interface CompactTiff {
  tiff: Buffer;
  littleEndian: boolean;
  ifd0: WriteEntry[];
  exif: WriteEntry[];
  gps: WriteEntry[];
  xmp: Buffer | null;
}

async function readCompactTiff(source: ByteSource): Promise<CompactTiff | null> {
  const structure = await readTiffStructure(source, { maxIfds: 1 });
  if (!structure) return null;
  const copy = async (entries: readonly { tag: number; type: number; count: number; offset: number; byteLength: number }[] | null, keep: (tag: number) => boolean) => {
    const out: WriteEntry[] = [];
    for (const e of entries ?? []) {
      if (keep(e.tag)) out.push({ tag: e.tag, type: e.type, count: e.count, value: Buffer.from(await readValue(source, e)) });
    }
    return out;
  };
  const ifd0 = await copy(structure.ifds[0] ?? [], (t) => IFD0_METADATA_TAGS.has(t));
  const exif = await copy(structure.exif, (t) => EXIF_METADATA_TAGS.has(t));
  const gps = await copy(structure.gps, () => true);
  const xmp = ifd0.find((e) => e.tag === TAG.XMP)?.value ?? null;
  return { tiff: serializeTiff({ littleEndian: structure.littleEndian, ifd0, exif, gps }), littleEndian: structure.littleEndian, ifd0, exif, gps, xmp };
}

/**
 * Copy a TIFF file's metadata tags (IFD0 text, XMP, IPTC, EXIF DateTimeOriginal, all GPS) into
 * a small TIFF with no image data. Null when the file is not a classic TIFF.
 */
export async function compactMetadataTiff(path: string): Promise<Buffer | null> {
  return withFileSource(path, async (source) => (await readCompactTiff(source))?.tiff ?? null);
}

/**
 * The text of an XMP block as some writers store it: UTF-8 (with or without BOM), or UTF-16
 * with or without a BOM (exifr reads only UTF-8). Null when it is not XMP in any of them.
 */
export function decodeXmpBytes(bytes: Buffer): string | null {
  const candidates: string[] = [];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) candidates.push(bytes.subarray(2).toString("utf16le"));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) candidates.push(Buffer.from(bytes.subarray(2)).swap16().toString("utf16le"));
  else {
    const even = bytes.length - (bytes.length % 2);
    candidates.push(bytes.toString("utf8"), bytes.subarray(0, even).toString("utf16le"), Buffer.from(bytes.subarray(0, even)).swap16().toString("utf16le"));
  }
  for (const text of candidates) {
    const clean = text.replace(/^\ufeff/, "").replace(/\0+$/, "");
    // Readable XMP: the RDF wrapper, and no control characters besides white space.
    if (/<rdf:RDF[\s>]/.test(clean) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(clean)) return clean;
  }
  return null;
}

/** Largest JPEG header (all segments before the first scan) read for metadata. */
const MAX_JPEG_HEADER = 16 * 1024 * 1024;

/**
 * A JPEG's segments up to its first scan, followed by an end-of-image marker: everything a
 * metadata reader needs, without the image data. Null when the file is not a readable JPEG.
 */
export async function jpegHeader(path: string): Promise<Buffer | null> {
  return withFileSource(path, jpegHeaderFrom);
}

async function jpegHeaderFrom(source: ByteSource): Promise<Buffer | null> {
  let length = 64 * 1024;
  for (;;) {
    const head = await source.read(0, Math.min(length, source.size));
    const parsed = parseJpegHeader(head);
    if (parsed.status === "ok") return Buffer.concat([head.subarray(0, parsed.scanStart), Buffer.from([0xff, 0xd9])]);
    if (parsed.status === "invalid" || head.length >= source.size || length >= MAX_JPEG_HEADER) return null;
    length *= 4;
  }
}

/** What exifr reads (typed as exifr's own options: no cast at the call). */
const EXIFR_OPTIONS: Parameters<typeof exifr.parse>[1] = {
  tiff: true,
  ifd0: {},
  exif: { pick: ["DateTimeOriginal"] },
  gps: true,
  ifd1: false,
  interop: false,
  iptc: true,
  xmp: true,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  mergeOutput: false,
  translateValues: false,
  reviveValues: false,
  sanitize: true,
};

/** exifr's blocks that are not XMP namespaces. */
const NON_XMP_BLOCKS = new Set(["ifd0", "ifd1", "exif", "gps", "interop", "iptc", "icc", "jfif", "ihdr", "makerNote", "userComment", "thumbnail"]);

function hasXmp(raw: unknown): boolean {
  return !!raw && typeof raw === "object" && Object.keys(raw).some((k) => !NON_XMP_BLOCKS.has(k));
}

/** exifr's output, with the errors it collects per block (in `errors`, not thrown) as one failure text. */
async function parseExifr(input: Buffer | string): Promise<{ raw: unknown; failure: string | null }> {
  try {
    const raw: unknown = await exifr.parse(input, EXIFR_OPTIONS);
    if (!raw || typeof raw !== "object" || !("errors" in raw)) return { raw, failure: null };
    const { errors, ...rest } = raw as { errors: unknown };
    const list = Array.isArray(errors) ? errors : [errors];
    const failure = list.map((e) => (e instanceof Error ? e.message : String(e))).join("; ");
    return { raw: rest, failure: failure === "" ? null : failure };
  } catch (err) {
    return { raw: undefined, failure: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A TIFF whose XMP exifr could not read (UTF-16, say): decode the block ourselves, hand exifr a
 * compact TIFF with the same XMP as UTF-8, and merge its XMP namespaces into what was read.
 * Returns the merged output, or the reason the block stays unreadable.
 */
async function retryTiffXmp(compact: CompactTiff, raw: unknown): Promise<{ raw: unknown; unreadable: string | null }> {
  const text = compact.xmp ? decodeXmpBytes(compact.xmp) : null;
  if (text === null) return { raw, unreadable: "the XMP block (TIFF tag 700) is not readable XMP in UTF-8 or UTF-16" };
  const value = Buffer.from(text, "utf8");
  const ifd0 = compact.ifd0.map((e) => (e.tag === TAG.XMP ? { ...e, type: 1, count: value.length, value } : e));
  const again = await parseExifr(serializeTiff({ littleEndian: compact.littleEndian, ifd0, exif: compact.exif, gps: compact.gps }));
  if (!hasXmp(again.raw)) return { raw, unreadable: `the XMP block (TIFF tag 700) cannot be parsed${again.failure ? `: ${again.failure}` : ""}` };
  return { raw: { ...(again.raw as object), ...((raw as object | undefined) ?? {}), ...pickXmp(again.raw) }, unreadable: null };
}

function pickXmp(raw: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((raw as Record<string, unknown>) ?? {}).filter(([k]) => !NON_XMP_BLOCKS.has(k)));
}

/**
 * Read and reduce the embedded metadata of `path`. Never throws. A block that is there but
 * cannot be read is not "no metadata": its reason is kept in `unreadable` (the probe warns),
 * because it may hold a rights claim the manifest contradicts.
 */
export async function readEmbeddedMetadata(path: string, format: string): Promise<EmbeddedMetadata> {
  try {
    return await withFileSource(path, (source) => readEmbeddedMetadataFrom({ path, source }, format));
  } catch (err) {
    return { ...emptyEmbeddedMetadata(), unreadable: `the metadata could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * readEmbeddedMetadata for a master already open (the probe's): TIFF and JPEG metadata is read
 * through `source`, without opening the file again; other formats are given to exifr by path.
 */
export async function readEmbeddedMetadataFrom(master: { path: string; source: ByteSource }, format: string): Promise<EmbeddedMetadata> {
  try {
    if (format === "tiff") {
      const compact = await readCompactTiff(master.source);
      if (compact === null) return emptyEmbeddedMetadata();
      const first = await parseExifr(compact.tiff);
      if (compact.xmp === null || hasXmp(first.raw)) {
        return { ...embeddedFromExifr(first.raw), unreadable: first.failure ? `exifr could not read the metadata: ${first.failure}` : null };
      }
      const retried = await retryTiffXmp(compact, first.raw);
      return { ...embeddedFromExifr(retried.raw), unreadable: retried.unreadable };
    }
    const input = format === "jpeg" ? await jpegHeaderFrom(master.source) : master.path;
    if (input === null) return emptyEmbeddedMetadata();
    const parsed = await parseExifr(input);
    return { ...embeddedFromExifr(parsed.raw), unreadable: parsed.failure ? `exifr could not read the metadata: ${parsed.failure}` : null };
  } catch (err) {
    return { ...emptyEmbeddedMetadata(), unreadable: `the metadata could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

// ---- reducing exifr's output (pure) ----------------------------------------------------------

type Block = Record<string, unknown>;

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** exifr returns XMP text with XML entities still encoded ("&amp;", "&#xA;"). */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return XML_ENTITIES[e.toLowerCase()] ?? m;
  });
}

function clean(text: string): string | null {
  const t = text.replace(/\0+$/, "").trim();
  return t === "" ? null : t;
}

/** A text value from exifr: a string, a number, a `{lang, value}` alternative, or a list of them. */
function xmpTexts(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    const t = clean(decodeXmlEntities(String(value)));
    return t === null ? [] : [t];
  }
  if (Array.isArray(value)) {
    // A language alternative: prefer x-default, else take the first.
    const alts = value.filter((v): v is Block => typeof v === "object" && v !== null && "lang" in v);
    if (alts.length > 0 && alts.length === value.length) {
      const chosen = alts.find((a) => a.lang === "x-default") ?? alts[0];
      return xmpTexts(chosen?.value);
    }
    return value.flatMap(xmpTexts);
  }
  if (typeof value === "object" && "value" in (value as Block)) return xmpTexts((value as Block).value);
  return [];
}

const first = (...candidates: unknown[]): string | null => {
  for (const c of candidates) {
    const [t] = xmpTexts(c);
    if (t !== undefined) return t;
  }
  return null;
};

function block(raw: Block, ...names: string[]): Block {
  for (const n of names) {
    const b = raw[n];
    if (b && typeof b === "object") return b as Block;
  }
  return {};
}

/** "2017:11:07 18:56:07" → "2017-11-07 18:56:07"; null for blanks and "0000:00:00" placeholders. */
function exifDateTime(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m || m[1] === "0000") return null;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
}

/** IPTC Date Created "19851125" → "1985-11-25". */
function iptcDate(value: unknown): string | null {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m || m[1] === "0000") return null;
  return m[2] === "00" ? m[1]! : m[3] === "00" ? `${m[1]}-${m[2]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

function coordinate(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function boolOf(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    if (/^true$/i.test(value.trim())) return true;
    if (/^false$/i.test(value.trim())) return false;
  }
  return null;
}

/** Reduce exifr's per-block output (mergeOutput: false) to `EmbeddedMetadata`. Pure. */
export function embeddedFromExifr(raw: unknown): EmbeddedMetadata {
  const out = emptyEmbeddedMetadata();
  if (!raw || typeof raw !== "object") return out;
  const r = raw as Block;
  const ifd0 = block(r, "ifd0");
  const exif = block(r, "exif");
  const gps = block(r, "gps");
  const iptc = block(r, "iptc");
  const dc = block(r, "dc");
  const photoshop = block(r, "photoshop");
  const rights = block(r, "xmpRights", "xapRights");
  const cc = block(r, "cc");

  const exifDescription = first(ifd0.ImageDescription);
  out.title = first(dc.title, iptc.ObjectName);
  out.description = first(
    dc.description,
    iptc.Caption,
    exifDescription && !BOILERPLATE_DESCRIPTIONS.has(exifDescription.toLowerCase()) ? exifDescription : null,
  );
  const creators = xmpTexts(dc.creator);
  out.creator = creators.length > 0 ? creators.join("; ") : first(iptc.Byline, ifd0.Artist);
  out.dateCreated = first(photoshop.DateCreated) ?? iptcDate(iptc.DateCreated);
  out.dateTaken = exifDateTime(exif.DateTimeOriginal);
  const lat = coordinate(gps.latitude);
  const lon = coordinate(gps.longitude);
  if (lat !== null && lon !== null && !(lat === 0 && lon === 0)) {
    out.latitude = lat;
    out.longitude = lon;
  }
  out.rights = first(dc.rights, iptc.CopyrightNotice, ifd0.Copyright);
  out.rightsUrl = first(rights.WebStatement, cc.license);
  out.rightsMarked = boolOf(rights.Marked);
  const keywords = xmpTexts(dc.subject);
  out.keywords = keywords.length > 0 ? keywords : xmpTexts(iptc.Keywords);
  return out;
}

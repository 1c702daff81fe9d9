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
import { withFileSource } from "./byte-source.js";
import { parseJpegHeader } from "./jpeg-segments.js";
import { readTiffStructure, readValue, TAG } from "./tiff-structure.js";
import { serializeTiff, type WriteEntry } from "./tiff-write.js";
import { emptyEmbeddedMetadata, type EmbeddedMetadata } from "./types.js";

/** Tags of IFD0 that carry descriptive metadata or embed other metadata blocks. */
const IFD0_METADATA_TAGS = new Set<number>([TAG.ImageDescription, TAG.Artist, TAG.Copyright, TAG.XMP, TAG.IPTC, TAG.Orientation]);
const EXIF_METADATA_TAGS = new Set<number>([TAG.DateTimeOriginal]);

/** Camera firmware boilerplate written into ImageDescription, which describes nothing. */
const BOILERPLATE_DESCRIPTIONS = new Set(["olympus digital camera", "sony dsc", "default", "dcim", "untitled", "image", "picture"]);

/**
 * Copy a TIFF file's metadata tags (IFD0 text, XMP, IPTC, EXIF DateTimeOriginal, all GPS) into
 * a small TIFF with no image data. Null when the file is not a classic TIFF.
 */
export async function compactMetadataTiff(path: string): Promise<Buffer | null> {
  return withFileSource(path, async (source) => {
    const structure = await readTiffStructure(source, { maxIfds: 1 });
    if (!structure) return null;
    const copy = async (entries: readonly { tag: number; type: number; count: number; offset: number; byteLength: number }[] | null, keep: (tag: number) => boolean) => {
      const out: WriteEntry[] = [];
      for (const e of entries ?? []) {
        if (keep(e.tag)) out.push({ tag: e.tag, type: e.type, count: e.count, value: Buffer.from(await readValue(source, e)) });
      }
      return out;
    };
    return serializeTiff({
      littleEndian: structure.littleEndian,
      ifd0: await copy(structure.ifds[0] ?? [], (t) => IFD0_METADATA_TAGS.has(t)),
      exif: await copy(structure.exif, (t) => EXIF_METADATA_TAGS.has(t)),
      gps: await copy(structure.gps, () => true),
    });
  });
}

/** Largest JPEG header (all segments before the first scan) read for metadata. */
const MAX_JPEG_HEADER = 16 * 1024 * 1024;

/**
 * A JPEG's segments up to its first scan, followed by an end-of-image marker: everything a
 * metadata reader needs, without the image data. Null when the file is not a readable JPEG.
 */
export async function jpegHeader(path: string): Promise<Buffer | null> {
  return withFileSource(path, async (source) => {
    let length = 64 * 1024;
    for (;;) {
      const head = await source.read(0, Math.min(length, source.size));
      const parsed = parseJpegHeader(head);
      if (parsed.status === "ok") return Buffer.concat([head.subarray(0, parsed.scanStart), Buffer.from([0xff, 0xd9])]);
      if (parsed.status === "invalid" || head.length >= source.size || length >= MAX_JPEG_HEADER) return null;
      length *= 4;
    }
  });
}

const EXIFR_OPTIONS = {
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
} as const;

/**
 * Read and reduce the embedded metadata of `path`. Never throws: a file whose metadata cannot
 * be read simply has none (its pixels are judged elsewhere).
 */
export async function readEmbeddedMetadata(path: string, format: string): Promise<EmbeddedMetadata> {
  try {
    const input = format === "tiff" ? await compactMetadataTiff(path) : format === "jpeg" ? await jpegHeader(path) : path;
    if (input === null) return emptyEmbeddedMetadata();
    const raw: unknown = await exifr.parse(input, EXIFR_OPTIONS as unknown as Parameters<typeof exifr.parse>[1]);
    return embeddedFromExifr(raw);
  } catch {
    return emptyEmbeddedMetadata();
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

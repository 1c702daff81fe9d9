/** The metadata written into copies: XMP packet, EXIF block, and the tag policy behind it. */
import test from "ava";
import exifr from "exifr";
import sharp from "sharp";
import { bufferSource } from "../../src/image/byte-source.js";
import { copyrightText, emptyEmbedFields, rightsMarkedFor, type EmbedFields } from "../../src/image/embed-fields.js";
import { KEPT_EXIF_TAGS, KEPT_IFD0_TAGS, PRIVATE_TAGS } from "../../src/image/exif-policy.js";
import { decodeXmlEntities } from "../../src/image/read-embedded.js";
import { readTiffStructure } from "../../src/image/tiff-structure.js";
import { buildUploadExif, MAX_EXIF_BYTES, readMasterExif } from "../../src/image/upload-exif.js";
import { fittingXmpPacket } from "../../src/image/write-copy.js";
import { buildXmpPacket, escapeXml, xmpDate } from "../../src/image/xmp-write.js";
import { fixture } from "../helpers/images.js";

const embed = (over: Partial<EmbedFields>): EmbedFields => ({ ...emptyEmbedFields(), ...over });

test("escapeXml escapes markup characters and drops characters XML cannot hold", (t) => {
  t.is(escapeXml(`a & b < c > d "e" 'f'`), "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  t.is(escapeXml("form\ffeed\u0000nul\ttab\nline"), "formfeednul\ttab\nline");
  t.is(escapeXml("Åsa Lindström 北京"), "Åsa Lindström 北京");
});

const DATES: [string, string | null][] = [
  ["1910", "1910"],
  ["1910-05", "1910-05"],
  ["1910-05-01", "1910-05-01"],
  ["1910-05-01 12:30:00", "1910-05-01T12:30:00"],
  ["1910-05-01T12:30+01:00", "1910-05-01T12:30+01:00"],
  ["ca. 1910", null],
  ["1920s", null],
  ["1910~", null],
  ["1905/1910", null],
  ["Utf. mellan ca 1665 och 1670", null],
];
for (const [input, expected] of DATES) {
  test(`xmpDate(${JSON.stringify(input)}) → ${JSON.stringify(expected)}`, (t) => {
    t.is(xmpDate(input), expected);
  });
}

const MARKED: [string | null, boolean | null][] = [
  ["https://creativecommons.org/publicdomain/mark/1.0/", false],
  ["https://creativecommons.org/publicdomain/zero/1.0/", false],
  ["http://rightsstatements.org/vocab/NoC-US/1.0/", false],
  ["https://creativecommons.org/licenses/by/4.0/", true],
  ["http://rightsstatements.org/vocab/InC/1.0/", true],
  ["https://www.flickr.com/commons/usage/", null],
  [null, null],
];
for (const [url, expected] of MARKED) {
  test(`rightsMarkedFor(${url}) → ${expected}`, (t) => {
    t.is(rightsMarkedFor(url), expected);
  });
}

test("copyrightText combines the statement and its URL", (t) => {
  t.is(copyrightText({ rights: "CC BY 4.0", rightsUrl: "https://creativecommons.org/licenses/by/4.0/" }), "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)");
  t.is(copyrightText({ rights: null, rightsUrl: "https://x.org/" }), "https://x.org/");
  t.is(copyrightText({ rights: null, rightsUrl: null }), null);
});

test("buildXmpPacket: only the given fields, readable by exifr, markup and non-ASCII intact", async (t) => {
  const fields = { ...emptyEmbedFields(), title: `Kvinnor & barn <"Åsa">`, creator: "Lundberg, Bengt A", rightsUrl: "https://creativecommons.org/licenses/by/4.0/" };
  const packet = buildXmpPacket(fields);
  t.false(packet.includes("dc:description"));
  t.false(packet.includes("photoshop:DateCreated"));
  t.true(packet.includes("<xmpRights:Marked>True</xmpRights:Marked>"));
  // Embed in a tiny JPEG (sharp writes the XMP segment itself here) and read back with exifr.
  const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#808080" } }).withXmp(packet).jpeg().toBuffer();
  const read = await exifr.parse(jpeg, { xmp: true, mergeOutput: false });
  t.is(decodeXmlEntities(read.dc.title.value), fields.title);
  t.is(read.dc.creator, fields.creator, "one creator entry: the comma is part of the name");
  t.is(read.xmpRights.WebStatement, fields.rightsUrl);
});

test("fittingXmpPacket shortens only an over-long description, to fit one JPEG segment", (t) => {
  const short = fittingXmpPacket(embed({ description: "short" }));
  t.false(short.shortened);
  const long = fittingXmpPacket(embed({ title: "T", description: "å&".repeat(40_000) }));
  t.true(long.shortened);
  t.true(Buffer.byteLength(long.packet, "utf8") <= 65_533 - 29);
  t.true(long.packet.includes("…</rdf:li>"));
  t.true(long.packet.includes(">T</rdf:li>"), "other fields untouched");
});

test("the tag policy never keeps a private tag", (t) => {
  for (const [tag, name] of PRIVATE_TAGS) {
    t.false(KEPT_IFD0_TAGS.has(tag), `${name} in IFD0`);
    t.false(KEPT_EXIF_TAGS.has(tag), `${name} in EXIF`);
  }
});

test("buildUploadExif from a real big-endian EXIF block: byte order kept, no thumbnail or orientation, new fields and dimensions", async (t) => {
  const meta = await sharp(fixture("orientation/photo-6.jpg")).metadata();
  const master = await readMasterExif(fixture("orientation/photo-6.jpg"), "jpeg", meta.exif);
  t.truthy(master, "the master's EXIF block is read");
  const { tiff, truncated } = await buildUploadExif(master, { embed: embed({ creator: "Åsa", rights: "CC0" }), width: 231, height: 308 });
  t.false(truncated);
  const structure = await readTiffStructure(bufferSource(tiff));
  t.is(structure!.littleEndian, master!.structure.littleEndian, "the master's byte order is kept");
  t.is(structure!.ifds.length, 1, "no thumbnail directory");
  // exifr reads a bare TIFF structure as a TIFF file.
  const direct = await exifr.parse(tiff, { tiff: true, exif: true, mergeOutput: false, translateValues: false });
  t.is(direct.ifd0.Artist, "Åsa");
  t.is(direct.ifd0.Copyright, "CC0");
  t.is(direct.ifd0.Orientation, undefined, "the copy is upright; no orientation tag");
  t.is(direct.exif.ExifImageWidth, 231);
  t.is(direct.exif.ExifImageHeight, 308);
  t.is(direct.exif.ColorSpace, 1);
});

test("buildUploadExif without a master writes only heritage's fields; an overlong description is cut to fit", async (t) => {
  const { tiff } = await buildUploadExif(null, { embed: embed({ title: "Title only" }), width: 10, height: 10 });
  const read = await exifr.parse(tiff, { tiff: true, exif: true, mergeOutput: false });
  t.deepEqual(read.ifd0, { ImageDescription: "Title only" });
  const long = await buildUploadExif(null, { embed: embed({ description: "ö".repeat(50_000) }), width: 10, height: 10 });
  t.true(long.truncated);
  t.true(long.tiff.length <= MAX_EXIF_BYTES);
  const readLong = await exifr.parse(long.tiff, { tiff: true, mergeOutput: false });
  t.true(readLong.ifd0.ImageDescription.endsWith("…"));
  t.true(readLong.ifd0.ImageDescription.startsWith("ööö"), "cut on a character boundary, UTF-8 intact");
});

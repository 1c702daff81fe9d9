import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import test from "ava";
import {
  appSegment,
  createJpegMetadataRewriter,
  isReplacedSegment,
  metadataSegments,
  parseJpegHeader,
  rewriteJpegHeader,
} from "../../src/image/jpeg-segments.js";
import { fixture, jpegMarkers, jpegScanData } from "../helpers/images.js";

const SOI = Buffer.from([0xff, 0xd8]);
const seg = (marker: number, payload: string | Buffer) => appSegment(marker, Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "latin1"));
const SOS_AND_DATA = Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x00, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]);

/** A synthetic JPEG header: JFIF, EXIF, ICC, XMP, Photoshop IRB, a comment, a table, then a scan. */
function synthetic(): Buffer {
  return Buffer.concat([
    SOI,
    seg(0xe0, "JFIF\0\x01\x02\0\0\x01\0\x01\0\0"),
    seg(0xe1, "Exif\0\0II*\0old-exif"),
    seg(0xe2, "ICC_PROFILE\0\x01\x01profile"),
    seg(0xe1, "http://ns.adobe.com/xap/1.0/\0<old-xmp/>"),
    seg(0xe1, "http://ns.adobe.com/xmp/extension/\0ext"),
    seg(0xed, "Photoshop 3.0\x008BIM-iptc"),
    seg(0xfe, "a comment"),
    seg(0xdb, "\x00table"),
    SOS_AND_DATA,
  ]);
}

test("parseJpegHeader lists the segments before the scan and finds the scan", (t) => {
  const buf = synthetic();
  const parsed = parseJpegHeader(buf);
  if (parsed.status !== "ok") return t.fail(parsed.status);
  t.deepEqual(
    parsed.segments.map((s) => s.marker.toString(16)),
    ["e0", "e1", "e2", "e1", "e1", "ed", "fe", "db"],
  );
  t.is(parsed.scanStart, buf.length - SOS_AND_DATA.length);
});

test("parseJpegHeader: need-more for a cut header, invalid for non-JPEG bytes and bad lengths", (t) => {
  const buf = synthetic();
  t.is(parseJpegHeader(buf.subarray(0, 30)).status, "need-more");
  t.is(parseJpegHeader(Buffer.from("%PDF-1.7")).status, "invalid");
  t.is(parseJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01])).status, "invalid");
  t.is(parseJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9])).status, "invalid", "EOI before any scan");
});

test("isReplacedSegment: EXIF, XMP, extended XMP and the Photoshop IRB; not JFIF, ICC, comments or tables", (t) => {
  const parsed = parseJpegHeader(synthetic());
  if (parsed.status !== "ok") return t.fail();
  t.deepEqual(
    parsed.segments.map((s) => isReplacedSegment(s)),
    [false, true, false, true, true, true, false, false],
  );
});

test("rewriteJpegHeader puts the new segments after JFIF and keeps every other segment in order", (t) => {
  const buf = synthetic();
  const parsed = parseJpegHeader(buf);
  if (parsed.status !== "ok") return t.fail();
  const inserted = metadataSegments(Buffer.from("II*\0new"), "<new-xmp/>");
  const out = Buffer.concat([rewriteJpegHeader(buf, parsed, inserted), buf.subarray(parsed.scanStart)]);
  t.deepEqual(jpegMarkers(out), ["APP0", "APP1", "APP1", "APP2", "COM", "DQT"]);
  t.true(out.includes("Exif\0\0II*\0new"));
  t.true(out.includes("http://ns.adobe.com/xap/1.0/\0<new-xmp/>"));
  for (const old of ["old-exif", "<old-xmp/>", "8BIM-iptc", "xmp/extension"]) t.false(out.includes(old), old);
  t.true(jpegScanData(out).equals(SOS_AND_DATA));
});

test("appSegment refuses a payload that cannot fit one segment", (t) => {
  t.throws(() => appSegment(0xe1, Buffer.alloc(65_534)), { instanceOf: RangeError });
  t.is(appSegment(0xe1, Buffer.alloc(65_533)).length, 65_537);
});

test("the streaming rewriter gives the same bytes whatever the chunking, and sees the end of the image", async (t) => {
  const input = await readFile(fixture("passthrough/slnsw-collaroy-beach-1908.jpg"));
  const inserted = metadataSegments(Buffer.from("II*\0x"), "<x/>");
  const outputs: Buffer[] = [];
  for (const size of [1, 7, 4096, input.length]) {
    const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, i) => input.subarray(i * size, (i + 1) * size));
    const rewriter = createJpegMetadataRewriter(inserted);
    outputs.push(await buffer(Readable.from(chunks).pipe(rewriter)));
    t.true(rewriter.sawEndOfImage(), `chunk size ${size}`);
  }
  for (const out of outputs) t.true(out.equals(outputs[0]!));
  t.true(jpegScanData(outputs[0]!).equals(jpegScanData(input)));
});

test("the streaming rewriter reports a truncated JPEG (no end-of-image marker) and rejects non-JPEG input", async (t) => {
  const input = await readFile(fixture("damaged/truncated.jpg"));
  const rewriter = createJpegMetadataRewriter([]);
  await buffer(Readable.from([input]).pipe(rewriter));
  t.false(rewriter.sawEndOfImage());
  await t.throwsAsync(buffer(Readable.from([Buffer.from("<html>not a jpeg</html>")]).pipe(createJpegMetadataRewriter([]))), {
    message: /not a well-formed JPEG/,
  });
});

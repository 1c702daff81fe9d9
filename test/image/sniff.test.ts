import { readFile } from "node:fs/promises";
import test from "ava";
import { sniffFileType, type SniffClass } from "../../src/image/sniff.js";
import { fixture } from "../helpers/images.js";

const ftyp = (major: string, ...compatible: string[]) => {
  const brands = Buffer.from([major, "\0\0\0\0", ...compatible].join(""), "latin1");
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + brands.length);
  return Buffer.concat([size, Buffer.from("ftyp", "latin1"), brands]);
};

const BYTES: [string, Buffer | string, string, SniffClass][] = [
  ["PDF", "%PDF-1.7\n", "pdf", "not-image"],
  ["HTML page", "\ufeff  <!DOCTYPE html><html>", "html", "not-image"],
  ["plain text", "Box 3, folder 2\n", "text", "not-image"],
  ["CSV", "identifier,file,title\nA1,a.tif,Title\n", "text", "not-image"],
  ["JSON", '{"items": []}', "json", "not-image"],
  ["XML", '<?xml version="1.0"?><record/>', "xml", "not-image"],
  ["SVG", '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg", "unsupported-image"],
  ["ZIP / docx", Buffer.from("PK\x03\x04rest", "latin1"), "zip", "not-image"],
  ["HEIC", ftyp("heic", "mif1", "heic"), "heic", "unsupported-image"],
  ["AVIF", ftyp("avif", "mif1", "avif"), "avif", "image"],
  ["AVIF declared as generic HEIF", ftyp("mif1", "avif", "mif1"), "avif", "image"],
  ["JPEG 2000", Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a]), "jp2", "unsupported-image"],
  ["Photoshop PSD", Buffer.from("8BPS\0\x01", "latin1"), "psd", "unsupported-image"],
  ["Canon CR2", Buffer.from("II*\0\x10\0\0\0CR\x02\0", "latin1"), "cr2", "unsupported-image"],
  ["binary garbage", Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfd]), "unknown", "not-image"],
];
for (const [name, bytes, kind, cls] of BYTES) {
  test(`sniffFileType: ${name} → ${kind} (${cls})`, (t) => {
    const result = sniffFileType(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "utf8"));
    t.is(result.kind, kind);
    t.is(result.class, cls);
  });
}

const FILES: [string, string][] = [
  ["orientation/photo-1.jpg", "jpeg"],
  ["colour/adobe-rgb-16bit.tif", "tiff"],
  ["colour/cielab-16bit.tif", "tiff"],
  ["colour/display-p3-alpha.png", "png"],
  ["damaged/truncated.jpg", "jpeg"],
];
for (const [name, kind] of FILES) {
  test(`sniffFileType recognises ${name} as ${kind}`, async (t) => {
    const head = (await readFile(fixture(name))).subarray(0, 4096);
    t.like(sniffFileType(head), { kind, class: "image" });
  });
}

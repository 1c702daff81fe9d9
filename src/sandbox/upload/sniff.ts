/**
 * Recognise an image by its bytes, as Flickr's upload does (error 5 otherwise), and read its
 * dimensions from the header without decoding: JPEG (SOFn marker), PNG (IHDR), GIF (logical
 * screen), TIFF (IFD0 ImageWidth/ImageLength, either byte order). Pure; a few hundred ns per file.
 */
import type { FileRecord } from "../model.js";

export interface SniffedImage {
  format: FileRecord["format"];
  width: number;
  height: number;
}

export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return sniffJpeg(view);
  if (view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    return bytes.length >= 24 ? { format: "png", width: view.getUint32(16), height: view.getUint32(20) } : null;
  }
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x38) {
    return { format: "gif", width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  const order = view.getUint16(0);
  if ((order === 0x4949 || order === 0x4d4d) && view.getUint16(2, order === 0x4949) === 42) return sniffTiff(view, order === 0x4949);
  return null;
}

function sniffJpeg(view: DataView): SniffedImage | null {
  let offset = 2;
  while (offset + 9 < view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return null;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: "jpeg", height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / scan data before any frame header
    offset += 2 + view.getUint16(offset + 2);
  }
  return null;
}

function sniffTiff(view: DataView, little: boolean): SniffedImage | null {
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return null;
  const count = view.getUint16(ifd, little);
  let width = 0;
  let height = 0;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > view.byteLength) break;
    const tag = view.getUint16(entry, little);
    if (tag !== 256 && tag !== 257) continue;
    const type = view.getUint16(entry + 2, little);
    const value = type === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little);
    if (tag === 256) width = value;
    else height = value;
  }
  return width > 0 && height > 0 ? { format: "tiff", width, height } : null;
}

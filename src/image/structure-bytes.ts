/**
 * A master opened once for its header probe. The type sniff, the structure checks and the
 * embedded-metadata reader all need the first bytes of the file, and TIFF and JPEG readers
 * follow offsets a little further; opening and reading the file once for all of them (instead
 * of once each) is most of what makes validation cheap. Nothing here reads the whole file
 * unless a truncation check cannot be settled from the file's end (a damaged file, or a JPEG
 * with a large trailer after its image).
 */
import { constants, type Stats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { ByteSource } from "./byte-source.js";

/** Bytes kept from the start of every master: enough for the sniff and most headers. */
export const HEAD_BYTES = 64 * 1024;
/** The backward search of an end marker: a small first read (an intact file ends with it), then larger ones. */
const FIRST_SEARCH = 16 * 1024;
const SEARCH_CHUNK = 1024 * 1024;

export interface OpenedMaster {
  readonly path: string;
  readonly stat: Stats;
  /** The first HEAD_BYTES bytes (the whole file when it is smaller). */
  readonly head: Buffer;
  /** Random access to the file; reads inside `head` are served from memory. */
  readonly source: ByteSource;
  /** Offset of the last occurrence of `needle` in the file, or -1: searched from the end backwards. */
  lastIndexOf(needle: Buffer): Promise<number>;
  close(): Promise<void>;
}

async function readAt(handle: FileHandle, offset: number, length: number, size: number): Promise<Buffer> {
  const len = Math.max(0, Math.min(length, size - offset));
  const buf = Buffer.allocUnsafe(len);
  let done = 0;
  while (done < len) {
    const { bytesRead } = await handle.read(buf, done, len - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === len ? buf : buf.subarray(0, done);
}

/**
 * The last occurrence of `needle`, reading backwards chunk by chunk (each chunk overlaps the
 * next by needle.length − 1 bytes, so a marker split across chunks is found). An intact JPEG or
 * PNG ends with its marker, so the first chunk nearly always settles it.
 */
async function lastIndexIn(source: ByteSource, needle: Buffer): Promise<number> {
  const size = source.size;
  let end = size;
  let chunk = FIRST_SEARCH;
  while (end > 0) {
    const start = Math.max(0, end - chunk);
    chunk = SEARCH_CHUNK;
    const bytes = await source.read(start, Math.min(size, end + needle.length - 1) - start);
    const at = bytes.lastIndexOf(needle);
    if (at >= 0) return start + at;
    end = start;
  }
  return -1;
}

/**
 * Open `path` for a probe and read its head. O_NONBLOCK so that a named pipe in the collection
 * is refused (it is not a regular file) instead of blocking the run; it changes nothing for
 * regular files. Throws the open/read error (ENOENT, EACCES…) for the caller to report.
 */
export async function openMaster(path: string): Promise<OpenedMaster> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    const head = stat.isFile() ? await readAt(handle, 0, HEAD_BYTES, stat.size) : Buffer.alloc(0);
    const source: ByteSource = {
      size: stat.size,
      read: async (offset, length) =>
        offset + length <= head.length ? head.subarray(offset, offset + length) : readAt(handle, offset, length, stat.size),
    };
    return {
      path,
      stat,
      head,
      source,
      lastIndexOf: (needle) => lastIndexIn(source, needle),
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

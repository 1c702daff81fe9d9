/**
 * A master opened once for its header probe. The type sniff, the structure checks and the
 * embedded-metadata reader all need the first bytes of the file, TIFF readers follow offsets
 * that mostly point into the first or the last few KiB (libtiff writes the directory and its
 * large values after the image data), and the JPEG and PNG truncation checks need the end. So
 * the head and the tail are read once, concurrently, and every later read inside them is
 * served from memory. Nothing here reads the whole file unless a truncation check cannot be
 * settled from the file's end (a damaged file, or a JPEG with a large trailer after its image).
 *
 * Each asynchronous fs call is a hand-off to libuv's thread pool and back; on a busy machine the
 * hand-offs (a lstat, an open, a stat, reads and a close per row before) showed in a profile of
 * validation. So the calls that can wait on a disk or a network share (open, read) stay
 * asynchronous and run concurrently across rows, while fstat (answered from the inode the open
 * just fetched) and close (of a read-only descriptor: nothing to flush) are synchronous. Fully
 * synchronous reads were tried: no CPU saving that stood out of this shared machine's noise,
 * and they would stall every row on a slow network share. The callback API, not FileHandle,
 * for its lower per-call cost.
 */
import { closeSync, constants, fstatSync, open, read, type Stats } from "node:fs";
import type { ByteSource } from "./byte-source.js";

/** Bytes kept from the start of every master: enough for the sniff and most headers. */
export const HEAD_BYTES = 64 * 1024;
/** Bytes kept from the end: the first step of an end-marker search, TIFF directories, part of the content sample. */
export const TAIL_BYTES = 16 * 1024;
/** Later steps of the backward search of an end marker. */
const SEARCH_CHUNK = 1024 * 1024;

export interface OpenedMaster {
  readonly path: string;
  readonly stat: Stats;
  /** The first HEAD_BYTES bytes (the whole file when it is smaller). */
  readonly head: Buffer;
  /** The last TAIL_BYTES bytes (overlapping `head` in a small file). */
  readonly tail: Buffer;
  /** Random access to the file; reads inside `head` or `tail` are served from memory. */
  readonly source: ByteSource;
  /** Offset of the last occurrence of `needle` in the file, or -1: searched from the end backwards. */
  lastIndexOf(needle: Buffer): Promise<number>;
  close(): void;
}

const openFd = (path: string, flags: number) => new Promise<number>((resolve, reject) => open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd))));
const closeFd = (fd: number): void => {
  try {
    closeSync(fd);
  } catch {
    // nothing was written through it: nothing to lose
  }
};

function readOnce(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}

async function readAt(fd: number, offset: number, length: number, size: number): Promise<Buffer> {
  const len = Math.max(0, Math.min(length, size - offset));
  const buf = Buffer.allocUnsafe(len);
  let done = 0;
  while (done < len) {
    const n = await readOnce(fd, buf, done, len - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === len ? buf : buf.subarray(0, done);
}

/**
 * The last occurrence of `needle`, reading backwards (each chunk overlaps the next by
 * needle.length − 1 bytes, so a marker split across chunks is found). An intact JPEG or PNG
 * ends with its marker, so the tail already read nearly always settles it.
 */
async function lastIndexIn(source: ByteSource, tailStart: number, tail: Buffer, needle: Buffer): Promise<number> {
  const inTail = tail.lastIndexOf(needle);
  if (inTail >= 0) return tailStart + inTail;
  let end = tailStart;
  while (end > 0) {
    const start = Math.max(0, end - SEARCH_CHUNK);
    const bytes = await source.read(start, Math.min(source.size, end + needle.length - 1) - start);
    const at = bytes.lastIndexOf(needle);
    if (at >= 0) return start + at;
    end = start;
  }
  return -1;
}

function cachedSource(fd: number, size: number, head: Buffer, tailStart: number, tail: Buffer): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      const end = Math.min(size, offset + length);
      if (end <= head.length) return head.subarray(offset, end);
      if (offset >= tailStart && end <= tailStart + tail.length) return tail.subarray(offset - tailStart, end - tailStart);
      return readAt(fd, offset, length, size);
    },
  };
}

/**
 * Open `path` for a probe and read its head and tail. O_NONBLOCK so that a named pipe in the
 * collection is refused (it is not a regular file) instead of blocking the run; it changes
 * nothing for regular files. With `noFollow`, a symbolic link as the last component is not
 * followed (the open fails with ELOOP; the caller resolves the link and checks where it leads).
 * Throws the open/read error (ENOENT, EACCES, ELOOP…) for the caller.
 */
export async function openMaster(path: string, options: { noFollow?: boolean } = {}): Promise<OpenedMaster> {
  const fd = await openFd(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  try {
    const stat = fstatSync(fd);
    const size = stat.isFile() ? stat.size : 0;
    const tailStart = Math.max(0, size - TAIL_BYTES);
    const [head, tailRead] = await Promise.all([readAt(fd, 0, HEAD_BYTES, size), size > HEAD_BYTES ? readAt(fd, tailStart, TAIL_BYTES, size) : null]);
    const tail = tailRead ?? head.subarray(tailStart);
    const source = cachedSource(fd, size, head, tailStart, tail);
    let closed = false;
    return {
      path,
      stat,
      head,
      tail,
      source,
      lastIndexOf: (needle) => lastIndexIn(source, tailStart, tail, needle),
      close: () => {
        if (!closed) closeFd(fd);
        closed = true;
      },
    };
  } catch (err) {
    closeFd(fd);
    throw err;
  }
}

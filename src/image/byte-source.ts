/**
 * Random access to bytes, from memory or from a file, so the TIFF/EXIF reader can follow
 * offsets in a multi-gigabyte master without reading it whole.
 */
import { open } from "node:fs/promises";

export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /** Read `length` bytes at `offset`; shorter only at the end of the source. */
  read(offset: number, length: number): Promise<Buffer>;
}

/** A source over a buffer already in memory. */
export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
  };
}

/** Open `path`, run `fn` with a source over it, and always close the file. */
export async function withFileSource<T>(path: string, fn: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const source: ByteSource = {
      size,
      async read(offset, length) {
        const len = Math.max(0, Math.min(length, size - offset));
        const buf = Buffer.alloc(len);
        let done = 0;
        while (done < len) {
          const { bytesRead } = await handle.read(buf, done, len - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === len ? buf : buf.subarray(0, done);
      },
    };
    return await fn(source);
  } finally {
    await handle.close();
  }
}

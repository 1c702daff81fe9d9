/**
 * The content hash of a master (sha256 of every byte): what duplicate-content detection, the
 * copy cache and replace detection key on. It is the one step of validation that must read the
 * whole file, so it is taken only when needed and remembered by the file's stamp (see
 * src/state/file-hashes.ts).
 */
import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { open } from "node:fs/promises";

/**
 * What identifies one version of a file without reading it. ctime is in it because it is the
 * one time a user cannot set: an in-place rewrite whose mtime was put back (rsync --inplace -t,
 * `touch -d`) keeps size, mtime and inode but moves ctime.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  ctimeMs: number;
}

export const stampOf = (st: Pick<Stats, "size" | "mtimeMs" | "ino" | "ctimeMs">): FileStamp => ({ size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, ctimeMs: st.ctimeMs });

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.ctimeMs === b.ctimeMs;

export interface HashedFile {
  sha256: string;
  /** The stamp the file had while it was read. */
  stamp: FileStamp;
  /**
   * False when the file changed while it was being read (its stamp moved): the hash is then of
   * no single version and must not be remembered.
   */
  stable: boolean;
}

const CHUNK = 1024 * 1024;

/** Hash `path` with one reused 1 MiB buffer (no allocation per chunk). Throws on I/O errors. */
export async function hashFile(path: string): Promise<HashedFile> {
  const handle = await open(path, "r");
  try {
    const before = stampOf(await handle.stat());
    const hash = createHash("sha256");
    const buf = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, position);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      position += bytesRead;
    }
    const after = stampOf(await handle.stat());
    return { sha256: hash.digest("hex"), stamp: before, stable: sameStamp(before, after) && position === before.size };
  } finally {
    await handle.close();
  }
}

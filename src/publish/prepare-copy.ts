/**
 * The copy maker: turns a master into its upload copy with sharp (normalizeImage), through the
 * content-addressed copy cache, so a resumed run finds the copies it already made.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { CopyCache } from "../image/copy-cache.js";
import { normalizeCacheOptions, normalizeImage, type NormalizeOptions } from "../image/normalize.js";
import type { SharpModule } from "../image/sharp-module.js";
import type { Settings } from "../settings/schema.js";
import type { CopySource } from "../collection/copy-source.js";
import { ItemFailure } from "./failures.js";
import type { PrepareCopy, PreparedCopy } from "./ports.js";

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface CopyMakerOptions {
  cache: CopyCache;
  images: Settings["images"];
  /** Masters and what to embed, by identifier. */
  sources: ReadonlyMap<string, CopySource>;
  /** Known master fingerprints (from validation), by identifier. */
  fingerprints: ReadonlyMap<string, { size: number; mtimeMs: number; sha256: string }>;
  sharp?: SharpModule;
}

export function createCopyMaker(options: CopyMakerOptions): PrepareCopy {
  return async (item): Promise<PreparedCopy> => {
    const source = options.sources.get(item.identifier);
    if (!source) throw new ItemFailure("normalize", "NO_MASTER", `no readable master for ${item.identifier}`, false);
    const st = await stat(source.path);
    const known = options.fingerprints.get(item.identifier);
    // The master may have changed since it was validated; never key the cache on a stale hash.
    const sha256 = known && known.size === st.size && known.mtimeMs === st.mtimeMs ? known.sha256 : await sha256File(source.path);
    const fingerprint = { size: st.size, mtimeMs: st.mtimeMs, sha256 };
    const normalize: NormalizeOptions = {
      outputPath: "",
      maxBytes: options.images.max_bytes,
      jpegQuality: options.images.jpeg_quality,
      maxPixels: options.images.max_pixels,
      // The date Flickr is to read from the file, when the plan sends no setDates (it keys the cache too).
      embed: item.embedDate ? { ...source.embed, dateTaken: item.embedDate } : source.embed,
      file: item.file,
      ...(options.images.max_long_edge ? { maxLongEdge: options.images.max_long_edge } : {}),
    };
    const key = options.cache.keyFor(sha256, normalizeCacheOptions(normalize));
    const cached = await options.cache.get(key);
    if (cached) {
      const s = await stat(cached);
      return { path: cached, sha256: await sha256File(cached), bytes: s.size, source: fingerprint, warnings: [] };
    }
    const tmp = await options.cache.tmpPathFor(key);
    const result = await normalizeImage(source.path, { ...normalize, outputPath: tmp }, options.sharp ? { sharp: options.sharp } : {});
    if (!result.ok) {
      const first = result.issues[0]!;
      throw new ItemFailure("normalize", first.code, first.message, false, first.hint);
    }
    const path = await options.cache.commit(key, tmp);
    return { path, sha256: result.sha256, bytes: result.bytes, source: fingerprint, warnings: result.warnings.map((w) => w.message) };
  };
}

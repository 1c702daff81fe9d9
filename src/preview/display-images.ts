/**
 * The report's pictures: a ~320 px thumbnail for the contact sheet and a ~1024 px view image per
 * master, upright (EXIF orientation applied) and in sRGB (Adobe RGB, ProPhoto, Lab, CMYK and
 * grey masters converted), JPEG. Both come from one decode of the master. They are named by a
 * hash of the master's content and the size, so a second preview of the same collection reuses
 * them (and a rescanned master gets new ones); several made at once, `concurrency` at a time.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import { loadSharp, sharpErrorMessage, type SharpModule } from "../image/sharp-module.js";
import { exclusive, shared } from "./decode-gate.js";
import type { PreviewImage } from "./types.js";

/** Bump when the pictures change (size, quality, colour handling): older cached ones are then remade. */
export const DISPLAY_IMAGE_VERSION = 1;

export const DISPLAY_IMAGE_DEFAULTS = {
  /** Long edge of contact-sheet thumbnails (twice the tile's width, for sharp screens). */
  thumbSize: 320,
  /** Long edge of the item view's picture. */
  viewSize: 1024,
  /** JPEG quality of both. */
  quality: 82,
} as const;

/** Folder of the pictures inside the report folder. */
export const THUMBS_DIR = "thumbs";

/** `<sha256 of master content, size and version>.jpg` (32 hex digits). */
export function displayImageName(sourceSha256: string, size: number): string {
  return `${createHash("sha256").update(`${sourceSha256}\0${size}\0v${DISPLAY_IMAGE_VERSION}`).digest("hex").slice(0, 32)}.jpg`;
}

const NAME_PATTERN = /^[0-9a-f]{32}\.jpg$/;

export interface DisplayImageOptions {
  /** The report folder; pictures go to its `thumbs/`. */
  outDir: string;
  /** Refuse masters with more pixels (settings.images.max_pixels). */
  maxPixels: number;
  /** Masters decoded at once. @default 4 */
  concurrency?: number;
  sharp?: SharpModule;
  thumbSize?: number;
  viewSize?: number;
  quality?: number;
  /** Once aborted, pictures not yet started are not made (a placeholder says so). */
  signal?: AbortSignal;
}

export interface DisplayImageStats {
  made: number;
  cached: number;
  failed: number;
}

/** A picture, or why there is none (sharp's reason). */
export type DisplayImageResult =
  | { image: Extract<PreviewImage, { kind: "image" }>; cached: boolean }
  /** `decodeError`: the master could not be decoded (sharp's reason), as `validate --deep` would report it. */
  | { image: Extract<PreviewImage, { kind: "placeholder" }>; cached: false; decodeError?: string };

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}

/** Write through a temporary name, so a reader (or an interrupted run) never sees half a file. */
export async function writeAtomically(path: string, data: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Makes the pictures of one report. One maker per run: it holds the run's concurrency limit,
 * the pictures in progress (two rows with the same master share them) and the counts.
 */
export class DisplayImageMaker {
  readonly stats: DisplayImageStats = { made: 0, cached: 0, failed: 0 };
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly inFlight = new Map<string, Promise<DisplayImageResult>>();
  private readonly used = new Set<string>();
  private readonly dir: string;
  private readonly thumbSize: number;
  private readonly viewSize: number;
  private readonly quality: number;
  private ready: Promise<void> | null = null;

  constructor(private readonly options: DisplayImageOptions) {
    this.limit = pLimit(Math.max(1, options.concurrency ?? 4));
    this.dir = join(options.outDir, THUMBS_DIR);
    this.thumbSize = options.thumbSize ?? DISPLAY_IMAGE_DEFAULTS.thumbSize;
    this.viewSize = options.viewSize ?? DISPLAY_IMAGE_DEFAULTS.viewSize;
    this.quality = options.quality ?? DISPLAY_IMAGE_DEFAULTS.quality;
  }

  /** The pictures of the master at `path` whose content hash is `sha256`. */
  make(path: string, sha256: string): Promise<DisplayImageResult> {
    const thumbName = displayImageName(sha256, this.thumbSize);
    const viewName = displayImageName(sha256, this.viewSize);
    this.used.add(thumbName).add(viewName);
    let pending = this.inFlight.get(viewName);
    if (!pending) {
      pending = this.limit(() => this.makeOne(path, thumbName, viewName));
      this.inFlight.set(viewName, pending);
    }
    return pending;
  }

  /** Remove pictures of earlier runs that this report does not use (only files named like ours). */
  async prune(): Promise<number> {
    let removed = 0;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const stale = (NAME_PATTERN.test(name) && !this.used.has(name)) || /\.jpg\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
      if (stale) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  private async makeOne(path: string, thumbName: string, viewName: string): Promise<DisplayImageResult> {
    if (this.options.signal?.aborted) return { image: { kind: "placeholder", reason: "The preview was interrupted before this picture was made." }, cached: false };
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.ready;
    const sharp = await loadSharp(this.options.sharp);
    const thumbPath = join(this.dir, thumbName);
    const viewPath = join(this.dir, viewName);
    const rel = (name: string) => `${THUMBS_DIR}/${name}`;
    if ((await exists(thumbPath)) && (await exists(viewPath))) {
      try {
        const [t, v] = await Promise.all([sharp(thumbPath).metadata(), sharp(viewPath).metadata()]);
        this.stats.cached++;
        return { image: { kind: "image", thumb: rel(thumbName), thumbWidth: t.width, thumbHeight: t.height, view: rel(viewName), width: v.width, height: v.height }, cached: true };
      } catch {
        // A damaged cached picture is simply made again.
      }
    }
    const decode = async () => {
      const { view, thumb } = await this.render(sharp, path);
      await writeAtomically(viewPath, view.data);
      await writeAtomically(thumbPath, thumb.data);
      this.stats.made++;
      const image = { kind: "image", thumb: rel(thumbName), thumbWidth: thumb.info.width, thumbHeight: thumb.info.height, view: rel(viewName), width: view.info.width, height: view.info.height } as const;
      return { image, cached: false } as const;
    };
    try {
      return await shared(decode);
    } catch {
      // Again, alone: the error text libvips gives is then this master's (see decode-gate.ts).
      // Sharp work outside the gate (validation's probes) can still empty the buffer meanwhile:
      // then try once more, and at worst say where to find out.
      let message = "";
      for (let attempt = 0; attempt < 3 && (message === "" || message === "Unknown error"); attempt++) {
        try {
          return await exclusive(decode);
        } catch (err) {
          message = sharpErrorMessage(err);
        }
      }
      this.stats.failed++;
      const why = message && message !== "Unknown error" ? message : "the decoder gave no reason (heritage validate --deep checks the file)";
      return { image: { kind: "placeholder", reason: `The image could not be shown: ${why}` }, cached: false, decodeError: why };
    }
  }

  /** The view image and the thumbnail of a master, from one decode. */
  private async render(sharp: SharpModule, path: string) {
    const input = { limitInputPixels: this.options.maxPixels, failOn: "error", page: 0, pages: 1 } as const;
    const meta = await sharp(path, input).metadata();
    let pipeline = sharp(path, { ...input, autoOrient: true });
    // sharp 0.35 works on 16-bit RGB in Display P3 and takes an untagged 16-bit master for
    // P3; working in sRGB avoids that (see src/image/normalize.ts). CMYK keeps sharp's own
    // path through its profile (or the built-in one).
    if (meta.space !== "cmyk") pipeline = pipeline.pipelineColourspace("srgb");
    const view = await pipeline
      .resize(this.viewSize, this.viewSize, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .jpeg({ quality: this.quality })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(view.data)
      .resize(this.thumbSize, this.thumbSize, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: this.quality })
      .toBuffer({ resolveWithObject: true });
    return { view, thumb };
  }
}

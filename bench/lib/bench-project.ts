/**
 * Generated projects for the validate, publish and sync-plan benchmarks, laid out like a real
 * one (manifests/bench.csv + bench.settings.yaml beside collections/bench/): catalogue rows
 * with realistic Swedish/English metadata, and distinct real image files made from the
 * repository's own images. Everything is deterministic (seeded), so runs are comparable.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { REPO } from "./measure.js";
import { seededRandom } from "../../src/publish/retry.js";

export { seededRandom };

// ---- deterministic randomness (the pipeline's own seeded PRNG) ---------------------------

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// ---- catalogue rows -----------------------------------------------------------------------

export const COLUMNS = ["identifier", "file", "title", "description", "creator", "date", "place", "latitude", "longitude", "geo_accuracy", "tags", "license", "album", "source_url", "format"] as const;
export type BenchRow = Record<(typeof COLUMNS)[number], string>;

const SUBJECTS = [
  "Badande kvinnor vid Ålö brygga",
  "Skördefolk på åkern vid Östra Vemmenhög",
  "Ångbåten Norrtelje lägger till vid Strömkajen",
  "Flickor i folkdräkt framför kyrkan",
  "Järnvägsstationen i Åre en vinterdag",
  "Fiskare lagar nät på Käringön",
  "Bröllopssällskap utanför prästgården",
  "Hästskjuts på isen över Mälaren",
  "Arbetare vid sågverket i Söderhamn",
  "Marknadsdag på torget i Växjö",
  "Skolklass med lärarinna, Öckerö folkskola",
  "Interiör från bondestugan, Ängelholm",
  "Women in bathing suits on the beach",
  "Harvest workers with a horse-drawn reaper",
  "The steamship leaving the harbour",
];
const PLACES: readonly [string, number, number][] = [
  ["Stockholm, Sverige", 59.3293, 18.0686],
  ["Göteborg, Sverige", 57.7089, 11.9746],
  ["Malmö, Skåne", 55.605, 13.0038],
  ["Åre, Jämtland", 63.3990, 13.0819],
  ["Käringön, Bohuslän", 58.1142, 11.3716],
  ["Växjö, Småland", 56.8777, 14.8091],
  ["Söderhamn, Hälsingland", 61.3037, 17.0592],
  ["Öckerö, Bohuslän", 57.7103, 11.6514],
  ["Ängelholm, Skåne", 56.2428, 12.8622],
  ["Luleå, Norrbotten", 65.5848, 22.1547],
];
const CREATORS = ["Okänd fotograf", "Anna Öberg", "Per Åström", "Hilma Ström (fotograf)", "Ateljé Jaeger", "Unknown", "Carl Gustaf Rosenberg"];
/** The phrasings a catalogue actually holds: ISO, Swedish words, decades, circa, ranges, seasons, empty. */
export const DATES = [
  "1923-05-17", "ca 1920", "1920-talet", "1908", "maj 1914", "17 maj 1923", "1923-05", "omkring 1910", "[1915?]",
  "1890-1900", "vår 1932", "1920s", "troligen 1936", "början av 1900-talet", "c. 1895", "",
];
export const LICENSES = [
  "http://rightsstatements.org/vocab/NKC/1.0/",
  "https://creativecommons.org/publicdomain/mark/1.0/",
  "https://creativecommons.org/publicdomain/zero/1.0/",
  "https://creativecommons.org/licenses/by/4.0/",
  "https://creativecommons.org/licenses/by-sa/4.0/",
];
const TAGS = [
  "fotografi", "glasplåt", "människor", "båtar", "vinter", "hästar", "kyrkor", "järnväg", "fiske", "skördearbete",
  "bröllop", "folkdräkt", "hamnar", "skolor", "interiörer", "Edwardian era", "bathing costumes", "agriculture", "steamships",
];
const ALBUMS = ["Glasplåtssamlingen", "Vardagsliv 1900–1930", "Skärgården", "Städer och torg", "Porträtt", "Transport och resor"];
const FORMATS = ["Glasplåtsnegativ, 13×18 cm", "Albuminkopia på kartong", "Silvergelatinkopia", "Nitratnegativ", "Vykort, ljustryck"];
const DESCRIPTIONS = [
  "Fotografiet är taget från bryggan mot öster. I bakgrunden syns ångbåtsbryggan och sjöboden.",
  "Uppgifter om personerna saknas. Plåten har en spricka i övre vänstra hörnet.",
  "Ur fotografens efterlämnade negativsamling, förvärvad 1967.\nBildtexten på kuvertet lyder: «Sommaren, Åsa och Märta».",
  "Jämför <i>Svenska Turistföreningens årsskrift</i> 1912, s. 44.",
  "The caption on the mount reads “Midsummer at the farm”. Names of the sitters are written on the back.",
  "",
];

/** One catalogue row; `variant` > 0 gives an edited version of the same record (for sync). */
export function benchRow(i: number, file: string, options: { prefix?: string; variant?: number } = {}): BenchRow {
  const r = seededRandom(0x9e3779b1 ^ i);
  const id = `${options.prefix ?? "BENCH"}-${String(i).padStart(6, "0")}`;
  const [place, lat, lon] = pick(r, PLACES);
  const geo = r() < 0.6;
  const tagCount = 2 + Math.floor(r() * 5);
  const tags = new Set<string>();
  while (tags.size < tagCount) tags.add(pick(r, TAGS));
  const albumCount = r() < 0.2 ? 0 : r() < 0.8 ? 1 : 2;
  const albums = new Set<string>();
  while (albums.size < albumCount) albums.add(pick(r, ALBUMS));
  const row: BenchRow = {
    identifier: id,
    file,
    title: `${pick(r, SUBJECTS)}, ${place.split(",")[0]}`,
    description: pick(r, DESCRIPTIONS),
    creator: pick(r, CREATORS),
    date: pick(r, DATES),
    place,
    // Half the rows write decimals with a comma, as Swedish spreadsheets export them.
    latitude: geo ? (lat + (r() - 0.5) / 50).toFixed(4).replace(".", r() < 0.5 ? "," : ".") : "",
    longitude: geo ? (lon + (r() - 0.5) / 50).toFixed(4).replace(".", r() < 0.5 ? "," : ".") : "",
    geo_accuracy: geo ? String(11 + Math.floor(r() * 6)) : "",
    tags: [...tags].join("; "),
    license: pick(r, LICENSES),
    album: [...albums].join("; "),
    source_url: `https://samlingar.example.org/objekt/${id}`,
    format: pick(r, FORMATS),
  };
  const variant = options.variant ?? 0;
  if (variant > 0) {
    // Catalogue edits of the kinds sync exists for, one field group each, in turn.
    switch (variant % 6) {
      case 1: row.title = `${row.title} (rättad titel)`; break;
      case 2: row.tags = `${row.tags}; nyckelord tillagt`; break;
      case 3: row.date = row.date === "1923-05-17" ? "1924-06-01" : "1923-05-17"; break;
      case 4: row.description = `${row.description}\nTillägg: personerna identifierade av en besökare.`; break;
      case 5: [row.latitude, row.longitude, row.geo_accuracy] = ["59.8586", "17.6389", "16"]; break;
      default: row.album = row.album ? `${row.album}; Nyförvärv` : "Nyförvärv"; break;
    }
  }
  return row;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvText(rows: Iterable<BenchRow>): string {
  const lines = [COLUMNS.join(",")];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

export const SETTINGS_YAML = `# Generated by a heritage benchmark.
institution: Benchmarkmuseet i Örebro
namespace: benchmus
commons: true
extra_tags:
  - Benchmarkmuseet
templates:
  description: |
    {description}

    Plats: {place}
    Fotograf: {creator}
    Datering: {date}
    Format: {format}

    {institution}, {identifier}
    Permanent länk: <a href="{source_url}">{source_url}</a>
`;

export interface BenchProject {
  dir: string;
  manifest: string;
  collection: string;
}

/** manifests/bench.csv, its settings, and an empty collections/bench/ under `dir`. */
export function createProject(dir: string): BenchProject {
  const collection = path.join(dir, "collections", "bench");
  mkdirSync(collection, { recursive: true });
  mkdirSync(path.join(dir, "manifests"), { recursive: true });
  writeFileSync(path.join(dir, "manifests", "bench.settings.yaml"), SETTINGS_YAML);
  return { dir, manifest: path.join(dir, "manifests", "bench.csv"), collection };
}

// ---- real image files ---------------------------------------------------------------------

/** The repository's own pictures: the sample collection and the (undamaged) JPEG fixtures. */
export async function sourceImages(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "damaged") await walk(p);
      } else if (/\.(jpe?g|tiff?)$/i.test(e.name) && !/^tiny-/.test(e.name)) found.push(p);
    }
  };
  await walk(path.join(REPO, "collections", "sample"));
  await walk(path.join(REPO, "test", "fixtures", "images"));
  return found.sort();
}

const MARKER = "heritage-bench #";
const xmpWith = (marker: string) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>${marker}</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** One generated master: its bytes and where the 8-digit copy number sits in them. */
export interface BaseImage {
  bytes: Buffer;
  ext: "jpg" | "tif";
  markerAt: number;
}

/**
 * A distinct variant of a source image (crop, rotation, mirror, brightness, size, JPEG quality
 * or LZW TIFF), with an sRGB profile and an XMP packet whose CreatorTool holds an 8-digit
 * number that `copyOf` rewrites.
 */
export async function makeBaseImage(source: string, i: number, size: { jpegLongEdge: [number, number]; tiffLongEdge: [number, number]; tiffEvery: number }): Promise<BaseImage> {
  const r = seededRandom(0x51ed27 ^ (i * 7919));
  // Two passes: upright, turned and in sRGB first, then cropped and sized from raw pixels
  // (sharp applies one rotation per pipeline, so a crop computed on the upright size would miss).
  const upright = await sharp(source, { limitInputPixels: false, pages: 1 })
    .autoOrient()
    .rotate(90 * Math.floor(r() * 4))
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = upright.info;
  const cw = Math.max(16, Math.floor(w * (0.7 + r() * 0.3)));
  const ch = Math.max(16, Math.floor(h * (0.7 + r() * 0.3)));
  const left = Math.floor(r() * (w - cw));
  const top = Math.floor(r() * (h - ch));
  const tiff = i % size.tiffEvery === size.tiffEvery - 1;
  const [lo, hi] = tiff ? size.tiffLongEdge : size.jpegLongEdge;
  const longEdge = Math.floor(lo + r() * (hi - lo));
  let img = sharp(upright.data, { raw: { width: w, height: h, channels } })
    .extract({ left, top, width: cw, height: ch })
    .resize(longEdge, longEdge, { fit: "inside" })
    .modulate({ brightness: 0.9 + r() * 0.2 });
  if (r() < 0.5) img = img.flop();
  img = img.toColourspace("srgb").withIccProfile("srgb").withXmp(xmpWith(`${MARKER}00000000`));
  const bytes = tiff ? await img.tiff({ compression: "lzw" }).toBuffer() : await img.jpeg({ quality: 80 + Math.floor(r() * 13) }).toBuffer();
  const markerAt = bytes.indexOf(MARKER) + MARKER.length;
  if (markerAt < MARKER.length) throw new Error(`no XMP marker in the generated image from ${source}`);
  return { bytes, ext: tiff ? "tif" : "jpg", markerAt };
}

/**
 * A camera-sized JPEG master (`width`×`height`, quality 95): a repository image scaled to cover
 * the frame with film-grain-like noise blended in, so the file is as large as a real scan or
 * photograph of that size (a few MB) rather than a smooth upscale. XMP marker as above.
 */
export async function makeLargeMaster(source: string, i: number, width: number, height: number): Promise<BaseImage> {
  const noise = await sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: "gaussian", mean: 128, sigma: 34 + (i % 4) * 2 } } })
    .raw()
    .toBuffer();
  const bytes = await sharp(source, { pages: 1 })
    .autoOrient()
    .resize(width, height, { fit: "cover" })
    .composite([{ input: noise, raw: { width, height, channels: 3 }, blend: "soft-light" }])
    .toColourspace("srgb")
    .withIccProfile("srgb")
    .withXmp(xmpWith(`${MARKER}00000000`))
    .jpeg({ quality: 95 })
    .toBuffer();
  const markerAt = bytes.indexOf(MARKER) + MARKER.length;
  if (markerAt < MARKER.length) throw new Error(`no XMP marker in the generated master from ${source}`);
  return { bytes, ext: "jpg", markerAt };
}

/** The base image with copy number `n` written into its XMP: same size, different content. */
export function copyOf(base: BaseImage, n: number): Buffer {
  const out = Buffer.from(base.bytes);
  out.write(String(n).padStart(8, "0"), base.markerAt, "latin1");
  return out;
}

/** Write `count` files with at most `parallel` writes in flight. */
export async function writeFiles(count: number, make: (k: number) => { file: string; bytes: Buffer }, parallel = 32): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    for (let k = next++; k < count; k = next++) {
      const f = make(k);
      await writeFile(f.file, f.bytes);
      bytes += f.bytes.length;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return bytes;
}

/** Run `fn` over `items` with `parallel` at a time, keeping order. */
export async function mapLimit<T, U>(items: readonly T[], parallel: number, fn: (item: T, index: number) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let k = next++; k < items.length; k = next++) out[k] = await fn(items[k]!, k);
    }),
  );
  return out;
}

// ---- tiny PNGs ------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A real 8×8 PNG made once with sharp, and a factory for distinct copies: each gets a tEXt
 * chunk (`Comment`, with the copy number) before IEND, so every file has its own content hash.
 */
export async function tinyPngFactory(): Promise<(n: number) => Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 120, g: 110, b: 90 } } }).png().toBuffer();
  const iend = png.length - 12;
  const head = png.subarray(0, iend);
  const tail = png.subarray(iend);
  return (n) => {
    const data = Buffer.from(`tEXtComment\0heritage-bench #${String(n).padStart(8, "0")}`, "latin1");
    const chunk = Buffer.alloc(data.length + 8);
    chunk.writeUInt32BE(data.length - 4, 0);
    data.copy(chunk, 4);
    chunk.writeUInt32BE(crc32(data), data.length + 4);
    return Buffer.concat([head, chunk, tail]);
  };
}

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

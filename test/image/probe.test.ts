import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import sharp from "sharp";
import { probeImage } from "../../src/image/probe.js";
import type { ImageProbe } from "../../src/image/types.js";
import { fixture, tempDir } from "../helpers/images.js";

const MAX = 268_402_689;
const probe = (file: string, maxPixels = MAX) => probeImage(file, { maxPixels, sharp });

// ---- errors, one kind per row --------------------------------------------------------------

interface ErrorCase {
  name: string;
  /** A fixture name, or bytes written to a temporary file with this name. */
  file: string;
  bytes?: Buffer | string;
  code: string;
  severity?: "error" | "warning";
  message?: RegExp;
  /** Whether the header could still be read (a probe is returned). */
  hasProbe: boolean;
  maxPixels?: number;
}

const HEIC_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1"), Buffer.alloc(64)]);
const JP2_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), Buffer.alloc(64)]);

const ERRORS: ErrorCase[] = [
  { name: "a missing file", file: "does-not-exist.tif", code: "FILE_MISSING", hasProbe: false },
  { name: "a zero-byte file", file: "empty.tif", bytes: "", code: "FILE_EMPTY", hasProbe: false },
  { name: "a text file named .tif", file: "notes.tif", bytes: "Box 3, folder 2: see catalogue card\n", code: "FILE_NOT_IMAGE", message: /text file/, hasProbe: false },
  { name: "a PDF named .tif", file: "scan.tif", bytes: "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n", code: "FILE_NOT_IMAGE", message: /PDF document/, hasProbe: false },
  { name: "an HTML error page named .jpg", file: "download.jpg", bytes: "<!DOCTYPE html><html><body>404 Not Found</body></html>", code: "FILE_NOT_IMAGE", message: /HTML page/, hasProbe: false },
  { name: "a HEIC image", file: "phone.heic", bytes: HEIC_HEAD, code: "IMAGE_UNSUPPORTED", message: /HEIC/, hasProbe: false },
  { name: "a JPEG 2000 image", file: "master.jp2", bytes: JP2_HEAD, code: "IMAGE_UNSUPPORTED", message: /JPEG 2000/, hasProbe: false },
  { name: "a JPEG with a corrupt header", file: "damaged/corrupt-header.jpg", code: "IMAGE_CORRUPT", message: /header cannot be read/, hasProbe: false },
  { name: "a truncated JPEG (header intact)", file: "damaged/truncated.jpg", code: "IMAGE_CORRUPT", message: /JPEG is truncated/, hasProbe: true },
  { name: "a truncated PNG", file: "damaged/truncated.png", code: "IMAGE_CORRUPT", message: /PNG is truncated/, hasProbe: true },
  { name: "an old-style-JPEG TIFF", file: "damaged/ojpeg-strip.tif", code: "IMAGE_UNSUPPORTED", message: /old-style JPEG/, hasProbe: true },
  { name: "more pixels than the limit", file: "orientation/photo-1.jpg", maxPixels: 100_000, code: "IMAGE_TOO_MANY_PIXELS", message: /126280 pixels \(308×410\)/, hasProbe: true },
  { name: "a multi-page TIFF (warning)", file: "multi-page-bilevel.tif", code: "IMAGE_MULTI_PAGE", severity: "warning", message: /2 pages/, hasProbe: true },
];

for (const c of ERRORS) {
  test(`probeImage reports ${c.name} as ${c.code}`, async (t) => {
    let file = fixture(c.file);
    if (c.bytes !== undefined || c.file === "does-not-exist.tif") {
      file = path.join(await tempDir(t), c.file);
      if (c.bytes !== undefined) await writeFile(file, c.bytes);
    }
    const result = await probeImage(file, { maxPixels: c.maxPixels ?? MAX, sharp, file: c.file });
    t.deepEqual(
      result.issues.map((i) => i.code),
      [c.code],
    );
    const issue = result.issues[0]!;
    t.is(issue.severity, c.severity ?? "error");
    t.is(issue.field, "file");
    t.is(issue.file, c.file);
    t.truthy(issue.hint, "every issue says what to do");
    if (c.message) t.regex(issue.message, c.message);
    t.is(result.probe !== null, c.hasProbe);
  });
}

test("the pixel-limit issue carries the pixel count as its value and names the setting", async (t) => {
  const { issues } = await probe(fixture("orientation/photo-1.jpg"), 100_000);
  t.is(issues[0]!.value, String(308 * 410));
  t.regex(issues[0]!.hint!, /images\.max_pixels/);
});

test("a truncated TIFF is IMAGE_CORRUPT", async (t) => {
  const whole = await readFile(fixture("colour/grey-16bit-gps.tif"));
  const file = path.join(await tempDir(t), "cut.tif");
  await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
  const { issues } = await probe(file);
  t.deepEqual(
    issues.map((i) => i.code),
    ["IMAGE_CORRUPT"],
  );
});

test("a folder is not an image", async (t) => {
  const dir = path.join(await tempDir(t), "box.tif");
  await mkdir(dir);
  const { probe: p, issues } = await probe(dir);
  t.is(p, null);
  t.is(issues[0]!.code, "FILE_NOT_IMAGE");
});

test("a JPEG with malformed EXIF but intact pixels probes cleanly", async (t) => {
  const { probe: p, issues } = await probe(fixture("damaged/broken-exif.jpg"));
  t.deepEqual(issues, []);
  t.is(p!.width, 600);
});

// ---- good files' header facts ---------------------------------------------------------------

type Expect = Partial<Omit<ImageProbe, "embedded" | "path">>;
const GOOD: [string, Expect][] = [
  ["orientation/photo-6.jpg", { format: "jpeg", width: 308, height: 231, displayWidth: 231, displayHeight: 308, orientation: 6, bitDepth: 8, channels: 3, iccDescription: "sRGB IEC61966-2-1 black scaled", iccColourSpace: "RGB" }],
  ["orientation/tiny-8.jpg", { width: 80, height: 48, displayWidth: 48, displayHeight: 80, orientation: 8, channels: 1, colourSpace: "b-w" }],
  ["colour/adobe-rgb-16bit.tif", { format: "tiff", width: 317, height: 211, bitDepth: 16, channels: 3, colourSpace: "rgb16", iccDescription: "Adobe RGB (1998)", pages: 1 }],
  ["colour/cmyk-fogra39-0-100-100-0.tif", { channels: 4, colourSpace: "cmyk", iccColourSpace: "CMYK", iccDescription: "Coated FOGRA39 (ISO 12647-2:2004)", hasAlpha: false }],
  ["colour/cmyk-no-profile.jpg", { channels: 4, colourSpace: "cmyk", iccDescription: null, iccColourSpace: null, orientation: null }],
  ["colour/grey-gamma22.jpg", { channels: 1, colourSpace: "b-w", iccColourSpace: "GRAY", iccDescription: "Gray Gamma 2.2" }],
  ["colour/grey-16bit-gps.tif", { channels: 1, colourSpace: "grey16", bitDepth: 16 }],
  ["colour/display-p3-alpha.png", { format: "png", hasAlpha: true, channels: 4, iccDescription: "Display P3" }],
  ["colour/cielab-16bit.tif", { colourSpace: "labs", bitDepth: 16 }],
  ["colour/prophoto.png", { iccDescription: "ProPhoto RGB", width: 1, height: 1 }],
  ["multi-page-bilevel.tif", { pages: 2, bitDepth: 1, width: 2464, height: 3248 }],
];
for (const [name, expected] of GOOD) {
  test(`probeImage reads the header of ${name}`, async (t) => {
    const file = fixture(name);
    const { probe: p } = await probe(file);
    if (!p) return t.fail();
    t.like(p, expected);
    const bytes = await readFile(file);
    t.is(p.size, bytes.length);
    t.is(p.sha256, createHash("sha256").update(bytes).digest("hex"));
    t.is(p.path, file);
  });
}

// ---- embedded metadata ----------------------------------------------------------------------

test("embedded XMP/IPTC of the ARTstor sample: title, non-ASCII description, creator, public-domain rights", async (t) => {
  const { probe: p } = await probe(fixture("metadata/artstor-public-domain-adobe-rgb.jpg"));
  const e = p!.embedded;
  t.is(e.title, "Do you know your lesson?");
  t.true(e.description!.includes("Sais-tu ta leçon?"), "UTF-8 decoded");
  t.true(e.description!.includes("\n"), "XML entity &#xA; decoded to a line break");
  t.is(e.creator, "Allan Kohl");
  t.is(e.rights, "publicDomain");
  t.is(e.rightsMarked, false);
  t.true(e.keywords.includes("Art Deco"));
  t.is(e.latitude, null);
});

test("embedded EXIF GPS, camera date and IPTC date of a JPEG", async (t) => {
  const { probe: p } = await probe(fixture("metadata/gps-iptc.jpg"));
  const e = p!.embedded;
  t.is(Math.round(e.latitude! * 1000) / 1000, 54.99);
  t.is(Math.round(e.longitude! * 1000) / 1000, -1.914);
  t.is(e.dateTaken, "2002-07-13 15:58:28");
  t.is(e.dateCreated, "2002-06-20");
  t.is(e.creator, "Ian Britton");
  t.is(e.title, "Communications");
});

test("embedded metadata of TIFF masters (read through a compact metadata TIFF)", async (t) => {
  const adobe = (await probe(fixture("colour/adobe-rgb-16bit.tif"))).probe!.embedded;
  t.is(adobe.creator, "Boudewijn Vermeulen");
  t.is(adobe.rights, "© 2018 - C.B. Vermeulen");
  t.true(adobe.keywords.includes("Zwitserland"));
  const grey = (await probe(fixture("colour/grey-16bit-gps.tif"))).probe!.embedded;
  t.is(Math.round(grey.latitude! * 10000) / 10000, 50.8626);
  t.is(grey.dateTaken, "2017-11-07 18:56:07");
});

test("a file with no embedded metadata has an empty record", async (t) => {
  const { probe: p } = await probe(fixture("passthrough/slnsw-collaroy-beach-1908.jpg"));
  t.like(p!.embedded, { title: null, creator: null, dateTaken: null, latitude: null, rights: null, keywords: [] });
});

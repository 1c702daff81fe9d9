import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { readEmbeddedMetadata } from "../../src/image/read-embedded.js";
import { probeImage } from "../../src/image/probe.js";

const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">
  <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2010 Studio Ekholm</rdf:li></rdf:Alt></dc:rights>
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Hamnen i Visby</rdf:li></rdf:Alt></dc:title>
  <xmpRights:Marked>True</xmpRights:Marked>
 </rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

/** A real TIFF (sharp) with an XMP block (tag 700) in the given bytes. */
async function tiffWithXmp(xmp: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "heritage-xmp-"));
  const path = join(dir, "m.tif");
  // sharp writes an ASCII placeholder of the same length; then the placeholder's bytes are replaced by ours.
  const placeholder = "X".repeat(xmp.length);
  const tiff = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#884422" } })
    .withXmp(placeholder)
    .tiff()
    .toBuffer();
  const at = tiff.indexOf(Buffer.from(placeholder, "latin1"));
  if (at < 0) throw new Error("sharp did not write the XMP placeholder");
  xmp.copy(tiff, at);
  writeFileSync(path, tiff);
  return path;
}

test("XMP written as UTF-16 in a TIFF is still read: the © 2010 claim and Marked=True are found", async (t) => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XMP.replace(/^\ufeff/, ""), "utf16le")]);
  const path = await tiffWithXmp(utf16);
  const embedded = await readEmbeddedMetadata(path, "tiff");
  t.is(embedded.rights, "© 2010 Studio Ekholm");
  t.is(embedded.rightsMarked, true);
  t.is(embedded.title, "Hamnen i Visby");
});

test("an XMP block nobody can read is a warning on the file, not silently 'no embedded metadata'", async (t) => {
  const garbage = Buffer.from(`<x:xmpmeta><rdf:RDF><rdf:Description><dc:rights>${"\u0000\u0001".repeat(50)}`, "latin1");
  const path = await tiffWithXmp(garbage);
  const probed = await probeImage(path, { maxPixels: 1e9, file: "m.tif" });
  const issue = probed.issues.find((i) => i.code === "EMBEDDED_UNREADABLE");
  t.truthy(issue, JSON.stringify(probed.issues));
  t.is(issue!.severity, "warning");
  t.is(issue!.field, "file");
});

test("CLI: a TIFF whose UTF-16 XMP claims © 2010 is not validated as Public Domain without a warning", async (t) => {
  const { mkdirSync, copyFileSync } = await import("node:fs");
  const { runCli } = await import("../helpers/cli.js");
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XMP.replace(/^\ufeff/, ""), "utf16le")]);
  const master = await tiffWithXmp(utf16);
  const dir = mkdtempSync(join(tmpdir(), "heritage-xmp-cli-"));
  mkdirSync(join(dir, "manifests"));
  mkdirSync(join(dir, "collections", "m"), { recursive: true });
  copyFileSync(master, join(dir, "collections", "m", "visby.tif"));
  writeFileSync(join(dir, "manifests", "m.csv"), "identifier,file,title,license\nV 1,visby.tif,Hamnen i Visby,https://creativecommons.org/publicdomain/mark/1.0/\n");
  const run = await runCli(["validate", join(dir, "manifests", "m.csv"), "--json"], { cwd: dir });
  const report = JSON.parse(run.stdout) as { issues: { code: string; row: number }[] };
  t.true(report.issues.some((i) => i.code === "EMBEDDED_RIGHTS_DIFFERS" && i.row === 2), run.stdout);
});

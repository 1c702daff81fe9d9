import test from "ava";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { runCli } from "../helpers/cli.js";
import { copyCollection } from "./helpers.js";

/** A PNG whose header and end marker are intact but one IDAT byte is flipped: the header-only probe passes it, decoding fails. */
async function pngWithBadIdat(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 120, g: 80, b: 40 } } }).png({ compressionLevel: 0 }).toBuffer();
  const idat = png.indexOf(Buffer.from("IDAT"));
  const bad = Buffer.from(png);
  bad[idat + 4 + 20] = bad[idat + 4 + 20]! ^ 0xff;
  return bad;
}

test("a master the preview cannot decode is an IMAGE_CORRUPT error on its row, not 'OK, publish would upload it'", async (t) => {
  const { dir, manifest } = await copyCollection(t, "sample");
  await writeFile(join(dir, "collections/sample/bad-idat.png"), await pngWithBadIdat());
  await appendFile(manifest, "\r\nBAD-1;bad-idat.png;A PNG with a damaged data block;;;1908;;;;;;http://rightsstatements.org/vocab/NKC/1.0/;;;\r\n");
  const validate = await runCli(["validate", manifest, "--json"], { cwd: dir });
  t.false(validate.stdout.includes('"BAD-1"') && /"IMAGE_CORRUPT"/.test(validate.stdout), "the header-only validation does not see it (that is what --deep is for)");

  const run = await runCli(["preview", manifest, "--json"], { cwd: dir });
  t.is(run.code, 0, "the report is the product: it exits 0 and shows the error");
  const json = JSON.parse(run.stdout) as { summary: { validation: { errors: number }; issues: { byCode: { code: string }[] } } };
  t.is(json.summary.validation.errors, 1);
  t.true(json.summary.issues.byCode.some((c) => c.code === "IMAGE_CORRUPT"));
  const html = await readFile(join(dir, "manifests/.heritage/sample/preview/index.html"), "utf8");
  t.regex(html, /publish\\u003c\/span> would skip it: the row has errors/);
});

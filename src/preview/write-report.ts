/**
 * Writing the report's page. Written through a temporary file and renamed, so a curator who has
 * the report open (or a zip made meanwhile) never gets half a page.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomically } from "./display-images.js";

/** The report's page inside its folder. */
export const INDEX_FILE = "index.html";

/** Write `index.html` into `outDir` (created when missing); returns its path and size in bytes. */
export async function writeIndexHtml(outDir: string, html: string): Promise<{ path: string; bytes: number }> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, INDEX_FILE);
  const data = Buffer.from(html, "utf8");
  await writeAtomically(path, data);
  return { path, bytes: data.length };
}

/**
 * Write the published JSON Schemas to schema/ (`npx tsx scripts/write-schema.ts`, or
 * `npm run schema`). The content comes from src/manifest/json-schemas.ts; a test fails when
 * the committed files differ from it, so run this after changing settings or fields.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSchemaFiles } from "../src/manifest/json-schemas.js";

const outDir = fileURLToPath(new URL("../schema/", import.meta.url));
await mkdir(outDir, { recursive: true });
for (const [name, content] of Object.entries(renderSchemaFiles())) {
  await writeFile(join(outDir, name), content);
  process.stdout.write(`wrote schema/${name}\n`);
}

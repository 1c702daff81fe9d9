import test from "ava";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { buildManifestJsonSchema, buildSettingsJsonSchema, renderSchemaFiles } from "../../src/manifest/json-schemas.js";
import { CANONICAL_FIELDS } from "../../src/fields.js";
import { SettingsSchema } from "../../src/settings/schema.js";
import { REPO_ROOT } from "../helpers/paths.js";

const SCHEMA_DIR = pathToFileURL(join(REPO_ROOT, "schema") + "/");

for (const [name, content] of Object.entries(renderSchemaFiles())) {
  test(`schema/${name} is what scripts/write-schema.ts generates (run it after changing settings or fields)`, async (t) => {
    t.is(await readFile(fileURLToPath(new URL(name, SCHEMA_DIR)), "utf8"), content);
  });
}

test("the settings schema describes input: settings with defaults are optional, unknown keys refused", (t) => {
  const schema = buildSettingsJsonSchema() as { required?: string[]; properties: Record<string, unknown>; additionalProperties: unknown };
  t.deepEqual(schema.required ?? [], []);
  t.deepEqual(Object.keys(schema.properties).sort(), Object.keys(SettingsSchema.shape).sort());
  t.is(schema.additionalProperties, false);
});

test("the manifest schema: every canonical field described, identifier and file required, lists for tags and album", (t) => {
  const schema = buildManifestJsonSchema() as { $defs: { item: { properties: Record<string, { description: string; anyOf?: unknown[] }>; required: string[] }; settings: unknown } };
  const item = schema.$defs.item;
  t.deepEqual(Object.keys(item.properties), [...CANONICAL_FIELDS]);
  t.true(Object.values(item.properties).every((p) => p.description.length > 10));
  t.deepEqual(item.required, ["identifier", "file"]);
  t.truthy(item.properties.tags!.anyOf);
  t.truthy(item.properties.album!.anyOf);
  t.falsy(item.properties.title!.anyOf);
  const { $schema: _s, title: _t, description: _d, ...settings } = buildSettingsJsonSchema();
  t.deepEqual(schema.$defs.settings, settings);
});

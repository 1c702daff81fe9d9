/**
 * The published JSON Schemas (schema/*.schema.json), so editors can check settings and
 * JSON/YAML manifests as people type. Generated from the code — the settings schema from the
 * zod `SettingsSchema`, the manifest schema from the canonical fields — and written by
 * `scripts/write-schema.ts`; a test keeps the committed files equal to what this returns.
 */
import { z } from "zod";
import { CANONICAL_FIELDS, LIST_FIELDS, REQUIRED_FIELDS, type CanonicalField } from "../fields.js";
import { SettingsSchema } from "../settings/schema.js";

type JsonSchema = Record<string, unknown>;

const TEXT = ["string", "number", "null"];
const FLAG = ["boolean", "string", "number", "null"];

/** What each canonical field holds, for editors' tooltips. */
const FIELD_DOCS: Readonly<Record<CanonicalField, { description: string; type: string[] }>> = {
  identifier: { type: TEXT, description: "Stable catalogue identifier, unique in the manifest; the photo gets the machine tag <namespace>:id=<identifier>." },
  file: { type: TEXT, description: "Path of the master image, relative to the collection folder." },
  title: { type: TEXT, description: "Title of the photo." },
  description: { type: TEXT, description: "Description; can be built with the description template in the settings." },
  creator: { type: TEXT, description: "Photographer or creator, as catalogued." },
  date: { type: TEXT, description: "When the photo was taken, as catalogued: ISO 8601 or EDTF, e.g. 1923, 1923-05-01, 1920/1929, 1923~." },
  place: { type: TEXT, description: "Place shown or where the photo was taken, as text." },
  latitude: { type: TEXT, description: "Latitude in decimal degrees (WGS 84), -90 to 90." },
  longitude: { type: TEXT, description: "Longitude in decimal degrees (WGS 84), -180 to 180." },
  geo_accuracy: { type: TEXT, description: "Accuracy of the position on Flickr's scale: 1 (world) to 16 (street)." },
  tags: { type: TEXT, description: "Tags: a list, or one text with tags separated by ';'." },
  license: { type: TEXT, description: "Licence or rights statement: a Creative Commons or RightsStatements.org URI or name, or 'No known copyright restrictions'." },
  album: { type: TEXT, description: "Album(s) the photo belongs to: a list, or one text separated by ';'." },
  source_url: { type: TEXT, description: "Web address of the record in the institution's online catalogue." },
  is_public: { type: FLAG, description: "Whether the photo is public." },
  hidden: { type: FLAG, description: "Whether the photo is hidden from public searches." },
  safety_level: { type: TEXT, description: "Flickr safety level: safe, moderate or restricted." },
  content_type: { type: TEXT, description: "Flickr content type: photo, screenshot, other or virtual photography." },
  can_comment: { type: TEXT, description: "Who may comment: nobody/ingen, friends/vänner, contacts/kontakter or everybody/alla; empty leaves Flickr's setting alone." },
  can_add_meta: { type: TEXT, description: "Who may add tags and notes: nobody/ingen, friends/vänner, contacts/kontakter or everybody/alla; empty leaves Flickr's setting alone." },
};

function fieldSchema(field: CanonicalField): JsonSchema {
  const doc = FIELD_DOCS[field];
  if ((LIST_FIELDS as readonly string[]).includes(field)) {
    return { description: doc.description, anyOf: [{ type: doc.type }, { type: "array", items: { type: ["string", "number"] } }] };
  }
  return { description: doc.description, type: doc.type };
}

/** JSON Schema of a settings file (`<manifest>.settings.yaml`) or a manifest's `settings` section. */
export function buildSettingsJsonSchema(): JsonSchema {
  // io "input": settings that have defaults are optional in a file, not required.
  const generated = z.toJSONSchema(SettingsSchema, { io: "input" }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: "heritage collection settings",
    description: "Settings of a collection: beside a CSV manifest as <name>.settings.yaml (or .json), or in the \"settings\" section of a JSON/YAML manifest.",
    ...rest,
  };
}

/** JSON Schema of a JSON/YAML manifest: `{ settings?, items }`, a bare list of items, or records keyed by id. */
export function buildManifestJsonSchema(): JsonSchema {
  const { $schema, title: _title, description: _description, ...settings } = buildSettingsJsonSchema();
  const item: JsonSchema = {
    type: "object",
    description: "One image. Keys that are not fields (or aliases such as dc:title) are kept and usable in templates as {key}.",
    properties: Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, fieldSchema(f)])),
    required: [...REQUIRED_FIELDS],
    // Nested mappings and lists are read as dotted-path columns (metadata.title.sv, creators.0.name).
    additionalProperties: { type: ["string", "number", "boolean", "null", "array", "object"] },
  };
  return {
    $schema,
    title: "heritage manifest",
    description: "A manifest of images to publish on Flickr: collection settings and one item per image, or just the list of items.",
    oneOf: [
      {
        type: "object",
        properties: {
          $schema: { type: "string" },
          settings: { $ref: "#/$defs/settings" },
          items: { type: "array", items: { $ref: "#/$defs/item" } },
        },
        required: ["items"],
        additionalProperties: false,
      },
      { type: "array", items: { $ref: "#/$defs/item" } },
      {
        type: "object",
        description: "Records keyed by id (settings in a sidecar file): each key is available as the column _key.",
        not: { required: ["items"] },
        minProperties: 1,
        additionalProperties: { type: "object" },
      },
    ],
    $defs: { settings, item },
  };
}

/** File name (in schema/) → content, exactly as committed: two-space JSON with a final newline. */
export function renderSchemaFiles(): Record<string, string> {
  const render = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    "settings.schema.json": render(buildSettingsJsonSchema()),
    "manifest.schema.json": render(buildManifestJsonSchema()),
  };
}

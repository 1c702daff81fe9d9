/**
 * Collection settings: one zod schema gives the runtime validation, the TypeScript type and
 * the published JSON Schema (schema/settings.schema.json, written by `npm run schema`).
 */
import { z } from "zod";
import { CANONICAL_FIELDS } from "../fields.js";
import { CommunitySettingsSchema, ModerationSettingsSchema } from "../community/settings.js";

const canonicalField = z.enum(CANONICAL_FIELDS);

export const ImageSettingsSchema = z
  .object({
    max_pixels: z
      .number()
      .int()
      .positive()
      .default(268_402_689)
      .describe("Refuse images with more pixels than this (decompression-bomb guard). Default: sharp's 16383×16383."),
    max_long_edge: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Downscale upload copies whose long edge is larger (pixels). Unset: keep full size."),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(200_000_000)
      .describe("Largest upload copy in bytes; Flickr's photo limit is 200 MB, taken as decimal (200,000,000 bytes) since binary is unconfirmed."),
    jpeg_quality: z.number().int().min(1).max(100).default(90).describe("JPEG quality of upload copies."),
    cache_max_bytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024 * 1024)
      .describe("Cap on the normalized-copy cache; least recently used copies are removed beyond it."),
  })
  .strict();

export const SettingsSchema = z
  .object({
    $schema: z.string().optional(),
    collection: z
      .string()
      .optional()
      .describe("Folder of master images, relative to the manifest. Default: ../collections/<manifest name>/."),
    institution: z.string().optional().describe("Institution name, available to templates as {institution}."),
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/, "ASCII letters, digits and underscore only")
      .default("heritage")
      .describe("Machine-tag namespace: every photo gets <namespace>:id=<identifier>."),
    commons: z
      .boolean()
      .default(true)
      .describe("Publishing as a Flickr Commons member: NonCommercial/NoDerivs licences become warnings."),
    defaults: z
      .partialRecord(
        canonicalField,
        // YAML writes `geo_accuracy: 16` as a number: accept scalars, keep them as text like a CSV cell.
        z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v)),
      )
      .default({})
      .describe("Values used when a row leaves a field empty."),
    columns: z
      .record(z.string(), canonicalField)
      .default({})
      .describe("Extra column aliases: header in the export → canonical field."),
    templates: z
      .object({
        title: z.string().optional().describe("Title template, e.g. '{title}, {place}'."),
        description: z.string().optional().describe("Description template; a line whose fields are all empty is left out."),
      })
      .strict()
      .default({}),
    licenses: z
      .record(z.string(), z.number().int().min(0).max(16))
      .default({})
      .describe("Explicit rights value → Flickr licence id (0–16), for statements with no automatic mapping."),
    extra_tags: z.array(z.string()).default([]).describe("Tags added to every photo (e.g. the institution's name)."),
    source_url_machine_tag: z
      .boolean()
      .default(true)
      .describe("Also add <namespace>:url=<source_url> as a machine tag."),
    embedded_metadata: z
      .enum(["ignore", "warn", "fill"])
      .default("warn")
      .describe("warn: report embedded metadata that disagrees with the manifest; fill: also fill empty fields from it."),
    date: z
      .object({
        // No default here: unset means "what `heritage doctor --probe` measured, else 1800",
        // decided where the account is known (src/doctor/calibration.ts dateFloorFor).
        earliest_year: z
          .number()
          .int()
          .optional()
          .describe("Dates before this year are published without a date. Unset: the year `heritage doctor --probe` measured on the account, else 1800 (Flickr's lower bound is unconfirmed)."),
        // Optional rather than defaulted, so code that builds settings by hand need not name them;
        // parseDate applies the defaults (midpoint, 100).
        ranges: z
          .enum(["midpoint", "start"])
          .optional()
          .describe("A range, decade or century is published as circa its midpoint (1940-1959 → circa 1950; the default) or its start."),
        max_span: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("A date spanning more years than this (default 100) is published without a date."),
      })
      .strict()
      .default({}),
    limits: z
      .object({
        title_length: z
          .number()
          .int()
          .min(1)
          .default(255)
          .describe("Longest title, in characters (Flickr documents no limit; 255 keeps titles readable everywhere they are shown)."),
        description_bytes: z
          .number()
          .int()
          .min(1)
          .default(65_536)
          .describe("Longest description, in bytes of UTF-8 (64 KB by default)."),
      })
      .strict()
      .default({ title_length: 255, description_bytes: 65_536 })
      .describe("Length limits on the text sent to Flickr; a longer title or description is an error on its row."),
    // ---- reading exports as they come (issue 13) ----------------------------------------
    delimiter: z
      .enum([",", ";", "\t", "|"])
      .optional()
      .describe("CSV delimiter. Unset: detected from the header line (comma, semicolon, tab or |)."),
    file_template: z
      .string()
      .optional()
      .describe("The image file of a row, built from its columns when the export has no file column, e.g. '{Fotonummer}.tif'."),
    join: z
      .object({
        file: z.string().describe("A second CSV/TSV/JSON file, relative to the manifest, e.g. the filename mapping."),
        on: z.string().describe("The column of the manifest whose value is looked up."),
        key: z.string().optional().describe("The column of the joined file to match on. Default: the same name as `on`."),
      })
      .strict()
      .optional()
      .describe("Join the rows of a second file by key: its columns are added to each row (the manifest's own values win)."),
    lists: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe("List separator per column, e.g. { Nyckelord: ', ' }. Columns not listed split tags and albums at ';'."),
    language: z
      .string()
      .optional()
      .describe("Preferred language of multi-language records (LIDO titles, descriptions, dates), e.g. 'sv'. Default: the first given."),
    // ---- end of issue 13 keys -------------------------------------------------------------
    images: ImageSettingsSchema.default({
      max_pixels: 268_402_689,
      max_bytes: 200_000_000,
      jpeg_quality: 90,
      cache_max_bytes: 10 * 1024 * 1024 * 1024,
    }),
    // After publishing (harvest, moderate): triage and moderation rules.
    community: CommunitySettingsSchema.default({ rules: [], default_rules: true }).describe("Triage of what the public adds (heritage harvest)."),
    moderation: ModerationSettingsSchema.default({ blocked: [], link_spam: [], group_invite: [], max_links: 2, trusted: [], default_rules: true, flag_kinds: ["abuse", "group-invitation-spam", "link-spam"] }).describe("What heritage moderate flags for removal."),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

/** Fully defaulted settings (a fresh object each call, so nobody shares a mutable default). */
export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

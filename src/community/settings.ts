/**
 * The `community:` and `moderation:` settings: the triage rules and the moderation rules, as
 * transparent lists of patterns (regular expressions, case-insensitive, Unicode) in Swedish and
 * English. Defaults live here; a collection's settings may add rules or replace the defaults.
 */
import { z } from "zod";

export const TRIAGE_KINDS = [
  "abuse",
  "group-invitation-spam",
  "link-spam",
  "machine-tag",
  "reference-link",
  "place",
  "date",
  "correction",
  "identification",
  "question",
  "thanks",
  "other",
] as const;
export type TriageKind = (typeof TRIAGE_KINDS)[number];

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, "iu");
    return true;
  } catch {
    return false;
  }
}

const pattern = z
  .string()
  .min(1)
  .refine(isRegExp, "not a valid regular expression")
  .describe("A regular expression, matched case-insensitively against the text.");

export const CommunitySettingsSchema = z
  .object({
    rules: z
      .array(z.object({ kind: z.enum(TRIAGE_KINDS), pattern }).strict())
      .default([])
      .describe("Triage rules tried before the built-in ones, in order: the first whose pattern matches gives the suggested kind."),
    default_rules: z.boolean().default(true).describe("Also use the built-in Swedish and English rules (after yours)."),
    catalogue_url: z
      .string()
      .optional()
      .describe("Link to a catalogue record when a row has no source_url, with {identifier}, e.g. https://kmb.raa.se/cocoon/bild/show-image.html?id={identifier}."),
  })
  .strict();

export const ModerationSettingsSchema = z
  .object({
    blocked: z.array(pattern).default([]).describe("Words or patterns that flag a contribution as abuse (added to the built-in list)."),
    link_spam: z.array(pattern).default([]).describe("Patterns that flag link spam (added to the built-in list)."),
    group_invite: z.array(pattern).default([]).describe("Patterns that flag group-invitation spam (added to the built-in list)."),
    max_links: z.number().int().min(0).default(2).describe("More links than this in one contribution is link spam."),
    trusted: z.array(z.string()).default([]).describe("Accounts (NSID or username) never flagged."),
    default_rules: z.boolean().default(true).describe("Also use the built-in lists."),
    flag_kinds: z
      .array(z.enum(["abuse", "group-invitation-spam", "link-spam"]))
      .default(["abuse", "group-invitation-spam", "link-spam"])
      .describe("Which moderation rules flag a contribution for removal."),
  })
  .strict();

export type CommunitySettings = z.infer<typeof CommunitySettingsSchema>;
export type ModerationSettings = z.infer<typeof ModerationSettingsSchema>;

export const defaultCommunitySettings = (): CommunitySettings => CommunitySettingsSchema.parse({});
export const defaultModerationSettings = (): ModerationSettings => ModerationSettingsSchema.parse({});

/**
 * Per-photo settings a row may give: `is_public`, `hidden`, `safety_level`, `content_type`.
 * Each is a small table of the words archivists write (English and Swedish) → Flickr's number.
 * Empty means the account's default (null), except `is_public`, which defaults to public (1):
 * Flickr Commons is for public photos.
 */
import { error, type Issue } from "../issues.js";

/** One option: its accepted words → Flickr value. Keys are compared lower-case and trimmed. */
export interface OptionTable<T extends number> {
  field: "is_public" | "hidden" | "safety_level" | "content_type";
  values: Readonly<Record<string, T>>;
  /** What the hint lists as accepted. */
  accepted: string;
}

/** 1 public, 0 private (Flickr Commons photos are public, so empty is 1). */
export const IS_PUBLIC: OptionTable<0 | 1> = {
  field: "is_public",
  values: { "1": 1, true: 1, yes: 1, ja: 1, public: 1, offentlig: 1, "0": 0, false: 0, no: 0, nej: 0, private: 0, privat: 0 },
  accepted: "1/0, true/false, yes/no, ja/nej, public/private",
};

/** Flickr's numbering: 1 shown in public searches, 2 hidden. "true"/"yes" means hidden. */
export const HIDDEN: OptionTable<1 | 2> = {
  field: "hidden",
  values: { "1": 1, "2": 2, true: 2, yes: 2, ja: 2, hidden: 2, dold: 2, false: 1, no: 1, nej: 1, shown: 1, visible: 1, synlig: 1 },
  accepted: "1 (shown in searches) or 2 (hidden), or true/false, yes/no, ja/nej (true = hidden)",
};

/** Flickr's setter numbering: 1 safe, 2 moderate, 3 restricted. */
export const SAFETY_LEVEL: OptionTable<1 | 2 | 3> = {
  field: "safety_level",
  values: { "1": 1, safe: 1, säker: 1, säkert: 1, "2": 2, moderate: 2, måttlig: 2, måttligt: 2, "3": 3, restricted: 3, begränsad: 3, begränsat: 3 },
  accepted: "1/safe/säker, 2/moderate/måttlig, 3/restricted/begränsad",
};

/** 1 photo, 2 screenshot, 3 other (art, illustration), 4 virtual photography. */
export const CONTENT_TYPE: OptionTable<1 | 2 | 3 | 4> = {
  field: "content_type",
  values: {
    "1": 1, photo: 1, photograph: 1, foto: 1, fotografi: 1,
    "2": 2, screenshot: 2, skärmbild: 2, skärmdump: 2,
    "3": 3, other: 3, art: 3, illustration: 3, annat: 3, övrigt: 3, konst: 3,
    "4": 4, virtual: 4, "virtual photography": 4, virtuell: 4,
  },
  accepted: "1/photo, 2/screenshot, 3/other (art, illustration), 4/virtual",
};

function lookup<T extends number>(table: OptionTable<T>, value: string | undefined, issues: Issue[]): T | null {
  const key = value?.trim().toLowerCase().replace(/\s+/g, " ") ?? "";
  if (key === "") return null;
  const found = table.values[key];
  if (found !== undefined) return found;
  issues.push(
    error("ROW_INVALID_VALUE", {
      field: table.field,
      value,
      message: `${table.field} ${JSON.stringify(value)} is not one of the accepted values`,
      hint: `Write ${table.accepted}, or leave it empty for ${table.field === "is_public" ? "public" : "the account's default"}.`,
    }),
  );
  return null;
}

/** The row's cells as written. */
export interface PhotoOptionsInput {
  is_public?: string;
  hidden?: string;
  safety_level?: string;
  content_type?: string;
}

/** Flickr's values; null = the account's default. */
export interface PhotoOptions {
  is_public: 0 | 1;
  hidden: 1 | 2 | null;
  safety_level: 1 | 2 | 3 | null;
  content_type: 1 | 2 | 3 | 4 | null;
  issues: Issue[];
}

/** Map the per-photo options; an unknown word is a ROW_INVALID_VALUE error naming the accepted ones. */
export function mapPhotoOptions(input: PhotoOptionsInput): PhotoOptions {
  const issues: Issue[] = [];
  return {
    is_public: lookup(IS_PUBLIC, input.is_public, issues) ?? 1,
    hidden: lookup(HIDDEN, input.hidden, issues),
    safety_level: lookup(SAFETY_LEVEL, input.safety_level, issues),
    content_type: lookup(CONTENT_TYPE, input.content_type, issues),
    issues,
  };
}

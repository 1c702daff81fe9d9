/**
 * What one photo looks like on Flickr after mapping: the values heritage sends. This is the
 * `flickr` object of `heritage validate --json`, the input of publish, and what sync diffs.
 */
export type DateGranularity = 0 | 4 | 6 | 8;

export interface FlickrFields {
  title: string;
  /** Description in the limited HTML Flickr accepts (links, bold, italic), everything else escaped. */
  description: string;
  /** Raw tags as Flickr stores them (no surrounding quotes): user tags, extra tags, then machine tags. */
  tags: string[];
  /** Flickr licence id 0–16, or null when the licence could not be mapped (an error). */
  license_id: number | null;
  /** `YYYY-MM-DD HH:MM:SS` as setDates takes it, or null (published without a date). */
  date_taken: string | null;
  date_taken_granularity: DateGranularity | null;
  latitude: number | null;
  longitude: number | null;
  /** 1 (world) … 16 (street); null without coordinates. */
  accuracy: number | null;
  albums: string[];
  is_public: 0 | 1;
  /** 1 shown in public search, 2 hidden; null = account default. */
  hidden: 1 | 2 | null;
  /** 1 safe, 2 moderate, 3 restricted (the setter's numbering); null = account default. */
  safety_level: 1 | 2 | 3 | null;
  /** 1 photo, 2 screenshot, 3 other, 4 virtual photography; null = account default. */
  content_type: 1 | 2 | 3 | 4 | null;
  /**
   * Who may comment (setPerms' `perm_comment`): 0 nobody, 1 friends and family, 2 contacts,
   * 3 everybody. Null or absent: not managed by heritage (Flickr keeps what it has).
   */
  perm_comment?: 0 | 1 | 2 | 3 | null;
  /** Who may add tags and notes (setPerms' `perm_addmeta`), numbered as `perm_comment`; null/absent: not managed. */
  perm_addmeta?: 0 | 1 | 2 | 3 | null;
}

/**
 * Field groups: each maps to the API call(s) that change it, and the state keeps one hash per
 * group, so sync spends calls only on groups that changed.
 */
export const FIELD_GROUPS = {
  meta: ["title", "description"],
  tags: ["tags"],
  license: ["license_id"],
  date: ["date_taken", "date_taken_granularity"],
  geo: ["latitude", "longitude", "accuracy"],
  albums: ["albums"],
  perms: ["is_public", "perm_comment", "perm_addmeta"],
  safety: ["safety_level", "hidden"],
  content_type: ["content_type"],
} as const satisfies Record<string, readonly (keyof FlickrFields)[]>;

export type FieldGroup = keyof typeof FIELD_GROUPS;
export const FIELD_GROUP_NAMES = Object.keys(FIELD_GROUPS) as FieldGroup[];

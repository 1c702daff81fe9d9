/**
 * Validation issues are data: every problem found in a manifest, an image or a mapping is an
 * `Issue` with a stable code, where it is (row, column), the offending value and a hint that
 * says what was expected. Nothing here prints or exits; the CLI decides what an issue means.
 */

export type Severity = "error" | "warning";

/**
 * The stable issue codes. Adding a code is fine; renaming or removing one is a breaking change
 * of the `heritage.validate/1` JSON schema (tools parse these).
 */
export const ISSUE_CODES = {
  // ---- manifest and settings -------------------------------------------------------------
  MANIFEST_ENCODING: "The manifest is not in an encoding that can be read safely",
  MANIFEST_ENCODING_CONVERTED: "The manifest was decoded from a legacy encoding",
  MANIFEST_PARSE: "The manifest could not be parsed (CSV/JSON/YAML syntax)",
  MANIFEST_EMPTY: "The manifest has no rows",
  MANIFEST_MISSING_COLUMN: "A required column is missing from the header",
  MANIFEST_DUPLICATE_COLUMN: "Two header cells name the same field",
  MANIFEST_UNKNOWN_COLUMN: "A column is not a known field (kept, usable in templates)",
  MANIFEST_ROW_SHAPE: "A row has more or fewer cells than the header",
  SETTINGS_INVALID: "A collection setting has a wrong value",
  ROW_MISSING_VALUE: "A required value is empty",
  ROW_DUPLICATE_ID: "The identifier is used by an earlier row",
  ROW_INVALID_VALUE: "A value is not one of the accepted values",
  // ---- licence ----------------------------------------------------------------------------
  LICENSE_MISSING: "No licence and no default licence",
  LICENSE_UNKNOWN: "The rights value is not a known licence or rights statement",
  LICENSE_NOT_ON_FLICKR: "A licence version Flickr does not offer",
  LICENSE_IN_COPYRIGHT: "In Copyright is not a licence that can be published",
  LICENSE_NOT_FLICKR_LICENSE: "A rights statement that is not a Flickr licence",
  LICENSE_RESTRICTIVE: "A NonCommercial or NoDerivs licence in a Commons collection",
  LICENSE_NKC_NOT_COMMONS: "No known copyright restrictions needs a Flickr Commons account",
  // ---- dates -------------------------------------------------------------------------------
  DATE_UNPARSEABLE: "The date could not be read; the photo is published without a date",
  DATE_LOSSY: "The date was mapped with a loss of precision",
  DATE_UNKNOWN: "The date is explicitly unknown",
  DATE_FUTURE: "The date lies in the future",
  DATE_OUT_OF_RANGE: "The date was read, but Flickr does not accept it (before the earliest year Flickr takes)",
  DATE_LIFE: "The date is a birth or death year (a life), not when the photo was made",
  // ---- tags --------------------------------------------------------------------------------
  TAGS_TOO_MANY: "More than 75 tags in total",
  TAG_INVALID: "A tag cannot be sent to Flickr as written",
  TAG_DUPLICATE: "A tag is listed twice",
  MACHINE_TAG_INVALID: "A machine tag namespace or predicate is not ASCII letters, digits, underscore",
  // ---- text --------------------------------------------------------------------------------
  TITLE_MISSING: "The title is empty and no default or template supplies one",
  TITLE_TOO_LONG: "The title is longer than limits.title_length",
  DESCRIPTION_TOO_LONG: "The description is longer than limits.description_bytes",
  TEMPLATE_FIELD_UNKNOWN: "A template uses a field no row has",
  HTML_ESCAPED: "HTML that Flickr does not allow was escaped",
  URL_INVALID: "A URL is not an http(s) URL",
  TEXT_HIDDEN_CHARACTER: "A value holds characters that cannot be seen (control, direction override, zero-width)",
  TEXT_LONE_SURROGATE: "A value holds half of a UTF-16 character pair; it is sent as U+FFFD",
  // ---- geo ---------------------------------------------------------------------------------
  GEO_OUT_OF_RANGE: "Latitude or longitude out of range",
  GEO_SWAPPED: "Latitude and longitude look swapped",
  GEO_NULL_ISLAND: "Coordinates 0,0 (null island)",
  GEO_INCOMPLETE: "Only one of latitude and longitude is given",
  GEO_INVALID: "A coordinate or accuracy is not a number in range",
  // ---- files and images --------------------------------------------------------------------
  COLLECTION_MISSING: "The collection folder does not exist",
  FILE_MISSING: "The file does not exist",
  FILE_EMPTY: "The file is empty (zero bytes)",
  FILE_OUTSIDE_COLLECTION: "The path leaves the collection folder",
  FILE_DUPLICATE: "The same file is listed by an earlier row",
  FILE_SAME_CONTENT: "The same image content is listed under another identifier",
  FILE_NOT_IMAGE: "The file is not an image",
  IMAGE_CORRUPT: "The image is truncated or corrupt",
  IMAGE_UNSUPPORTED: "An image format that cannot be converted for Flickr",
  IMAGE_TOO_MANY_PIXELS: "More pixels than the configured limit (decompression bomb guard)",
  IMAGE_MULTI_PAGE: "A multi-page image: only the first page is published",
  IMAGE_TOO_LARGE: "The upload copy would be larger than Flickr accepts",
  IMAGE_PROFILE_INVALID: "The embedded colour profile is unreadable; colours are converted as if sRGB",
  IMAGE_RESIZED: "The upload copy was made smaller or lower quality to fit a size limit",
  IMAGE_METADATA_SHORTENED: "A value was shortened to fit the upload copy's embedded metadata",
  EMBEDDED_DATE_DIFFERS: "The date embedded in the image differs from the manifest",
  EMBEDDED_GPS_DIFFERS: "The GPS position embedded in the image is far from the manifest's",
  EMBEDDED_RIGHTS_DIFFERS: "The rights embedded in the image contradict the licence",
  EMBEDDED_UNREADABLE: "An embedded metadata block (XMP, IPTC, EXIF) is there but cannot be read",
  EMBEDDED_FILLED: "An empty manifest field was filled from the image's embedded metadata",
  // ---- reading exports (issue 13) ----------------------------------------------------------
  FILE_SUBSTITUTED: "The file was not found as written; a file differing in case or extension was used",
  JOIN_UNMATCHED: "No record of the joined file matches the row's key",
  TAG_LIST_SEPARATOR: "A tag contains \", \": the column probably needs a list separator",
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** Row as the user sees it: CSV header is row 1, so the first item is row 2; JSON/YAML items count from 1. Null for whole-file issues. */
  row: number | null;
  identifier: string | null;
  /** Canonical field (or the original column header for unknown columns). */
  field: string | null;
  /** The offending value, truncated for display. */
  value: string | null;
  /** What is wrong, in one sentence. */
  message: string;
  /** What was expected / how to fix it. */
  hint?: string;
  /** The file the issue is about, when it is not the manifest itself (e.g. an image). */
  file?: string;
}

export interface IssueInit {
  row?: number | null;
  identifier?: string | null;
  field?: string | null;
  value?: unknown;
  message?: string;
  hint?: string;
  file?: string;
}

const MAX_VALUE_LENGTH = 200;

/** Shorten a value for messages: long cells are cut, control characters made visible. */
export function displayValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let text = Array.isArray(value) ? value.join("; ") : String(value);
  text = text.replace(/\r?\n/g, "⏎");
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function make(severity: Severity, code: IssueCode, init: IssueInit): Issue {
  const out: Issue = {
    severity,
    code,
    row: init.row ?? null,
    identifier: init.identifier ?? null,
    field: init.field ?? null,
    value: displayValue(init.value),
    message: init.message ?? ISSUE_CODES[code],
  };
  if (init.hint !== undefined) out.hint = init.hint;
  if (init.file !== undefined) out.file = init.file;
  return out;
}

export const error = (code: IssueCode, init: IssueInit = {}): Issue => make("error", code, init);
export const warning = (code: IssueCode, init: IssueInit = {}): Issue => make("warning", code, init);

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** Attach row context to issues produced by a pure function that knows nothing of rows. */
export function atRow(issues: readonly Issue[], row: number, identifier: string | null): Issue[] {
  return issues.map((i) => ({ ...i, row: i.row ?? row, identifier: i.identifier ?? identifier }));
}

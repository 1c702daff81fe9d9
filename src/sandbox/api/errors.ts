/**
 * Flickr's API errors as data. A handler throws `ApiError(code, message)`; the server turns it into
 * `{"stat":"fail","code":N,"message":"…"}` (REST, HTTP 200) or `<err code msg/>` (upload XML).
 * Method-specific codes are small integers that mean different things per method (flickr-api.md §5).
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The universal codes, with Flickr's messages. */
export const UNIVERSAL_ERRORS = {
  0: "Sorry, the Flickr API service is not currently available.",
  95: "SSL is required",
  96: "Invalid signature",
  97: "Missing signature",
  98: "Invalid auth token",
  99: "Insufficient permissions",
  100: "Invalid API Key (Key not found)",
  105: "Service currently unavailable",
  106: "Write operation failed",
  111: "Format not found",
  112: "Method not found",
  116: "Bad URL found",
  201: "Sorry, the Flickr API service is not currently available.",
} as const satisfies Record<number, string>;

/** Upload/replace codes with the documented messages (flickr-api.md §3). */
export const UPLOAD_ERRORS = {
  1: "Not a pro account",
  2: "No photo specified",
  3: "General upload failure",
  4: "Filesize was zero",
  5: "Filetype was not recognised",
  6: "Upload limit reached. For more info, visit flickr.com/pro",
  7: "User exceeded video upload limit",
  8: "Filesize was too large",
  9: "Duplicate photo/video detected",
  15: "Non-safe content not allowed",
} as const satisfies Record<number, string>;

/** The message Flickr gives for a code, in REST (`upload` false) or upload context. */
export function messageFor(code: number, upload: boolean): string {
  if (upload && code in UPLOAD_ERRORS) return UPLOAD_ERRORS[code as keyof typeof UPLOAD_ERRORS];
  if (code in UNIVERSAL_ERRORS) return UNIVERSAL_ERRORS[code as keyof typeof UNIVERSAL_ERRORS];
  return "Error injected by the sandbox";
}

export const photoNotFound = (): ApiError => new ApiError(1, "Photo not found");

export function insufficientPermissions(needed: string, granted: string): ApiError {
  // Flickr's wording, e.g. "Insufficient permissions. Method requires write privileges; read granted."
  return new ApiError(99, `Insufficient permissions. Method requires ${needed} privileges; ${granted} granted.`);
}

export const methodNotFound = (method: string): ApiError => new ApiError(112, `Method "${method}" not found`);

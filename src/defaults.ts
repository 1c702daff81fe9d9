/**
 * The defaults a user sees, in one place: the yargs command modules import them (for the
 * option defaults and the help texts), so no command module carries a literal default. A
 * value is resolved flag → environment → settings → these. The library modules' own default
 * objects (PIPELINE_DEFAULTS, PREVIEW_DEFAULTS, SANDBOX_DEFAULTS) must agree; a test checks it.
 * This module imports nothing, so `heritage --help` stays fast.
 */

/** API calls per rolling hour for one key: Flickr asks for at most 3,600. */
const RUN_QUOTA = 3600;

/** publish, sync and state rebuild. */
export const RUN_DEFAULTS = {
  /** API calls per rolling hour for one key: Flickr asks for at most 3,600. */
  quota: RUN_QUOTA,
  /** Items uploaded / updated at once. */
  concurrency: 3,
  /** Upload copies made at once (sharp). */
  normalizeConcurrency: 2,
  /** Seconds a fresh upload with a lost answer may take to become searchable. */
  reconcileGraceSeconds: 120,
  /**
   * Photos queued per album (per 500 it holds) before one photosets.editPhotos puts them in, and
   * at the end of the run: an album then costs about 2 calls per 500 photos. Waiting costs nothing
   * but time out of the album (a kill keeps them queued for the next run).
   */
  albumBatch: 500,
} as const;

/** validate and preview. */
export const READ_DEFAULTS = {
  /** Images probed / decoded at once. */
  concurrency: 4,
} as const;

/** `heritage sandbox`. */
export const SANDBOX_CLI_DEFAULTS = {
  port: 0,
  host: "127.0.0.1",
  quota: 3600,
  maxUploadMb: 200,
  searchCap: 4000,
  freeLimit: 1000,
  /** How a bad signature is answered: HTTP 401 oauth_problem, as Flickr's OAuth endpoints do. */
  signatureErrors: "oauth",
} as const;

/** `heritage auth login`. */
export const AUTH_DEFAULTS = {
  /** Publishing needs write; deleting photos (sync --prune delete) needs delete. */
  perms: "write",
} as const;

/** sync's own options. */
export const SYNC_DEFAULTS = {
  /** The largest share (percent) of the published photos one prune may remove. */
  pruneMax: 5,
  /** A field edited on Flickr is kept (reported only). */
  onDrift: "keep",
  /** After writing, read the changed photos back. */
  readBack: true,
} as const;

/** harvest, moderate and report. */
export const COMMUNITY_DEFAULTS = {
  /** API calls per rolling hour for one key (the same budget as publish). */
  quota: RUN_QUOTA,
} as const;

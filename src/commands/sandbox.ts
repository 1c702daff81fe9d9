import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { DEDUP_CHECK_STYLES, type DedupCheckStyle } from "../sandbox/options.js";
import { SANDBOX_CLI_DEFAULTS as D } from "../defaults.js";
import { checkFlags, numberFlag, stringFlag } from "./options.js";

const SANDBOX_FLAG_CHECKS = checkFlags([
  numberFlag("port", { integer: true, min: 0, max: 65535, means: "the TCP port, 0 for any free one" }),
  stringFlag("host", "127.0.0.1, ::1 or localhost"),
  stringFlag("data", "a folder for the sandbox's photos and accounts"),
  numberFlag("quota", { integer: true, min: 1, means: "API calls per rolling hour per consumer key, e.g. 3600" }),
  stringFlag("faults", "a comma list of faults, e.g. 5xx=0.05,seed=7"),
  numberFlag("seed", { integer: true, min: 0, means: "a whole number that makes secrets and fault draws repeatable" }),
  numberFlag("max-upload-mb", { integer: false, min: 0, aboveMin: true, means: "the largest upload in MB, e.g. 200" }),
  numberFlag("search-cap", { integer: true, min: 1, means: "results per photos.search query, e.g. 4000" }),
  numberFlag("free-limit", { integer: true, min: 0, means: "items a non-Pro account may hold, e.g. 1000" }),
  numberFlag("search-lag", { integer: false, min: 0, means: "seconds a new or changed photo stays out of search, e.g. 30" }),
  numberFlag("search-empty-pages", { integer: false, min: 0, max: 1, means: "a probability from 0 to 1, e.g. 0.2" }),
  numberFlag("earliest-year", { integer: true, min: 0, means: "the earliest year setDates accepts, e.g. 1850" }),
  numberFlag("geo-privacy-code", { integer: true, min: 1, means: "a Flickr error code, e.g. 7" }),
  numberFlag("throttle-after", { integer: true, min: 1, means: "API calls before throttling starts, e.g. 100" }),
  numberFlag("community", { integer: false, min: 0, means: "contributions per hour of a simulated crowd, e.g. 60" }),
  numberFlag("throttle-seconds", { integer: true, min: 0, means: "how long a throttle lasts in seconds, e.g. 120" }),
]);

const FAULTS_HELP = `Faults: a comma list of KIND[@SCOPE][=RATE[xBURST]] and seed=N. SCOPE is a REST method, upload, replace or oauth.
  5xx|500|502|503|504  HTTP error page          429        Flickr's 429 page
  codeN                Flickr error N           reset      connection dropped, no response
  hang                 no response at all       html       an HTML page instead of JSON/XML
  latency=MIN-MAXms    delay every call         truncate   carried out, body cut off
  lost                 carried out, connection dropped (lost-upload = lost@upload)
Inspect with GET /sandbox/photos and /sandbox/calls; change faults with POST /sandbox/faults ({"spec": "..."}, Content-Type: application/json) or DELETE.
Simulate the public with POST /sandbox/community (Content-Type: application/json):
  {"photo_id":"…","kind":"comment|tag|note|fave|view","author":"username","text":"…"}, a list of them, or {"crowd":N}.`;

interface SandboxArgs {
  port: number;
  host: string;
  data?: string;
  quota?: number;
  faults?: string;
  seed?: number;
  commons: boolean;
  pro: boolean;
  "geo-privacy-default": boolean;
  "max-upload-mb"?: number;
  "search-cap"?: number;
  "free-limit"?: number;
  "signature-errors": "oauth" | "json";
  quiet: boolean;
  // ---- search lag and upload de-duplication ----
  "search-lag"?: number;
  "search-empty-pages"?: number;
  "dedup-check"?: DedupCheckStyle;
  // Realism (issue 11): each unset unless given, so --realism decides.
  realism?: "default" | "pessimistic";
  "flickr-descriptions"?: boolean;
  "set-tags-removes-others"?: boolean;
  "commons-license-locked"?: boolean;
  "machine-tag-match"?: "normalized" | "raw";
  "circa-zero-month"?: boolean;
  "exif-date-taken"?: boolean;
  "upload-refuses-content-type-4"?: boolean;
  "earliest-year"?: number;
  "geo-privacy-code"?: number;
  "throttle-after"?: number;
  "throttle-seconds"?: number;
  community?: number;
  "owner-deletes-comments": boolean;
}

const REALISM_FLAGS = {
  "flickr-descriptions": "flickrDescriptions",
  "set-tags-removes-others": "setTagsRemovesOthers",
  "commons-license-locked": "commonsLicenseLocked",
  "machine-tag-match": "machineTagMatch",
  "circa-zero-month": "circaZeroMonth",
  "exif-date-taken": "exifDateTaken",
  "upload-refuses-content-type-4": "uploadRefusesContentType4",
  "earliest-year": "earliestTakenYear",
  "geo-privacy-code": "geoPrivacyCode",
  "throttle-after": "throttleAfterCalls",
  "throttle-seconds": "throttleSeconds",
} as const;

/** The realism flags that were given, as library options. */
function realismOptions(argv: SandboxArgs): Record<string, unknown> {
  const out: Record<string, unknown> = argv.realism ? { realism: argv.realism } : {};
  for (const [flag, option] of Object.entries(REALISM_FLAGS)) {
    const value = argv[flag as keyof typeof REALISM_FLAGS];
    if (value !== undefined) out[option] = value;
  }
  return out;
}

export function sandboxCommand(ctx: CliContext): CommandModule<object, SandboxArgs> {
  return {
    command: "sandbox",
    describe:
      "Run a local Flickr API for rehearsals and tests (127.0.0.1 only). The first stdout line is JSON with its URL and a ready account's credentials.",
    builder: (y) =>
      y
        .option("port", { type: "number", default: D.port, describe: "Port (0 = any free port)" })
        .option("host", { type: "string", default: D.host, describe: "127.0.0.1, ::1 or localhost; nothing else is accepted" })
        .option("data", { type: "string", describe: "Keep photos and accounts in this folder across restarts (default: memory only)" })
        .option("quota", { type: "number", describe: `API calls per rolling hour per consumer key before HTTP 429 (default ${D.quota})` })
        .option("faults", {
          type: "string",
          
          describe: "Inject faults, e.g. 5xx=0.05,reset=0.02,latency=20-80ms,hang=0.001,truncate=0.01,code105=0.01x3,lost-upload=0.1,seed=7",
        })
        .option("seed", { type: "number", describe: "Seed for secrets and fault draws (default: random, printed)" })
        .option("commons", { type: "boolean", default: true, describe: "The account is a Flickr Commons member (uploads get licence 7); --no-commons: licence 0" })
        .option("pro", { type: "boolean", default: true, describe: "The account is Pro; --no-pro: 1,000-photo cap, Safe content only, no replace" })
        .option("geo-privacy-default", { type: "boolean", default: true, describe: "The account has a geo-privacy default (geo.setLocation works)" })
        .option("max-upload-mb", { type: "number", describe: `Largest upload accepted, MB (default ${D.maxUploadMb})` })
        .option("search-cap", { type: "number", describe: `Most results photos.search serves per query (default ${D.searchCap})` })
        .option("free-limit", { type: "number", describe: `Items a non-Pro account may hold (default ${D.freeLimit})` })
        .option("signature-errors", { choices: ["oauth", "json"] as const, default: D.signatureErrors, describe: "Bad signatures: HTTP 401 oauth_problem (oauth) or Flickr error 96 (json)" })
        .option("quiet", { type: "boolean", default: false, describe: "Log only problems, not every call" })
        // ---- search lag and upload de-duplication ----
        .option("search-lag", { type: "number", describe: "A new or changed photo is invisible to photos.search for a random 0–N seconds (default 0)" })
        .option("search-empty-pages", { type: "number", describe: "Probability that photos.search answers total > 0 with an empty page (default 0)" })
        .option("dedup-check", {
          choices: DEDUP_CHECK_STYLES,
          describe: "Upload with dedup_check=1 of bytes already on the account: error 9 with <duplicate_photo_id> (element, default), with the id on <err> (attribute), without it (bare), or stored again (ignored)",
        })
        .option("realism", {
          choices: ["default", "pessimistic"] as const,
          describe: "pessimistic: behave like the real Flickr's rough edges (every switch below but throttling and geo privacy)",
        })
        .option("flickr-descriptions", { type: "boolean", describe: 'Return descriptions as Flickr does (rel="noreferrer nofollow", shortened link text, &amp;)' })
        .option("set-tags-removes-others", { type: "boolean", describe: "setTags replaces other people's tags too" })
        .option("commons-license-locked", { type: "boolean", describe: "A Commons account's setLicense refuses licences other than its default (error 4)" })
        .option("machine-tag-match", { choices: ["normalized", "raw"] as const, describe: "Match machine-tag query values normalised (default) or as tagged" })
        .option("circa-zero-month", { type: "boolean", describe: "Circa dates read back as YYYY-00-01" })
        .option("exif-date-taken", { type: "boolean", describe: "Upload takes date taken from the file's EXIF DateTimeOriginal (default on)" })
        .option("upload-refuses-content-type-4", { type: "boolean", describe: "Upload refuses content_type=4 (error 3)" })
        .option("earliest-year", { type: "number", describe: "setDates refuses earlier years with error 6 (default 1800; pessimistic 1850)" })
        .option("geo-privacy-code", { type: "number", describe: "Error code of setLocation without a geo-privacy default (default 7)" })
        .option("throttle-after", { type: "number", describe: "Throttle below the quota: after N calls, HTTP 429 without Retry-After" })
        .option("throttle-seconds", { type: "number", describe: "How long a throttle lasts (default 120)" })
        .option("community", { type: "number", describe: "A seeded random crowd comments, tags, annotates, faves and views at this many contributions per hour (spam and abuse included); also POST /sandbox/community" })
        .option("owner-deletes-comments", { type: "boolean", default: true, describe: "The photo's owner may delete other people's comments (unconfirmed on Flickr); --no-owner-deletes-comments: error 2" })
        .check(SANDBOX_FLAG_CHECKS)
        .epilog(FAULTS_HELP),
    handler: async (argv) => {
      const { runSandboxCommand } = await import("../sandbox/command.js");
      ctx.setExitCode(
        await runSandboxCommand(ctx, {
          port: argv.port,
          host: argv.host,
          ...(argv.data !== undefined ? { dataDir: argv.data } : {}),
          ...(argv.quota !== undefined ? { quota: argv.quota } : {}),
          ...(argv.faults !== undefined ? { faults: argv.faults } : {}),
          ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
          commons: argv.commons,
          pro: argv.pro,
          geoPrivacyDefault: argv["geo-privacy-default"],
          ...(argv["max-upload-mb"] !== undefined ? { maxUploadBytes: Math.round(argv["max-upload-mb"] * 1_000_000) } : {}),
          ...(argv["search-cap"] !== undefined ? { searchResultCap: argv["search-cap"] } : {}),
          ...(argv["free-limit"] !== undefined ? { freeAccountPhotoLimit: argv["free-limit"] } : {}),
          signatureErrorStyle: argv["signature-errors"],
          quiet: argv.quiet,
          ...(argv["search-lag"] !== undefined ? { searchLagSeconds: argv["search-lag"] } : {}),
          ...(argv["search-empty-pages"] !== undefined ? { searchEmptyPageRate: argv["search-empty-pages"] } : {}),
          ...(argv["dedup-check"] !== undefined ? { dedupCheck: argv["dedup-check"] } : {}),
          ...realismOptions(argv),
          ...(argv.community !== undefined ? { communityRate: argv.community } : {}),
          ownerDeletesComments: argv["owner-deletes-comments"],
        }),
      );
    },
  };
}

import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";

const FAULTS_HELP = `Faults: a comma list of KIND[@SCOPE][=RATE[xBURST]] and seed=N. SCOPE is a REST method, upload, replace or oauth.
  5xx|500|502|503|504  HTTP error page          429        Flickr's 429 page
  codeN                Flickr error N           reset      connection dropped, no response
  hang                 no response at all       html       an HTML page instead of JSON/XML
  latency=MIN-MAXms    delay every call         truncate   carried out, body cut off
  lost                 carried out, connection dropped (lost-upload = lost@upload)
Inspect with GET /sandbox/photos and /sandbox/calls; change faults with POST /sandbox/faults (a spec) or DELETE.
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
  community?: number;
  "owner-deletes-comments": boolean;
}

export function sandboxCommand(ctx: CliContext): CommandModule<object, SandboxArgs> {
  return {
    command: "sandbox",
    describe:
      "Run a local Flickr API for rehearsals and tests (127.0.0.1 only). The first stdout line is JSON with its URL and a ready account's credentials.",
    builder: (y) =>
      y
        .option("port", { type: "number", default: 0, describe: "Port (0 = any free port)" })
        .option("host", { type: "string", default: "127.0.0.1", describe: "127.0.0.1, ::1 or localhost; nothing else is accepted" })
        .option("data", { type: "string", describe: "Keep photos and accounts in this folder across restarts (default: memory only)" })
        .option("quota", { type: "number", describe: "API calls per rolling hour per consumer key before HTTP 429 (default 3600)" })
        .option("faults", {
          type: "string",
          describe: "Inject faults, e.g. 5xx=0.05,reset=0.02,latency=20-80ms,hang=0.001,truncate=0.01,code105=0.01x3,lost-upload=0.1,seed=7",
        })
        .option("seed", { type: "number", describe: "Seed for secrets and fault draws (default: random, printed)" })
        .option("commons", { type: "boolean", default: true, describe: "The account is a Flickr Commons member (uploads get licence 7); --no-commons: licence 0" })
        .option("pro", { type: "boolean", default: true, describe: "The account is Pro; --no-pro: 1,000-photo cap, Safe content only, no replace" })
        .option("geo-privacy-default", { type: "boolean", default: true, describe: "The account has a geo-privacy default (geo.setLocation works)" })
        .option("max-upload-mb", { type: "number", describe: "Largest upload accepted, MB (default 200)" })
        .option("search-cap", { type: "number", describe: "Most results photos.search serves per query (default 4000)" })
        .option("free-limit", { type: "number", describe: "Items a non-Pro account may hold (default 1000)" })
        .option("signature-errors", { choices: ["oauth", "json"] as const, default: "oauth" as const, describe: "Bad signatures: HTTP 401 oauth_problem (oauth) or Flickr error 96 (json)" })
        .option("quiet", { type: "boolean", default: false, describe: "Log only problems, not every call" })
        .option("community", { type: "number", describe: "A seeded random crowd comments, tags, annotates, faves and views at this many contributions per hour (spam and abuse included); also POST /sandbox/community" })
        .option("owner-deletes-comments", { type: "boolean", default: true, describe: "The photo's owner may delete other people's comments (unconfirmed on Flickr); --no-owner-deletes-comments: error 2" })
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
          ...(argv["max-upload-mb"] !== undefined ? { maxUploadBytes: Math.round(argv["max-upload-mb"] * 1024 * 1024) } : {}),
          ...(argv["search-cap"] !== undefined ? { searchResultCap: argv["search-cap"] } : {}),
          ...(argv["free-limit"] !== undefined ? { freeAccountPhotoLimit: argv["free-limit"] } : {}),
          signatureErrorStyle: argv["signature-errors"],
          quiet: argv.quiet,
          ...(argv.community !== undefined ? { communityRate: argv.community } : {}),
          ownerDeletesComments: argv["owner-deletes-comments"],
        }),
      );
    },
  };
}

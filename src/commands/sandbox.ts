import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
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
]);

const FAULTS_HELP = `Faults: a comma list of KIND[@SCOPE][=RATE[xBURST]] and seed=N. SCOPE is a REST method, upload, replace or oauth.
  5xx|500|502|503|504  HTTP error page          429        Flickr's 429 page
  codeN                Flickr error N           reset      connection dropped, no response
  hang                 no response at all       html       an HTML page instead of JSON/XML
  latency=MIN-MAXms    delay every call         truncate   carried out, body cut off
  lost                 carried out, connection dropped (lost-upload = lost@upload)
Inspect with GET /sandbox/photos and /sandbox/calls; change faults with POST /sandbox/faults (a spec) or DELETE.`;

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
        .option("signature-errors", { choices: ["oauth", "json"] as const, default: "oauth" as const, describe: "Bad signatures: HTTP 401 oauth_problem (oauth) or Flickr error 96 (json)" })
        .option("quiet", { type: "boolean", default: false, describe: "Log only problems, not every call" })
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
          ...(argv["max-upload-mb"] !== undefined ? { maxUploadBytes: Math.round(argv["max-upload-mb"] * 1024 * 1024) } : {}),
          ...(argv["search-cap"] !== undefined ? { searchResultCap: argv["search-cap"] } : {}),
          ...(argv["free-limit"] !== undefined ? { freeAccountPhotoLimit: argv["free-limit"] } : {}),
          signatureErrorStyle: argv["signature-errors"],
          quiet: argv.quiet,
        }),
      );
    },
  };
}

/**
 * One set of defaults: what `--help` shows and what the command modules pass (src/defaults.ts)
 * is what the library modules fall back to.
 */
import test from "ava";
import { READ_DEFAULTS, RUN_DEFAULTS, SANDBOX_CLI_DEFAULTS } from "../../src/defaults.js";
import { PIPELINE_DEFAULTS } from "../../src/publish/run.js";
import { PREVIEW_DEFAULTS } from "../../src/preview/preview.js";
import { SANDBOX_DEFAULTS } from "../../src/sandbox/index.js";
import { spawnCli } from "../helpers/cli.js";

test("the CLI's defaults are the library's defaults", (t) => {
  t.deepEqual({ ...RUN_DEFAULTS }, { ...PIPELINE_DEFAULTS });
  t.is(READ_DEFAULTS.concurrency, PREVIEW_DEFAULTS.concurrency);
  t.is(RUN_DEFAULTS.quota, PREVIEW_DEFAULTS.quota);
  t.like(SANDBOX_DEFAULTS, {
    port: SANDBOX_CLI_DEFAULTS.port,
    host: SANDBOX_CLI_DEFAULTS.host,
    quota: SANDBOX_CLI_DEFAULTS.quota,
    maxUploadBytes: SANDBOX_CLI_DEFAULTS.maxUploadMb * 1_000_000, // decimal MB, as Flickr counts
    searchResultCap: SANDBOX_CLI_DEFAULTS.searchCap,
    freeAccountPhotoLimit: SANDBOX_CLI_DEFAULTS.freeLimit,
  });
});

test("--help shows the defaults from that one place", async (t) => {
  const publish = await spawnCli(["publish", "--help"]);
  t.is(publish.code, 0);
  // yargs wraps long descriptions: the default may be on the option's next line.
  const option = (name: string) => new RegExp(`--${name} [^\\n]*(\\n {20,}[^\\n]*)?\\[default: (\\d+)\\]`).exec(publish.stdout)?.[2];
  t.is(option("quota"), String(RUN_DEFAULTS.quota));
  t.is(option("concurrency"), String(RUN_DEFAULTS.concurrency));
  const validate = await spawnCli(["validate", "--help"]);
  t.regex(validate.stdout, new RegExp(`default ${READ_DEFAULTS.concurrency}\\)`));
});

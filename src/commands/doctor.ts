/**
 * `heritage doctor`: check the Flickr set-up, and with --probe measure the account with one
 * private test photo (src/doctor/).
 */
import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";

interface DoctorArgs {
  json: boolean;
  probe: boolean;
  yes: boolean;
  endpoint?: string;
  timeout?: number;
}

export function doctorCommand(ctx: CliContext): CommandModule<object, DoctorArgs> {
  return {
    command: "doctor",
    describe:
      "Check credentials, permission, Commons membership and what was measured; --probe uploads one private test image to measure the account (date floor, licences, search lag, descriptions, tags, EXIF dates, geo privacy) and deletes it",
    builder: (y) =>
      y
        .option("json", { type: "boolean", default: false, describe: "Print the report as JSON" })
        .option("probe", { type: "boolean", default: false, describe: "Upload one tiny private test image and measure the account (prints its bounded cost and asks first)" })
        .option("yes", { type: "boolean", default: false, describe: "Do not ask before the probe uploads (needed without a terminal)" })
        .option("endpoint", { type: "string", describe: "Use this Flickr endpoint (e.g. a heritage sandbox URL); also HERITAGE_FLICKR_ENDPOINT" })
        .option("timeout", { type: "number", describe: "Per-request timeout, ms" }),
    handler: async (argv) => {
      const { runDoctor } = await import("../doctor/doctor.js");
      ctx.setExitCode(
        await runDoctor(ctx, { json: argv.json, probe: argv.probe, yes: argv.yes, endpoint: argv.endpoint ?? null, timeoutMs: argv.timeout ?? null }),
      );
    },
  };
}

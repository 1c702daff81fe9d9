import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { communityOptions, connectionArgs, type CommunityArgs } from "./harvest.js";

interface ModerateArgs extends CommunityArgs {
  apply: boolean;
  only: string[] | undefined;
  yes: boolean;
}

export function moderateCommand(ctx: CliContext): CommandModule<object, ModerateArgs> {
  return {
    command: "moderate <manifest>",
    describe: "Report the comments, others' tags and notes the moderation rules flag; with --apply, archive each in the state and the log, then remove it from Flickr.",
    builder: (y) =>
      communityOptions(y)
        .option("apply", { type: "boolean", default: false, describe: "Remove what is flagged (default: only report, touching nothing)" })
        .option("only", { type: "string", array: true, describe: "Remove exactly these contributions (contribution_id from the community CSV; comma or space separated)" })
        .option("yes", { type: "boolean", default: false, describe: "Confirm --apply without asking (needed when not on a terminal)" }) as Argv<ModerateArgs>,
    handler: async (argv) => {
      const { runModerateCommand } = await import("../community/moderate-command.js");
      const only = argv.only ? argv.only.flatMap((v) => String(v).split(/[\s,]+/)).filter(Boolean) : null;
      ctx.setExitCode(await runModerateCommand(ctx, { ...(await connectionArgs(argv, ctx.env)), apply: argv.apply, only, yes: argv.yes }));
    },
  };
}

/** The command modules' view of the CLI context; the type lives outside commands/ so library code can name it. */
export type { CliContext } from "../cli-context.js";

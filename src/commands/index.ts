/**
 * The explicit list of command modules (yargs' commandDir does not work with ESM).
 * Each module exports a factory returning a yargs CommandModule whose handler only builds
 * options and calls the library; heavy dependencies are imported lazily inside handlers.
 */
import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { validateCommand } from "./validate.js";
import { statusCommand } from "./status.js";
import { sandboxCommand } from "./sandbox.js";
import { authCommand } from "./auth.js";
import { previewCommand } from "./preview.js";
import { publishCommand } from "./publish.js";
import { syncCommand } from "./sync.js";
import { stateCommand } from "./state.js";
import { harvestCommand } from "./harvest.js";
import { moderateCommand } from "./moderate.js";
import { reportCommand } from "./report.js";
import { doctorCommand } from "./doctor.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

export function createCommands(ctx: CliContext): AnyCommand[] {
  const commands: AnyCommand[] = [validateCommand(ctx), previewCommand(ctx), publishCommand(ctx), syncCommand(ctx), statusCommand(ctx), stateCommand(ctx), authCommand(ctx), doctorCommand(ctx), sandboxCommand(ctx)];
  commands.push(harvestCommand(ctx));
  commands.push(moderateCommand(ctx));
  commands.push(reportCommand(ctx));
  return commands;
}

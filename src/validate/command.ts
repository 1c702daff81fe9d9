import type { CliContext } from "../commands/context.js";
import { UserError } from "../errors.js";

export interface ValidateCommandOptions {
  manifest: string;
  json: boolean;
  deep: boolean;
}

export async function runValidateCommand(_ctx: CliContext, options: ValidateCommandOptions): Promise<number> {
  throw new UserError(`validate is not wired yet (${options.manifest})`);
}

import { resolve } from "node:path";
import type { CommandIO } from "../command-io.js";
import { EXIT, UserError } from "../errors.js";
import { rehearsalStates, statePathsFor } from "../state/paths.js";
import { openState } from "../state/open.js";
import { withStateErrors } from "../state/errors.js";
import { formatStatus, readStatus, stateExists } from "./status.js";

export async function runStatusCommand(ctx: CommandIO, options: { manifest: string; json: boolean; state: string | null; endpoint?: string | null; sandbox?: boolean }): Promise<number> {
  const manifest = resolve(ctx.cwd, options.manifest);
  const target = { sandbox: options.sandbox ?? false, endpoint: options.sandbox ? null : options.endpoint ?? null };
  const paths = statePathsFor(manifest, options.state ? resolve(ctx.cwd, options.state) : null, target);
  if (!stateExists(paths.database)) {
    const rehearsals = options.state || target.sandbox || target.endpoint ? [] : rehearsalStates(paths.dir);
    throw new UserError(`nothing has been published from ${options.manifest} yet (no state at ${paths.database})`, {
      code: "STATE_MISSING",
      hint: rehearsals.length
        ? `Only rehearsals have a state: ${rehearsals.join(", ")}. Pass --sandbox or --endpoint URL (as given to publish) to see one.`
        : `Run \`heritage publish ${options.manifest} --dry-run\` to see what publishing would do, or pass --state if the state lives elsewhere.`,
    });
  }
  const store = openState(paths.database, { readonly: true });
  try {
    const report = withStateErrors(paths.database, () => readStatus(store));
    ctx.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    return report.counts.failed ? EXIT.INPUT : EXIT.OK;
  } finally {
    store.close();
  }
}

/**
 * Options resolved once, in the command layer: flag → environment → settings → the defaults in
 * src/defaults.ts. Library code gets resolved values and never reads the environment for them.
 * A value that cannot be used is a UserError with a code (ENDPOINT_INVALID, USAGE_*), raised
 * before anything is read or written.
 */
import type { CommandIO } from "../command-io.js";

/**
 * The Flickr endpoint a command talks to (or whose state it reads): --endpoint, else
 * HERITAGE_FLICKR_ENDPOINT, else null (Flickr). A --sandbox run has its own, so none.
 * (flickr/client.js is loaded here, not at the top: `heritage --help` stays fast.)
 */
export async function resolveEndpointOption(flag: string | undefined, sandbox: boolean, env: CommandIO["env"]): Promise<string | null> {
  if (sandbox) return null;
  const { resolveEndpoint } = await import("../flickr/client.js");
  return resolveEndpoint(flag, env) ?? null;
}

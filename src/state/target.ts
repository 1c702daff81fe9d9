/**
 * A state describes one collection on one Flickr: the endpoint (Flickr, the in-process sandbox,
 * or an endpoint URL) and the account it was published with. A run against another one would
 * read "published" where nothing is, so it is refused — before anything is planned, and before
 * the "nothing to do" answer that would otherwise claim the collection is there.
 */
import { EXIT, UserError } from "../errors.js";
import type { AccountFacet } from "./account-meta.js";

export interface StateIdentity {
  endpoint: string | null;
  nsid: string | null;
  username: string | null;
}

export function stateIdentity(store: { account: Pick<AccountFacet, "get"> }): StateIdentity {
  const { account } = store;
  return { endpoint: account.get("endpoint"), nsid: account.get("nsid"), username: account.get("username") };
}

export function describeTarget(name: string): string {
  if (name === "flickr") return "Flickr";
  if (name === "sandbox") return "the in-process sandbox (--sandbox)";
  return `the endpoint ${name}`;
}

function optionFor(name: string): string {
  if (name === "flickr") return "no --endpoint and no --sandbox";
  if (name === "sandbox") return "--sandbox";
  return `--endpoint ${name}`;
}

/** Refuse a state recorded for another endpoint (no network needed). */
export function checkStateTarget(recorded: StateIdentity, current: string, where: string): void {
  if (recorded.endpoint === null || recorded.endpoint === current) return;
  throw new UserError(`the state ${where} belongs to ${describeTarget(recorded.endpoint)}, but this run is against ${describeTarget(current)}`, {
    code: "STATE_OTHER_ENDPOINT",
    exitCode: EXIT.USAGE,
    hint: `Nothing was sent. Run with ${optionFor(recorded.endpoint)} to use this state, or leave out --state: each endpoint keeps its own state beside the manifest.`,
  });
}

/** Refuse a state recorded for another account (once the current account is known). */
export function checkStateAccount(recorded: StateIdentity, current: { nsid: string; username: string }, where: string): void {
  if (recorded.nsid === null || recorded.nsid === current.nsid) return;
  const was = recorded.username ? `${recorded.username} (${recorded.nsid})` : recorded.nsid;
  throw new UserError(`the state ${where} records a collection published by ${was}, but you are logged in as ${current.username || current.nsid} (${current.nsid})`, {
    code: "STATE_OTHER_ACCOUNT",
    exitCode: EXIT.USAGE,
    hint: "Nothing was sent. Log in as the account the collection was published with (`heritage auth login`), or use --state DIR for a separate state for this account.",
  });
}

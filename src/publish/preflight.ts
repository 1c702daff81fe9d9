/**
 * Checks before the first write: the credentials work and carry the permission the run needs,
 * the account is the one this state belongs to, and — when the manifest uses "No known
 * copyright restrictions" — the account is a Flickr Commons member. Each refusal is a UserError
 * that says what to do.
 */
import { EXIT, UserError } from "../errors.js";
import { FlickrApiError } from "../flickr/errors.js";
import { asArray } from "../flickr/json.js";

type Call = (method: string, params: Record<string, string | number>) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Account {
  nsid: string;
  username: string;
  perms: string;
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2, delete: 3 };


export async function checkAccount(call: Call, needs: { perms: "write" | "delete" }): Promise<Account> {
  let login;
  let token;
  try {
    login = await call("flickr.test.login", {});
    token = await call("flickr.auth.oauth.checkToken", {});
  } catch (err) {
    if (err instanceof FlickrApiError && err.kind === "permanent") {
      throw new UserError(`Flickr refused the credentials: ${err.message}`, {
        code: "AUTH_REJECTED",
        exitCode: EXIT.USAGE,
        hint: "Run `heritage auth login` (or check the FLICKR_* environment variables), then try again.",
        cause: err,
      });
    }
    throw err;
  }
  const nsid = String(login?.user?.id ?? "");
  const username = String(login?.user?.username?._content ?? login?.user?.username ?? "");
  const perms = String(token?.oauth?.perms?._content ?? token?.oauth?.perms ?? "none");
  if ((LEVEL[perms] ?? 0) < LEVEL[needs.perms]!) {
    throw new UserError(`the Flickr token of ${username || nsid} has ${perms} permission; this run needs ${needs.perms}`, {
      code: "AUTH_PERMISSION",
      exitCode: EXIT.USAGE,
      hint: `Run \`heritage auth login --perms ${needs.perms}\` to authorise heritage with ${needs.perms} permission.`,
    });
  }
  return { nsid, username, perms };
}

/** Licence 7 comes only from a Commons account's default: refuse before uploading anything. */
export async function checkCommonsMember(call: Call, account: Account): Promise<void> {
  const res = await call("flickr.commons.getInstitutions", {});
  const members = asArray(res?.institutions?.institution) as { nsid: string }[];
  if (!members.some((m) => m.nsid === account.nsid)) {
    throw new UserError(`the account ${account.username || account.nsid} is not a Flickr Commons member, but the manifest uses "No known copyright restrictions"`, {
      code: "NOT_COMMONS_MEMBER",
      exitCode: EXIT.USAGE,
      hint: "That rights statement is only for Flickr Commons institutions. Log in as the institution's Commons account, or give these rows a licence (e.g. Public Domain Mark) and set commons: false in the settings.",
    });
  }
}

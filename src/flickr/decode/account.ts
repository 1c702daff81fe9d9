/**
 * Who the credentials are: flickr.test.login (nsid, user name), flickr.auth.oauth.checkToken
 * (the token's permission) and flickr.commons.getInstitutions (the Commons members' nsids).
 */
import { Fields } from "./fields.js";

export interface Login {
  nsid: string;
  username: string;
}

export function decodeLogin(raw: unknown): Login {
  const user = Fields.of("flickr.test.login", raw).obj("user");
  return { nsid: user.id("id"), username: user.optText("username") ?? "" };
}

export type TokenPerms = "none" | "read" | "write" | "delete";
const PERMS: readonly string[] = ["none", "read", "write", "delete"];

export interface TokenInfo {
  perms: TokenPerms;
  /** The token's user, when the answer names one. */
  nsid: string | null;
}

export function decodeCheckToken(raw: unknown): TokenInfo {
  const oauth = Fields.of("flickr.auth.oauth.checkToken", raw).obj("oauth");
  const perms = oauth.text("perms");
  if (!PERMS.includes(perms)) oauth.fail("perms", `is ${JSON.stringify(perms)}, not none, read, write or delete`);
  return { perms: perms as TokenPerms, nsid: oauth.optObj("user")?.optText("nsid") ?? null };
}

/** The nsids of the Flickr Commons institutions. */
export function decodeInstitutions(raw: unknown): string[] {
  const list = Fields.of("flickr.commons.getInstitutions", raw).obj("institutions");
  return list.list("institution").map((i) => i.id("nsid"));
}

/**
 * flickr.test.login, flickr.test.echo and flickr.auth.oauth.checkToken: who am I, and with which
 * permission (the last is what `heritage auth check` reports).
 */
import { ApiError } from "../api/errors.js";
import { me, required, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";

const login: MethodHandler = (ctx) => {
  const account = me(ctx);
  return { user: { id: account.nsid, username: { _content: account.username } } };
};

const echo: MethodHandler = (ctx) => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx.params)) {
    if (!key.startsWith("oauth_")) out[key] = { _content: value };
  }
  return out;
};

const checkToken: MethodHandler = (ctx) => {
  const token = ctx.store.tokens.get(required(ctx, "oauth_token", 98, "Invalid token"));
  if (!token || token.revoked || token.consumerKey !== ctx.caller.consumerKey) throw new ApiError(98, "Invalid token");
  const account = ctx.store.accounts.get(token.nsid);
  return {
    oauth: {
      token: { _content: token.token },
      perms: { _content: token.perms },
      user: { nsid: token.nsid, username: account?.username ?? "", fullname: account?.realname ?? "" },
    },
  };
};

export const testMethods: Record<string, MethodSpec> = {
  "flickr.test.login": { perm: "read", handler: login },
  "flickr.test.echo": { perm: "none", handler: echo },
  "flickr.auth.oauth.checkToken": { perm: "none", handler: checkToken },
};

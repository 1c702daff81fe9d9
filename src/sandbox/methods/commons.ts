/**
 * flickr.commons.getInstitutions: the sandbox's own Commons accounts first (so a pipeline that
 * checks membership finds itself), then the real members as of June 2025.
 */
import type { MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import { COMMONS_INSTITUTIONS } from "../data/commons-institutions.js";

/** An empty `<url type="site" />` becomes `{"type":"site"}` in Flickr's JSON: no `_content`. */
const url = (type: string, content: string) => (content === "" ? { type } : { type, _content: content });

const getInstitutions: MethodHandler = (ctx) => {
  const own = [...ctx.store.accounts.values()]
    .filter((a) => a.commons)
    .map((a) => ({
      nsid: a.nsid,
      date_launch: String(a.joined),
      name: { _content: a.username },
      urls: { url: [url("site", ""), url("license", ""), url("flickr", `https://flickr.com/photos/${a.pathAlias ?? a.nsid}/`)] },
    }));
  const real = COMMONS_INSTITUTIONS.map(([nsid, dateLaunch, name, site, license, flickr]) => ({
    nsid,
    date_launch: dateLaunch,
    name: { _content: name },
    urls: { url: [url("site", site), url("license", license), url("flickr", flickr)] },
  }));
  return { institutions: { institution: [...own, ...real] } };
};

export const commonsMethods: Record<string, MethodSpec> = {
  "flickr.commons.getInstitutions": { perm: "none", handler: getInstitutions },
};

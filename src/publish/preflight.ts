/**
 * Checks before the first write: the credentials work and carry the permission the run needs,
 * the account is the one this state belongs to, and — when the manifest uses "No known
 * copyright restrictions" — the account is a Flickr Commons member. Each refusal is a UserError
 * that says what to do.
 */
import { identifierTag } from "../map/identifier-tag.js";
import { EXIT, UserError } from "../errors.js";
import { FlickrApiError } from "../flickr/errors.js";
import { flickrReads, isPhotoListMethod, type FlickrCall, type PhotoListMethod, type PhotoPage } from "../flickr/port.js";
import { normalizeTag } from "../flickr/tag-syntax.js";
import { GUARD_PAGES, type PlannedCall } from "../plan/calls.js";


export interface Account {
  nsid: string;
  username: string;
  perms: string;
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2, delete: 3 };


export async function checkAccount(call: FlickrCall, needs: { perms: "write" | "delete" }): Promise<Account> {
  const api = flickrReads(call);
  let login;
  let token;
  try {
    login = await api.login();
    token = await api.checkToken();
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
  const { nsid, username } = login;
  const perms = token.perms;
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
export async function checkCommonsMember(call: FlickrCall, account: Account): Promise<void> {
  const members = await flickrReads(call).commonsInstitutions();
  if (!members.includes(account.nsid)) {
    throw new UserError(`the account ${account.username || account.nsid} is not a Flickr Commons member, but the manifest uses "No known copyright restrictions"`, {
      code: "NOT_COMMONS_MEMBER",
      exitCode: EXIT.USAGE,
      hint: "That rights statement is only for Flickr Commons institutions. Log in as the institution's Commons account, or give these rows a licence (e.g. Public Domain Mark) and set commons: false in the settings.",
    });
  }
}

export interface FoundElsewhere {
  identifier: string;
  photoId: string;
}

/**
 * Before the first upload into an empty state: are photos of this collection already on the
 * account? A lost, moved or renamed state looks exactly like a new collection, and would upload
 * everything again. The plan's prelude holds the calls (`emptyStateGuardCalls`): one wildcard
 * search for the namespace's identifier tags finds what the search index holds; because a fresh
 * upload may not be searchable yet (flickr-api.md), the account's recent uploads are listed
 * too, when the search found nothing. Tags are compared in Flickr's normalised form, which both
 * list extras may give: a false match only sends the user to `heritage state rebuild`.
 */
export async function findCollectionOnFlickr(call: FlickrCall, options: { namespace: string; identifiers: readonly string[]; calls: readonly PlannedCall[] }): Promise<FoundElsewhere[]> {
  const wanted = new Map(options.identifiers.map((id) => [normalizeTag(identifierTag(options.namespace, id)), id]));
  const prefix = `${options.namespace.toLowerCase()}:id=`;
  const found = new Map<string, FoundElsewhere>();
  const scan = (list: PhotoPage) => {
    for (const p of list.photos) {
      const tokens = [...(p.machineTags ?? []), ...(p.tags ?? [])].filter((t) => t.toLowerCase().startsWith(prefix));
      for (const token of tokens) {
        const identifier = wanted.get(normalizeTag(token));
        if (identifier !== undefined && !found.has(identifier)) found.set(identifier, { identifier, photoId: p.id });
      }
    }
  };
  const api = flickrReads(call);
  for (const planned of options.calls) {
    if (planned.onlyIfNoneFound && found.size > 0) break;
    // Further pages only while nothing matched: a bound, not a scan (the dry run lists them as such).
    for (let page = 1; page <= GUARD_PAGES; page++) {
      const list = await api.photoPage(listMethod(planned.method), { ...planned.params, page });
      scan(list);
      if (found.size > 0 || page >= list.pages) break;
    }
  }
  return [...found.values()];
}

/** The guard's calls are photo lists (plan/calls.ts); anything else is a planner bug. */
function listMethod(method: string): PhotoListMethod {
  if (!isPhotoListMethod(method)) throw new Error(`the empty-state guard plans ${method}, which is not a photo list`);
  return method;
}

export function alreadyPublishedError(found: readonly FoundElsewhere[], context: { manifest: string; account: string; options: string }): UserError {
  const examples = found.slice(0, 3).map((f) => `${f.identifier} (photo ${f.photoId})`).join(", ");
  return new UserError(
    `this state records nothing yet, but photos of this collection are already on Flickr for ${context.account}: ${examples}${found.length > 3 ? ", …" : ""}. Publishing now would upload them again`,
    {
      code: "STATE_EMPTY_BUT_PUBLISHED",
      exitCode: EXIT.USAGE,
      hint: `Nothing was uploaded. If the state was lost, moved or renamed, point --state at it, or rebuild it from Flickr: \`heritage state rebuild ${context.manifest}${context.options}\`, then publish again.`,
    },
  );
}

/**
 * The API calls an action makes, built once, here: the dry run lists them, the cost counts
 * them, and the executor sends them as they are. A call about a photo that does not exist yet
 * (a setter right after its upload) names the photo by a typed slot the executor fills with the
 * id the upload returned; every other parameter is fixed when the plan is made.
 */
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import { licenseById, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";
import { formatTagsParam, normalizeTag } from "../flickr/tag-syntax.js";

/** The photo a call is about: known from the state, or the one this item's upload returns. */
export type PhotoRef = { id: string } | { fromUpload: true };

export const FROM_UPLOAD: PhotoRef = { fromUpload: true };

export type CallParams = Record<string, string | number>;

export interface PlannedCall {
  method: string;
  /** Parameters besides `photo_id`. */
  params: CallParams;
  /** Sent as `photo_id` (the upload and album calls name it differently; see `photoParam`). */
  photo: PhotoRef | null;
  /** Parameter that carries the photo id: `photo_id` unless the method names it otherwise. */
  photoParam?: string;
  /** Sent as `photoset_id`: the id of the album with this title (made by this run or an earlier one). */
  album?: string;
  /**
   * A call's reason: the empty-state guard's look-ups, the read of the account's albums (both in
   * the prelude), or the read of a photo's tags that gives the ids the removeTag calls after it need.
   */
  purpose?: "empty-state-guard" | "albums" | "tag-ids";
  /**
   * removeTag: the tag (as heritage sent it) whose id the `tag-ids` read before it finds among
   * the tags this account wrote on the photo; the executor sends that id as `tag_id`.
   */
  tagOf?: string;
  /** Sent only when the calls before it found none of this manifest's photos (a match refuses the run). */
  onlyIfNoneFound?: true;
}

export type SetterGroup = Exclude<FieldGroup, "albums">;

/** What pushing one field group costs, what Flickr then holds, and what to tell the user. */
export interface SetterPlan {
  calls: PlannedCall[];
  /** The group's value Flickr holds once the calls succeed (what the state records as pushed). */
  holds: Partial<FlickrFields>;
  /** Said when the catalogue asks for something Flickr cannot do (forget a date, a safety level). */
  note: string | null;
  /**
   * The catalogue asks for what no call can do and Flickr keeps something else that matters (a
   * return to licence 7): a code the plan and the run show as a warning; the group is not
   * recorded as pushed, so every sync shows it again until it is settled.
   */
  flag?: string;
}

const call = (method: string, photo: PhotoRef, params: CallParams = {}): PlannedCall => ({ method, params, photo });

/**
 * The setter calls for a group going from `from` (what Flickr holds; null if unknown) to `to`.
 * Flickr has no call that returns a photo to "no date", "the account's safety level" or "the
 * account's content type": a cleared value sends nothing, keeps what Flickr has, and says so.
 */
export function setterPlan(group: SetterGroup, photo: PhotoRef, from: Partial<FlickrFields> | null, to: Partial<FlickrFields>, options: { replaceTags?: boolean } = {}): SetterPlan {
  const one = (c: PlannedCall): SetterPlan => ({ calls: [c], holds: to, note: null });
  const kept = (holds: Partial<FlickrFields>, note: string): SetterPlan => ({ calls: [], holds, note: note || null });
  switch (group) {
    case "meta":
      return one(call("flickr.photos.setMeta", photo, { title: to.title ?? "", description: to.description ?? "" }));
    case "tags":
      return tagsPlan(photo, from, to, options.replaceTags ?? false);
    case "license":
      // A licence is never cleared (no licence is a validation error); 7 comes only from the account default.
      if (to.license_id === null || to.license_id === undefined) return kept(from ?? to, "");
      if (to.license_id === NO_KNOWN_COPYRIGHT_RESTRICTIONS) return licence7Plan(from, to);
      return one(call("flickr.photos.licenses.setLicense", photo, { license_id: to.license_id }));
    case "date":
      if (!to.date_taken) {
        const holds = { date_taken: from?.date_taken ?? null, date_taken_granularity: from?.date_taken_granularity ?? null };
        return kept(holds, from?.date_taken ? "the date was removed from the catalogue, but Flickr cannot forget a taken date; it was left as it is" : "");
      }
      return one(call("flickr.photos.setDates", photo, { date_taken: to.date_taken, date_taken_granularity: to.date_taken_granularity ?? 0 }));
    case "geo":
      // Coordinates come in pairs: half a pair is no location.
      if (to.latitude === null || to.latitude === undefined || to.longitude === null || to.longitude === undefined) {
        return { calls: [call("flickr.photos.geo.removeLocation", photo)], holds: { latitude: null, longitude: null, accuracy: null }, note: null };
      }
      return one(call("flickr.photos.geo.setLocation", photo, { lat: to.latitude, lon: to.longitude, accuracy: to.accuracy ?? 16 }));
    case "perms":
      return permsPlan(photo, from, to);
    case "safety":
      return safetyPlan(photo, from, to);
    case "content_type":
      if (!to.content_type) {
        return kept({ content_type: from?.content_type ?? null }, from?.content_type ? `content type ${from.content_type} was removed from the catalogue, but Flickr cannot return a photo to the account's default; it was left as it is` : "");
      }
      return one(call("flickr.photos.setContentType", photo, { content_type: to.content_type }));
  }
}

const managed = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/** setPerms' parameters for the perms group's value: is_public, and who may comment or add tags when managed. */
export function permsParams(to: Partial<FlickrFields>): CallParams {
  const params: CallParams = { is_public: to.is_public ?? 1, is_friend: 0, is_family: 0 };
  if (managed(to.perm_comment)) params.perm_comment = to.perm_comment;
  if (managed(to.perm_addmeta)) params.perm_addmeta = to.perm_addmeta;
  return params;
}

const PERM_COLUMNS = { perm_comment: "can_comment", perm_addmeta: "can_add_meta" } as const;
const PERM_KEYS = Object.keys(PERM_COLUMNS) as (keyof typeof PERM_COLUMNS)[];

/**
 * Visibility, and who may comment or add tags. A permission emptied in the catalogue is no
 * longer managed: Flickr keeps the level it has (nothing is sent for it), and the user is told.
 * Only a change of what is still managed costs a setPerms.
 */
function permsPlan(photo: PhotoRef, from: Partial<FlickrFields> | null, to: Partial<FlickrFields>): SetterPlan {
  const released = PERM_KEYS.filter((k) => managed(from?.[k]) && !managed(to[k]));
  const note = released.length ? `${released.map((k) => PERM_COLUMNS[k]).join(" and ")} was emptied in the catalogue: heritage no longer manages it, and Flickr keeps its current setting` : null;
  const stillAsPushed = from !== null && (from.is_public ?? 1) === (to.is_public ?? 1) && PERM_KEYS.every((k) => !managed(to[k]) || from[k] === to[k]);
  if (released.length && stillAsPushed) return { calls: [], holds: to, note };
  return { calls: [call("flickr.photos.setPerms", photo, permsParams(to))], holds: to, note };
}

function safetyPlan(photo: PhotoRef, from: Partial<FlickrFields> | null, to: Partial<FlickrFields>): SetterPlan {
  const params: CallParams = {};
  if (to.safety_level) params.safety_level = to.safety_level;
  // Upload numbers hidden 1 (shown) / 2 (hidden); the setter takes 0 / 1.
  if (to.hidden) params.hidden = to.hidden === 2 ? 1 : 0;
  const holds = { safety_level: to.safety_level ?? from?.safety_level ?? null, hidden: to.hidden ?? from?.hidden ?? null };
  const cleared = [!to.safety_level && from?.safety_level ? `safety level ${from.safety_level}` : null, !to.hidden && from?.hidden ? "the hidden setting" : null].filter(Boolean);
  const note = cleared.length ? `${cleared.join(" and ")} was removed from the catalogue, but Flickr cannot return a photo to the account's default; it was left as it is` : null;
  return { calls: Object.keys(params).length ? [call("flickr.photos.setSafetyLevel", photo, params)] : [], holds, note };
}

/**
 * The read of a photo's tags with their ids and authors (getInfo's raw tags): removeTag needs a
 * tag's id, and sync --replace-tags needs to know which tags other people added.
 */
export function tagIdsRead(photo: PhotoRef): PlannedCall {
  return { ...call("flickr.photos.getInfo", photo), purpose: "tag-ids" };
}

/**
 * What a tag push changes: tags heritage sent before and no longer in the catalogue are removed,
 * new ones added. Flickr keeps one tag per normalised form, so tags are matched by that form;
 * a tag whose spelling changed (case, punctuation) is removed and added again, so Flickr holds
 * the catalogue's spelling.
 */
export function tagChanges(before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  const byForm = (tags: readonly string[]) => {
    const out = new Map<string, string>();
    for (const raw of tags) {
      const form = normalizeTag(raw);
      if (form !== "" && !out.has(form)) out.set(form, raw);
    }
    return out;
  };
  const was = byForm(before);
  const now = byForm(after);
  return {
    remove: [...was].filter(([form, raw]) => now.get(form) !== raw).map(([, raw]) => raw),
    add: [...now].filter(([form, raw]) => was.get(form) !== raw).map(([, raw]) => raw),
  };
}

/**
 * --on-drift overwrite of tags: what Flickr holds stands in for what was pushed, so the tags
 * removed there are added again and the tags added there are removed — those this account added
 * (on flickr.com); another user's are skipped by the executor, which removes only the account's
 * own tags (getInfo's authors). `live` are the normalised forms the list extras give.
 */
export function tagsOnFlickr(pushed: readonly string[], live: readonly string[]): string[] {
  const liveForms = new Set(live.map(normalizeTag));
  const pushedForms = new Set(pushed.map(normalizeTag));
  return [...pushed.filter((t) => liveForms.has(normalizeTag(t))), ...live.filter((t) => !pushedForms.has(normalizeTag(t)))];
}

/**
 * Tag sync touches only heritage's own tags: one read of the photo's tags (their ids) when a tag
 * is removed, one removeTag per removed tag, one addTags for the new ones. Never setTags over the
 * whole list, which may take other people's tags with it (unconfirmed). Unknown `from` (nothing
 * recorded): the catalogue's tags are added (adding a tag already there changes nothing) and none
 * removed. --replace-tags reads the tags in any case: the tags other people added are removed after it.
 */
function tagsPlan(photo: PhotoRef, from: Partial<FlickrFields> | null, to: Partial<FlickrFields>, replaceTags: boolean): SetterPlan {
  const { add, remove } = tagChanges(from?.tags ?? [], to.tags ?? []);
  const calls: PlannedCall[] = [];
  if (remove.length > 0 || replaceTags) calls.push(tagIdsRead(photo));
  for (const raw of remove) calls.push({ method: "flickr.photos.removeTag", params: {}, photo: null, tagOf: raw });
  if (add.length > 0) calls.push(call("flickr.photos.addTags", photo, { tags: formatTagsParam(add) }));
  return { calls, holds: to, note: null };
}

/**
 * Licence 7 cannot be sent to setLicense (flickr-api.md §7: "not a valid argument"); it comes only
 * as a Commons account's default for new uploads. A published photo whose catalogue licence
 * returns to 7 keeps the licence it has: the item is flagged (plan and run warn), and nothing is
 * recorded, so the next sync says it again until the licence is changed on flickr.com.
 */
function licence7Plan(from: Partial<FlickrFields> | null, to: Partial<FlickrFields>): SetterPlan {
  const had = from?.license_id ?? null;
  if (had === NO_KNOWN_COPYRIGHT_RESTRICTIONS) return { calls: [], holds: to, note: null };
  const name = had === null ? "the licence it has" : `"${licenseById(had)?.name ?? `licence ${had}`}" (${had})`;
  return {
    calls: [],
    holds: from ?? {},
    flag: "LICENSE_7_NOT_SETTABLE",
    note: `the catalogue returns this photo to "No known copyright restrictions" (7), which Flickr's API cannot set: Flickr keeps ${name}. Change the licence on flickr.com, then run \`heritage sync --verify --on-drift adopt\``,
  };
}

export function pruneHideCall(photoId: string): PlannedCall {
  return call("flickr.photos.setPerms", { id: photoId }, { is_public: 0, is_friend: 0, is_family: 0 });
}

export function pruneDeleteCall(photoId: string): PlannedCall {
  return call("flickr.photos.delete", { id: photoId });
}

/** A photo's id, from the state or from its upload. */
export function resolvePhoto(ref: PhotoRef, uploaded: string | null): string | null {
  return "id" in ref ? ref.id : uploaded;
}

/** How a call is shown in the dry run: its method, and a marker when it waits for the upload's photo id. */
export function describeCall(c: PlannedCall): string {
  if (c.tagOf !== undefined) return `${c.method} (${JSON.stringify(c.tagOf)}, id from the read)`;
  return c.photo && "fromUpload" in c.photo ? `${c.method} (photo id from the upload)` : c.method;
}

/** Photos per page the empty-state guard reads (Flickr's largest page). */
export const GUARD_PER_PAGE = 500;
/** Pages read per query by the empty-state guard: a bound, not a scan. */
export const GUARD_PAGES = 8;
/** How far back the guard's uploads listing looks, for photos the search index does not show yet. */
export const GUARD_RECENT_SECONDS = 3 * 86_400;

/**
 * The empty-state guard's calls (plan prelude), in the order they are sent: one wildcard search
 * for the namespace's identifier tags, then — only when it finds none of this manifest's
 * identifiers — the account's uploads of the last three days, which the search index may not
 * show yet. A match refuses the run, so a run that goes on has sent both. Each is one page;
 * further pages (at most GUARD_PAGES) are read only when the answer has more and nothing matched.
 */
export function emptyStateGuardCalls(namespace: string, now: number): PlannedCall[] {
  const page = { extras: "machine_tags,tags", per_page: GUARD_PER_PAGE };
  return [
    { method: "flickr.photos.search", params: { user_id: "me", machine_tags: `${namespace}:id=`, ...page }, photo: null, purpose: "empty-state-guard" },
    { method: "flickr.people.getPhotos", params: { user_id: "me", min_upload_date: now - GUARD_RECENT_SECONDS, ...page }, photo: null, purpose: "empty-state-guard", onlyIfNoneFound: true },
  ];
}

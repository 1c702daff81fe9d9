/**
 * Field groups: the slice of FlickrFields each group covers, its hash (what the state keeps as
 * "last pushed"), and the calls that change it. The upload call itself carries the groups in
 * UPLOAD_GROUPS; the others need a call each after the upload.
 */
import { createHash } from "node:crypto";
import { FIELD_GROUPS, FIELD_GROUP_NAMES, type FieldGroup, type FlickrFields } from "../flickr/fields.js";

/** Groups sent in the upload request (title, description, tags, is_public, hidden, safety, content type). */
export const UPLOAD_GROUPS: readonly FieldGroup[] = ["meta", "tags", "perms", "safety", "content_type"];
/** Groups that need their own call after the upload. */
export const POST_UPLOAD_GROUPS: readonly FieldGroup[] = ["license", "date", "geo", "albums"];

const OPTIONAL_KEYS: ReadonlySet<keyof FlickrFields> = new Set(["perm_comment", "perm_addmeta"]);

/**
 * The upload request cannot set who may comment or add tags: a row that manages them is
 * uploaded private and made what it should be by one setPerms right after (photo id from the
 * upload), so comments are never open in between. Its perms group is recorded after that call.
 */
export function permsAfterUpload(fields: Partial<FlickrFields>): boolean {
  return (fields.perm_comment !== null && fields.perm_comment !== undefined) || (fields.perm_addmeta !== null && fields.perm_addmeta !== undefined);
}

/**
 * Content type 4 (virtual photography) is newer than the upload API's documentation and may be
 * refused by the upload request (unconfirmed; the sandbox's uploadRefusesContentType4 plays it):
 * such a row goes up with the account's default and one setContentType follows it.
 */
export function contentTypeAfterUpload(fields: Partial<FlickrFields>): boolean {
  return fields.content_type === 4;
}

/** Does the licence need a setLicense after the upload (it is not what the account gives new photos)? */
export function licenseNeedsCall(fields: Pick<FlickrFields, "license_id">, accountDefaultLicense: number | null): boolean {
  // Licence 7 cannot be set through the API: it comes from the Commons account's default.
  return fields.license_id !== null && fields.license_id !== accountDefaultLicense && fields.license_id !== 7;
}

/**
 * Never public under a wrong licence: a photo meant to be public whose licence is not the
 * account's default goes up private, gets its licence, and only then is made public by one
 * setPerms (photo id from the upload). A photo whose licence is the default costs nothing extra.
 * Its perms group is recorded by that setPerms, so a run killed in between leaves it private and
 * the next run sends setLicense (if it had not landed) before setPerms.
 */
export function privateUntilLicensed(fields: Pick<FlickrFields, "license_id" | "is_public">, accountDefaultLicense: number | null): boolean {
  return fields.is_public === 1 && licenseNeedsCall(fields, accountDefaultLicense);
}

/**
 * The groups an upload (or a found lost upload) carries, and the state records as pushed with it.
 * `licenseFirst`: the upload went private until its licence lands (privateUntilLicensed), so its
 * perms group is recorded by the setPerms that follows the licence.
 */
export function uploadRecordedGroups(fields: Partial<FlickrFields>, licenseFirst = false): FieldGroup[] {
  return UPLOAD_GROUPS.filter((g) => (g !== "perms" || (!permsAfterUpload(fields) && !licenseFirst)) && (g !== "content_type" || !contentTypeAfterUpload(fields)));
}

export function groupSlice(fields: FlickrFields, group: FieldGroup): Partial<FlickrFields> {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_GROUPS[group]) {
    const value = fields[key];
    // Optional keys (comment and tagging permissions) left empty are not managed: absent from the
    // slice, so the hash of a group that does not use them is what it was before they existed.
    if ((value === null || value === undefined) && OPTIONAL_KEYS.has(key)) continue;
    // Albums are a set: order in the manifest does not change membership.
    out[key] = key === "albums" ? [...(value as string[])].sort() : value;
  }
  return out as Partial<FlickrFields>;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function groupHash(fields: FlickrFields, group: FieldGroup): string {
  return createHash("sha256").update(group).update("\0").update(canonical(groupSlice(fields, group))).digest("hex").slice(0, 24);
}

export function allGroupHashes(fields: FlickrFields): Record<FieldGroup, string> {
  return Object.fromEntries(FIELD_GROUP_NAMES.map((g) => [g, groupHash(fields, g)])) as Record<FieldGroup, string>;
}

/** Does this group hold anything worth a call right after an upload? */
export function groupNeedsPostUploadCall(fields: FlickrFields, group: FieldGroup, accountDefaultLicense: number | null): boolean {
  switch (group) {
    case "license":
      return licenseNeedsCall(fields, accountDefaultLicense);
    case "date":
      return fields.date_taken !== null;
    case "geo":
      return fields.latitude !== null && fields.longitude !== null;
    case "albums":
      return fields.albums.length > 0;
    default:
      return false;
  }
}

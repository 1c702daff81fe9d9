/**
 * Who may comment on a photo, and who may add tags and notes: the optional manifest columns
 * `can_comment` and `can_add_meta`, read into setPerms' numbering (`perm_comment`,
 * `perm_addmeta`: 0 nobody, 1 friends and family, 2 contacts, 3 everybody). They are the
 * optional part of the `perms` field group (src/flickr/fields.ts). Empty means "not managed":
 * leave Flickr's value alone (null), never "nobody".
 */
import { error, type Issue } from "../issues.js";

export type PermLevel = 0 | 1 | 2 | 3;

const LEVELS: Readonly<Record<string, PermLevel>> = {
  "0": 0, nobody: 0, "no one": 0, none: 0, ingen: 0, nej: 0, no: 0, false: 0,
  "1": 1, friends: 1, "friends and family": 1, "friends & family": 1, family: 1, vänner: 1, "vänner och familj": 1,
  "2": 2, contacts: 2, kontakter: 2,
  "3": 3, everybody: 3, everyone: 3, anyone: 3, all: 3, alla: 3, ja: 3, yes: 3, true: 3,
};

export const PERM_ACCEPTED = "nobody/ingen (0), friends/vänner (1), contacts/kontakter (2), everybody/alla (3)";

/** A cell of `can_comment` or `can_add_meta` → the level, or null (empty or invalid: then an issue). */
export function readPermLevel(field: "can_comment" | "can_add_meta", value: string | undefined, issues: Issue[]): PermLevel | null {
  const key = value?.trim().toLowerCase().replace(/\s+/g, " ") ?? "";
  if (key === "") return null;
  const level = LEVELS[key];
  if (level !== undefined) return level;
  issues.push(error("ROW_INVALID_VALUE", { field, value, message: `${field} ${JSON.stringify(value)} is not one of the accepted values`, hint: `Write ${PERM_ACCEPTED}, or leave it empty to keep Flickr's setting.` }));
  return null;
}

/**
 * Field groups: sending a setter action's planned calls and recording what Flickr then holds;
 * recording groups that need no call; the guard on the account's default licence, which a plan
 * relies on when it sends no licence call.
 */
import { licenseById } from "../flickr/licenses.js";
import { asArray } from "../flickr/json.js";
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import { groupHash } from "../plan/groups.js";
import type { Action } from "../plan/types.js";
import { RunStop } from "./failures.js";
import type { FlickrAnswer, ItemRun, StepContext } from "./execute-types.js";
import { performAll } from "./perform.js";

type SetAction = Extract<Action, { kind: "set" }>;
type RecordAction = Extract<Action, { kind: "record" }>;

/** The state records `value` as pushed for the group, under the hash of the catalogue's value `to`. */
export function recordGroup(ctx: StepContext, identifier: string, group: FieldGroup, value: Partial<FlickrFields>, to: Partial<FlickrFields>): void {
  // groupHash slices the group's keys, which is all a group's value holds.
  ctx.deps.state.recordPushed(identifier, group, value, groupHash(to as FlickrFields, group));
}

export async function pushGroup(ctx: StepContext, run: ItemRun, action: SetAction): Promise<void> {
  const answers = await performAll(ctx, run, action.calls);
  if (action.removeOthersTags) await removeOthersTags(ctx, run, answers.at(-1));
  if (action.note) {
    run.warnings.push(action.note);
    ctx.deps.logger.warn(`${run.item.identifier}${run.item.row ? ` (row ${run.item.row})` : ""}: ${action.note}`);
  }
  recordGroup(ctx, run.item.identifier, action.group, action.holds, action.to);
}

/** A group with nothing to send; a licence left to the account's default is checked first. */
export async function recordOnly(ctx: StepContext, run: ItemRun, action: RecordAction): Promise<void> {
  if (action.group === "license" && action.to.license_id !== null && action.to.license_id !== undefined) {
    await checkDefaultLicense(ctx, run, action.to.license_id, action.assumesDefaultLicense ?? null);
  }
  if (action.fromExif && action.to.date_taken && run.photoId && ctx.checkExifDate) await ctx.checkExifDate(run.photoId, run.item.identifier, action.to.date_taken);
  recordGroup(ctx, run.item.identifier, action.group, action.to, action.to);
}

/**
 * The plan sent no licence call because it took `wanted` to be the account's default. If Flickr
 * gave the photo another licence, every item planned that way would be wrong: stop the run (the
 * next plan knows the default and calls setLicense where needed).
 */
async function checkDefaultLicense(ctx: StepContext, run: ItemRun, wanted: number, assumed: number | null): Promise<void> {
  const photoId = run.photoId;
  if (photoId === null) throw new Error(`the licence of ${run.item.identifier} is recorded before its photo exists`);
  const actual = await ctx.accountDefaultLicense(photoId, run.item.identifier);
  if (actual === wanted) return;
  const name = licenseById(actual)?.name ?? `licence ${actual}`;
  if (wanted === 7) {
    ctx.halt(
      new RunStop(
        "LICENSE_7_NOT_DEFAULT",
        `Flickr gave the first photo of this run the account's default licence "${name}", not "No known copyright restrictions"; that licence cannot be set through the API.`,
        "Only a Flickr Commons account has it as its default. Check that you are logged in as the institution's Commons account (heritage auth check), or ask Flickr to set the account default. Photos already uploaded keep their state: the next run sets nothing twice.",
      ),
    );
  }
  ctx.halt(
    new RunStop(
      "ACCOUNT_DEFAULT_LICENSE",
      `The plan took licence ${assumed ?? "?"} as this account's default for new photos, but Flickr gave the first photo "${name}" (${actual}); photos planned without a licence call would keep the wrong licence.`,
      "Run the same command again: heritage now knows the account's default and plans a setLicense call where one is needed. Photos already uploaded keep their state; nothing is sent twice.",
    ),
  );
}

interface InfoTags {
  photo?: { owner?: { nsid?: string }; tags?: { tag?: { id: string; author: string } | { id: string; author: string }[] } };
}

/** sync --replace-tags: remove the tags other people added (the read is the action's last planned call). */
async function removeOthersTags(ctx: StepContext, run: ItemRun, info: FlickrAnswer): Promise<void> {
  const photo = (info as InfoTags | null)?.photo;
  const owner = String(photo?.owner?.nsid ?? "");
  const photoId = run.photoId ?? run.item.photoId;
  for (const tag of asArray(photo?.tags?.tag).filter((t) => t.author !== owner)) {
    await ctx.call("flickr.photos.removeTag", { tag_id: tag.id }, { identifier: run.item.identifier, photoId });
  }
}

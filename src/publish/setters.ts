/**
 * Field groups: sending a setter action's planned calls and recording what Flickr then holds;
 * recording groups that need no call; the guard on the account's default licence, which a plan
 * relies on when it sends no licence call.
 */
import { licenseById } from "../flickr/licenses.js";
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import { groupHash } from "../plan/groups.js";
import type { Action } from "../plan/types.js";
import { ApiError } from "./api.js";
import { ItemFailure, RunStop } from "./failures.js";
import type { ItemRun, StepContext } from "./execute-types.js";
import { performAll } from "./perform.js";
import { pushTags } from "./tag-sync.js";

type SetAction = Extract<Action, { kind: "set" }>;
type RecordAction = Extract<Action, { kind: "record" }>;

/** The state records `value` as pushed for the group, under the hash of the catalogue's value `to`. */
export function recordGroup(ctx: StepContext, identifier: string, group: FieldGroup, value: Partial<FlickrFields>, to: Partial<FlickrFields>): void {
  // groupHash slices the group's keys, which is all a group's value holds.
  ctx.deps.state.items.recordPushed(identifier, group, value, groupHash(to as FlickrFields, group));
}

export async function pushGroup(ctx: StepContext, run: ItemRun, action: SetAction): Promise<void> {
  if (action.group === "tags") await pushTags(ctx, run, action);
  else if (action.group === "license") await pushLicense(ctx, run, action);
  else await performAll(ctx, run, action.calls);
  if (action.note) {
    run.warnings.push(action.flag ? `${action.flag}: ${action.note}` : action.note);
    ctx.deps.logger.warn(`${run.item.identifier}${run.item.row ? ` (row ${run.item.row})` : ""}: ${action.flag ? `${action.flag}: ` : ""}${action.note}`);
  }
  // A flagged group is not what the catalogue asks for: left unrecorded, every sync shows it again.
  if (action.flag) return;
  recordGroup(ctx, run.item.identifier, action.group, action.holds, action.to);
}

/**
 * setLicense, and Flickr's refusal of it as this item's failure with a clear code: a Commons
 * account may refuse any licence but its default (unconfirmed; the sandbox's
 * commonsLicenseLocked plays it). A photo held private until its licence lands stays private:
 * the setPerms after it is not sent, and the next run (catalogue or account fixed) finishes it.
 */
async function pushLicense(ctx: StepContext, run: ItemRun, action: SetAction): Promise<void> {
  try {
    await performAll(ctx, run, action.calls);
  } catch (err) {
    if (!(err instanceof ApiError) || err.classified.kind !== "permanent" || err.classified.code === null || err.classified.code === 1) throw err;
    const wanted = action.to.license_id ?? null;
    const name = wanted === null ? "the licence" : `"${licenseById(wanted)?.name ?? `licence ${wanted}`}" (${wanted})`;
    const here = run.item.actions.indexOf(action);
    const heldPrivate = run.item.actions.some((a, i) => i > here && a.kind === "set" && a.group === "perms" && a.to.is_public === 1);
    const had = action.from?.license_id;
    const stays = heldPrivate
      ? "The photo stays private until its licence is set."
      : `The photo keeps ${had === null || had === undefined ? "the licence it has" : `"${licenseById(had)?.name ?? `licence ${had}`}" (${had})`}.`;
    const commons = action.assumesDefaultLicense === 7;
    throw new ItemFailure(
      "set:license",
      "LICENSE_REFUSED",
      `Flickr refused licence ${name} for this photo: ${err.message} (${err.code}). ${stays}`,
      false,
      commons
        ? 'A Flickr Commons account may be able to give its photos only the account\'s default, "No known copyright restrictions". Give this row that rights statement in the catalogue, or ask Flickr to allow the licence on the account; then run the same command again: the licence is set and the photo made public, nothing is uploaded twice.'
        : "Check that the account may use this licence (heritage doctor --probe measures it); fix the catalogue's row or the account, then run the same command again: nothing is uploaded twice.",
    );
  }
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

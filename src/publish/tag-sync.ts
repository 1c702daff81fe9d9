/**
 * Sending a tag push as planned (calls.ts tagsPlan): the read of the photo's tags gives the ids
 * of the tags this account wrote, each removeTag the plan lists is sent with its tag's id, and
 * addTags adds the new ones. Other people's tags are never touched, except under --replace-tags.
 * Flickr refuses an addTags that would pass 75 tags on the photo, all or nothing; where the read
 * shows the photo's tags (other people's included), the item fails before the call, saying why.
 */
import { decodePhotoInfo } from "../flickr/decode/photo-info.js";
import { FLICKR_MAX_TAGS, normalizeTag } from "../flickr/tag-syntax.js";
import { tagChanges, type PlannedCall } from "../plan/calls.js";
import type { Action } from "../plan/types.js";
import { ApiError } from "./api.js";
import type { FlickrAnswer, ItemRun, StepContext } from "./execute-types.js";
import { ItemFailure } from "./failures.js";
import { perform } from "./perform.js";

type SetAction = Extract<Action, { kind: "set" }>;

interface TagOnPhoto {
  id: string;
  author: string;
  raw: string;
  form: string;
}

/** The photo's tags as getInfo lists them, and its owner (the account heritage publishes as). */
class PhotoTags {
  constructor(
    readonly owner: string,
    public tags: TagOnPhoto[],
  ) {}

  /** Decoded: an answer without its owner would make every tag "someone else's". */
  static read(info: FlickrAnswer): PhotoTags {
    const photo = decodePhotoInfo(info);
    return new PhotoTags(photo.owner, photo.tags.map((t) => ({ id: t.id, author: t.author, raw: t.raw, form: t.normalized })));
  }

  /** The tag this account wrote with the same normalised form as `raw` (Flickr keeps one per form). */
  own(raw: string): TagOnPhoto | undefined {
    const form = normalizeTag(raw);
    return this.tags.find((t) => t.author === this.owner && (t.form === form || normalizeTag(t.raw) === form));
  }

  others(): TagOnPhoto[] {
    return this.tags.filter((t) => t.author !== this.owner);
  }

  has(raw: string): boolean {
    const form = normalizeTag(raw);
    return this.tags.some((t) => t.form === form || normalizeTag(t.raw) === form);
  }

  drop(tag: TagOnPhoto): void {
    this.tags = this.tags.filter((t) => t !== tag);
  }
}

const where = (run: ItemRun) => `${run.item.identifier}${run.item.row ? ` (row ${run.item.row})` : ""}`;

export async function pushTags(ctx: StepContext, run: ItemRun, action: SetAction): Promise<void> {
  let onPhoto: PhotoTags | null = null;
  let othersRemoved = false;
  const removeOthers = async (): Promise<void> => {
    if (!action.removeOthersTags || othersRemoved || !onPhoto) return;
    othersRemoved = true;
    for (const tag of onPhoto.others()) {
      await ctx.call("flickr.photos.removeTag", { tag_id: tag.id }, { identifier: run.item.identifier, photoId: run.photoId ?? run.item.photoId });
      onPhoto.drop(tag);
    }
  };
  for (const call of action.calls) {
    if (call.purpose === "tag-ids") {
      onPhoto = PhotoTags.read(await perform(ctx, run, call));
    } else if (call.tagOf !== undefined) {
      await removeOwn(ctx, run, call, call.tagOf, onPhoto);
    } else if (call.method === "flickr.photos.addTags") {
      // --replace-tags: other people's tags go first, which also makes room for ours.
      await removeOthers();
      await addTags(ctx, run, call, tagChanges(action.from?.tags ?? [], action.to.tags ?? []).add, onPhoto);
    } else {
      await perform(ctx, run, call);
    }
  }
  await removeOthers();
}

async function removeOwn(ctx: StepContext, run: ItemRun, call: PlannedCall, raw: string, onPhoto: PhotoTags | null): Promise<void> {
  if (!onPhoto) throw new Error(`removeTag for ${run.item.identifier} before the read of its tags`);
  const tag = onPhoto.own(raw);
  if (!tag) {
    // Already gone (removed on flickr.com, or by a run killed after the call): nothing to send.
    ctx.deps.logger.debug(`${where(run)}: tag ${JSON.stringify(raw)} is no longer on the photo; nothing to remove`);
    return;
  }
  await perform(ctx, run, call, { tag_id: tag.id });
  onPhoto.drop(tag);
}

function tooMany(run: ItemRun, detail: string): ItemFailure {
  return new ItemFailure(
    "set:tags",
    "TAGS_TOO_MANY",
    `Flickr holds at most ${FLICKR_MAX_TAGS} tags on a photo: ${detail}; no tag was added`,
    false,
    "Other Flickr users may have tagged the photo. Remove tags on flickr.com or from the catalogue's row, then run sync again (`--replace-tags` removes the tags other people added).",
  );
}

async function addTags(ctx: StepContext, run: ItemRun, call: PlannedCall, adding: readonly string[], onPhoto: PhotoTags | null): Promise<void> {
  if (onPhoto) {
    const fresh = adding.filter((raw) => !onPhoto.has(raw)).length;
    const others = onPhoto.others().length;
    if (onPhoto.tags.length + fresh > FLICKR_MAX_TAGS) throw tooMany(run, `the photo has ${onPhoto.tags.length} (${others} added by other people) and ${fresh} more would make ${onPhoto.tags.length + fresh}`);
  }
  try {
    await perform(ctx, run, call);
  } catch (err) {
    // addTags' documented error 2: the photo would pass the limit (tags other people added count too).
    if (err instanceof ApiError && err.classified.code === 2) throw tooMany(run, `adding ${adding.length} would pass it (${err.message})`);
    throw err;
  }
}

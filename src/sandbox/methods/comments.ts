/**
 * flickr.photos.comments.getList, addComment and deleteComment. Anyone with write permission may
 * comment on a photo they can see; a comment can be deleted by its author or the photo's owner.
 * deleteComment's codes are unconfirmed: 1 photo not found, 2 comment not found / not yours.
 */
import { ApiError } from "../api/errors.js";
import { me, nowSeconds, required, visiblePhoto, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import type { CommentRecord } from "../model.js";
import { photoPageUrl } from "../serialize/photo-info.js";

function commentJson(c: CommentRecord, pageUrl: string): Record<string, unknown> {
  return {
    id: c.id,
    author: c.author,
    author_is_deleted: 0,
    authorname: c.authorname,
    realname: c.realname,
    path_alias: null,
    datecreate: String(c.datecreate),
    permalink: `${pageUrl}#comment${c.id.split("-").at(-1) ?? c.id}`,
    _content: c.text,
  };
}

const getList: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  const min = Number(ctx.params.min_comment_date ?? 0) || 0;
  const max = Number(ctx.params.max_comment_date ?? Infinity) || Infinity;
  const pageUrl = photoPageUrl(photo, ctx.store.accounts.get(photo.owner));
  const comments = photo.comments.filter((c) => c.datecreate >= min && c.datecreate <= max);
  // An empty list has no `comment` key at all in Flickr's JSON.
  const out: Record<string, unknown> = { photo_id: photo.id };
  if (comments.length > 0) out.comment = comments.map((c) => commentJson(c, pageUrl));
  return { comments: out };
};

const addComment: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  const text = required(ctx, "comment_text", 2, "Blank comment");
  const author = me(ctx);
  const comment: CommentRecord = {
    id: ctx.store.newCommentId(photo.id, author.nsid),
    author: author.nsid,
    authorname: author.username,
    realname: author.realname,
    datecreate: nowSeconds(ctx),
    text,
  };
  photo.comments.push(comment);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return { comment: commentJson(comment, photoPageUrl(photo, ctx.store.accounts.get(photo.owner))) };
};

const deleteComment: MethodHandler = (ctx) => {
  const id = required(ctx, "comment_id", 2, "Comment not found");
  const photo = ctx.store.photos.get(id.split("-")[1] ?? "");
  const caller = me(ctx);
  if (!photo || (photo.isPublic === 0 && photo.owner !== caller.nsid)) throw new ApiError(1, "Photo not found");
  const comment = photo.comments.find((c) => c.id === id);
  // The photo's owner deleting someone else's comment is unconfirmed on Flickr: switchable.
  const ownerMay = ctx.config.ownerDeletesComments && photo.owner === caller.nsid;
  if (!comment || (comment.author !== caller.nsid && !ownerMay)) throw new ApiError(2, "Comment not found");
  photo.comments = photo.comments.filter((c) => c !== comment);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

export const commentMethods: Record<string, MethodSpec> = {
  "flickr.photos.comments.getList": { perm: "none", handler: getList },
  "flickr.photos.comments.addComment": { perm: "write", handler: addComment },
  "flickr.photos.comments.deleteComment": { perm: "write", handler: deleteComment },
};

/**
 * flickr.photos.notes.add, edit and delete. A note is a box (x, y, w, h in the 500-pixel display's
 * coordinates) with text. The owner may add notes; others when the photo's perm_addmeta is not 0
 * ("nobody"). A note can be edited by its author and deleted by its author or the photo's owner.
 * Error codes follow the docs (1 photo not found, 2 user cannot add notes / note not found,
 * 3 missing text); which code a refused delete gets on Flickr is unconfirmed.
 */
import { ApiError, photoNotFound } from "../api/errors.js";
import { me, nowSeconds, required, visiblePhoto, type ApiContext, type MethodHandler } from "../api/context.js";
import type { MethodSpec } from "../api/context.js";
import type { AccountRecord, NoteRecord, PhotoRecord } from "../model.js";
import type { SandboxStore } from "../store.js";

export interface NoteBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A new note's id: from the comment counter, so ids are unique, increasing and never reused. */
function newNoteId(store: SandboxStore, photo: PhotoRecord, author: AccountRecord): string {
  return store.newCommentId(photo.id, author.nsid).split("-").at(-1)!;
}

/** Add a note as `author` (the API method and the simulated public share this). */
export function addNote(store: SandboxStore, photo: PhotoRecord, author: AccountRecord, box: NoteBox, text: string, now: number): NoteRecord {
  const note: NoteRecord = { id: newNoteId(store, photo, author), author: author.nsid, authorname: author.username, authorrealname: author.realname, ...box, text, datecreate: now };
  (photo.notes ??= []).push(note);
  store.touchPhoto(photo, now);
  return note;
}

function boxOf(ctx: ApiContext): NoteBox {
  const read = (name: string) => {
    const v = Number(ctx.params[name] ?? "0");
    if (!Number.isFinite(v) || v < 0) throw new ApiError(2, `Invalid ${name}`);
    return Math.round(v);
  };
  return { x: read("note_x"), y: read("note_y"), w: read("note_w"), h: read("note_h") };
}

/** The photo holding a note, and the note, or error 2 (as Flickr words a missing note). */
function findNote(ctx: ApiContext, id: string): { photo: PhotoRecord; note: NoteRecord } {
  for (const photo of ctx.store.photos.values()) {
    const note = photo.notes?.find((n) => n.id === id);
    if (note) return { photo, note };
  }
  throw new ApiError(1, "Note not found");
}

const add: MethodHandler = (ctx) => {
  const photo = visiblePhoto(ctx);
  const author = me(ctx);
  if (photo.owner !== author.nsid && photo.permAddMeta === 0) throw new ApiError(2, "User cannot add notes");
  const text = required(ctx, "note_text", 3, "Missing required arguments");
  const note = addNote(ctx.store, photo, author, boxOf(ctx), text, nowSeconds(ctx));
  return { note: { id: note.id } };
};

const edit: MethodHandler = (ctx) => {
  const { photo, note } = findNote(ctx, required(ctx, "note_id", 1, "Note not found"));
  if (note.author !== me(ctx).nsid) throw new ApiError(2, "User cannot edit note");
  Object.assign(note, boxOf(ctx), { text: required(ctx, "note_text", 3, "Missing required arguments") });
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

const remove: MethodHandler = (ctx) => {
  const id = required(ctx, "note_id", 1, "Note not found");
  const caller = me(ctx);
  const { photo, note } = findNote(ctx, id);
  if (photo.isPublic === 0 && photo.owner !== caller.nsid) throw photoNotFound();
  if (note.author !== caller.nsid && photo.owner !== caller.nsid) throw new ApiError(2, "User cannot delete note");
  photo.notes = (photo.notes ?? []).filter((n) => n !== note);
  ctx.store.touchPhoto(photo, nowSeconds(ctx));
  return {};
};

export const noteMethods: Record<string, MethodSpec> = {
  "flickr.photos.notes.add": { perm: "write", handler: add },
  "flickr.photos.notes.edit": { perm: "write", handler: edit },
  "flickr.photos.notes.delete": { perm: "write", handler: remove },
};

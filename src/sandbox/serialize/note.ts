/**
 * A note in getInfo's JSON, as real responses carry it (the XML attributes of
 * test/fixtures/flickr's biodivlibrary getInfo, in Flickr's JSON convention: numbers as strings,
 * text in `_content`).
 */
import type { NoteRecord } from "../model.js";

export function noteJson(note: NoteRecord, photoId: string): Record<string, unknown> {
  return {
    id: note.id,
    photo_id: photoId,
    author: note.author,
    authorname: note.authorname,
    authorrealname: note.authorrealname,
    authorispro: 0,
    authorisdeleted: 0,
    x: String(note.x),
    y: String(note.y),
    w: String(note.w),
    h: String(note.h),
    _content: note.text,
  };
}

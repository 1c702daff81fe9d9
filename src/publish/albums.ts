/**
 * Albums (photosets) by title. Creating one is the only album call that is not idempotent, so
 * it follows the upload's discipline: the intent is committed first, and an album whose
 * creation answer was lost is looked up by title (and cover photo) before creating another.
 * Creation is serialised per title, so two items racing into a new album make one album.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { groupHash, groupSlice } from "../plan/groups.js";
import type { StateStore } from "../state/store.js";
import { ApiError } from "./api.js";
import { asArray } from "../flickr/json.js";

type Call = (method: string, params: Record<string, string | number>, about: { identifier?: string | null; photoId?: string | null; idempotent?: boolean }) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any


export class AlbumKeeper {
  private readonly creating = new Map<string, Promise<string>>();

  constructor(
    private readonly state: StateStore,
    private readonly call: Call,
  ) {}

  /** Put the photo in the album, creating the album (with this photo as its cover) if needed. */
  async add(title: string, photoId: string, identifier: string, fields: FlickrFields): Promise<void> {
    const existing = this.state.getAlbum(title);
    if (existing?.state === "created" && existing.photosetId) {
      try {
        await this.call("flickr.photosets.addPhoto", { photoset_id: existing.photosetId, photo_id: photoId }, { identifier, photoId, idempotent: true });
      } catch (err) {
        if (err instanceof ApiError && err.classified.code === 3) {
          // already in the set: what we wanted
        } else if (err instanceof ApiError && err.classified.code === 1) {
          // The album was deleted on Flickr: make it again, with this photo as its cover.
          this.state.forgetAlbum(title);
          return this.add(title, photoId, identifier, fields);
        } else {
          throw err;
        }
      }
    } else {
      const pending = this.creating.get(title);
      if (pending) {
        await pending;
        return this.add(title, photoId, identifier, fields);
      }
      const creation = this.create(title, photoId, identifier);
      this.creating.set(title, creation);
      try {
        const setId = await creation;
        const album = this.state.getAlbum(title);
        // The cover photo is in the album already; anyone else is added.
        if (album?.primaryPhotoId !== photoId) {
          await this.call("flickr.photosets.addPhoto", { photoset_id: setId, photo_id: photoId }, { identifier, photoId, idempotent: true }).catch((err) => {
            if (!(err instanceof ApiError && err.classified.code === 3)) throw err;
          });
        }
      } finally {
        this.creating.delete(title);
      }
    }
    this.recordMembership(identifier, fields, title, "add");
  }

  async remove(title: string, photoId: string, identifier: string, fields: FlickrFields): Promise<void> {
    const album = this.state.getAlbum(title);
    if (album?.photosetId) {
      try {
        await this.call("flickr.photosets.removePhoto", { photoset_id: album.photosetId, photo_id: photoId }, { identifier, photoId, idempotent: true });
      } catch (err) {
        // Not in the set, or the set is gone: the photo is out of it either way.
        if (!(err instanceof ApiError && (err.classified.code === 1 || err.classified.code === 3))) throw err;
      }
    }
    this.recordMembership(identifier, fields, title, "remove");
  }

  private async create(title: string, photoId: string, identifier: string): Promise<string> {
    const album = this.state.getAlbum(title);
    if (album?.state === "intent") {
      const found = await this.lookUp(title, album.primaryPhotoId);
      if (found) {
        this.state.recordAlbumCreated(title, found.id, found.primary);
        return found.id;
      }
    }
    this.state.recordAlbumIntent(title, photoId);
    let result;
    try {
      result = await this.call("flickr.photosets.create", { title, primary_photo_id: photoId }, { identifier, photoId, idempotent: false });
    } catch (err) {
      if (err instanceof ApiError && err.classified.kind === "unknown-outcome") {
        const found = await this.lookUp(title, photoId);
        if (found) {
          this.state.recordAlbumCreated(title, found.id, found.primary);
          return found.id;
        }
      }
      throw err;
    }
    const id = String(result?.photoset?.id);
    this.state.recordAlbumCreated(title, id, photoId);
    return id;
  }

  /** Find an album by title (and cover photo, when known) among the account's albums. */
  private async lookUp(title: string, primaryPhotoId: string | null): Promise<{ id: string; primary: string | null } | null> {
    for (let page = 1; page <= 100; page++) {
      const res = await this.call("flickr.photosets.getList", { page, per_page: 500 }, {});
      const sets = asArray(res?.photosets?.photoset) as { id: string; primary: string; title: { _content: string } | string }[];
      const match = sets.find((s) => (typeof s.title === "string" ? s.title : s.title?._content) === title && (primaryPhotoId === null || String(s.primary) === primaryPhotoId));
      if (match) return { id: String(match.id), primary: String(match.primary) };
      if (page >= Number(res?.photosets?.pages ?? 1)) break;
    }
    return null;
  }

  private recordMembership(identifier: string, fields: FlickrFields, title: string, change: "add" | "remove"): void {
    const pushed = (this.state.getItem(identifier)?.pushed.albums?.value.albums as string[] | undefined) ?? [];
    const next = change === "add" ? [...new Set([...pushed, title])] : pushed.filter((a) => a !== title);
    const partial = { ...fields, albums: next };
    this.state.recordPushed(identifier, "albums", groupSlice(partial, "albums"), groupHash(partial, "albums"));
  }
}

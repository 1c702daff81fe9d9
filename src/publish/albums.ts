/**
 * Albums (photosets) by title. Creating one is the only album call that is not idempotent, so
 * it follows the upload's discipline: the intent is committed first, and an album whose
 * creation answer was lost is looked up by title (and cover photo) before creating another.
 * Creation is serialised per title, so two items racing into a new album make one album.
 *
 * An album of the same title made by another manifest of the account is adopted, not made
 * twice: when the plan creates an album, its prelude reads the account's albums once
 * (photosets.getList), and `create` takes the one found.
 */
import type { FlickrFields } from "../flickr/fields.js";
import { groupHash, groupSlice } from "../plan/groups.js";
import type { StateStore } from "../state/store.js";
import { ApiError } from "./api.js";
import { asArray } from "../flickr/json.js";

type Call = (method: string, params: Record<string, string | number>, about: { identifier?: string | null; photoId?: string | null; idempotent?: boolean }) => Promise<unknown>;

/** One album as photosets.getList lists it. */
export interface AccountAlbum {
  id: string;
  primary: string | null;
  /** Photos (and videos) it holds. */
  count: number;
}

interface SetList {
  photosets?: { pages?: number | string; photoset?: RawSet | RawSet[] };
}
interface RawSet {
  id: string | number;
  primary?: string | number;
  photos?: string | number;
  videos?: string | number;
  title?: { _content?: string } | string;
}

const titleOf = (s: RawSet) => (typeof s.title === "string" ? s.title : s.title?._content ?? "");

/** Every album of the account, by title, in the account's order. */
export async function readAccountAlbums(call: (method: string, params: Record<string, string | number>) => Promise<unknown>): Promise<Map<string, AccountAlbum[]>> {
  const albums = new Map<string, AccountAlbum[]>();
  for (let page = 1; page <= 100; page++) {
    const res = (await call("flickr.photosets.getList", { page, per_page: 500 })) as SetList | null;
    for (const s of asArray(res?.photosets?.photoset)) {
      const title = titleOf(s);
      const list = albums.get(title) ?? [];
      list.push({ id: String(s.id), primary: s.primary === undefined ? null : String(s.primary), count: Number(s.photos ?? 0) + Number(s.videos ?? 0) });
      albums.set(title, list);
    }
    if (page >= Number(res?.photosets?.pages ?? 1)) break;
  }
  return albums;
}


export class AlbumKeeper {
  private readonly creating = new Map<string, Promise<string>>();

  /** The account's albums by title, read by the plan's prelude (null when no album is created). */
  private account: Map<string, AccountAlbum[]> | null = null;

  constructor(
    private readonly state: StateStore,
    private readonly call: Call,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** The account's albums as the prelude read them: an album to create whose title is there is adopted. */
  knowAccountAlbums(albums: Map<string, AccountAlbum[]>): void {
    this.account = albums;
  }

  /** Put the photo in the album, creating the album (with this photo as its cover) if needed. */
  async add(title: string, photoId: string, identifier: string): Promise<void> {
    const existing = this.state.albums.get(title);
    if (existing?.state === "created" && existing.photosetId) {
      try {
        await this.call("flickr.photosets.addPhoto", { photoset_id: existing.photosetId, photo_id: photoId }, { identifier, photoId, idempotent: true });
      } catch (err) {
        if (err instanceof ApiError && err.classified.code === 3) {
          // already in the set: what we wanted
        } else if (err instanceof ApiError && err.classified.code === 1) {
          // The album was deleted on Flickr: make it again, with this photo as its cover (and
          // never adopt it again from the account's list read before it was deleted).
          this.state.albums.forget(title);
          this.account?.delete(title);
          return this.add(title, photoId, identifier);
        } else {
          throw err;
        }
      }
    } else {
      const pending = this.creating.get(title);
      if (pending) {
        await pending;
        return this.add(title, photoId, identifier);
      }
      const creation = this.create(title, photoId, identifier);
      this.creating.set(title, creation);
      try {
        const setId = await creation;
        const album = this.state.albums.get(title);
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
    this.recordMembership(identifier, title, "add");
  }

  async remove(title: string, photoId: string, identifier: string): Promise<void> {
    const album = this.state.albums.get(title);
    if (album?.photosetId) {
      try {
        await this.call("flickr.photosets.removePhoto", { photoset_id: album.photosetId, photo_id: photoId }, { identifier, photoId, idempotent: true });
      } catch (err) {
        // Not in the set, or the set is gone: the photo is out of it either way.
        if (!(err instanceof ApiError && (err.classified.code === 1 || err.classified.code === 3))) throw err;
      }
    }
    this.recordMembership(identifier, title, "remove");
  }

  private async create(title: string, photoId: string, identifier: string): Promise<string> {
    const album = this.state.albums.get(title);
    if (album?.state === "intent") {
      const found = await this.lookUp(title, album.primaryPhotoId);
      if (found) {
        this.state.albums.recordCreated(title, found.id, found.primary);
        return found.id;
      }
    }
    const onAccount = this.account?.get(title)?.[0];
    if (onAccount && album?.state !== "intent") {
      this.adopt(title, onAccount);
      return onAccount.id;
    }
    this.state.albums.recordIntent(title, photoId);
    let result;
    try {
      result = await this.call("flickr.photosets.create", { title, primary_photo_id: photoId }, { identifier, photoId, idempotent: false });
    } catch (err) {
      if (err instanceof ApiError && err.classified.kind === "unknown-outcome") {
        const found = await this.lookUp(title, photoId);
        if (found) {
          this.state.albums.recordCreated(title, found.id, found.primary);
          return found.id;
        }
      }
      throw err;
    }
    const id = String((result as { photoset?: { id?: string | number } } | null)?.photoset?.id);
    this.state.albums.recordCreated(title, id, photoId);
    return id;
  }

  /** Find an album by title (and cover photo, when known) among the account's albums. */
  private async lookUp(title: string, primaryPhotoId: string | null): Promise<{ id: string; primary: string | null } | null> {
    const found = (await readAccountAlbums((m, p) => this.call(m, p, {}))).get(title) ?? [];
    const match = found.find((a) => primaryPhotoId === null || a.primary === primaryPhotoId);
    return match ? { id: match.id, primary: match.primary } : null;
  }

  /** Take the account's album of this title as ours; say so when it holds photos this state does not know. */
  private adopt(title: string, album: AccountAlbum): void {
    this.state.albums.recordCreated(title, album.id, album.primary);
    const ours = this.state.items.list().filter((i) => ((i.pushed.albums?.value.albums as string[] | undefined) ?? []).includes(title)).length;
    if (album.count > ours) {
      this.warn(`the account already has an album "${title}" (${album.id}) holding ${album.count - ours} photo${album.count - ours === 1 ? "" : "s"} this collection did not put there (another manifest's?); its photos are added to that album, not to a new one`);
    }
  }

  private recordMembership(identifier: string, title: string, change: "add" | "remove"): void {
    const pushed = (this.state.items.get(identifier)?.pushed.albums?.value.albums as string[] | undefined) ?? [];
    const next = change === "add" ? [...new Set([...pushed, title])] : pushed.filter((a) => a !== title);
    const partial = { albums: next } as FlickrFields;
    this.state.items.recordPushed(identifier, "albums", groupSlice(partial, "albums"), groupHash(partial, "albums"));
  }
}

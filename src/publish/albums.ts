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
import { flickrReads, type FlickrCall } from "../flickr/port.js";
import type { FlickrFields } from "../flickr/fields.js";
import { groupHash, groupSlice } from "../plan/groups.js";
import type { StateStore } from "../state/store.js";
import { ApiError } from "./api.js";
import { albumsWithPending, forgetAlbumMember, requeueAlbumMembers, listAlbumMembers, albumCounts, queueAlbumAdd, recordAlbumMembers, type AlbumMember } from "../state/album-members.js";
import { flushList, readAlbumMembers } from "./album-flush.js";
import { flushCalls, flushDue } from "../plan/albums.js";
import { RunStop } from "./failures.js";

type Call = (method: string, params: Record<string, string | number>, about: { identifier?: string | null; photoId?: string | null; idempotent?: boolean }) => Promise<unknown>;

/** One album as photosets.getList lists it. */
export interface AccountAlbum {
  id: string;
  primary: string | null;
  /** Photos (and videos) it holds. */
  count: number;
}

/** Every album of the account, by title, in the account's order. */
export async function readAccountAlbums(call: FlickrCall): Promise<Map<string, AccountAlbum[]>> {
  const albums = new Map<string, AccountAlbum[]>();
  for (let page = 1; page <= 100; page++) {
    const list = await flickrReads(call).albumList({ page, per_page: 500 });
    for (const s of list.albums) {
      const same = albums.get(s.title) ?? [];
      same.push({ id: s.id, primary: s.primary, count: s.count });
      albums.set(s.title, same);
    }
    if (page >= list.pages) break;
  }
  return albums;
}


export class AlbumKeeper {
  private readonly creating = new Map<string, Promise<string>>();
  /** Per album, the flush or removal in progress: editPhotos replaces the membership, so nothing of ours may come between its read and its edit. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly flushing = new Map<string, Promise<void>>();

  /** The account's albums by title, read by the plan's prelude (null when no album is created). */
  private account: Map<string, AccountAlbum[]> | null = null;

  constructor(
    private readonly state: StateStore,
    private readonly call: Call,
    private readonly warn: (message: string) => void = () => undefined,
    /** Photos queued per album before it is flushed. */
    private readonly batch: number = 500,
  ) {}

  /** The account's albums as the prelude read them: an album to create whose title is there is adopted. */
  knowAccountAlbums(albums: Map<string, AccountAlbum[]>): void {
    this.account = albums;
  }

  /**
   * Put the photo in the album: create the album with it as the cover when the album does not
   * exist yet; otherwise queue it (committed with the item's albums, before anything is sent)
   * and flush the album once `batch` photos wait.
   */
  async add(title: string, photoId: string, identifier: string): Promise<void> {
    const existing = this.state.albums.get(title);
    if (existing?.state !== "created" || !existing.photosetId) {
      const pending = this.creating.get(title);
      if (pending) {
        await pending.catch(() => undefined);
        return this.add(title, photoId, identifier);
      }
      const creation = this.create(title, photoId, identifier);
      this.creating.set(title, creation);
      try {
        await creation;
      } finally {
        this.creating.delete(title);
      }
      // The cover photo is in the album already; anyone else (an adopted album) is queued.
      if (this.state.albums.get(title)?.primaryPhotoId === photoId) {
        this.state.transaction(() => {
          recordAlbumMembers(this.state, title, [{ photoId, identifier }]);
          this.recordMembership(identifier, title, "add");
        });
        return;
      }
    }
    this.state.transaction(() => {
      queueAlbumAdd(this.state, title, photoId, identifier);
      this.recordMembership(identifier, title, "add");
    });
    const counts = albumCounts(this.state, title);
    if (flushDue(counts.pending, counts.members + counts.pending, this.batch)) await this.flushSoon(title);
  }

  async remove(title: string, photoId: string, identifier: string): Promise<void> {
    await this.locked(title, async () => {
      const album = this.state.albums.get(title);
      if (album?.photosetId) {
        try {
          await this.call("flickr.photosets.removePhoto", { photoset_id: album.photosetId, photo_id: photoId }, { identifier, photoId, idempotent: true });
        } catch (err) {
          // Not in the set, or the set is gone: the photo is out of it either way.
          if (!(err instanceof ApiError && (err.classified.code === 1 || err.classified.code === 3))) throw err;
        }
      }
      this.state.transaction(() => {
        forgetAlbumMember(this.state, title, photoId);
        this.recordMembership(identifier, title, "remove");
      });
    });
  }

  /**
   * Flush every album with queued photos: at the end of a run, after Ctrl-C, after a run stop.
   * A flush that fails leaves its photos queued (the next run flushes them first) and is said.
   */
  async flushAll(): Promise<void> {
    for (const title of albumsWithPending(this.state)) await this.flushSoon(title);
  }

  /** Flush the album now, unless a flush of it is under way (that one takes what is queued). */
  private flushSoon(title: string): Promise<void> {
    const running = this.flushing.get(title);
    if (running) return running;
    const flush = this.locked(title, () => this.flush(title))
      .catch((err: unknown) => {
        if (err instanceof RunStop) throw err;
        this.warn(`album "${title}": the photos queued for it were not sent (${(err as Error).message}); the next run sends them`);
      })
      .finally(() => this.flushing.delete(title));
    this.flushing.set(title, flush);
    return flush;
  }

  private locked<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const turn = (this.locks.get(title) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.locks.set(title, turn.catch(() => undefined));
    return turn;
  }

  /** One flush: read the members, send the ordered list, record what is in. */
  private async flush(title: string, again = true): Promise<void> {
    const ours = listAlbumMembers(this.state, title);
    const queued = ours.filter((m) => m.state === "pending");
    const album = this.state.albums.get(title);
    if (queued.length === 0 || !album?.photosetId || album.state !== "created") return;
    const read = (m: string, p: Record<string, string | number>) => this.call(m, p, { idempotent: true });
    let live;
    try {
      // Fewer photos than a read and an edit cost: addPhoto each (it appends, and drops nothing). The plan chose the same.
      if (flushCalls(title, queued.length, ours.length)[0]?.method === "flickr.photosets.addPhoto") return await this.addOneByOne(title, album.photosetId, queued);
      live = await readAlbumMembers(read, album.photosetId, this.state.account.get("nsid"));
    } catch (err) {
      if (!(err instanceof ApiError && err.classified.code === 1)) throw err;
      await this.recreate(title, queued[0]!);
      return this.flush(title, again);
    }
    const list = flushList(live, listAlbumMembers(this.state, title));
    if (!list.unchanged) {
      try {
        await this.call("flickr.photosets.editPhotos", { photoset_id: album.photosetId, primary_photo_id: list.primary, photo_ids: list.ids.join(",") }, { idempotent: true });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        // 1: the album went between the read and the edit: read again (once).
        if (err.classified.code === 1 && again) return this.flush(title, false);
        // 2: a queued photo is gone from Flickr; one by one, so the others still go in.
        if (err.classified.code === 2) return this.addOneByOne(title, album.photosetId, list.added);
        throw err;
      }
    }
    this.state.transaction(() => {
      recordAlbumMembers(this.state, title, list.added);
      for (const g of list.gone) forgetAlbumMember(this.state, title, g.photoId);
    });
  }

  /** The album was deleted on Flickr: make it again with the first queued photo as its cover; every photo of ours in it is queued again. */
  private async recreate(title: string, first: AlbumMember): Promise<void> {
    this.state.transaction(() => {
      this.state.albums.forget(title);
      requeueAlbumMembers(this.state, title);
    });
    this.account?.delete(title);
    await this.create(title, first.photoId, first.identifier);
    recordAlbumMembers(this.state, title, [first]);
  }

  /** editPhotos named a photo Flickr does not have: add the queued photos one at a time, dropping the missing. */
  private async addOneByOne(title: string, photosetId: string, queued: readonly AlbumMember[]): Promise<void> {
    for (const m of queued) {
      try {
        await this.call("flickr.photosets.addPhoto", { photoset_id: photosetId, photo_id: m.photoId }, { identifier: m.identifier, photoId: m.photoId, idempotent: true });
      } catch (err) {
        if (!(err instanceof ApiError) || (err.classified.code !== 2 && err.classified.code !== 3)) throw err;
        if (err.classified.code === 2) {
          forgetAlbumMember(this.state, title, m.photoId);
          this.warn(`album "${title}": photo ${m.photoId} (${m.identifier}) is no longer on Flickr, so it was not added`);
          continue;
        }
      }
      recordAlbumMembers(this.state, title, [m]);
    }
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

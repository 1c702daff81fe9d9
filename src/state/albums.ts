/**
 * The albums facet of the state: each album heritage made, by title. Creating an album is
 * recorded as an *intent* before photosets.create is sent, so a lost answer is looked up by
 * title instead of making a second album.
 */
import type { Statements } from "./statements.js";

export interface AlbumState {
  title: string;
  photosetId: string | null;
  state: "intent" | "created";
  primaryPhotoId: string | null;
  intentAt: number | null;
}

interface AlbumRow {
  title: string;
  photoset_id: string | null;
  state: "intent" | "created";
  primary_photo_id: string | null;
  intent_at: number | null;
}

const toAlbum = (r: AlbumRow): AlbumState => ({ title: r.title, photosetId: r.photoset_id, state: r.state, primaryPhotoId: r.primary_photo_id, intentAt: r.intent_at });

export class AlbumsFacet {
  constructor(private readonly s: Statements) {}

  get(title: string): AlbumState | null {
    const r = this.s.sql("SELECT title, photoset_id, state, primary_photo_id, intent_at FROM albums WHERE title = ?").get(title) as AlbumRow | undefined;
    return r ? toAlbum(r) : null;
  }

  list(): AlbumState[] {
    return (this.s.sql("SELECT title, photoset_id, state, primary_photo_id, intent_at FROM albums ORDER BY title").all() as AlbumRow[]).map(toAlbum);
  }

  /** Committed before photosets.create: if the answer is lost, the album is looked up by title. */
  recordIntent(title: string, primaryPhotoId: string): void {
    this.s
      .sql(
        `INSERT INTO albums (title, state, primary_photo_id, intent_at) VALUES (?, 'intent', ?, ?)
         ON CONFLICT(title) DO UPDATE SET state = 'intent', primary_photo_id = excluded.primary_photo_id, intent_at = excluded.intent_at`,
      )
      .run(title, primaryPhotoId, this.s.now());
  }

  recordCreated(title: string, photosetId: string, primaryPhotoId: string | null): void {
    this.s
      .sql(
        `INSERT INTO albums (title, photoset_id, state, primary_photo_id, created_at) VALUES (?, ?, 'created', ?, ?)
         ON CONFLICT(title) DO UPDATE SET photoset_id = excluded.photoset_id, state = 'created',
           primary_photo_id = COALESCE(excluded.primary_photo_id, albums.primary_photo_id), created_at = excluded.created_at`,
      )
      .run(title, photosetId, primaryPhotoId, this.s.now());
  }

  forget(title: string): void {
    this.s.sql("DELETE FROM albums WHERE title = ?").run(title);
  }
}

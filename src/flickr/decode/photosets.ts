/** flickr.photosets.getList: the account's albums, one page at a time. */
import { Fields } from "./fields.js";

export interface ListedAlbum {
  id: string;
  title: string;
  primary: string | null;
  /** Photos and videos it holds. */
  count: number;
}

export interface AlbumPage {
  page: number;
  pages: number;
  albums: ListedAlbum[];
}

export function decodePhotosetList(raw: unknown): AlbumPage {
  const sets = Fields.of("flickr.photosets.getList", raw).obj("photosets");
  return {
    // A one-page answer has been seen without page/pages: it is the only page.
    page: sets.optInt("page") ?? 1,
    pages: sets.optInt("pages") ?? 1,
    albums: sets.list("photoset").map((s) => ({
      id: s.id("id"),
      title: s.optText("title") ?? "",
      primary: s.optText("primary"),
      count: (s.optInt("photos") ?? 0) + (s.optInt("videos") ?? 0),
    })),
  };
}

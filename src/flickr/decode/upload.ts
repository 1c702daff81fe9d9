/**
 * What an upload or replace answers: the photo id (and secret, after a replace). flickr-sdk reads
 * `<photoid>` out of the XML; an answer without a usable id is malformed, and since the photo
 * may have been created, the executor treats it as an unknown outcome (looks it up by its tag).
 * Upload error 9 under `dedup_check` names the photo already holding the bytes; that form is
 * read by the transport (`parseUploadError`) and re-exported here with the other upload shapes.
 */
import { Fields, FlickrResponseError } from "./fields.js";
export { parseUploadError } from "../transport.js";

export interface UploadAnswer {
  id: string;
  secret: string | null;
}

export function decodeUploadAnswer(method: "upload" | "replace", raw: unknown): UploadAnswer {
  // flickr-sdk hands over `<photoid>` as `id`: the error names Flickr's field.
  const answer = Fields.of(method, raw);
  const id = (answer.optText("id") ?? "").trim();
  if (!/^\d+$/.test(id)) throw new FlickrResponseError(method, "photoid", id ? `is ${JSON.stringify(id)}, not a photo id` : "is missing");
  return { id, secret: answer.optText("secret") || null };
}

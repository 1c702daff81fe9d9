/**
 * How an item, or a whole run, stops. An ItemFailure fails one item (recorded in the state
 * with its step, code and message; the run goes on). A RunStop ends the run because every
 * further item would fail the same way (credentials rejected, upload limit reached, the
 * account's default licence is not the one the manifest needs).
 */
import type { ClassifiedError } from "./ports.js";

export class ItemFailure extends Error {
  constructor(
    readonly step: string,
    readonly code: string,
    message: string,
    readonly transient: boolean,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "ItemFailure";
  }
}

export class RunStop extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "RunStop";
  }
}

/** A stable error code for the state and reports: FLICKR_<n> (per method), HTTP_<status>, NETWORK. */
export function errorCode(error: ClassifiedError): string {
  if (error.code !== null) return `FLICKR_${error.code}`;
  if (error.httpStatus !== null) return `HTTP_${error.httpStatus}`;
  return "NETWORK";
}

/** Failures that will repeat for every item: stop the run instead of failing each item alone. */
export function runStopFor(method: string, error: ClassifiedError): RunStop | null {
  if (error.httpStatus === 401 || (error.code !== null && [96, 97, 98, 99, 100].includes(error.code) && method !== "flickr.photos.delete")) {
    return new RunStop(
      "AUTH_REJECTED",
      `Flickr refused the credentials on ${method}: ${error.message}`,
      "Run `heritage auth check`; if the token was revoked or lacks write permission, run `heritage auth login` again.",
    );
  }
  // setLocation's documented errors are 1–6 (photo, arguments, coordinates, accuracy, server);
  // any other code is the account's missing geo-privacy default (code unconfirmed; 7 observed),
  // the same for every item: stop once with advice rather than fail item after item.
  if (method === "flickr.photos.geo.setLocation" && error.kind === "permanent" && error.code !== null && error.code > 6) {
    return new RunStop(
      "GEO_PRIVACY_UNSET",
      `Flickr refused to place a photo on the map: ${error.message}. The account has no default geo privacy, so no photo can get its location.`,
      "Set the account's default geo privacy on flickr.com (Settings → Privacy and permissions → Who will be able to see, comment on, add notes, or tag your photos' location), then run the same command again: the photos already uploaded get their places, nothing is uploaded twice.",
    );
  }
  if (method === "upload" && error.code === 6) {
    return new RunStop("UPLOAD_LIMIT", `Flickr refused more uploads: ${error.message}`, "A free account holds at most 1,000 photos; the account needs Pro (or Commons) to go on.");
  }
  return null;
}

/**
 * Is what Flickr holds the same as what heritage pushed? Pure comparisons per field group,
 * forgiving exactly the rewrites Flickr is known to make (CRLF line breaks, HTML entities,
 * descriptions' links — description-canonical.ts —, normalised tags, 6-decimal coordinates, a
 * padded date) and nothing else.
 */
import { normalizeTag } from "../flickr/tag-syntax.js";
import { sameDescription } from "../flickr/description-canonical.js";
import type { FieldGroup, FlickrFields } from "../flickr/fields.js";
import type { LivePhoto } from "./live.js";

/** Groups the list extras let us verify. */
export const VERIFIABLE_GROUPS: readonly FieldGroup[] = ["meta", "tags", "license", "date", "geo", "perms", "albums"];

export function normalizeText(s: string | null | undefined): string {
  return String(s ?? "")
    .replace(/\r\n?/g, "\n")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

function sameNumber(a: number | null | undefined, b: number | null | undefined, eps = 1e-6): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= eps;
}

/** Flickr pads a truncated date ("1923-05" → "1923-05-01 00:00:00") and has read circa dates back as "1923-00-01". */
function padDate(d: string | null | undefined): string | null {
  if (!d) return null;
  const [date, time = "00:00:00"] = d.split(" ");
  const [y, m = "01", day = "01"] = date!.split("-");
  return `${y}-${m === "00" ? "01" : m.padStart(2, "0")}-${day.padStart(2, "0")} ${time}`;
}

export interface GroupDifference {
  group: FieldGroup;
  /** Human description, e.g. `title: "A" on Flickr, "B" pushed`. */
  details: string[];
  /** The live values, as a FlickrFields slice (tags are normalised forms). */
  live: Partial<FlickrFields>;
}

const q = (v: unknown) => (v === null || v === undefined ? "∅" : JSON.stringify(v));

/** The groups where `live` differs from `pushed` (a slice of FlickrFields per group). */
export function compareGroup(group: FieldGroup, pushed: Partial<FlickrFields>, live: LivePhoto): GroupDifference | null {
  const details: string[] = [];
  let slice: Partial<FlickrFields> = {};
  switch (group) {
    case "meta":
      slice = { title: live.title, description: live.description };
      if (normalizeText(pushed.title) !== normalizeText(live.title)) details.push(`title: ${q(live.title)} on Flickr, ${q(pushed.title)} pushed`);
      // By meaning: Flickr adds rel to links, shortens their text and spells entities its own way.
      if (!sameDescription(pushed.description, live.description)) details.push("description differs from what was pushed");
      break;
    case "tags": {
      slice = { tags: live.tags };
      const ours = new Set((pushed.tags ?? []).map(normalizeTag));
      const theirs = new Set(live.tags);
      const removed = [...ours].filter((t) => !theirs.has(t));
      const added = [...theirs].filter((t) => !ours.has(t));
      if (removed.length) details.push(`tags removed on Flickr: ${removed.join(", ")}`);
      if (added.length) details.push(`tags added on Flickr: ${added.join(", ")}`);
      break;
    }
    case "license":
      slice = { license_id: live.license_id };
      if (pushed.license_id !== undefined && pushed.license_id !== null && pushed.license_id !== live.license_id) details.push(`licence: ${live.license_id} on Flickr, ${pushed.license_id} pushed`);
      break;
    case "date":
      slice = { date_taken: live.date_taken, date_taken_granularity: live.date_taken_granularity as FlickrFields["date_taken_granularity"] };
      // A date never set by heritage stays Flickr's business (upload time, EXIF).
      if (pushed.date_taken && (padDate(pushed.date_taken) !== padDate(live.date_taken) || pushed.date_taken_granularity !== live.date_taken_granularity)) {
        details.push(`date taken: ${q(live.date_taken)} (granularity ${live.date_taken_granularity}) on Flickr, ${q(pushed.date_taken)} (granularity ${pushed.date_taken_granularity}) pushed`);
      }
      break;
    case "geo":
      slice = { latitude: live.latitude, longitude: live.longitude, accuracy: live.accuracy };
      if (!sameNumber(pushed.latitude, live.latitude) || !sameNumber(pushed.longitude, live.longitude) || (pushed.latitude !== null && pushed.accuracy !== live.accuracy)) {
        details.push(`location: ${live.latitude === null ? "none" : `${live.latitude}, ${live.longitude}`} on Flickr, ${pushed.latitude === null || pushed.latitude === undefined ? "none" : `${pushed.latitude}, ${pushed.longitude}`} pushed`);
      }
      break;
    case "perms":
      slice = { is_public: live.is_public };
      if ((pushed.is_public ?? 1) !== live.is_public) details.push(`visibility: ${live.is_public ? "public" : "private"} on Flickr`);
      break;
    case "albums": {
      slice = { albums: [...live.albums].sort() };
      const ours = new Set(pushed.albums ?? []);
      const missing = [...ours].filter((a) => !live.albums.includes(a));
      if (missing.length) details.push(`not in album${missing.length > 1 ? "s" : ""} ${missing.map((a) => q(a)).join(", ")} on Flickr`);
      break;
    }
    default:
      return null;
  }
  return details.length ? { group, details, live: slice } : null;
}

export function compareLive(pushed: Partial<Record<FieldGroup, { value: Partial<FlickrFields> }>>, live: LivePhoto): GroupDifference[] {
  const out: GroupDifference[] = [];
  for (const group of VERIFIABLE_GROUPS) {
    const p = pushed[group];
    if (!p) continue;
    const diff = compareGroup(group, p.value, live);
    if (diff) out.push(diff);
  }
  return out;
}

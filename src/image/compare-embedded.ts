/**
 * Compare what an image says about itself with what the manifest says, and fill empty manifest
 * fields from it when the collection asks to (`embedded_metadata: fill`). Pure: no I/O.
 *
 * Disagreements are warnings, never errors: the manifest is the catalogue of record, and the
 * embedded values are often about the digital file (the scan date, the photographer of the
 * reproduction) rather than the original.
 */
import { licenseById, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";
import { warning, type Issue } from "../issues.js";
import type { EmbeddedMetadata } from "./types.js";

/** The mapped (Flickr) values the comparison needs. */
export interface MappedForComparison {
  /** `YYYY-MM-DD HH:MM:SS` or null. */
  date_taken: string | null;
  /** Flickr date granularity: 0 exact, 4 month, 6 year, 8 circa. */
  granularity: number | null;
  latitude: number | null;
  longitude: number | null;
  license_id: number | null;
}

export interface CompareEmbeddedOptions {
  /** Report GPS positions farther than this from the manifest's (km). @default 25 */
  maxGpsDistanceKm?: number;
  /** How many years a "circa" date (granularity 8) may be off before the dates disagree. @default 10 */
  circaToleranceYears?: number;
}

export const COMPARE_EMBEDDED_DEFAULTS: Required<CompareEmbeddedOptions> = {
  maxGpsDistanceKm: 25,
  circaToleranceYears: 10,
};

const DIGITISATION_NOTE =
  "Embedded dates are often when the item was digitised (the scan or reproduction photograph), not when the original was made.";

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function yearOf(date: string): number | null {
  const m = /^\s*(\d{4})/.exec(date);
  return m ? Number(m[1]) : null;
}

function compareDate(embedded: EmbeddedMetadata, mapped: MappedForComparison, tolerance: number): Issue[] {
  if (!mapped.date_taken) return [];
  const manifestYear = yearOf(mapped.date_taken);
  if (manifestYear === null) return [];
  const slack = mapped.granularity === 8 ? tolerance : 0;
  const candidates: { value: string | null; what: string }[] = [
    { value: embedded.dateCreated, what: "creation date (XMP/IPTC)" },
    { value: embedded.dateTaken, what: "camera date (EXIF DateTimeOriginal)" },
  ];
  // The creation date is the more deliberate statement; the camera date is checked only without one.
  const chosen = candidates.find((c) => c.value !== null);
  const year = chosen?.value ? yearOf(chosen.value) : null;
  if (!chosen?.value || year === null || Math.abs(year - manifestYear) <= slack) return [];
  return [
    warning("EMBEDDED_DATE_DIFFERS", {
      field: "date",
      value: chosen.value,
      message: `The image's embedded ${chosen.what} is ${chosen.value}, but the manifest dates it ${manifestYear}${slack ? ` (circa, ±${slack} years)` : ""}. ${DIGITISATION_NOTE}`,
      hint: "If the embedded date is the digitisation date, nothing needs to change; otherwise check the manifest's date.",
    }),
  ];
}

function compareGps(embedded: EmbeddedMetadata, mapped: MappedForComparison, maxKm: number): Issue[] {
  if (embedded.latitude === null || embedded.longitude === null || mapped.latitude === null || mapped.longitude === null) return [];
  const km = distanceKm(embedded.latitude, embedded.longitude, mapped.latitude, mapped.longitude);
  if (km <= maxKm) return [];
  const where = `${embedded.latitude.toFixed(5)},${embedded.longitude.toFixed(5)}`;
  return [
    warning("EMBEDDED_GPS_DIFFERS", {
      field: "latitude",
      value: where,
      message: `The GPS position embedded in the image (${where}) is ${Math.round(km)} km from the manifest's (${mapped.latitude},${mapped.longitude})`,
      hint: "An embedded position usually records where the photograph (or the scan) was taken; check the manifest's coordinates.",
    }),
  ];
}

/** What an embedded rights statement claims. */
export type RightsClaim = "in-copyright" | "copyright-notice" | "public-domain" | "licence" | null;

const IN_COPYRIGHT =
  /all rights reserved|\bin copyright\b|rightsstatements\.org\/(vocab|page)\/InC|alle rechte vorbehalten|tous droits réservés|alla rättigheter förbehållna|alle rettigheter reservert|kaikki oikeudet pidätetään/i;
const PUBLIC_DOMAIN =
  /public ?domain|publicdomain|\bCC0\b|no known copyright|rightsstatements\.org\/(vocab|page)\/NoC|gemeinfrei|domaine public|allmän egendom|fri från upphovsrätt|upphovsrätten har upphört|utgången upphovsrätt|public ?domän/i;
const LICENCE = /creativecommons\.org\/licenses\/|\bCC[ -]BY\b/i;
const COPYRIGHT_NOTICE = /©|\(c\)|\bcopyright\b|\bupphovsrätt\b/i;

/**
 * Classify embedded rights: "All rights reserved"/In Copyright is a claim; a bare "©" is a
 * notice (compatible with a Creative Commons licence, which is granted by a copyright holder);
 * "public domain", CC0, PDM or NoC; a CC licence. xmpRights:Marked=False counts as public domain.
 */
export function classifyEmbeddedRights(embedded: Pick<EmbeddedMetadata, "rights" | "rightsUrl" | "rightsMarked">): RightsClaim {
  const text = [embedded.rights, embedded.rightsUrl].filter(Boolean).join(" ");
  if (IN_COPYRIGHT.test(text)) return "in-copyright";
  if (PUBLIC_DOMAIN.test(text)) return "public-domain";
  if (LICENCE.test(text)) return "licence";
  if (COPYRIGHT_NOTICE.test(text)) return "copyright-notice";
  if (embedded.rightsMarked === false) return "public-domain";
  return null;
}

/** Licences saying there is no copyright to claim: no known restrictions, US Gov, CC0, PDM. */
const PUBLIC_DOMAIN_LICENSES = new Set([NO_KNOWN_COPYRIGHT_RESTRICTIONS, 8, 9, 10]);
const isCreativeCommons = (id: number) => (id >= 1 && id <= 6) || (id >= 11 && id <= 16);

function compareRights(embedded: EmbeddedMetadata, licenseId: number | null): Issue[] {
  if (licenseId === null) return [];
  const license = licenseById(licenseId);
  if (!license) return [];
  const claim = classifyEmbeddedRights(embedded);
  const contradicts =
    (claim === "in-copyright" && (PUBLIC_DOMAIN_LICENSES.has(licenseId) || isCreativeCommons(licenseId))) ||
    (claim === "copyright-notice" && PUBLIC_DOMAIN_LICENSES.has(licenseId)) ||
    (claim === "public-domain" && license.restrictive);
  if (!contradicts) return [];
  const said = embedded.rights ?? embedded.rightsUrl ?? (embedded.rightsMarked === false ? "xmpRights:Marked = False (public domain)" : "");
  return [
    warning("EMBEDDED_RIGHTS_DIFFERS", {
      field: "license",
      value: said,
      message: `The rights embedded in the image ("${said}") contradict the licence "${license.name}" (${licenseId})`,
      hint: "Check which is right. The upload copy's embedded rights are rewritten from the manifest either way.",
    }),
  ];
}

/**
 * Warnings where the image's embedded metadata disagrees with the mapped manifest values:
 * EMBEDDED_DATE_DIFFERS (a different year, beyond the slack of a circa date),
 * EMBEDDED_GPS_DIFFERS (farther than `maxGpsDistanceKm`), EMBEDDED_RIGHTS_DIFFERS (a
 * copyright claim against an open licence, or public domain against a restrictive one).
 * Row and identifier are left for the caller (`atRow`).
 */
export function compareEmbedded(embedded: EmbeddedMetadata, mapped: MappedForComparison, options: CompareEmbeddedOptions = {}): Issue[] {
  return [
    ...compareDate(embedded, mapped, options.circaToleranceYears ?? COMPARE_EMBEDDED_DEFAULTS.circaToleranceYears),
    ...compareGps(embedded, mapped, options.maxGpsDistanceKm ?? COMPARE_EMBEDDED_DEFAULTS.maxGpsDistanceKm),
    ...compareRights(embedded, mapped.license_id),
  ];
}

const isEmpty = (v: string | undefined) => v === undefined || v.trim() === "";

/**
 * Fill empty manifest fields (canonical names) from embedded metadata, with an EMBEDDED_FILLED
 * warning for each. Filled: title, description, creator, date (from the creation date only —
 * a camera date is usually the digitisation date), latitude and longitude (together), tags
 * (keywords, "; "-separated) and license (the rights URL, when it is a URL; mapping validates
 * it). Returns a new object; `values` is not modified.
 */
export function fillFromEmbedded(values: Readonly<Record<string, string>>, embedded: EmbeddedMetadata): { values: Record<string, string>; issues: Issue[] } {
  const out: Record<string, string> = { ...values };
  const issues: Issue[] = [];
  const fill = (field: string, value: string | null, source: string) => {
    if (value === null || value.trim() === "" || !isEmpty(out[field])) return;
    out[field] = value;
    issues.push(
      warning("EMBEDDED_FILLED", {
        field,
        value,
        message: `The manifest has no ${field}; it was filled from the image's embedded ${source}`,
        hint: "Check the filled value, and put it in the manifest to make it permanent (or set embedded_metadata: warn).",
      }),
    );
  };
  fill("title", embedded.title, "title (XMP dc:title / IPTC Object Name)");
  fill("description", embedded.description, "description (XMP dc:description / IPTC Caption / EXIF ImageDescription)");
  fill("creator", embedded.creator, "creator (XMP dc:creator / IPTC By-line / EXIF Artist)");
  fill("date", embedded.dateCreated, "creation date (XMP photoshop:DateCreated / IPTC Date Created)");
  if (isEmpty(out.latitude) && isEmpty(out.longitude) && embedded.latitude !== null && embedded.longitude !== null) {
    fill("latitude", String(embedded.latitude), "GPS position");
    fill("longitude", String(embedded.longitude), "GPS position");
  }
  fill("tags", embedded.keywords.length > 0 ? embedded.keywords.join("; ") : null, "keywords (XMP dc:subject / IPTC Keywords)");
  fill("license", embedded.rightsUrl && /^https?:\/\//i.test(embedded.rightsUrl) ? embedded.rightsUrl : null, "rights URL (xmpRights:WebStatement)");
  return { values: out, issues };
}

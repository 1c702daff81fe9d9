/**
 * Coordinates → Flickr's location (flickr.photos.geo.setLocation: decimal degrees, accuracy
 * 1 world … 16 street). Everything wrong is an error: a photo placed on the wrong continent is
 * worse than a photo without a place.
 *
 * Accepted: decimal degrees with a point or a decimal comma ("59,3293", as Swedish Excel writes
 * them), surrounding spaces, a leading + or −. Values are rounded to 6 decimals (about 0.1 m;
 * Flickr truncates beyond that). Not accepted: degrees-minutes-seconds, hemisphere letters.
 */
import { error, type Issue } from "../issues.js";

/** Input of `mapGeo`: the row's cells as written. */
export interface MapGeoInput {
  latitude?: string;
  longitude?: string;
  /** `geo_accuracy`: 1–16; empty takes `defaultAccuracy`. */
  accuracy?: string;
  /** Used when the row has coordinates but no accuracy (settings.defaults.geo_accuracy, else 16). */
  defaultAccuracy: number;
}

/** Result of `mapGeo`: all three null when there are no (valid) coordinates. */
export interface GeoResult {
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  issues: Issue[];
}

const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const HINT_NUMBER = "Write decimal degrees, e.g. latitude 59.3293 and longitude 18.0686 (Stockholm); a decimal comma is fine.";

/** A decimal number as written in a cell, or null when it is not one. */
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(/\u2212/g, "-");
  if (!DECIMAL.test(cleaned)) return null;
  return Number(cleaned.replace(",", "."));
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6 + 0; // + 0 turns -0 into 0

const none = (issues: Issue[]): GeoResult => ({ latitude: null, longitude: null, accuracy: null, issues });

/**
 * Validate and convert a row's coordinates. Issues (all errors): GEO_INCOMPLETE (only one of
 * latitude and longitude), GEO_INVALID (not a number; accuracy not an integer 1–16),
 * GEO_SWAPPED (out of range, but valid the other way round), GEO_OUT_OF_RANGE, GEO_NULL_ISLAND (0,0).
 */
export function mapGeo(input: MapGeoInput): GeoResult {
  const latText = input.latitude?.trim() ?? "";
  const lonText = input.longitude?.trim() ?? "";
  if (latText === "" && lonText === "") return none([]); // an accuracy alone (e.g. a default) means nothing
  if (latText === "" || lonText === "") {
    const missing = latText === "" ? "latitude" : "longitude";
    return none([
      error("GEO_INCOMPLETE", {
        field: missing,
        value: latText || lonText,
        message: `The row has a ${missing === "latitude" ? "longitude" : "latitude"} but no ${missing}`,
        hint: "Give both latitude and longitude, or neither.",
      }),
    ]);
  }

  const issues: Issue[] = [];
  const lat = parseDecimal(latText);
  const lon = parseDecimal(lonText);
  if (lat === null) issues.push(error("GEO_INVALID", { field: "latitude", value: latText, message: `The latitude ${JSON.stringify(latText)} is not a decimal number`, hint: HINT_NUMBER }));
  if (lon === null) issues.push(error("GEO_INVALID", { field: "longitude", value: lonText, message: `The longitude ${JSON.stringify(lonText)} is not a decimal number`, hint: HINT_NUMBER }));

  const accuracyText = input.accuracy?.trim() ?? "";
  let accuracy = input.defaultAccuracy;
  if (accuracyText !== "") {
    const parsed = /^\d+$/.test(accuracyText) ? Number(accuracyText) : NaN;
    if (!(parsed >= 1 && parsed <= 16)) {
      issues.push(
        error("GEO_INVALID", {
          field: "geo_accuracy",
          value: accuracyText,
          message: `The accuracy ${JSON.stringify(accuracyText)} is not a whole number from 1 to 16`,
          hint: "Flickr's accuracy runs from 1 (world) through 3 (country), 6 (region), 11 (city) to 16 (street).",
        }),
      );
    } else accuracy = parsed;
  }
  if (lat === null || lon === null) return none(issues);

  const latitude = round6(lat);
  const longitude = round6(lon);
  const value = `${latText}, ${lonText}`;
  const inRange = (la: number, lo: number) => Math.abs(la) <= 90 && Math.abs(lo) <= 180;
  if (!inRange(latitude, longitude)) {
    if (inRange(longitude, latitude)) {
      issues.push(
        error("GEO_SWAPPED", {
          field: "latitude",
          value,
          message: `Latitude ${latText} is out of range (−90 to 90); latitude and longitude look swapped`,
          hint: `Swapped they would be latitude ${lonText}, longitude ${latText}: check the column order.`,
        }),
      );
    } else {
      issues.push(
        error("GEO_OUT_OF_RANGE", {
          field: Math.abs(latitude) > 90 ? "latitude" : "longitude",
          value,
          message: `The coordinates ${value} are out of range`,
          hint: "Latitude runs from −90 to 90 and longitude from −180 to 180, in decimal degrees.",
        }),
      );
    }
    return none(issues);
  }
  if (latitude === 0 && longitude === 0) {
    issues.push(
      error("GEO_NULL_ISLAND", {
        field: "latitude",
        value,
        message: "The coordinates are 0, 0 (\"null island\", in the Atlantic): usually a missing position written as zeros",
        hint: "Leave latitude and longitude empty when the place is not known.",
      }),
    );
    return none(issues);
  }
  if (issues.length > 0) return none(issues);
  return { latitude, longitude, accuracy, issues };
}

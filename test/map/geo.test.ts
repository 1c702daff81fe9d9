import test from "ava";
import { mapGeo, type MapGeoInput } from "../../src/map/geo.js";
import type { IssueCode } from "../../src/issues.js";

interface Row {
  name: string;
  input: Omit<MapGeoInput, "defaultAccuracy"> & { defaultAccuracy?: number };
  expected: { latitude: number | null; longitude: number | null; accuracy: number | null; codes: [IssueCode, string][] };
}

const rows: Row[] = [
  { name: "Visby, decimal point", input: { latitude: "57.6409", longitude: "18.2960" }, expected: { latitude: 57.6409, longitude: 18.296, accuracy: 16, codes: [] } },
  { name: "Stockholm, decimal comma (Swedish Excel)", input: { latitude: "59,3293", longitude: "18,0686" }, expected: { latitude: 59.3293, longitude: 18.0686, accuracy: 16, codes: [] } },
  { name: "surrounding spaces", input: { latitude: "  59.3293 ", longitude: "\t18.0686" }, expected: { latitude: 59.3293, longitude: 18.0686, accuracy: 16, codes: [] } },
  { name: "southern and western hemispheres", input: { latitude: "-33.8688", longitude: "-70.6693" }, expected: { latitude: -33.8688, longitude: -70.6693, accuracy: 16, codes: [] } },
  { name: "leading plus and Unicode minus", input: { latitude: "+59.3", longitude: "\u221218.5" }, expected: { latitude: 59.3, longitude: -18.5, accuracy: 16, codes: [] } },
  { name: "rounded to 6 decimals", input: { latitude: "59.32930049", longitude: "18.06860051" }, expected: { latitude: 59.3293, longitude: 18.068601, accuracy: 16, codes: [] } },
  { name: "the edges of the range", input: { latitude: "90", longitude: "-180" }, expected: { latitude: 90, longitude: -180, accuracy: 16, codes: [] } },
  { name: "accuracy given", input: { latitude: "57.64", longitude: "18.29", accuracy: "11" }, expected: { latitude: 57.64, longitude: 18.29, accuracy: 11, codes: [] } },
  { name: "default accuracy from settings", input: { latitude: "57.64", longitude: "18.29", defaultAccuracy: 6 }, expected: { latitude: 57.64, longitude: 18.29, accuracy: 6, codes: [] } },
  { name: "nothing given", input: {}, expected: { latitude: null, longitude: null, accuracy: null, codes: [] } },
  { name: "only an accuracy (a default) is nothing", input: { latitude: "", longitude: " ", accuracy: "11" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [] } },
  { name: "latitude only", input: { latitude: "57.64" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INCOMPLETE", "longitude"]] } },
  { name: "longitude only", input: { latitude: "", longitude: "18.29" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INCOMPLETE", "latitude"]] } },
  { name: "not a number", input: { latitude: "norr", longitude: "18.29" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "latitude"]] } },
  { name: "degrees-minutes-seconds are not decimal", input: { latitude: "59°19′46″N", longitude: "18°4′7″E" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "latitude"], ["GEO_INVALID", "longitude"]] } },
  { name: "thousands separators are not decimal", input: { latitude: "59.329,3", longitude: "18.0686" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "latitude"]] } },
  { name: "accuracy 0", input: { latitude: "57.64", longitude: "18.29", accuracy: "0" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "geo_accuracy"]] } },
  { name: "accuracy 17", input: { latitude: "57.64", longitude: "18.29", accuracy: "17" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "geo_accuracy"]] } },
  { name: "accuracy not an integer", input: { latitude: "57.64", longitude: "18.29", accuracy: "11.5" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "geo_accuracy"]] } },
  { name: "accuracy a word", input: { latitude: "57.64", longitude: "18.29", accuracy: "street" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_INVALID", "geo_accuracy"]] } },
  { name: "swapped: longitude in the latitude column", input: { latitude: "118.29", longitude: "57.64" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_SWAPPED", "latitude"]] } },
  { name: "latitude out of range, not fixable by swapping", input: { latitude: "190", longitude: "18.29" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_OUT_OF_RANGE", "latitude"]] } },
  { name: "longitude out of range", input: { latitude: "57.64", longitude: "218.29" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_OUT_OF_RANGE", "longitude"]] } },
  { name: "null island", input: { latitude: "0", longitude: "0" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_NULL_ISLAND", "latitude"]] } },
  { name: "null island written with decimals", input: { latitude: "0,000", longitude: "-0.0" }, expected: { latitude: null, longitude: null, accuracy: null, codes: [["GEO_NULL_ISLAND", "latitude"]] } },
  { name: "zero latitude alone is fine (the equator)", input: { latitude: "0", longitude: "32.58" }, expected: { latitude: 0, longitude: 32.58, accuracy: 16, codes: [] } },
];

for (const row of rows) {
  test(`mapGeo: ${row.name}`, (t) => {
    const result = mapGeo({ defaultAccuracy: 16, ...row.input });
    t.is(result.latitude, row.expected.latitude);
    t.is(result.longitude, row.expected.longitude);
    t.is(result.accuracy, row.expected.accuracy);
    t.deepEqual(
      result.issues.map((i) => [i.code, i.field]),
      row.expected.codes,
    );
    for (const issue of result.issues) {
      t.is(issue.severity, "error");
      t.truthy(issue.hint);
      t.not(issue.value, null);
    }
  });
}

test("the swapped hint says which way round would be valid", (t) => {
  const [issue] = mapGeo({ latitude: "118.29", longitude: "57.64", defaultAccuracy: 16 }).issues;
  t.is(issue?.hint, "Swapped they would be latitude 57.64, longitude 118.29: check the column order.");
});

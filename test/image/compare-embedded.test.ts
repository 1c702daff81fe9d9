import test from "ava";
import {
  classifyEmbeddedRights,
  compareEmbedded,
  distanceKm,
  fillFromEmbedded,
  type CompareEmbeddedOptions,
  type MappedForComparison,
  type RightsClaim,
} from "../../src/image/compare-embedded.js";
import { emptyEmbeddedMetadata, type EmbeddedMetadata } from "../../src/image/types.js";

const embedded = (over: Partial<EmbeddedMetadata>): EmbeddedMetadata => ({ ...emptyEmbeddedMetadata(), ...over });
const mapped = (over: Partial<MappedForComparison>): MappedForComparison => ({
  date_taken: null,
  granularity: null,
  latitude: null,
  longitude: null,
  license_id: null,
  ...over,
});

interface Case {
  name: string;
  embedded: Partial<EmbeddedMetadata>;
  mapped: Partial<MappedForComparison>;
  options?: CompareEmbeddedOptions;
  /** Expected issue codes, in order. */
  codes: string[];
  /** Substrings the (single) message must contain. */
  says?: string[];
}

const CASES: Case[] = [
  // ---- dates -------------------------------------------------------------------------------
  {
    name: "creation date in another year differs (IPTC example photo: 1985)",
    embedded: { dateCreated: "1985-11-25" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6 },
    codes: ["EMBEDDED_DATE_DIFFERS"],
    says: ["1985-11-25", "1910", "digitised"],
  },
  { name: "same year agrees", embedded: { dateCreated: "1910-05-01" }, mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6 }, codes: [] },
  { name: "circa date within 10 years agrees", embedded: { dateCreated: "1915" }, mapped: { date_taken: "1910-01-01 00:00:00", granularity: 8 }, codes: [] },
  {
    name: "circa date 15 years off differs",
    embedded: { dateCreated: "1925" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 8 },
    codes: ["EMBEDDED_DATE_DIFFERS"],
    says: ["circa, ±10 years"],
  },
  {
    name: "circa tolerance is configurable",
    embedded: { dateCreated: "1925" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 8 },
    options: { circaToleranceYears: 20 },
    codes: [],
  },
  {
    name: "exact date: one year off differs",
    embedded: { dateCreated: "1911-01-02" },
    mapped: { date_taken: "1910-12-31 00:00:00", granularity: 0 },
    codes: ["EMBEDDED_DATE_DIFFERS"],
  },
  {
    name: "camera date only: differs, and the message says it may be the digitisation date",
    embedded: { dateTaken: "2017-11-07 18:56:07" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6 },
    codes: ["EMBEDDED_DATE_DIFFERS"],
    says: ["camera date", "2017-11-07 18:56:07", "digitised"],
  },
  {
    name: "a matching creation date wins over a camera (scan) date",
    embedded: { dateCreated: "1910", dateTaken: "2017-11-07 18:56:07" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6 },
    codes: [],
  },
  { name: "no manifest date: nothing to compare", embedded: { dateCreated: "1985" }, mapped: {}, codes: [] },
  { name: "no embedded date: nothing to compare", embedded: {}, mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6 }, codes: [] },
  // ---- GPS (the DJI fixture's position is in Leuven; Brussels is ~23 km away) -------------------
  {
    name: "23 km is within the default 25 km",
    embedded: { latitude: 50.8626, longitude: 4.6725 },
    mapped: { latitude: 50.8467, longitude: 4.3525 },
    codes: [],
  },
  {
    name: "23 km is too far with a 10 km limit",
    embedded: { latitude: 50.8626, longitude: 4.6725 },
    mapped: { latitude: 50.8467, longitude: 4.3525 },
    options: { maxGpsDistanceKm: 10 },
    codes: ["EMBEDDED_GPS_DIFFERS"],
    says: ["23 km"],
  },
  {
    name: "Stockholm vs Gothenburg differs and says the distance",
    embedded: { latitude: 59.3293, longitude: 18.0686 },
    mapped: { latitude: 57.7089, longitude: 11.9746 },
    codes: ["EMBEDDED_GPS_DIFFERS"],
    says: ["397 km"],
  },
  { name: "manifest without coordinates: nothing to compare", embedded: { latitude: 59.3293, longitude: 18.0686 }, mapped: {}, codes: [] },
  // ---- rights ------------------------------------------------------------------------------
  {
    name: "All Rights Reserved vs Public Domain Mark differs",
    embedded: { rights: "©1985 David Riecks, All Rights Reserved" },
    mapped: { license_id: 10 },
    codes: ["EMBEDDED_RIGHTS_DIFFERS"],
    says: ["All Rights Reserved", "Public Domain Mark", "(10)"],
  },
  { name: "a © notice with CC BY is normal", embedded: { rights: "© 2018 - C.B. Vermeulen" }, mapped: { license_id: 4 }, codes: [] },
  { name: "a © notice vs CC0 differs", embedded: { rights: "© 2018 - C.B. Vermeulen" }, mapped: { license_id: 9 }, codes: ["EMBEDDED_RIGHTS_DIFFERS"] },
  { name: "a © notice vs no known copyright restrictions differs", embedded: { rights: "© Nationalmuseum" }, mapped: { license_id: 7 }, codes: ["EMBEDDED_RIGHTS_DIFFERS"] },
  { name: "All rights reserved vs CC BY 4.0 differs", embedded: { rights: "All rights reserved" }, mapped: { license_id: 11 }, codes: ["EMBEDDED_RIGHTS_DIFFERS"] },
  {
    name: "an In Copyright statement URL vs no known copyright restrictions differs",
    embedded: { rightsUrl: "http://rightsstatements.org/vocab/InC/1.0/" },
    mapped: { license_id: 7 },
    codes: ["EMBEDDED_RIGHTS_DIFFERS"],
  },
  { name: "All rights reserved vs All Rights Reserved agrees", embedded: { rights: "All rights reserved" }, mapped: { license_id: 0 }, codes: [] },
  { name: "public domain (ARTstor 'publicDomain') vs All Rights Reserved differs", embedded: { rights: "publicDomain" }, mapped: { license_id: 0 }, codes: ["EMBEDDED_RIGHTS_DIFFERS"] },
  { name: "public domain vs CC BY-NC 4.0 differs", embedded: { rights: "Public domain" }, mapped: { license_id: 14 }, codes: ["EMBEDDED_RIGHTS_DIFFERS"] },
  { name: "public domain vs CC BY (not restrictive) is not flagged", embedded: { rights: "Public domain" }, mapped: { license_id: 4 }, codes: [] },
  {
    name: "Swedish 'Utgången upphovsrätt' (RAÄ) vs All Rights Reserved differs",
    embedded: { rights: "Utgången upphovsrätt" },
    mapped: { license_id: 0 },
    codes: ["EMBEDDED_RIGHTS_DIFFERS"],
  },
  {
    name: "xmpRights:Marked=False alone counts as public domain",
    embedded: { rightsMarked: false },
    mapped: { license_id: 3 },
    codes: ["EMBEDDED_RIGHTS_DIFFERS"],
    says: ["Marked = False"],
  },
  { name: "no licence mapped: nothing to compare", embedded: { rights: "All rights reserved" }, mapped: {}, codes: [] },
  // ---- several at once -----------------------------------------------------------------------
  {
    name: "date, GPS and rights all differ",
    embedded: { dateCreated: "1985", latitude: 59.3293, longitude: 18.0686, rights: "All rights reserved" },
    mapped: { date_taken: "1910-01-01 00:00:00", granularity: 6, latitude: 57.7089, longitude: 11.9746, license_id: 10 },
    codes: ["EMBEDDED_DATE_DIFFERS", "EMBEDDED_GPS_DIFFERS", "EMBEDDED_RIGHTS_DIFFERS"],
  },
];

for (const c of CASES) {
  test(`compareEmbedded: ${c.name}`, (t) => {
    const issues = compareEmbedded(embedded(c.embedded), mapped(c.mapped), c.options);
    t.deepEqual(
      issues.map((i) => i.code),
      c.codes,
    );
    for (const i of issues) t.is(i.severity, "warning");
    for (const s of c.says ?? []) t.true(issues[0]!.message.includes(s), `message should mention "${s}": ${issues[0]!.message}`);
  });
}

const CLAIMS: [string, Partial<EmbeddedMetadata>, RightsClaim][] = [
  ["©1985 …, All Rights Reserved", { rights: "©1985 David Riecks, All Rights Reserved" }, "in-copyright"],
  ["Alla rättigheter förbehållna", { rights: "Foto: X. Alla rättigheter förbehållna." }, "in-copyright"],
  ["bare © notice", { rights: "© 2018 - C.B. Vermeulen" }, "copyright-notice"],
  ["(c) notice", { rights: "(c) Marsel Minga" }, "copyright-notice"],
  ["CC BY with ©", { rights: "© Museum, CC BY 4.0" }, "licence"],
  ["CC licence URL", { rightsUrl: "https://creativecommons.org/licenses/by-sa/4.0/" }, "licence"],
  ["PDM URL", { rightsUrl: "https://creativecommons.org/publicdomain/mark/1.0/" }, "public-domain"],
  ["CC0", { rights: "CC0 1.0" }, "public-domain"],
  ["NoC-US", { rightsUrl: "http://rightsstatements.org/vocab/NoC-US/1.0/" }, "public-domain"],
  ["Marked=False", { rightsMarked: false }, "public-domain"],
  ["Marked=True says nothing by itself (CC works are marked too)", { rightsMarked: true }, null],
  ["photographer name only", { rights: "JET2HOLIDAYS" }, null],
  ["nothing", {}, null],
];
for (const [name, e, expected] of CLAIMS) {
  test(`classifyEmbeddedRights: ${name}`, (t) => {
    t.is(classifyEmbeddedRights(embedded(e)), expected);
  });
}

test("distanceKm: one degree of latitude is 111.2 km, Stockholm–Gothenburg about 397 km, the same point 0", (t) => {
  t.is(Math.round(distanceKm(0, 0, 1, 0) * 10) / 10, 111.2);
  const sg = distanceKm(59.3293, 18.0686, 57.7089, 11.9746);
  t.true(sg > 395 && sg < 400, String(sg));
  t.is(distanceKm(1, 2, 1, 2), 0);
});

test("fillFromEmbedded fills only empty fields, each with a warning, without modifying the input", (t) => {
  const values = { identifier: "A1", title: "", description: "From the catalogue", creator: "   " };
  const e = embedded({
    title: "Do you know your lesson?",
    description: "Embedded caption",
    creator: "Allan Kohl",
    dateCreated: "1914-05",
    dateTaken: "2009-05-19 09:57:21",
    keywords: ["fashion illustrations", "Art Deco"],
    rightsUrl: "https://creativecommons.org/publicdomain/mark/1.0/",
  });
  const { values: out, issues } = fillFromEmbedded(values, e);
  t.deepEqual(out, {
    identifier: "A1",
    title: "Do you know your lesson?",
    description: "From the catalogue",
    creator: "Allan Kohl",
    date: "1914-05",
    tags: "fashion illustrations; Art Deco",
    license: "https://creativecommons.org/publicdomain/mark/1.0/",
  });
  t.deepEqual(
    issues.map((i) => [i.code, i.field, i.value, i.severity]),
    [
      ["EMBEDDED_FILLED", "title", "Do you know your lesson?", "warning"],
      ["EMBEDDED_FILLED", "creator", "Allan Kohl", "warning"],
      ["EMBEDDED_FILLED", "date", "1914-05", "warning"],
      ["EMBEDDED_FILLED", "tags", "fashion illustrations; Art Deco", "warning"],
      ["EMBEDDED_FILLED", "license", "https://creativecommons.org/publicdomain/mark/1.0/", "warning"],
    ],
  );
  t.is(values.title, "", "input untouched");
});

test("fillFromEmbedded never takes the date from the camera (digitisation) date", (t) => {
  const { values, issues } = fillFromEmbedded({}, embedded({ dateTaken: "2017-11-07 18:56:07" }));
  t.deepEqual(values, {});
  t.deepEqual(issues, []);
});

test("fillFromEmbedded fills coordinates only as a pair, and only when both are empty", (t) => {
  const e = embedded({ latitude: 50.86259891666667, longitude: 4.672542138888889 });
  const both = fillFromEmbedded({}, e);
  t.deepEqual(both.values, { latitude: "50.86259891666667", longitude: "4.672542138888889" });
  t.is(both.issues.length, 2);
  const half = fillFromEmbedded({ latitude: "59.3" }, e);
  t.deepEqual(half.values, { latitude: "59.3" });
  t.deepEqual(half.issues, []);
});

test("fillFromEmbedded does not take a free-text rights statement as a licence", (t) => {
  const { values } = fillFromEmbedded({}, embedded({ rights: "publicDomain", rightsUrl: "see our website" }));
  t.false("license" in values);
});

/**
 * mapLicense against a table of rights values as catalogues write them. Real values come from
 * (all CC0 or MIT metadata; see /work/shared/data/SOURCES.md):
 * - Europeana `edm_rights` (Generous-Interface-Fashion data.json: every distinct value, 1568 records),
 * - K-samsök `itemLicense`/`mediaLicense`/`mediaLicenseUrl`/`pres:copyright` (KMB-import test_katt.xml),
 * - Nationalmuseum LIDO `rightsType` terms (WikidataCollection),
 * - RAÄ's embedded rights on Flickr (getExif of photo 10082673916: dc:rights "Utgången upphovsrätt").
 */
import test from "ava";
import { mapLicense, type MapLicenseOptions } from "../../src/map/license.js";
import { rightsKey } from "../../src/map/rights-key.js";
import { RIGHTS_TABLE } from "../../src/map/rights-table.js";
import type { IssueCode } from "../../src/issues.js";

interface Row {
  name: string;
  input: string | undefined;
  options?: Partial<MapLicenseOptions>;
  expected: { license_id: number | null; codes: IssueCode[]; rule?: string | null };
}

const COMMONS: MapLicenseOptions = { licenses: {}, commons: true };

const rows: Row[] = [
  // ---- Europeana edm_rights: every distinct value in the data set ----------------------------
  { name: "Europeana CC BY 2.5 (766 records) is not on Flickr", input: "http://creativecommons.org/licenses/by/2.5/", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-2.5" } },
  { name: "Europeana CC BY-NC-ND 2.5 is not on Flickr", input: "http://creativecommons.org/licenses/by-nc-nd/2.5/", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-nc-nd-2.5" } },
  { name: "Europeana CC BY-SA 4.0", input: "http://creativecommons.org/licenses/by-sa/4.0/", expected: { license_id: 12, codes: [], rule: "cc-by-sa-4.0" } },
  { name: "Europeana CC BY-SA 3.0 is not on Flickr", input: "http://creativecommons.org/licenses/by-sa/3.0/", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-sa-3.0" } },
  { name: "Europeana CC BY-NC-ND 4.0 is restrictive in Commons", input: "http://creativecommons.org/licenses/by-nc-nd/4.0/", expected: { license_id: 16, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "Europeana Public Domain Mark", input: "http://creativecommons.org/publicdomain/mark/1.0/", expected: { license_id: 10, codes: [], rule: "pdm-1.0" } },
  // ---- K-samsök -------------------------------------------------------------------------------
  { name: "K-samsök itemLicense cc0", input: "http://kulturarvsdata.se/resurser/License#cc0", expected: { license_id: 9, codes: [], rule: "cc0-1.0" } },
  { name: "K-samsök itemLicenseUrl CC0", input: "http://creativecommons.org/publicdomain/zero/1.0/", expected: { license_id: 9, codes: [], rule: "cc0-1.0" } },
  { name: "K-samsök mediaLicense #by names no version", input: "http://kulturarvsdata.se/resurser/License#by", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by" } },
  { name: "K-samsök mediaLicense #pdmark", input: "http://kulturarvsdata.se/resurser/License#pdmark", expected: { license_id: 10, codes: [], rule: "pdm-1.0" } },
  { name: "K-samsök mediaLicenseUrl CC BY 2.5 SE (ported)", input: "http://creativecommons.org/licenses/by/2.5/se/", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-2.5-se" } },
  { name: "K-samsök pres:copyright Utgången upphovsrätt", input: "Utgången upphovsrätt", expected: { license_id: 10, codes: [], rule: "pdm-1.0" } },
  { name: "K-samsök pres:copyright RAÄ is a holder, not a licence", input: "RAÄ", expected: { license_id: null, codes: ["LICENSE_UNKNOWN"], rule: null } },
  { name: "K-samsök #inc is in copyright", input: "http://kulturarvsdata.se/resurser/License#inc", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"] } },
  { name: "K-samsök #by-nc-nd without version", input: "http://kulturarvsdata.se/resurser/License#by-nc-nd", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-nc-nd" } },
  // ---- LIDO (Nationalmuseum) -----------------------------------------------------------------
  { name: "LIDO record rights CC0", input: "CC0", expected: { license_id: 9, codes: [], rule: "cc0-1.0" } },
  { name: "LIDO resource rights PDM URI", input: "http://creativecommons.org/publicdomain/mark/1.0/", expected: { license_id: 10, codes: [] } },
  // ---- rightsstatements.org ------------------------------------------------------------------
  { name: "NKC URI", input: "http://rightsstatements.org/vocab/NKC/1.0/", expected: { license_id: 7, codes: [], rule: "rs-nkc" } },
  { name: "NKC page URI with https and query", input: "https://rightsstatements.org/page/NKC/1.0/?language=sv", expected: { license_id: 7, codes: [], rule: "rs-nkc" } },
  { name: "NKC short code", input: "NKC", expected: { license_id: 7, codes: [] } },
  { name: "NKC in words", input: "No known copyright restrictions", expected: { license_id: 7, codes: [] } },
  { name: "NKC in Swedish (restriktioner)", input: "Inga kända upphovsrättsliga restriktioner", expected: { license_id: 7, codes: [] } },
  { name: "NKC in Swedish (begränsningar)", input: "Inga kända upphovsrättsliga begränsningar", expected: { license_id: 7, codes: [] } },
  { name: "NKC outside Commons is an error", input: "http://rightsstatements.org/vocab/NKC/1.0/", options: { commons: false }, expected: { license_id: null, codes: ["LICENSE_NKC_NOT_COMMONS"] } },
  { name: "In Copyright URI", input: "http://rightsstatements.org/vocab/InC/1.0/", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"], rule: "rs-inc" } },
  { name: "In Copyright code", input: "InC", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"] } },
  { name: "In Copyright words with en dash", input: "In Copyright – EU Orphan Work", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"], rule: "rs-inc-ow-eu" } },
  { name: "InC-EDU URI", input: "https://rightsstatements.org/vocab/InC-EDU/1.0/", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"] } },
  { name: "Upphovsrättsligt skyddad", input: "Upphovsrättsligt skyddad", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"] } },
  { name: "Europeana rr-f", input: "http://www.europeana.eu/rights/rr-f/", expected: { license_id: null, codes: ["LICENSE_IN_COPYRIGHT"] } },
  { name: "NoC-US", input: "http://rightsstatements.org/vocab/NoC-US/1.0/", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"], rule: "rs-noc-us" } },
  { name: "NoC-CR", input: "http://rightsstatements.org/vocab/NoC-CR/1.0/", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"] } },
  { name: "NoC-NC", input: "NoC-NC", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"] } },
  { name: "NoC-OKLR", input: "http://rightsstatements.org/vocab/NoC-OKLR/1.0/", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"] } },
  { name: "CNE", input: "http://rightsstatements.org/vocab/CNE/1.0/", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"] } },
  { name: "UND words", input: "Copyright Undetermined", expected: { license_id: null, codes: ["LICENSE_NOT_FLICKR_LICENSE"], rule: "rs-und" } },
  // ---- Creative Commons spellings ----------------------------------------------------------
  { name: "https, www, trailing slash", input: "https://www.creativecommons.org/licenses/by/4.0/", expected: { license_id: 11, codes: [], rule: "cc-by-4.0" } },
  { name: "no trailing slash", input: "http://creativecommons.org/licenses/by/4.0", expected: { license_id: 11, codes: [] } },
  { name: "deed.sv", input: "https://creativecommons.org/licenses/by-sa/4.0/deed.sv", expected: { license_id: 12, codes: [] } },
  { name: "legalcode", input: "https://creativecommons.org/licenses/by/4.0/legalcode", expected: { license_id: 11, codes: [] } },
  { name: "legalcode.sv", input: "https://creativecommons.org/licenses/by/4.0/legalcode.sv", expected: { license_id: 11, codes: [] } },
  { name: "URL in angle brackets (RDF)", input: "<http://creativecommons.org/licenses/by/4.0/>", expected: { license_id: 11, codes: [] } },
  { name: "upper case URL", input: "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/4.0/", expected: { license_id: 11, codes: [] } },
  { name: "SPDX-style CC-BY-SA-4.0", input: "CC-BY-SA-4.0", expected: { license_id: 12, codes: [] } },
  { name: "CC BY SA 4.0 with spaces", input: "CC BY SA 4.0", expected: { license_id: 12, codes: [] } },
  { name: "CC BY-SA 4.0", input: "CC BY-SA 4.0", expected: { license_id: 12, codes: [] } },
  { name: "by-sa/4.0 path form", input: "by-sa/4.0", expected: { license_id: 12, codes: [] } },
  { name: "version without .0", input: "CC BY 4", expected: { license_id: 11, codes: [] } },
  { name: "long English name with code", input: "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)", expected: { license_id: 12, codes: [] } },
  { name: "long English name", input: "Creative Commons Attribution 4.0 International", expected: { license_id: 11, codes: [] } },
  { name: "Attribution-NonCommercial-ShareAlike 2.0 Generic", input: "Attribution-NonCommercial-ShareAlike 2.0 Generic", expected: { license_id: 1, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "1.0-style element order BY-ND-NC", input: "Creative Commons Attribution-NoDerivs-NonCommercial 2.0", expected: { license_id: 3, codes: ["LICENSE_RESTRICTIVE"], rule: "cc-by-nc-nd-2.0" } },
  { name: "Swedish CC name", input: "Erkännande-DelaLika 4.0 Internationell", expected: { license_id: 12, codes: [] } },
  { name: "Swedish CC name, NC-ND", input: "Creative Commons Erkännande-IckeKommersiell-IngaBearbetningar 4.0", expected: { license_id: 16, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "CC BY 2.0 (4)", input: "https://creativecommons.org/licenses/by/2.0/", expected: { license_id: 4, codes: [] } },
  { name: "CC BY-SA 2.0 (5)", input: "CC BY-SA 2.0", expected: { license_id: 5, codes: [] } },
  { name: "CC BY-ND 2.0 (6) restrictive", input: "CC BY-ND 2.0", expected: { license_id: 6, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "CC BY-NC 2.0 (2) restrictive", input: "CC BY-NC 2.0", expected: { license_id: 2, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "CC BY-ND 4.0 (13) restrictive", input: "CC BY-ND 4.0", expected: { license_id: 13, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "CC BY-NC 4.0 (14) restrictive", input: "CC BY-NC 4.0", expected: { license_id: 14, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "CC BY-NC-SA 4.0 (15) restrictive", input: "CC BY-NC-SA 4.0", expected: { license_id: 15, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "restrictive is no warning outside Commons", input: "CC BY-NC 4.0", options: { commons: false }, expected: { license_id: 14, codes: [] } },
  { name: "CC BY 3.0 is not swapped for 2.0 or 4.0", input: "CC BY 3.0", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-3.0" } },
  { name: "CC BY 2.5 SE in words", input: "CC BY 2.5 SE", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-2.5-se" } },
  { name: "CC BY 3.0 Unported", input: "Creative Commons Attribution 3.0 Unported", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-3.0" } },
  { name: "CC BY 1.0", input: "http://creativecommons.org/licenses/by/1.0/", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"] } },
  { name: "CC licence without a version", input: "CC BY-SA", expected: { license_id: null, codes: ["LICENSE_NOT_ON_FLICKR"], rule: "cc-by-sa" } },
  { name: "CC0 words", input: "CC0 1.0 Universal", expected: { license_id: 9, codes: [] } },
  { name: "Public Domain Dedication (CC0)", input: "Public Domain Dedication (CC0)", expected: { license_id: 9, codes: [] } },
  { name: "PDM words", input: "Public Domain Mark 1.0", expected: { license_id: 10, codes: [] } },
  { name: "public domain is PDM", input: "public domain", expected: { license_id: 10, codes: [] } },
  { name: "Allmän egendom is PDM", input: "Allmän egendom", expected: { license_id: 10, codes: [] } },
  { name: "Flickr Commons usage URL", input: "https://www.flickr.com/commons/usage/", expected: { license_id: 7, codes: [] } },
  { name: "US Government Work", input: "United States Government Work", expected: { license_id: 8, codes: [] } },
  { name: "US Government Work URL", input: "https://www.usa.gov/government-copyright", expected: { license_id: 8, codes: [] } },
  // ---- All Rights Reserved only when said; empty and unknown are errors ----------------------
  { name: "explicit All Rights Reserved warns in Commons", input: "All rights reserved", expected: { license_id: 0, codes: ["LICENSE_RESTRICTIVE"], rule: "all-rights-reserved" } },
  { name: "Alla rättigheter förbehållna", input: "Alla rättigheter förbehållna", expected: { license_id: 0, codes: ["LICENSE_RESTRICTIVE"] } },
  { name: "empty is missing", input: "", expected: { license_id: null, codes: ["LICENSE_MISSING"], rule: null } },
  { name: "whitespace is missing", input: "  ", expected: { license_id: null, codes: ["LICENSE_MISSING"] } },
  { name: "undefined is missing", input: undefined, expected: { license_id: null, codes: ["LICENSE_MISSING"] } },
  { name: "a copyright notice is unknown", input: "© Nordiska museet", expected: { license_id: null, codes: ["LICENSE_UNKNOWN"] } },
  { name: "a bare Flickr id is unknown (not silently ARR)", input: "0", expected: { license_id: null, codes: ["LICENSE_UNKNOWN"] } },
  { name: "a bare by-sa is too little", input: "by-sa", expected: { license_id: null, codes: ["LICENSE_UNKNOWN"] } },
  { name: "free text is unknown", input: "Fri att använda", expected: { license_id: null, codes: ["LICENSE_UNKNOWN"] } },
  // ---- settings.licenses ----------------------------------------------------------------
  { name: "settings map CC BY 3.0 explicitly", input: "http://creativecommons.org/licenses/by/3.0/", options: { licenses: { "CC BY 3.0": 11 } }, expected: { license_id: 11, codes: [], rule: 'settings.licenses["CC BY 3.0"]' } },
  { name: "settings map K-samsök #by", input: "http://kulturarvsdata.se/resurser/License#by", options: { licenses: { "http://kulturarvsdata.se/resurser/License#by": 4 } }, expected: { license_id: 4, codes: [] } },
  { name: "settings map NoC-US (key written differently)", input: "http://rightsstatements.org/vocab/NoC-US/1.0/", options: { licenses: { "NoC-US": 10 } }, expected: { license_id: 10, codes: [] } },
  { name: "settings map a house phrase", input: "Fri att använda", options: { licenses: { "fri att använda": 10 } }, expected: { license_id: 10, codes: [] } },
  { name: "settings win over the table", input: "CC BY 4.0", options: { licenses: { "https://creativecommons.org/licenses/by/4.0/": 9 } }, expected: { license_id: 9, codes: [] } },
  { name: "settings mapping to 0 still warns in Commons", input: "RAÄ", options: { licenses: { "RAÄ": 0 } }, expected: { license_id: 0, codes: ["LICENSE_RESTRICTIVE"], rule: 'settings.licenses["RAÄ"]' } },
  { name: "settings mapping to 7 outside Commons is an error", input: "Utgången upphovsrätt", options: { commons: false, licenses: { "Utgången upphovsrätt": 7 } }, expected: { license_id: null, codes: ["LICENSE_NKC_NOT_COMMONS"] } },
  { name: "settings mapping a restrictive id warns", input: "RAÄ", options: { licenses: { "RAÄ": 14 } }, expected: { license_id: 14, codes: ["LICENSE_RESTRICTIVE"] } },
];

for (const row of rows) {
  test(`mapLicense: ${row.name}`, (t) => {
    const result = mapLicense(row.input, { ...COMMONS, ...row.options });
    t.is(result.license_id, row.expected.license_id);
    t.deepEqual(
      result.issues.map((i) => i.code),
      row.expected.codes,
    );
    if (row.expected.rule !== undefined) t.is(result.rule, row.expected.rule);
    for (const issue of result.issues) {
      t.is(issue.field, "license");
      t.is(issue.value, row.input?.trim() ?? "");
      t.truthy(issue.hint, `${issue.code} has a hint`);
    }
  });
}

test("the hint for a version Flickr lacks names the candidates and the settings key", (t) => {
  const [issue] = mapLicense("CC BY 3.0", COMMONS).issues;
  t.is(issue?.severity, "error");
  t.regex(issue?.hint ?? "", /CC BY 2\.0 \(4\) or CC BY 4\.0 \(11\) — check which the rights holder allows, then map it in settings\.licenses/);
  t.regex(issue?.hint ?? "", /"CC BY 3\.0": <id>/);
  const [nc] = mapLicense("http://creativecommons.org/licenses/by-nc-sa/3.0/", COMMONS).issues;
  t.regex(nc?.hint ?? "", /CC BY-NC-SA 2\.0 \(1\) or CC BY-NC-SA 4\.0 \(15\)/);
  const [ks] = mapLicense("http://kulturarvsdata.se/resurser/License#by", COMMONS).issues;
  t.regex(ks?.message ?? "", /without a version/);
  t.regex(ks?.hint ?? "", /mediaLicenseUrl/);
});

test("a rights statement that is not a licence names the settings key to map it", (t) => {
  const value = "http://rightsstatements.org/vocab/NoC-US/1.0/";
  const [issue] = mapLicense(value, COMMONS).issues;
  t.regex(issue?.hint ?? "", /United States only/);
  t.true(issue?.hint?.includes(`settings.licenses: { "${value}": <Flickr id 0–16> }`));
});

test("rightsKey: spellings of one licence share a key", (t) => {
  const groups: string[][] = [
    ["http://creativecommons.org/licenses/by-sa/4.0/", "https://creativecommons.org/licenses/by-sa/4.0/deed.en", "CC-BY-SA-4.0", "cc by sa 4.0", "by-sa/4.0", "Attribution-ShareAlike 4.0 International"],
    ["http://creativecommons.org/publicdomain/mark/1.0/", "PDM", "Public Domain Mark", "Utgången upphovsrätt", "http://kulturarvsdata.se/resurser/License#pdmark"],
    ["http://rightsstatements.org/vocab/NoC-US/1.0/", "NoC-US", "No Copyright - United States", "no copyright – united states"],
  ];
  for (const group of groups) {
    const keys = new Set(group.map(rightsKey));
    t.is(keys.size, 1, group.join(" | "));
  }
  t.not(rightsKey("CC BY 3.0"), rightsKey("CC BY 4.0"));
  t.not(rightsKey("CC BY 2.5 SE"), rightsKey("CC BY 2.5"));
});

test("every spelling in the rights table maps like its rule", (t) => {
  for (const row of RIGHTS_TABLE) {
    const expected = mapLicense(row.rule.startsWith("rs-") ? row.rule.slice(3) : row.rule, COMMONS);
    for (const alias of row.aliases) {
      const got = mapLicense(alias, COMMONS);
      t.is(got.rule, row.rule, alias);
      t.is(got.license_id, expected.license_id, alias);
      t.deepEqual(
        got.issues.map((i) => i.code),
        expected.issues.map((i) => i.code),
        alias,
      );
    }
  }
});

test("nothing maps to All Rights Reserved (0) silently", (t) => {
  const inputs = [
    ...rows.map((r) => r.input),
    ...RIGHTS_TABLE.flatMap((r) => [r.rule, ...r.aliases]),
    "0",
    "ARR",
    "©",
    "copyright",
    "Copyright RAÄ",
    "rights reserved",
    "unknown",
    "okänd",
    "-",
    "N/A",
  ];
  for (const commons of [true, false]) {
    for (const input of inputs) {
      const result = mapLicense(input, { licenses: {}, commons });
      if (result.license_id !== 0) continue;
      t.is(result.rule, "all-rights-reserved", `${input} maps to 0 only because it says All Rights Reserved`);
      if (commons) t.true(result.issues.some((i) => i.code === "LICENSE_RESTRICTIVE"), input ?? "");
    }
    // A value that is unknown or empty never gets a licence id at all.
    for (const input of [undefined, "", "ARR", "©", "rights reserved"]) {
      t.is(mapLicense(input, { licenses: {}, commons }).license_id, null, String(input));
    }
  }
});

test("every licence issue has a code, field, value, message and hint", (t) => {
  for (const row of rows) {
    for (const issue of mapLicense(row.input, { ...COMMONS, ...row.options }).issues) {
      t.truthy(issue.code);
      t.is(issue.field, "license");
      t.not(issue.value, null);
      t.truthy(issue.message);
      t.truthy(issue.hint);
    }
  }
});

/**
 * Rights statement → Flickr licence id.
 *
 * Catalogues write the same licence in many ways: `http://creativecommons.org/licenses/by/4.0/deed.sv`,
 * `CC-BY-4.0`, `CC BY 4.0`, `by/4.0`, "Creative Commons Attribution 4.0 International",
 * "Erkännande 4.0 Internationell"; rightsstatements.org URIs and codes; K-samsök's
 * `http://kulturarvsdata.se/resurser/License#by`; plain words such as "Utgången upphovsrätt".
 * `rightsKey` reduces a value to one canonical key (`cc-by-4.0`, `rs-noc-us`, `pdm-1.0`, or a
 * "loose" word key), and `RIGHTS_TABLE` says what each key means. Settings keys
 * (`settings.licenses`) are reduced the same way, so `"CC BY 3.0": 11` also matches
 * `http://creativecommons.org/licenses/by/3.0/`, and they win over the table.
 *
 * Rules that matter more than convenience:
 * - nothing ever becomes All Rights Reserved (0) unless the value says so (or settings map it);
 *   an empty or unknown value is an error;
 * - a licence version Flickr does not offer (CC 2.5, 3.0, ported versions, a CC licence with no
 *   version) is never swapped for a neighbour: it is an error whose hint names the candidates;
 * - rightsstatements.org statements other than NKC are not licences: In Copyright is an error,
 *   the others are errors unless the settings map them.
 *
 * The meaning of each value is in rights-table.ts, the normalisation in rights-key.ts.
 */
import { error, warning, type Issue } from "../issues.js";
import { FLICKR_LICENSES, licenseById, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";
import { cleanRightsValue, lookupRights, parseCreativeCommons, rightsKey, ccKey, type CcLicense } from "./rights-key.js";

/** Options of `mapLicense`. */
export interface MapLicenseOptions {
  /** `settings.licenses`: rights value → Flickr id; keys match after `rightsKey`; they win over the table. */
  licenses: Record<string, number>;
  /** Publishing as a Flickr Commons member (settings.commons). */
  commons: boolean;
}

/** Result of `mapLicense`. */
export interface LicenseResult {
  /** Flickr licence id 0–16, or null when the value cannot be published (an error issue says why). */
  license_id: number | null;
  issues: Issue[];
  /** Which rule decided: a table key (`cc-by-4.0`, `rs-nkc`…), `settings.licenses["…"]`, or null. */
  rule: string | null;
}

function ccLabel(elements: string, version: string | null, jurisdiction: string | null): string {
  return ["CC", elements.toUpperCase(), version, jurisdiction?.toUpperCase() ?? null].filter((p) => p !== null).join(" ");
}

function candidatesHint(cc: CcLicense, value: string): string {
  const candidates = FLICKR_LICENSES.filter((l) => l.url.startsWith(`https://creativecommons.org/licenses/${cc.elements}/`)).map(
    (l) => `${l.name} (${l.id})`,
  );
  const source = cc.ksamsok ? " K-samsök's mediaLicenseUrl gives the version (Kulturmiljöbild records say CC BY 2.5 SE)." : "";
  return `Flickr offers ${candidates.join(" or ")} — check which the rights holder allows, then map it in settings.licenses, e.g. "licenses": { "${value}": <id> }.${source}`;
}

function checkForAccount(id: number, value: string, commons: boolean, rule: string): LicenseResult {
  const field = "license";
  if (id === NO_KNOWN_COPYRIGHT_RESTRICTIONS && !commons) {
    return {
      license_id: null,
      rule,
      issues: [
        error("LICENSE_NKC_NOT_COMMONS", {
          field,
          value,
          message: `"${value}" means No known copyright restrictions (7), which only Flickr Commons members can use`,
          hint: "Set commons: true in the settings if this is a Flickr Commons account; otherwise use Public Domain Mark (10) for works in the public domain.",
        }),
      ],
    };
  }
  const issues: Issue[] = [];
  const flickr = licenseById(id);
  if (commons && flickr?.restrictive) {
    issues.push(
      warning("LICENSE_RESTRICTIVE", {
        field,
        value,
        message:
          id === 0
            ? `"${value}" publishes as All Rights Reserved (0) in a Commons collection`
            : `"${value}" is ${flickr.name} (${id}): NonCommercial or NoDerivs limits reuse of a Commons collection`,
        hint: "Flickr Commons is for works that can be reused freely; check whether a freer licence or No known copyright restrictions applies.",
      }),
    );
  }
  return { license_id: id, issues, rule };
}

/**
 * Map a rights value (as written in the catalogue, defaults already applied) to a Flickr licence id.
 * Settings mappings win over the built-in table; every value that cannot be published is an
 * error issue with `field: "license"`, and NonCommercial/NoDerivs/All Rights Reserved are a
 * warning in a Commons collection.
 */
// A catalogue names a handful of licences over and over: remember the answers per settings
// object (results are copied out, so callers may change them).
const LICENSE_CACHE = new WeakMap<object, Map<string, LicenseResult>>();

export function mapLicense(value: string | undefined, options: MapLicenseOptions): LicenseResult {
  let cache = LICENSE_CACHE.get(options.licenses);
  if (!cache) LICENSE_CACHE.set(options.licenses, (cache = new Map()));
  const key = `${options.commons ? 1 : 0}\0${value ?? ""}`;
  let result = cache.get(key);
  if (!result) {
    result = mapLicenseUncached(value, options);
    if (cache.size < 10_000) cache.set(key, result);
  }
  return { ...result, issues: result.issues.map((i) => ({ ...i })) };
}

/** No licence: the rule that recognised the value (if any) and the one issue saying why. */
function refused(rule: string | null, issue: Issue): LicenseResult {
  return { license_id: null, rule, issues: [issue] };
}

/** A value the rights table knows: a licence, or a statement that is not one. */
function mapKnownRights(hit: NonNullable<ReturnType<typeof lookupRights>>, written: string, commons: boolean): LicenseResult {
  const field = "license";
  const meaning = hit.meaning;
  if (meaning.kind === "license") return checkForAccount(meaning.id, written, commons, hit.rule);
  if (meaning.kind === "in-copyright") {
    return refused(
      hit.rule,
      error("LICENSE_IN_COPYRIGHT", {
        field,
        value: written,
        message: `"${written}" is ${meaning.label}: the work is protected and this is not a licence`,
        hint: "Publish it only under a licence the rights holder has granted: write that licence (e.g. CC BY 4.0), or leave the photo out.",
      }),
    );
  }
  return refused(
    hit.rule,
    error("LICENSE_NOT_FLICKR_LICENSE", {
      field,
      value: written,
      message: `"${written}" is the rights statement ${meaning.label}, not a Flickr licence`,
      hint: `${meaning.advice[0]!.toUpperCase()}${meaning.advice.slice(1)}. To decide for all rows, map it in settings.licenses: { "${written}": <Flickr id 0–16> }.`,
    }),
  );
}

function mapLicenseUncached(value: string | undefined, options: MapLicenseOptions): LicenseResult {
  const field = "license";
  const written = value?.trim() ?? "";
  if (written === "") {
    return refused(
      null,
      error("LICENSE_MISSING", {
        field,
        value: "",
        message: "The row has no licence and the settings give no default",
        hint: 'Fill the licence column, or set defaults.license in the settings, e.g. "http://rightsstatements.org/vocab/NKC/1.0/" (No known copyright restrictions) or "https://creativecommons.org/publicdomain/mark/1.0/".',
      }),
    );
  }
  const key = rightsKey(written);

  for (const [settingsKey, id] of Object.entries(options.licenses)) {
    if (rightsKey(settingsKey) === key) return checkForAccount(id, written, options.commons, `settings.licenses[${JSON.stringify(settingsKey)}]`);
  }

  const hit = lookupRights(written);
  if (hit) return mapKnownRights(hit, written, options.commons);

  const cc = parseCreativeCommons(cleanRightsValue(written));
  if (cc) {
    const what = cc.version === null ? `a ${ccLabel(cc.elements, null, null)} licence without a version` : ccLabel(cc.elements, cc.version, cc.jurisdiction);
    return refused(
      ccKey(cc),
      error("LICENSE_NOT_ON_FLICKR", {
        field,
        value: written,
        message: `"${written}" is ${what}, which Flickr does not offer; heritage does not swap it for another version`,
        hint: candidatesHint(cc, written),
      }),
    );
  }

  return refused(
    null,
    error("LICENSE_UNKNOWN", {
      field,
      value: written,
      message: `"${written}" is not a licence or rights statement heritage knows`,
      hint: `Write a Creative Commons URI or code (CC BY 4.0, CC0, Public Domain Mark), a rightsstatements.org URI (NKC), or map it in settings.licenses: { "${written}": <Flickr id 0–16> }.`,
    }),
  );
}

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
 */
import { error, warning, type Issue } from "../issues.js";
import { FLICKR_LICENSES, licenseById, NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";

/** What a rights value means for Flickr. */
export type RightsMeaning =
  /** A Flickr licence (or rights statement Flickr offers, like 7 and 10). */
  | { kind: "license"; id: number }
  /** Protected by copyright: not publishable under any Flickr licence without the holder's licence. */
  | { kind: "in-copyright"; label: string }
  /** A rights statement that is not a licence (NoC-US, CNE, UND…): the archivist must decide. */
  | { kind: "statement"; label: string; advice: string };

/** One row of the rights table: the rule's canonical name, and other spellings `rightsKey` reduces to it. */
export interface RightsRow {
  /** Canonical key: `cc-by-4.0`, `cc0-1.0`, `pdm-1.0`, `rs-nkc`, `all-rights-reserved`… Also the `rule` of a result. */
  rule: string;
  /** Words, codes and URLs with the same meaning (compared after `rightsKey`'s normalisation). */
  aliases: readonly string[];
  meaning: RightsMeaning;
}

const license = (id: number): RightsMeaning => ({ kind: "license", id });
const inCopyright = (label: string): RightsMeaning => ({ kind: "in-copyright", label });
const statement = (label: string, advice: string): RightsMeaning => ({ kind: "statement", label, advice });

const PD_ADVICE = "map it to 10 (Public Domain Mark), or 7 (No known copyright restrictions) on a Commons account, only if the work is free for everyone who can see it on Flickr";

/**
 * The rights table. Words are listed only where their meaning is unambiguous: "public domain"
 * is the Public Domain Mark (a statement about the work), never CC0 (a dedication by the holder).
 * Creative Commons licences not listed here (2.5, 3.0, ported, no version) are recognised by
 * `parseCreativeCommons` and refused with the candidates Flickr offers.
 */
export const RIGHTS_TABLE: readonly RightsRow[] = [
  // ---- Creative Commons versions Flickr offers --------------------------------------------
  { rule: "cc-by-nc-sa-2.0", aliases: [], meaning: license(1) },
  { rule: "cc-by-nc-2.0", aliases: [], meaning: license(2) },
  { rule: "cc-by-nc-nd-2.0", aliases: [], meaning: license(3) },
  { rule: "cc-by-2.0", aliases: [], meaning: license(4) },
  { rule: "cc-by-sa-2.0", aliases: [], meaning: license(5) },
  { rule: "cc-by-nd-2.0", aliases: [], meaning: license(6) },
  { rule: "cc-by-4.0", aliases: [], meaning: license(11) },
  { rule: "cc-by-sa-4.0", aliases: [], meaning: license(12) },
  { rule: "cc-by-nd-4.0", aliases: [], meaning: license(13) },
  { rule: "cc-by-nc-4.0", aliases: [], meaning: license(14) },
  { rule: "cc-by-nc-sa-4.0", aliases: [], meaning: license(15) },
  { rule: "cc-by-nc-nd-4.0", aliases: [], meaning: license(16) },
  // ---- public domain and Flickr's own statements ----------------------------------------------
  {
    rule: "cc0-1.0",
    aliases: [
      "creativecommons.org/publicdomain/zero/1.0",
      "cc0",
      "cc0 1.0 universal",
      "cc zero",
      "creative commons zero",
      "public domain dedication",
      "public domain dedication (cc0)",
      "kulturarvsdata.se/resurser/license#cc0",
    ],
    meaning: license(9),
  },
  {
    rule: "pdm-1.0",
    aliases: [
      "creativecommons.org/publicdomain/mark/1.0",
      "pdm",
      "public domain mark",
      "public domain mark 1.0",
      "public domain",
      "kulturarvsdata.se/resurser/license#pdmark",
      "utgången upphovsrätt",
      "upphovsrätten har upphört",
      "allmän egendom",
    ],
    meaning: license(10),
  },
  {
    rule: "rs-nkc",
    aliases: [
      "no known copyright",
      "no known copyright restrictions",
      "flickr.com/commons/usage",
      "inga kända upphovsrättsliga restriktioner",
      "inga kända upphovsrättsliga begränsningar",
    ],
    meaning: license(NO_KNOWN_COPYRIGHT_RESTRICTIONS),
  },
  {
    rule: "us-government-work",
    aliases: ["united states government work", "usa.gov/government-copyright"],
    meaning: license(8),
  },
  {
    rule: "all-rights-reserved",
    aliases: [
      "alla rättigheter förbehållna",
      "flickrhelp.com/hc/en-us/articles/10710266545556-using-flickr-images-shared-by-other-members",
    ],
    meaning: license(0),
  },
  // ---- rightsstatements.org (and Europeana's older codes): in copyright -----------------------
  { rule: "rs-inc", aliases: ["in copyright", "upphovsrättsligt skyddad", "kulturarvsdata.se/resurser/license#inc"], meaning: inCopyright("In Copyright") },
  {
    rule: "rs-inc-ow-eu",
    aliases: ["in copyright - eu orphan work", "kulturarvsdata.se/resurser/license#inc-ow-eu", "europeana.eu/rights/orphan-work-eu"],
    meaning: inCopyright("In Copyright – EU Orphan Work"),
  },
  {
    rule: "rs-inc-edu",
    aliases: ["in copyright - educational use permitted", "kulturarvsdata.se/resurser/license#inc-edu"],
    meaning: inCopyright("In Copyright – Educational Use Permitted"),
  },
  { rule: "rs-inc-nc", aliases: ["in copyright - non-commercial use permitted"], meaning: inCopyright("In Copyright – Non-Commercial Use Permitted") },
  {
    rule: "rs-inc-ruu",
    aliases: ["in copyright - rights-holder(s) unlocatable or unidentifiable"],
    meaning: inCopyright("In Copyright – Rights-holder(s) Unlocatable or Unidentifiable"),
  },
  { rule: "europeana-rr-f", aliases: ["europeana.eu/rights/rr-f"], meaning: inCopyright("Rights Reserved – Free Access (Europeana)") },
  { rule: "europeana-rr-p", aliases: ["europeana.eu/rights/rr-p"], meaning: inCopyright("Rights Reserved – Paid Access (Europeana)") },
  { rule: "europeana-rr-r", aliases: ["europeana.eu/rights/rr-r"], meaning: inCopyright("Rights Reserved – Restricted Access (Europeana)") },
  // ---- rightsstatements.org: statements that are not licences ------------------------------
  {
    rule: "rs-noc-us",
    aliases: ["no copyright - united states"],
    meaning: statement("No Copyright – United States", `the work is free of copyright in the United States only; ${PD_ADVICE}`),
  },
  {
    rule: "rs-noc-cr",
    aliases: ["no copyright - contractual restrictions"],
    meaning: statement("No Copyright – Contractual Restrictions", `a contract limits its use; check the contract allows publishing on Flickr, then ${PD_ADVICE}`),
  },
  {
    rule: "rs-noc-nc",
    aliases: ["no copyright - non-commercial use only"],
    meaning: statement("No Copyright – Non-Commercial Use Only", `commercial use is restricted by other means than copyright; ${PD_ADVICE}`),
  },
  {
    rule: "rs-noc-oklr",
    aliases: ["no copyright - other known legal restrictions"],
    meaning: statement("No Copyright – Other Known Legal Restrictions", `other laws (e.g. cultural heritage or privacy law) restrict its use; ${PD_ADVICE}`),
  },
  {
    rule: "rs-cne",
    aliases: ["copyright not evaluated"],
    meaning: statement("Copyright Not Evaluated", "evaluate the rights first and write the licence you find"),
  },
  {
    rule: "rs-und",
    aliases: ["copyright undetermined", "europeana.eu/rights/unknown"],
    meaning: statement("Copyright Undetermined", "the rights could not be determined; publish only under a licence you have established"),
  },
];

// ---- normalisation ---------------------------------------------------------------------------

const CC_ELEMENTS: Readonly<Record<string, string>> = {
  attribution: "by",
  erkännande: "by",
  sharealike: "sa",
  "share-alike": "sa",
  "share alike": "sa",
  delalika: "sa",
  "dela lika": "sa",
  delapåsammavillkor: "sa",
  noncommercial: "nc",
  "non-commercial": "nc",
  "non commercial": "nc",
  ickekommersiell: "nc",
  "icke-kommersiell": "nc",
  noderivatives: "nd",
  noderivs: "nd",
  "no derivatives": "nd",
  "no derivative works": "nd",
  ingabearbetningar: "nd",
  "inga bearbetningar": "nd",
};

/** Words in CC licence names that carry no meaning for the mapping. */
const CC_NOISE = new Set(["license", "licence", "licens", "public", "publik", "international", "internationell", "unported", "generic", "deed", "legal", "code"]);

const PAIRS: Readonly<Record<string, string>> = { '"': '"', "'": "'", "<": ">" };

/** Lower-case, NFC, one space, one kind of dash; URLs without scheme, `www.`, deed/legalcode, query or trailing slash. */
export function cleanRightsValue(value: string): string {
  let text = value
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  // Wrapped in quotes or angle brackets (`<http://…>` in RDF dumps): unwrap, pairs only.
  for (let m = /^(["'<])(.*)(["'>])$/.exec(text); m && PAIRS[m[1]!] === m[3]; m = /^(["'<])(.*)(["'>])$/.exec(text)) {
    text = m[2]!.trim();
  }
  if (/^(https?:\/\/)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\//.test(text)) {
    text = text
      .replace(/^https?:\/\//, "")
      .replace(/^www\./, "")
      .replace(/[?][^#]*$/, "")
      .replace(/\/+$/, "")
      .replace(/\/(deed|legalcode|rdf)(\.[a-z-]+)?$/, "")
      .replace(/\/+$/, "");
  }
  return text;
}

/** Letters and digits only: "No Known Copyright!" and "no-known copyright" meet here. */
function looseKey(text: string): string {
  return text.replace(/[^\p{L}\p{N}#]/gu, "");
}

/** A Creative Commons licence as recognised in a rights value. */
export interface CcLicense {
  /** Canonical elements, e.g. "by-nc-sa". */
  elements: string;
  version: string | null;
  jurisdiction: string | null;
  /** K-samsök's own licence vocabulary, which names the CC licence but not its version. */
  ksamsok: boolean;
}

function canonicalElements(parts: Iterable<string>): string | null {
  const set = new Set(parts);
  if (!set.has("by")) return null;
  if (set.has("nd") && set.has("sa")) return null;
  for (const p of set) if (!["by", "nc", "nd", "sa"].includes(p)) return null;
  return ["by", "nc", "nd", "sa"].filter((p) => set.has(p)).join("-");
}

function normaliseVersion(version: string): string {
  return version.includes(".") ? version : `${version}.0`;
}

/** Recognise a Creative Commons licence (not CC0/PDM, which are table words) in a cleaned value. */
export function parseCreativeCommons(cleaned: string): CcLicense | null {
  const url = /^creativecommons\.org\/licenses\/([a-z-]+)(?:\/(\d+(?:\.\d+)?))?(?:\/([a-z-]+))?$/.exec(cleaned);
  if (url) {
    const elements = canonicalElements(url[1]!.split("-"));
    if (!elements) return null;
    return { elements, version: url[2] ? normaliseVersion(url[2]) : null, jurisdiction: url[3] ?? null, ksamsok: false };
  }
  const ks = /^kulturarvsdata\.se\/resurser\/license#([a-z-]+)$/.exec(cleaned);
  if (ks) {
    const elements = canonicalElements(ks[1]!.split("-"));
    return elements ? { elements, version: null, jurisdiction: null, ksamsok: true } : null;
  }
  // Text: "CC BY-SA 4.0", "cc-by-sa-4.0", "by-sa/4.0", "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)".
  let text = cleaned.replace(/creative commons/g, " cc ");
  for (const [word, element] of Object.entries(CC_ELEMENTS).sort((a, b) => b[0].length - a[0].length)) {
    text = text.split(word).join(` ${element} `);
  }
  const tokens = text.split(/[\s\-_/,()]+/).filter((t) => t !== "" && !CC_NOISE.has(t));
  let cc = false;
  const versions = new Set<string>();
  const jurisdictions = new Set<string>();
  const parts: string[] = [];
  for (const token of tokens) {
    if (token === "cc") cc = true;
    else if (/^\d+(\.\d+)?$/.test(token)) versions.add(normaliseVersion(token));
    else if (["by", "nc", "nd", "sa"].includes(token)) parts.push(token);
    else if (versions.size === 1 && /^[a-z]{2}$/.test(token)) jurisdictions.add(token); // "CC BY 2.5 SE"
    else if (versions.size === 1 && (token === "sweden" || token === "sverige")) jurisdictions.add("se");
    else return null;
  }
  if (versions.size > 1 || jurisdictions.size > 1 || parts.length === 0) return null;
  // A bare "by-sa" (no "cc", no version) is too little to call a Creative Commons licence.
  if (!cc && versions.size === 0) return null;
  const elements = canonicalElements(parts);
  if (!elements) return null;
  return { elements, version: [...versions][0] ?? null, jurisdiction: [...jurisdictions][0] ?? null, ksamsok: false };
}

function parseRightsStatement(cleaned: string): string | null {
  const url = /^rightsstatements\.org\/(?:vocab|page|data)\/([a-z-]+)\/1\.0$/.exec(cleaned);
  const code = url ? url[1]! : cleaned.replace(/\s+/g, "");
  return /^(nkc|inc|inc-ow-eu|inc-edu|inc-nc|inc-ruu|noc-cr|noc-nc|noc-oklr|noc-us|cne|und)$/.test(code) ? `rs-${code}` : null;
}

function ccKey(cc: CcLicense): string {
  return ["cc", cc.elements, cc.version, cc.jurisdiction].filter((p) => p !== null).join("-");
}

/** The key of a value before the table is consulted. */
function spellingKey(value: string): string {
  const cleaned = cleanRightsValue(value);
  const cc = parseCreativeCommons(cleaned);
  if (cc) return ccKey(cc);
  const rs = parseRightsStatement(cleaned);
  if (rs) return rs;
  return looseKey(cleaned);
}

/** Every spelling in the table → its row. */
const TABLE_INDEX: ReadonlyMap<string, RightsRow> = (() => {
  const index = new Map<string, RightsRow>();
  for (const row of RIGHTS_TABLE) {
    // The rule itself is a canonical key (`rs-nkc`), and may also be a spelling (`cc-by-4.0`).
    for (const key of [row.rule, ...[row.rule, ...row.aliases].map(spellingKey)]) {
      const other = index.get(key);
      if (other && other !== row) throw new Error(`rights table: ${key} is listed under ${other.rule} and ${row.rule}`);
      index.set(key, row);
    }
  }
  return index;
})();

/**
 * The canonical key of a rights value: a table rule (`cc-by-sa-4.0`, `pdm-1.0`, `rs-nkc`…),
 * a Creative Commons key the table does not list (`cc-by-2.5-se`, `cc-by` without a version),
 * or a loose form of the words. Two spellings of the same licence have the same key, which is
 * also how `settings.licenses` keys are matched.
 */
export function rightsKey(value: string): string {
  const key = spellingKey(value);
  return TABLE_INDEX.get(key)?.rule ?? key;
}

// ---- mapping ---------------------------------------------------------------------------------

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
export function mapLicense(value: string | undefined, options: MapLicenseOptions): LicenseResult {
  const field = "license";
  const written = value?.trim() ?? "";
  if (written === "") {
    return {
      license_id: null,
      rule: null,
      issues: [
        error("LICENSE_MISSING", {
          field,
          value: "",
          message: "The row has no licence and the settings give no default",
          hint: 'Fill the licence column, or set defaults.license in the settings, e.g. "http://rightsstatements.org/vocab/NKC/1.0/" (No known copyright restrictions) or "https://creativecommons.org/publicdomain/mark/1.0/".',
        }),
      ],
    };
  }
  const key = rightsKey(written);

  for (const [settingsKey, id] of Object.entries(options.licenses)) {
    if (rightsKey(settingsKey) === key) return checkForAccount(id, written, options.commons, `settings.licenses[${JSON.stringify(settingsKey)}]`);
  }

  const hit = TABLE_INDEX.get(spellingKey(written));
  if (hit) {
    const meaning = hit.meaning;
    if (meaning.kind === "license") return checkForAccount(meaning.id, written, options.commons, hit.rule);
    if (meaning.kind === "in-copyright") {
      return {
        license_id: null,
        rule: hit.rule,
        issues: [
          error("LICENSE_IN_COPYRIGHT", {
            field,
            value: written,
            message: `"${written}" is ${meaning.label}: the work is protected and this is not a licence`,
            hint: "Publish it only under a licence the rights holder has granted: write that licence (e.g. CC BY 4.0), or leave the photo out.",
          }),
        ],
      };
    }
    return {
      license_id: null,
      rule: hit.rule,
      issues: [
        error("LICENSE_NOT_FLICKR_LICENSE", {
          field,
          value: written,
          message: `"${written}" is the rights statement ${meaning.label}, not a Flickr licence`,
          hint: `${meaning.advice[0]!.toUpperCase()}${meaning.advice.slice(1)}. To decide for all rows, map it in settings.licenses: { "${written}": <Flickr id 0–16> }.`,
        }),
      ],
    };
  }

  const cc = parseCreativeCommons(cleanRightsValue(written));
  if (cc) {
    const what = cc.version === null ? `a ${ccLabel(cc.elements, null, null)} licence without a version` : ccLabel(cc.elements, cc.version, cc.jurisdiction);
    return {
      license_id: null,
      rule: ccKey(cc),
      issues: [
        error("LICENSE_NOT_ON_FLICKR", {
          field,
          value: written,
          message: `"${written}" is ${what}, which Flickr does not offer; heritage does not swap it for another version`,
          hint: candidatesHint(cc, written),
        }),
      ],
    };
  }

  return {
    license_id: null,
    rule: null,
    issues: [
      error("LICENSE_UNKNOWN", {
        field,
        value: written,
        message: `"${written}" is not a licence or rights statement heritage knows`,
        hint: `Write a Creative Commons URI or code (CC BY 4.0, CC0, Public Domain Mark), a rightsstatements.org URI (NKC), or map it in settings.licenses: { "${written}": <Flickr id 0–16> }.`,
      }),
    ],
  };
}

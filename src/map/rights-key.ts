/**
 * Reducing a rights value to one key, so that the many spellings of a licence meet:
 * `http://creativecommons.org/licenses/by/4.0/deed.sv`, `CC-BY-4.0`, `CC BY 4.0`, `by/4.0`,
 * "Creative Commons Attribution 4.0 International" and "Erkännande 4.0 Internationell" are all
 * `cc-by-4.0`; rightsstatements.org URIs and codes are `rs-<code>`; K-samsök's
 * `http://kulturarvsdata.se/resurser/License#by` is `cc-by` (no version); words are compared by
 * their letters and digits only.
 */
import { RIGHTS_TABLE, type RightsRow } from "./rights-table.js";

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

/** `cc-<elements>[-<version>][-<jurisdiction>]`. */
export function ccKey(cc: CcLicense): string {
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

/** The table row for a rights value, if the table has one. */
export function lookupRights(value: string): RightsRow | undefined {
  return TABLE_INDEX.get(spellingKey(value));
}

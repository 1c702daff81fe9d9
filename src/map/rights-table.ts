/**
 * The rights table: what each rights value means for Flickr. Values are matched by the key
 * `rightsKey` (rights-key.ts) reduces them to, so each row lists one spelling per form and the
 * normaliser takes care of case, punctuation, http/https, `www.`, trailing slashes and deeds.
 */
import { NO_KNOWN_COPYRIGHT_RESTRICTIONS } from "../flickr/licenses.js";

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

/**
 * Triage and moderation rules: the built-in Swedish and English lists, and settings that add to
 * or replace them, read through the real settings loader.
 */
import test from "ava";
import { SettingsSchema } from "../../src/settings/schema.js";
import { compileRules, moderationFlag, suggestKind } from "../../src/community/triage.js";
import { neutralise, readDecision } from "../../src/community/csv.js";
import type { TriageKind } from "../../src/community/settings.js";

const rulesFrom = (settings: unknown) => {
  const s = SettingsSchema.parse(settings);
  return compileRules(s.community, s.moderation);
};
const kindOf = (text: string, settings: unknown = {}, author = "someone") => suggestKind(rulesFrom(settings), { kind: "comment", text, author, authorname: author }).kind;

const CASES: [string, TriageKind][] = [
  ["Det här är Strandvägen i Stockholm, huset till vänster är nummer 7.", "identification"],
  ["This is the steamship Nordstjernan, built 1898 at Motala Verkstad.", "identification"],
  ["Fel årtal: bilden är tagen 1932, inte 1923.", "correction"],
  ["I think the date is wrong, this must be around 1915.", "correction"],
  ["Se https://sv.wikipedia.org/wiki/Slussen för mer om platsen.", "reference-link"],
  ["Artikel: https://tidningar.kb.se/4112678/1932-05-17/edition/0/part/1/page/3/", "reference-link"],
  ["Platsen: 59.3245, 18.0712", "place"],
  ["https://www.openstreetmap.org/#map=18/59.3195/18.0717", "place"],
  ["Vem är kvinnan till höger?", "question"],
  ["Where was this taken?", "question"],
  ["Fotot är taget omkring 1920-talet", "date"],
  ["Tack för en fantastisk bild!", "thanks"],
  ["dc:creator=Anna Riwkin", "machine-tag"],
  ["Hi, I'm an admin for a group called Vintage Ships, and we'd love to have this added to the group!", "group-invitation-spam"],
  ["Cheap pills http://spam.example/buy", "link-spam"],
  ["a http://a.example b http://b.example c http://c.example", "link-spam"],
  ["Din jävla idiot", "abuse"],
  ["Visby", "other"],
];

for (const [text, kind] of CASES) test(`built-in: ${JSON.stringify(text)} → ${kind}`, (t) => t.is(kindOf(text), kind));

test("links to reference sites are never counted as link spam", (t) => {
  t.is(kindOf("https://sv.wikipedia.org/a https://www.wikidata.org/wiki/Q1 https://digitaltmuseum.se/x https://kringla.nu/y"), "reference-link");
});

test("settings rules come first; default_rules: false leaves only them", (t) => {
  const settings = { community: { rules: [{ kind: "identification", pattern: "ångaren|S/S " }] } };
  t.is(kindOf("Vilken båt? Ångaren Blidösund?", settings), "identification");
  t.is(kindOf("Tack!", { community: { default_rules: false } }), "other");
});

test("moderation: added patterns, max_links, trusted accounts, flag_kinds", (t) => {
  const rules = rulesFrom({ moderation: { blocked: ["fuskbygge"], max_links: 0, trusted: ["Anna Lindqvist"], flag_kinds: ["abuse", "link-spam"] } });
  const flag = (text: string, authorname = "x") => moderationFlag(rules, { kind: "comment", text, author: "1@N00", authorname });
  t.like(flag("Vilket fuskbygge"), { kind: "abuse", rule: "moderation.blocked[0]" });
  t.like(flag("see http://example.com"), { kind: "link-spam" });
  t.is(flag("see http://example.com", "Anna Lindqvist"), null, "trusted");
  t.is(flag("I'm an admin for a group called X, we'd love to have this added"), null, "group invites are not in flag_kinds here");
});

test("an invalid pattern in the settings is refused with its path", (t) => {
  const result = SettingsSchema.safeParse({ moderation: { blocked: ["(unclosed"] } });
  t.false(result.success);
  t.regex(JSON.stringify(result.error?.issues), /not a valid regular expression/);
  t.deepEqual(result.error?.issues[0]?.path, ["moderation", "blocked", 0]);
});

test("CSV cells a spreadsheet would run are neutralised; decisions read in English and Swedish", (t) => {
  for (const v of ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"]) t.is(neutralise(v), `'${v}`);
  t.is(neutralise("Slussen = lock"), "Slussen = lock");
  t.is(readDecision(" Accept "), "accept");
  t.is(readDecision("ja"), "accept");
  t.is(readDecision("NEJ"), "reject");
  t.is(readDecision("kanske"), null);
});

test("can_comment / can_add_meta cells read into setPerms' numbering; empty keeps Flickr's; a typo is an issue", async (t) => {
  const { readPermLevel } = await import("../../src/map/comment-perms.js");
  const issues: import("../../src/issues.js").Issue[] = [];
  t.is(readPermLevel("can_comment", "Nobody", issues), 0);
  t.is(readPermLevel("can_comment", " ingen ", issues), 0);
  t.is(readPermLevel("can_add_meta", "kontakter", issues), 2);
  t.is(readPermLevel("can_add_meta", "Everybody", issues), 3);
  t.is(readPermLevel("can_comment", "", issues), null);
  t.deepEqual(issues, []);
  t.is(readPermLevel("can_comment", "evrybody", issues), null);
  t.like(issues[0], { code: "ROW_INVALID_VALUE", field: "can_comment", severity: "error" });
});

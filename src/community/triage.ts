/**
 * Triage and moderation rules: pure functions from a contribution's text to a suggested kind
 * (with the rule that decided it, so a cataloguer can see why) and to a moderation flag. The
 * built-in lists are Swedish and English; settings add their own patterns before them, or
 * replace them. No model, no network: a reader can check every decision against these lists.
 */
import type { CommunitySettings, ModerationSettings, TriageKind } from "./settings.js";

export interface Suggestion {
  kind: TriageKind;
  /** Which rule decided, e.g. `built-in reference-link` or `community.rules[0]`. */
  rule: string;
}

export interface ContributionText {
  kind: "comment" | "tag" | "note";
  text: string;
  author: string;
  authorname: string;
}

interface Rule {
  kind: TriageKind;
  re: RegExp;
  name: string;
}

const re = (source: string) => new RegExp(source, "iu");
/** `\b` does not know å, ä, ö: word edges that do. */
const W = (words: string) => `(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`;

export const BUILT_IN_MODERATION = {
  abuse: [W("idiot(er|en)?|stupid|moron|fuck\\w*|shit|crap|garbage|retard\\w*|jävla|jävlar|helvete|fan ta dig|dum i huvudet|skitbild|hora|kuk|fitta|cp|kill yourself")],
  "group-invitation-spam": [
    "(admin|administrator|moderator)\\s+(of|for)\\s+(a|the)?\\s*group",
    "(we|i)('d| would)\\s+(love|like)\\s+(to have|you to add)\\s+this",
    "flickr\\.com/groups/",
    "please (add|post) (it|this) (to|in) (the|our)",
    "(seen|invited) (in|to) (the )?group",
    W("lägg(a)? (gärna )?(till )?(den|bilden) i (vår|gruppen)|inbjud\\w* till gruppen"),
  ],
  "link-spam": [
    W("cheap|viagra|cialis|casino|pills|followers|payday|loans?|crypto|bitcoin|porn|replica|escort|billiga|köp nu") + ".*https?://",
    "https?://\\S*(spam|bit\\.ly|tinyurl|goo\\.su)",
  ],
} as const;

/** Hosts of references a cataloguer wants: never counted as link spam. */
const REFERENCE_HOSTS =
  "wikipedia\\.org|wikidata\\.org|wikimedia\\.org|tidningar\\.kb\\.se|libris\\.kb\\.se|trove\\.nla\\.gov\\.au|chroniclingamerica\\.loc\\.gov|loc\\.gov|newspapers\\.com|britishnewspaperarchive|digitaltmuseum\\.(se|no|org)|kringla\\.nu|europeana\\.eu|alvin-portal\\.org|riksarkivet\\.se|kmb\\.raa\\.se|archive\\.org|geni\\.com|ancestry\\.|familysearch\\.org|lantmateriet\\.se|openstreetmap\\.org|google\\.[a-z.]+/maps|maps\\.google";

const BUILT_IN_TRIAGE: readonly [TriageKind, string][] = [
  ["machine-tag", "^[a-z][a-z0-9_]*:[a-z0-9_]+=\\S"],
  ["reference-link", `https?://[^\\s]*(${REFERENCE_HOSTS.replace("|openstreetmap\\.org|google\\.[a-z.]+/maps|maps\\.google", "")})|${W("Q\\d{2,}")}`],
  ["place", `(openstreetmap\\.org|google\\.[a-z.]+/maps|maps\\.google|maps\\.app\\.goo\\.gl|hitta\\.se/kartan|-?\\d{1,2}[.,]\\d{3,}\\s*[,;]\\s*-?\\d{1,3}[.,]\\d{3,})|${W("platsen|taken (at|in|from)|tagen (vid|i|från|på)|ligger (i|vid|på)|location is|the place is")}`],
  ["correction", W("fel|felaktig\\w*|rättelse|ska vara|borde vara|snarare|egentligen|inte\\s+\\d{4}|wrong|incorrect|mistaken|mistake|should be|actually|in fact|not\\s+\\d{4}")],
  ["question", `\\?\\s*$|^${W("vem|vad|var|när|varför|hur|vilken|vilket|vet någon|who|what|where|when|why|how|which|does anyone|do you know")}`],
  ["identification", W("det här är|detta är|föreställer|avbildar|till (vänster|höger)|this is|that is|depicts|shows|pictured|my (grand)?(father|mother|dad|mum|mom)|min (far|mor|farfar|farmor|morfar|mormor|pappa|mamma)|heter|hette|named|ångaren|steamship|the ship|fartyget|skeppet|byggnaden|the building|huset")],
  ["date", W("(1[5-9]\\d{2}|20[0-2]\\d)(-talet|s)?|årtal|datum|daterad|dated|circa|omkring")],
  ["thanks", W("tack|tusen tack|thanks?|thank you|great|beautiful|lovely|fantastisk\\w*|vacker|underbar|fin bild|wonderful|amazing|nice|superb")],
];

export interface Rules {
  triage: Rule[];
  moderation: Rule[];
  maxLinks: number;
  trusted: Set<string>;
  flagKinds: Set<TriageKind>;
}

/** Compile the settings into rule lists (settings first, then the built-in ones if enabled). */
export function compileRules(community: CommunitySettings, moderation: ModerationSettings): Rules {
  const mod: Rule[] = [];
  const add = (kind: TriageKind, sources: readonly string[], origin: string) => sources.forEach((s, i) => mod.push({ kind, re: re(s), name: `${origin}[${i}]` }));
  add("abuse", moderation.blocked, "moderation.blocked");
  add("group-invitation-spam", moderation.group_invite, "moderation.group_invite");
  add("link-spam", moderation.link_spam, "moderation.link_spam");
  if (moderation.default_rules) {
    for (const [kind, sources] of Object.entries(BUILT_IN_MODERATION)) add(kind as TriageKind, sources, `built-in ${kind}`);
  }
  const triage: Rule[] = community.rules.map((r, i) => ({ kind: r.kind, re: re(r.pattern), name: `community.rules[${i}]` }));
  if (community.default_rules) triage.push(...BUILT_IN_TRIAGE.map(([kind, source]) => ({ kind, re: re(source), name: `built-in ${kind}` })));
  return { triage, moderation: mod, maxLinks: moderation.max_links, trusted: new Set(moderation.trusted), flagKinds: new Set(moderation.flag_kinds) };
}

/** Links that are not to a reference host (a Wikipedia link is knowledge, not spam). */
function foreignLinks(text: string): number {
  const hosts = re(`^https?://[^/\\s]*(${REFERENCE_HOSTS})`);
  return (text.match(/https?:\/\/\S+/giu) ?? []).filter((u) => !hosts.test(u)).length;
}

const isTrusted = (rules: Rules, c: ContributionText) => rules.trusted.has(c.author) || rules.trusted.has(c.authorname);

/** The moderation rule a contribution breaks, or null (trusted accounts break none). */
export function moderationMatch(rules: Rules, c: ContributionText): Suggestion | null {
  if (isTrusted(rules, c)) return null;
  for (const rule of rules.moderation) if (rule.re.test(c.text)) return { kind: rule.kind, rule: rule.name };
  if (foreignLinks(c.text) > rules.maxLinks) return { kind: "link-spam", rule: `moderation.max_links (more than ${rules.maxLinks} links)` };
  return null;
}

/** The suggested kind: spam and abuse first (moderation's rules), then the triage rules in order. */
export function suggestKind(rules: Rules, c: ContributionText): Suggestion {
  const flagged = moderationMatch(rules, c);
  if (flagged) return flagged;
  for (const rule of rules.triage) if (rule.re.test(c.text)) return { kind: rule.kind, rule: rule.name };
  return { kind: "other", rule: "no rule matched" };
}

/** Should moderation remove it? A flag kind from the settings' `flag_kinds`, and not trusted. */
export function moderationFlag(rules: Rules, c: ContributionText): Suggestion | null {
  const match = moderationMatch(rules, c);
  return match && rules.flagKinds.has(match.kind) ? match : null;
}

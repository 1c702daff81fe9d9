/**
 * Catalogue keywords → the raw tags Flickr stores (no quotes: `formatTagsParam` in
 * src/flickr/tag-syntax.ts quotes multi-word tags when they are sent).
 *
 * Order: the row's tags, then `extra_tags` from the settings, then heritage's machine tags
 * `<namespace>:id=<identifier>` (how publish and sync find the photo again) and, when enabled,
 * `<namespace>:url=<source_url>` (http(s) URLs only). Two tags that Flickr would store as the same normalised tag
 * ("Visby" and "visby", "Almedalen" and "Alme-dalen") are one tag: the later is dropped with a
 * warning. A user tag in heritage's own `<namespace>:id=` form with another value is refused:
 * it would confuse the lookup of already-published photos.
 */
import { error, warning, type Issue } from "../issues.js";
import { normalizeTag, parseMachineTag } from "../flickr/tag-syntax.js";
import { identifierTag, identifierTagValue } from "./identifier-tag.js";

/** Flickr's limit on tags per photo (flickr-api.md §8.1). */
export const MAX_TAGS = 75;

/** The predicate in heritage's namespace that identifies a photo: user tags may not use it. */
export const ID_PREDICATE = "id";

const WORD = /^[A-Za-z0-9_]+$/;

/**
 * Split a list field (`tags`, `album`): a `;`-separated string, or an array as JSON/YAML give it
 * (array items are not split again). Items are trimmed; empty items are dropped.
 */
export function splitList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : value.split(";");
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Input of `mapTags`. */
export interface MapTagsInput {
  /** The row's tags (already split, see `splitList`). */
  tags: string[];
  /** `settings.extra_tags`, added to every photo. */
  extraTags: string[];
  /** Machine-tag namespace (`settings.namespace`). */
  namespace: string;
  /** The row's identifier; null leaves out the id machine tag (the row has an error anyway). */
  identifier: string | null;
  sourceUrl: string | null;
  /** `settings.source_url_machine_tag`: also add `<namespace>:url=<sourceUrl>`. */
  sourceUrlMachineTag: boolean;
}

/** Result of `mapTags`. */
export interface TagsResult {
  /** Raw tags in order: row tags, extra tags, machine tags. */
  tags: string[];
  issues: Issue[];
}

/** Trim and collapse inner whitespace (a tag is one line). */
function tidy(tag: string): string {
  return tag.replace(/\s+/g, " ").trim();
}

/** A tag that is meant as a machine tag: `something:something=value`, no spaces before the `=`. */
const LOOKS_MACHINE = /^([^\s:=]+):([^\s:=]+)=/;

/** heritage's own machine tags (id, and url when enabled), with issues for what cannot be one. */
function machineTags(input: MapTagsInput, issues: Issue[]): string[] {
  const machine: string[] = [];
  if (!WORD.test(input.namespace)) {
    issues.push(
      error("MACHINE_TAG_INVALID", {
        field: "namespace",
        value: input.namespace,
        message: `The machine-tag namespace "${input.namespace}" is not ASCII letters, digits and underscore`,
        hint: 'Set settings.namespace to a word like "raa" or "nationalmuseum" (A–Z, a–z, 0–9, _).',
      }),
    );
    return machine;
  }
  const identifier = input.identifier === null ? "" : identifierTagValue(input.identifier);
  if (identifier !== "") machine.push(identifierTag(input.namespace, input.identifier!));
  if (input.identifier !== null && identifier !== input.identifier) {
    const why = input.identifier.includes('"') ? "contains a double quote, which a Flickr tag cannot hold" : "has white space that a tag cannot keep (a tab, a non-breaking space, or several spaces in a row)";
    issues.push(
      warning("TAG_INVALID", {
        field: "identifier",
        value: input.identifier,
        message: `The identifier ${JSON.stringify(input.identifier)} ${why}; the machine tag written is ${machine[0] ?? "left out"}`,
        hint: "heritage finds the photo by that tag. To avoid the difference, write the identifier in the catalogue as the tag spells it.",
      }),
    );
  }
  const url = input.sourceUrl === null ? "" : tidy(input.sourceUrl);
  if (input.sourceUrlMachineTag && url !== "") {
    if (/^https?:\/\/[^\s"]+$/i.test(url)) machine.push(`${input.namespace}:url=${url}`);
    else {
      issues.push(
        warning("URL_INVALID", {
          field: "source_url",
          value: input.sourceUrl,
          message: `The source URL ${JSON.stringify(input.sourceUrl)} is not an http(s) URL; it gets no ${input.namespace}:url= machine tag`,
          hint: "Write the full address of the catalogue record, starting with https:// or http://.",
        }),
      );
    }
  }
  return machine;
}

/** A row or extra tag, tidied: double quotes removed (with a warning); null when nothing is left. */
function tidyUserTag(raw: string, issues: Issue[]): { tag: string; normalized: string } | null {
  let tag = tidy(raw);
  if (tag.includes('"')) {
    const without = tidy(tag.replace(/"/g, ""));
    issues.push(
      warning("TAG_INVALID", {
        field: "tags",
        value: raw,
        message: `The tag ${JSON.stringify(raw)} contains double quotes; they were removed (${JSON.stringify(without)})`,
        hint: "Flickr's tag syntax has no way to escape a double quote inside a tag.",
      }),
    );
    tag = without;
  }
  if (tag === "") return null;
  const normalized = normalizeTag(tag);
  if (normalized === "") {
    issues.push(
      warning("TAG_INVALID", {
        field: "tags",
        value: raw,
        message: `The tag ${JSON.stringify(raw)} is only punctuation, which Flickr removes; it was dropped`,
        hint: "Flickr keeps letters and digits of a tag and drops spaces and ASCII punctuation.",
      }),
    );
    return null;
  }
  return { tag, normalized };
}

/** The error for a user tag written as a machine tag that heritage cannot accept; null when it is fine. */
function machineLikeError(raw: string, tag: string, normalized: string, namespace: string, seen: ReadonlyMap<string, string>): Issue | null {
  const machineLike = LOOKS_MACHINE.exec(tag);
  if (!machineLike) return null;
  const parsed = parseMachineTag(tag);
  if (!parsed || !WORD.test(machineLike[1]!) || !WORD.test(machineLike[2]!)) {
    return error("MACHINE_TAG_INVALID", {
      field: "tags",
      value: raw,
      message: `The machine tag ${JSON.stringify(tag)} has a namespace or predicate that is not ASCII letters, digits and underscore`,
      hint: "Write machine tags as namespace:predicate=value, e.g. dc:subject=Visby; namespace and predicate use A–Z, a–z, 0–9 and _ only.",
    });
  }
  if (parsed.namespace.toLowerCase() === namespace.toLowerCase() && parsed.predicate.toLowerCase() === ID_PREDICATE && !seen.has(normalized)) {
    return error("MACHINE_TAG_INVALID", {
      field: "tags",
      value: raw,
      message: `The tag ${JSON.stringify(tag)} uses heritage's own ${namespace}:id= machine tag with another value`,
      hint: `heritage finds published photos by ${namespace}:id=<identifier>; remove this tag, or choose another settings.namespace.`,
    });
  }
  return null;
}

/** The row's and the settings' tags in order, each once; `seen` starts with the machine tags. */
function userTags(input: MapTagsInput, seen: Map<string, string>, issues: Issue[]): string[] {
  const out: string[] = [];
  for (const raw of [...input.tags, ...input.extraTags]) {
    const tidied = tidyUserTag(raw, issues);
    if (!tidied) continue;
    const { tag, normalized } = tidied;
    const refused = machineLikeError(raw, tag, normalized, input.namespace, seen);
    if (refused) {
      issues.push(refused);
      continue;
    }
    const earlier = seen.get(normalized);
    if (earlier !== undefined) {
      issues.push(
        warning("TAG_DUPLICATE", {
          field: "tags",
          value: raw,
          message:
            earlier === tag
              ? `The tag ${JSON.stringify(tag)} is listed twice; it is kept once`
              : `The tag ${JSON.stringify(tag)} is the same tag on Flickr as ${JSON.stringify(earlier)}; it is kept once`,
          hint: "Flickr compares tags without case, spaces and punctuation.",
        }),
      );
      continue;
    }
    seen.set(normalized, tag);
    out.push(tag);
  }
  return out;
}

/**
 * Map the row's tags, the extra tags and heritage's machine tags to Flickr's raw tags, with
 * issues (field `tags`): TAG_INVALID (quotes removed, a tag of punctuation only dropped),
 * TAG_DUPLICATE, MACHINE_TAG_INVALID (error), TAGS_TOO_MANY (error, more than 75 in total).
 */
export function mapTags(input: MapTagsInput): TagsResult {
  const issues: Issue[] = [];
  const machine = machineTags(input, issues);
  const seen = new Map<string, string>(machine.map((tag) => [normalizeTag(tag), tag]));
  const out = userTags(input, seen, issues);

  const tags = [...out, ...machine];
  if (tags.length > MAX_TAGS) {
    issues.push(
      error("TAGS_TOO_MANY", {
        field: "tags",
        value: `${tags.length} tags`,
        message: `The photo would have ${tags.length} tags (${out.length} from the row and settings.extra_tags, ${machine.length} machine tags); Flickr allows ${MAX_TAGS}`,
        hint: `Remove at least ${tags.length - MAX_TAGS} tag(s) from the row or from settings.extra_tags.`,
      }),
    );
  }
  return { tags, issues };
}

/**
 * Flickr's tag syntax, shared by the client (formatting the `tags` parameter) and the sandbox
 * (parsing it back and normalising as Flickr does). See flickr-api.md §8.
 */

/** Tags Flickr keeps on one photo, whoever added them (flickr-api.md §8.1); addTags refuses more, all or nothing. */
export const FLICKR_MAX_TAGS = 75;

/** A machine tag: `namespace:predicate=value`, namespace and predicate ASCII word characters. */
export const MACHINE_TAG_PATTERN = /^([A-Za-z0-9_]+):([A-Za-z0-9_]+)=(.+)$/s;

export interface MachineTag {
  namespace: string;
  predicate: string;
  value: string;
}

export function parseMachineTag(raw: string): MachineTag | null {
  const m = MACHINE_TAG_PATTERN.exec(raw);
  if (!m) return null;
  return { namespace: m[1]!, predicate: m[2]!, value: m[3]! };
}

// Observed on real Commons photos: lower-case, and spaces and ASCII punctuation removed;
// non-ASCII letters (and non-ASCII punctuation such as ・) are kept.
const STRIP = /[\s!-/:-@[-`{-~]/gu;

/** The normalised form Flickr stores beside `raw` (`_content` in getInfo, the `tags` extra). */
export function normalizeTag(raw: string): string {
  const machine = parseMachineTag(raw);
  if (machine) {
    return `${machine.namespace.toLowerCase()}:${machine.predicate.toLowerCase()}=${machine.value.toLowerCase().replace(STRIP, "")}`;
  }
  return raw.toLowerCase().replace(STRIP, "");
}

/**
 * Format raw tags as the one space-separated `tags` parameter: a tag with whitespace is wrapped
 * in double quotes. Double quotes inside a tag cannot be escaped in Flickr's syntax, so callers
 * must have removed them (mapTags does, with a warning).
 */
export function formatTagsParam(tags: readonly string[]): string {
  return tags.map((t) => (/\s/.test(t) ? `"${t}"` : t)).join(" ");
}

/**
 * Parse a `tags` parameter back into raw tags, as Flickr does: split on whitespace outside
 * double quotes; the quotes themselves are not part of the raw tag.
 */
export function parseTagsParam(param: string): string[] {
  const tags: string[] = [];
  let current = "";
  let quoted = false;
  let started = false;
  for (const ch of param) {
    if (ch === '"') {
      quoted = !quoted;
      started = true;
      continue;
    }
    if (!quoted && /\s/.test(ch)) {
      if (started && current.trim() !== "") tags.push(current.trim());
      current = "";
      started = false;
      continue;
    }
    current += ch;
    started = true;
  }
  if (started && current.trim() !== "") tags.push(current.trim());
  return tags;
}

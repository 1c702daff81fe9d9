/**
 * The sandbox's own reading of a `tags` parameter (upload, setTags, addTags), written from the
 * reference (flickr-api.md §8.1) rather than shared with the product: if heritage's writer and
 * the sandbox's reader were one function, a quoting bug would be invisible to every test.
 *
 * One space-separated string; double quotes group a tag with spaces, whole (`"glass plate"`) or
 * inside a machine tag's value (`geo:quartier="plateau mont royal"`). Quotes are not part of the
 * tag; an unclosed quote runs to the end. Empty tags are dropped.
 */
const TOKEN = /(?:[^\s"]+|"[^"]*(?:"|$))+/g;

export function readTagsParam(param: string): string[] {
  const out: string[] = [];
  for (const token of param.match(TOKEN) ?? []) {
    const tag = token.replace(/"/g, "").trim();
    if (tag !== "") out.push(tag);
  }
  return out;
}

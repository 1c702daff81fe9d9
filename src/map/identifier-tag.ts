/**
 * The identifier machine tag, `<namespace>:id=<identifier>`: how heritage finds a photo on Flickr
 * again (after a lost upload answer, in `state rebuild`, in summaries). One function makes it, and
 * every writer and reader uses it, so what is looked up is exactly what was written.
 *
 * A tag is one line and cannot hold a double quote (Flickr's tag syntax has no escape), so the
 * value is the identifier with runs of white space (spaces, tabs, non-breaking spaces) made one
 * space, trimmed, and double quotes removed. An identifier that this changes gets a validation
 * warning naming the tag, because the catalogue and Flickr then spell it differently.
 */

/** The value heritage writes after `<namespace>:id=`. */
export function identifierTagValue(identifier: string): string {
  return identifier.replace(/"/g, "").replace(/\s+/g, " ").trim();
}

/** The raw identifier machine tag, as written on upload and compared with getInfo's `raw`. */
export function identifierTag(namespace: string, identifier: string): string {
  return `${namespace}:id=${identifierTagValue(identifier)}`;
}

/** The `machine_tags` search parameter that finds the identifier's tag (value quoted). */
export function identifierTagQuery(namespace: string, identifier: string): string {
  return `${namespace}:id="${identifierTagValue(identifier)}"`;
}

/** The prefix every identifier tag of `namespace` starts with. */
export function identifierTagPrefix(namespace: string): string {
  return `${namespace}:id=`;
}

/** Whether a raw tag (from getInfo) is this identifier's tag. */
export function isIdentifierTag(raw: string, namespace: string, identifier: string): boolean {
  return raw === identifierTag(namespace, identifier);
}

/**
 * Reading Flickr's JSON: lists come as an array, a single object, or nothing at all, depending
 * on how many items there are and which method answered.
 */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

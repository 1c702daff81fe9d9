/**
 * The canonical manifest fields. Every manifest format (CSV, JSON, YAML) and every column alias
 * ends up as these names; mapping, validation and templates only ever see them.
 */
export const CANONICAL_FIELDS = [
  "identifier",
  "file",
  "title",
  "description",
  "creator",
  "date",
  "place",
  "latitude",
  "longitude",
  "geo_accuracy",
  "tags",
  "license",
  "album",
  "source_url",
  "is_public",
  "hidden",
  "safety_level",
  "content_type",
  "can_comment",
  "can_add_meta",
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** Fields whose value is a list: `;`-separated in CSV, an array or a `;` string in JSON/YAML. */
export const LIST_FIELDS = ["tags", "album"] as const satisfies readonly CanonicalField[];

/** Fields every row must have (after defaults are applied). */
export const REQUIRED_FIELDS = ["identifier", "file"] as const satisfies readonly CanonicalField[];

export function isCanonicalField(name: string): name is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(name);
}

/**
 * Dublin Core (and a few common export) header names → canonical field. Matching is
 * case-insensitive and ignores surrounding whitespace; settings `columns` can add more.
 */
export const DEFAULT_COLUMN_ALIASES: Readonly<Record<string, CanonicalField>> = {
  "dc:identifier": "identifier",
  "dc:title": "title",
  "dc:description": "description",
  "dc:creator": "creator",
  "dc:date": "date",
  "dc:rights": "license",
  "dc:subject": "tags",
  "dc:coverage": "place",
  "dc:source": "source_url",
  "dcterms:identifier": "identifier",
  "dcterms:title": "title",
  "dcterms:description": "description",
  "dcterms:creator": "creator",
  "dcterms:date": "date",
  "dcterms:created": "date",
  "dcterms:rights": "license",
  "dcterms:license": "license",
  "dcterms:subject": "tags",
  "dcterms:spatial": "place",
  "dcterms:coverage": "place",
  "dcterms:source": "source_url",
  "edm:rights": "license",
  "edm:isshownat": "source_url",
  rights: "license",
  licence: "license",
  filename: "file",
  path: "file",
  lat: "latitude",
  lon: "longitude",
  lng: "longitude",
  albums: "album",
  keywords: "tags",
  url: "source_url",
  id: "identifier",
};

/**
 * Where an upload copy comes from: the master's path and what the copy embeds (XMP and EXIF).
 * Most rows of a sync never need a copy, so what to embed is worked out only when one is made,
 * from the few strings it needs (the mapped item itself is not kept).
 */
import type { EmbedFields } from "../image/embed-fields.js";
import type { MappedItem } from "../map/item.js";

export interface CopySource {
  path: string;
  embed: EmbedFields;
}

/** The parts of a mapped item an upload copy embeds (a `MappedItem` has all of them). */
export interface EmbedSource {
  identifier: MappedItem["identifier"];
  fields: Pick<MappedItem["fields"], "title" | "description" | "latitude" | "longitude">;
  values: Partial<Record<"creator" | "date" | "source_url" | "institution", string>>;
  license: Pick<MappedItem["license"], "name" | "statement" | "url">;
}

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, "&");
}

const isUrl = (s: string | null | undefined): s is string => !!s && /^https?:\/\//i.test(s);

/** What an upload copy carries in its XMP and EXIF. */
export function embedFieldsFor(mapped: EmbedSource, institution: string | null): EmbedFields {
  const v = mapped.values;
  const statement = mapped.license.statement;
  return {
    title: mapped.fields.title || null,
    description: mapped.fields.description ? htmlToText(mapped.fields.description) : null,
    creator: v.creator ?? null,
    date: v.date ?? null,
    rights: mapped.license.name ?? statement ?? null,
    rightsUrl: isUrl(statement) ? statement : mapped.license.url,
    identifier: mapped.identifier,
    sourceUrl: isUrl(v.source_url) ? v.source_url : null,
    institution: v.institution ?? institution,
    keepGps: mapped.fields.latitude !== null && mapped.fields.longitude !== null,
  };
}

/** Only the strings an embed needs, copied out of the mapped item (which is then free to go). */
function slimmed(mapped: EmbedSource): EmbedSource {
  const { title, description, latitude, longitude } = mapped.fields;
  const { creator, date, source_url, institution } = mapped.values;
  const { name, statement, url } = mapped.license;
  const values: EmbedSource["values"] = {};
  if (creator !== undefined) values.creator = creator;
  if (date !== undefined) values.date = date;
  if (source_url !== undefined) values.source_url = source_url;
  if (institution !== undefined) values.institution = institution;
  return { identifier: mapped.identifier, fields: { title, description, latitude, longitude }, values, license: { name, statement, url } };
}

/** A copy source whose embedded metadata is worked out on first use. */
export function lazyCopySource(path: string, mapped: EmbedSource, institution: string | null): CopySource {
  const slim = slimmed(mapped);
  let embed: EmbedFields | undefined;
  return {
    path,
    get embed() {
      return (embed ??= embedFieldsFor(slim, institution));
    },
  };
}

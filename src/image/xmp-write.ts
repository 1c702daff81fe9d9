/**
 * The XMP packet of an upload copy. Written fresh from the manifest rather than edited from the
 * master's: the master's XMP can hold stale rights, editing history, camera serial numbers
 * (aux:SerialNumber) and Camera Raw settings, none of which belong in a published copy.
 */
import { rightsMarkedFor, type EmbedFields } from "./embed-fields.js";

/**
 * Namespace of heritage's own XMP properties. `.invalid` is a reserved TLD, so this URI can
 * never be mistaken for a resolvable schema. `heritage:DateText` holds a date that is not ISO
 * 8601 ("ca. 1910", "1920s"), which photoshop:DateCreated cannot carry.
 */
export const HERITAGE_XMP_NS = "https://heritage.invalid/ns/xmp/1.0/";

const NS = {
  x: "adobe:ns:meta/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dc: "http://purl.org/dc/elements/1.1/",
  xmpRights: "http://ns.adobe.com/xap/1.0/rights/",
  photoshop: "http://ns.adobe.com/photoshop/1.0/",
  heritage: HERITAGE_XMP_NS,
} as const;

/** ISO 8601 as XMP dates allow it: YYYY, YYYY-MM, YYYY-MM-DD, optionally a time and zone. */
const XMP_DATE = /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A manifest date as an XMP Date, or null when it is not ISO 8601 ("ca. 1910", "1920s",
 * EDTF qualifiers). A space between date and time is accepted and written as "T".
 */
export function xmpDate(date: string): string | null {
  const d = date.trim();
  return XMP_DATE.test(d) ? d.replace(" ", "T") : null;
}

/**
 * Escape text for XML element content and attribute values, and drop the control characters
 * XML 1.0 cannot represent at all (a stray form feed in a catalogue export would otherwise
 * make the whole packet unreadable).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const alt = (name: string, text: string) =>
  `   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt></${name}>`;
const seq = (name: string, text: string) => `   <${name}><rdf:Seq><rdf:li>${escapeXml(text)}</rdf:li></rdf:Seq></${name}>`;
const simple = (name: string, text: string) => `   <${name}>${escapeXml(text)}</${name}>`;

/**
 * The XMP packet (UTF-8 text) for an upload copy: dc:title, dc:description, dc:creator,
 * dc:rights, dc:identifier, dc:source, xmpRights:WebStatement and Marked, photoshop:DateCreated
 * (or heritage:DateText for a non-ISO date) and photoshop:Credit (the institution). Null fields
 * are left out. The creator is one entry: names like "Lundberg, Bengt A" contain commas.
 */
export function buildXmpPacket(embed: EmbedFields): string {
  const lines: string[] = [];
  if (embed.title) lines.push(alt("dc:title", embed.title));
  if (embed.description) lines.push(alt("dc:description", embed.description));
  if (embed.creator) lines.push(seq("dc:creator", embed.creator));
  if (embed.rights) lines.push(alt("dc:rights", embed.rights));
  if (embed.identifier) lines.push(simple("dc:identifier", embed.identifier));
  if (embed.sourceUrl) lines.push(simple("dc:source", embed.sourceUrl));
  if (embed.rightsUrl) lines.push(simple("xmpRights:WebStatement", embed.rightsUrl));
  const marked = rightsMarkedFor(embed.rightsUrl);
  if (marked !== null) lines.push(simple("xmpRights:Marked", marked ? "True" : "False"));
  if (embed.date) {
    const iso = xmpDate(embed.date);
    lines.push(iso ? simple("photoshop:DateCreated", iso) : simple("heritage:DateText", embed.date));
  }
  if (embed.institution) lines.push(simple("photoshop:Credit", embed.institution));
  const xmlns = (["dc", "xmpRights", "photoshop", "heritage"] as const).map((p) => `\n    xmlns:${p}="${NS[p]}"`).join("");
  return [
    `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="${NS.x}">`,
    ` <rdf:RDF xmlns:rdf="${NS.rdf}">`,
    `  <rdf:Description rdf:about=""${xmlns}>`,
    ...lines,
    `  </rdf:Description>`,
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join("\n");
}

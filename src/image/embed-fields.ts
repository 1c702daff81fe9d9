/**
 * The descriptive metadata heritage writes into every upload copy, so that a file downloaded
 * from Flickr still says what it is, who made it, under which terms, and where the record lives.
 */

/** Fields embedded in the upload copy (XMP and EXIF). Any may be null: nothing is written for it. */
export interface EmbedFields {
  title: string | null;
  /** Plain text (not Flickr's HTML). */
  description: string | null;
  creator: string | null;
  /** The date as written in the manifest ("1910-05-01", "ca. 1910", "1920s"). */
  date: string | null;
  /** The rights statement as text, e.g. "Public Domain Mark 1.0". */
  rights: string | null;
  /** The URL of the licence or rights statement. */
  rightsUrl: string | null;
  /** The catalogue identifier. */
  identifier: string | null;
  /** The catalogue record's URL. */
  sourceUrl: string | null;
  /** The publishing institution (photoshop:Credit). */
  institution: string | null;
  /** Keep the master's EXIF GPS position. False drops it: a position is private unless the manifest publishes one. */
  keepGps: boolean;
  /**
   * Date taken to write as EXIF DateTimeOriginal ("YYYY-MM-DD HH:MM:SS"), when the plan lets
   * Flickr read the date from the file instead of calling setDates (image/exif-date.ts). Part of
   * the copy cache key, as every field here is.
   */
  dateTaken?: string | null;
}

/** An `EmbedFields` that writes nothing and drops GPS. */
export function emptyEmbedFields(): EmbedFields {
  return {
    title: null,
    description: null,
    creator: null,
    date: null,
    rights: null,
    rightsUrl: null,
    identifier: null,
    sourceUrl: null,
    institution: null,
    keepGps: false,
  };
}

/** Public-domain statements and dedications: xmpRights:Marked = False. */
const PUBLIC_DOMAIN_URLS = [
  /creativecommons\.org\/publicdomain\/(mark|zero)\//i,
  /rightsstatements\.org\/(vocab|page)\/NoC-/i,
  /usa\.gov\/government-(copyright|works)/i,
];
/** Licences granted by a rights holder and "in copyright" statements: Marked = True. */
const RIGHTS_MANAGED_URLS = [/creativecommons\.org\/licenses\//i, /rightsstatements\.org\/(vocab|page)\/InC/i];

/**
 * xmpRights:Marked for a rights URL: false for public domain (PDM, CC0, NoC), true for a
 * licence or an in-copyright statement, null when the URL does not say (e.g. Flickr's "no known
 * copyright restrictions", which is not a claim of public domain).
 */
export function rightsMarkedFor(rightsUrl: string | null): boolean | null {
  if (!rightsUrl) return null;
  if (PUBLIC_DOMAIN_URLS.some((re) => re.test(rightsUrl))) return false;
  if (RIGHTS_MANAGED_URLS.some((re) => re.test(rightsUrl))) return true;
  return null;
}

/** The EXIF Copyright text: the statement, with its URL when there is one. */
export function copyrightText(embed: Pick<EmbedFields, "rights" | "rightsUrl">): string | null {
  if (embed.rights && embed.rightsUrl) return `${embed.rights} (${embed.rightsUrl})`;
  return embed.rights ?? embed.rightsUrl ?? null;
}

/**
 * What the image stage knows about one master file without decoding its pixels. Produced by
 * `probeImage`, read by validation (issues), mapping (`fill` from embedded metadata) and
 * normalization (passthrough decision).
 */

/**
 * Descriptive metadata embedded in the file (EXIF, IPTC, XMP), reconciled with a simple
 * precedence: XMP, then IPTC, then EXIF. Text is plain (XML entities decoded, trimmed); absent
 * or empty values are null.
 */
export interface EmbeddedMetadata {
  /** XMP dc:title, IPTC Object Name. */
  title: string | null;
  /** XMP dc:description, IPTC Caption/Abstract, EXIF ImageDescription (camera boilerplate ignored). */
  description: string | null;
  /** XMP dc:creator (joined with "; "), IPTC By-line, EXIF Artist. */
  creator: string | null;
  /**
   * When the content was created, as written: XMP photoshop:DateCreated or IPTC Date Created
   * (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO date-time).
   */
  dateCreated: string | null;
  /**
   * EXIF DateTimeOriginal as `YYYY-MM-DD HH:MM:SS`. For a digitised item this is usually the
   * date of the scan or reproduction photograph, not of the original.
   */
  dateTaken: string | null;
  /** EXIF GPS position in decimal degrees; null when absent or 0,0 (a camera without a fix). */
  latitude: number | null;
  longitude: number | null;
  /** XMP dc:rights, IPTC Copyright Notice, EXIF Copyright. */
  rights: string | null;
  /** XMP xmpRights:WebStatement or cc:license: the URL of the rights statement or licence. */
  rightsUrl: string | null;
  /** XMP xmpRights:Marked: true = rights-managed, false = public domain, null = not stated. */
  rightsMarked: boolean | null;
  /** XMP dc:subject or IPTC Keywords. */
  keywords: string[];
  /**
   * Why an embedded block could not be read (null when everything present was read). A block
   * heritage cannot read may hold a rights claim, so this is reported, never taken as "none".
   */
  unreadable: string | null;
}

/** An `EmbeddedMetadata` with nothing in it. */
export function emptyEmbeddedMetadata(): EmbeddedMetadata {
  return {
    title: null,
    description: null,
    creator: null,
    dateCreated: null,
    dateTaken: null,
    latitude: null,
    longitude: null,
    rights: null,
    rightsUrl: null,
    rightsMarked: null,
    keywords: [],
    unreadable: null,
  };
}

/** Header facts about one image file (nothing here needs the pixels decoded). */
export interface ImageProbe {
  /** The path that was probed. */
  path: string;
  /** File size in bytes. */
  size: number;
  mtimeMs: number;
  /**
   * sha256 of the file's bytes, hex. Identifies the content for the copy cache and duplicate
   * checks. Null when the probe was asked not to read the whole file (`contentHash: false`).
   */
  sha256: string | null;
  /** sharp's decoder name: jpeg, png, tiff, webp, gif, heif, svg… */
  format: string;
  /** Stored width and height (before EXIF/TIFF orientation). */
  width: number;
  height: number;
  /** Width and height as displayed, after applying the orientation. */
  displayWidth: number;
  displayHeight: number;
  /** Pages or frames (1 for a single image). */
  pages: number;
  /** Bits per sample: 1, 8, 16, 32. */
  bitDepth: number;
  /** Bands including alpha: 1 grey, 2 grey+alpha, 3 RGB/Lab, 4 RGBA or CMYK. */
  channels: number;
  /** sharp's interpretation: srgb, rgb16, b-w, grey16, cmyk, labs… */
  colourSpace: string;
  hasAlpha: boolean;
  /** The embedded ICC profile's description, e.g. "Adobe RGB (1998)"; null without a profile. */
  iccDescription: string | null;
  /** The ICC profile's data colour space: RGB, GRAY, CMYK, Lab; null without a (readable) profile. */
  iccColourSpace: string | null;
  /** EXIF/TIFF orientation 1–8; null when the file does not say. */
  orientation: number | null;
  embedded: EmbeddedMetadata;
}

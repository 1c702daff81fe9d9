/**
 * Just enough of an ICC profile to decide what to do with an image: its data colour space and
 * its description ("sRGB IEC61966-2.1", "Adobe RGB (1998)"), and whether the header is sane.
 * A profile that fails these checks would be silently ignored by the colour conversion, which
 * is worth a warning: the colours would then be guessed.
 */

export interface IccInfo {
  /** Data colour space: "RGB", "GRAY", "CMYK", "Lab"… (the signature, trimmed). */
  colourSpace: string | null;
  /** The profile description (desc tag), or null when it has none. */
  description: string | null;
  /** False when the header or tag table is malformed. */
  valid: boolean;
}

function readDesc(icc: Buffer, offset: number, size: number): string | null {
  if (offset + 12 > icc.length || offset + size > icc.length) return null;
  const type = icc.toString("latin1", offset, offset + 4);
  if (type === "desc") {
    const count = icc.readUInt32BE(offset + 8);
    const end = Math.min(offset + 12 + count, offset + size);
    return icc.toString("latin1", offset + 12, end).replace(/\0+$/, "").trim() || null;
  }
  if (type === "mluc") {
    const records = icc.readUInt32BE(offset + 8);
    if (records === 0 || offset + 28 > icc.length) return null;
    const len = icc.readUInt32BE(offset + 20);
    const at = offset + icc.readUInt32BE(offset + 24);
    if (at + len > icc.length) return null;
    // UTF-16BE: swap to LE for Node's decoder.
    const text = Buffer.from(icc.subarray(at, at + len)).swap16().toString("utf16le");
    return text.replace(/\0+$/, "").trim() || null;
  }
  return null;
}

/** Read an ICC profile's header and description. Never throws. */
export function readIccInfo(icc: Buffer): IccInfo {
  if (icc.length < 132 || icc.toString("latin1", 36, 40) !== "acsp") {
    return { colourSpace: null, description: null, valid: false };
  }
  const colourSpace = icc.toString("latin1", 16, 20).trim() || null;
  const declared = icc.readUInt32BE(0);
  const tagCount = icc.readUInt32BE(128);
  const valid = declared <= icc.length && declared >= 132 && 132 + tagCount * 12 <= icc.length;
  if (!valid) return { colourSpace, description: null, valid };
  let description: string | null = null;
  for (let i = 0; i < tagCount; i++) {
    const p = 132 + i * 12;
    if (icc.toString("latin1", p, p + 4) === "desc") {
      description = readDesc(icc, icc.readUInt32BE(p + 4), icc.readUInt32BE(p + 8));
      break;
    }
  }
  return { colourSpace, description, valid };
}

/**
 * Is the profile one a passthrough JPEG may keep: sRGB by name (every sRGB variant says so:
 * "sRGB IEC61966-2.1", "sRGB built-in", "sRGB v1.31 (Canon)"), or any grey profile on a grey
 * image (grey stays grey; browsers treat a grey JPEG as sRGB-gamma grey).
 */
export function isWebSafeProfile(info: IccInfo, channels: number): boolean {
  if (!info.valid) return false;
  if (info.colourSpace === "GRAY") return channels === 1;
  return info.colourSpace === "RGB" && /\bsRGB\b/i.test(info.description ?? "");
}

/**
 * Text that was already garbled before it reached us: UTF-8 bytes read once as Windows-1252 or
 * Latin-1 and saved again ("GÃ¶teborg" for "Göteborg", "â€“" for "–"). The file itself decodes
 * fine, so only the pattern gives it away. Published as is, it would stay garbled on Flickr.
 */
import { WINDOWS_1252_BYTES } from "./windows-1252.js";

/** A UTF-8 continuation byte (0x80–0xBF) as Windows-1252 or Latin-1 shows it. */
const CONTINUATION = "\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

/**
 * A UTF-8 lead byte shown as Â/Ã followed by a continuation byte, or the three-byte
 * punctuation family "â€…" (’ “ ” – — • …). These pairs do not occur in real words: "Ã" is
 * only followed by such symbols when garbled ("SÃO PAULO" is fine, "GÃ¶teborg" is not).
 */
const MOJIBAKE = new RegExp(`[ÂÃ][${CONTINUATION}]|â[€\u0080][${CONTINUATION}]`, "u");

export interface MojibakeMatch {
  /** The garbled characters found, e.g. "Ã¶". */
  found: string;
  /** The value as it probably should read, when re-decoding it gives valid UTF-8. */
  repaired?: string;
}

/** Find garbled UTF-8 in a value; null when it looks clean. */
export function findMojibake(value: string): MojibakeMatch | null {
  const match = MOJIBAKE.exec(value);
  if (!match) return null;
  const repaired = repairMojibake(value);
  return repaired === null ? { found: match[0] } : { found: match[0], repaired };
}

/** Undo one round of UTF-8-read-as-Windows-1252, or null when the text does not allow it. */
export function repairMojibake(value: string): string | null {
  const bytes: number[] = [];
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    // Latin-1 readers map the bytes Windows-1252 leaves undefined to C1 controls; keep those too.
    const byte = WINDOWS_1252_BYTES.get(ch) ?? (code >= 0x80 && code <= 0x9f ? code : undefined);
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

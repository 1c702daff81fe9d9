/**
 * Text encodings of manifest and settings files. Spreadsheet exports arrive as UTF-8 (with or
 * without BOM), UTF-16 (Excel "Unicode Text") or Windows-1252 (Excel "CSV" on Windows). The rule
 * is: decode correctly or refuse — never produce mojibake (`Ã¥` for `å`).
 *
 * `sniffEncoding` decides from the first bytes (pure); `decodeChunks` decodes a byte stream
 * with that decision and refuses, with line and byte offset, a byte the decision cannot explain
 * (a file that starts as UTF-8 but has a Windows-1252 byte 10 MB further down).
 */
import { isUtf8 } from "node:buffer";
import { UserError } from "../errors.js";
import { warning, type Issue } from "../issues.js";
import { decodeWindows1252 } from "./windows-1252.js";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** How each encoding is named to people. */
export const ENCODING_LABELS: Readonly<Record<TextEncodingName, string>> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 (little-endian)",
  "utf-16be": "UTF-16 (big-endian)",
  "windows-1252": "Windows-1252 (Western European)",
};

/** How many bytes `sniffEncoding` wants to see; readers pass the first HEAD_BYTES of a file. */
export const HEAD_BYTES = 64 * 1024;

export interface EncodingDecision {
  encoding: TextEncodingName;
  /** Length of the byte-order mark at the start (0 without one); TextDecoder skips it. */
  bomLength: number;
  /** True when no BOM proved the encoding and it was inferred from the bytes. */
  guessed: boolean;
  /** For a guessed legacy encoding: the first word with non-ASCII letters, as decoded, so people can check it. */
  sample?: string;
}

export interface EncodingRefusal {
  /** What the bytes look like, e.g. "an Excel workbook (.xlsx)" or "UTF-32". */
  detected: string;
  /** Why it cannot be read, with the byte offset when there is one. */
  reason: string;
}

export type SniffResult = { ok: true; decision: EncodingDecision } | { ok: false; refusal: EncodingRefusal };

const SAVE_AS_UTF8 = "Save it as UTF-8 (in Excel: Save As → CSV UTF-8 (Comma delimited)); in other programs choose the encoding UTF-8 when saving or exporting.";

const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; detected: string; reason: string }> = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], detected: "UTF-32 (big-endian)", reason: "UTF-32 text is not supported" },
  { bytes: [0xff, 0xfe, 0x00, 0x00], detected: "UTF-32 (little-endian)", reason: "UTF-32 text is not supported" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], detected: "a ZIP archive, probably an Excel workbook (.xlsx) or OpenDocument spreadsheet (.ods)", reason: "workbooks cannot be read directly" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], detected: "an old Excel workbook (.xls)", reason: "workbooks cannot be read directly" },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], detected: "a PDF document", reason: "it is not a text file" },
  { bytes: [0xff, 0xd8, 0xff], detected: "a JPEG image", reason: "it is not a text file" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], detected: "a PNG image", reason: "it is not a text file" },
  { bytes: [0x49, 0x49, 0x2a, 0x00], detected: "a TIFF image", reason: "it is not a text file" },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], detected: "a TIFF image", reason: "it is not a text file" },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

export const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * Decide how to decode a file from its first bytes. `complete` says the head is the whole file
 * (so a multi-byte character cut at the end of the head is an error, not a truncation).
 */
export function sniffEncoding(head: Uint8Array, complete: boolean): SniffResult {
  // UTF-32 BOMs first: FF FE 00 00 would otherwise pass as a UTF-16 LE BOM.
  for (const sig of SIGNATURES) {
    if (startsWith(head, sig.bytes)) return { ok: false, refusal: { detected: sig.detected, reason: sig.reason } };
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return decided("utf-8", 3, false);
  if (startsWith(head, [0xff, 0xfe])) return decided("utf-16le", 2, false);
  if (startsWith(head, [0xfe, 0xff])) return decided("utf-16be", 2, false);
  const utf16 = utf16ByNulPattern(head);
  if (utf16) return decided(utf16, 0, true);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    return { ok: false, refusal: { detected: "binary data", reason: `it contains a NUL byte at offset ${nul}, which text files do not have` } };
  }
  if (invalidUtf8Offset(head, !complete) < 0) return decided("utf-8", 0, false);
  const implausible = implausibleAs1252(head);
  if (implausible) {
    return { ok: false, refusal: { detected: "text in an unknown encoding (not UTF-8, not Windows-1252)", reason: implausible } };
  }
  return { ok: true, decision: { encoding: "windows-1252", bomLength: 0, guessed: true, sample: firstNonAsciiWord(head) } };
}

function decided(encoding: TextEncodingName, bomLength: number, guessed: boolean): SniffResult {
  return { ok: true, decision: { encoding, bomLength, guessed } };
}

/**
 * UTF-16 without a BOM: Latin-script text has a NUL in nearly every other byte (the high byte
 * of each code unit). Zeros on one side only, and a clean decode, identify the byte order.
 */
function utf16ByNulPattern(head: Uint8Array): TextEncodingName | null {
  const pairs = Math.floor(head.length / 2);
  if (pairs === 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const guess = oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05 ? "utf-16le" : evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05 ? "utf-16be" : null;
  if (!guess) return null;
  try {
    // A trailing high surrogate may be cut off by the head: decode in stream mode.
    new TextDecoder(guess, { fatal: true }).decode(head.subarray(0, pairs * 2), { stream: true });
    return guess;
  } catch {
    return null;
  }
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence, or -1 when all is valid.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid (RFC 3629).
 * With `allowIncompleteEnd`, a sequence cut off by the end of `bytes` counts as valid.
 */
export function invalidUtf8Offset(bytes: Uint8Array, allowIncompleteEnd: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return allowIncompleteEnd ? -1 : i;
      const c = bytes[i + k]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Bytes Windows-1252 leaves undefined: text in that encoding never has them. */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** The first byte no Windows-1252 text has: C0 controls other than tab/LF/CR, or an undefined byte. */
export function first1252Violation(bytes: Uint8Array): { offset: number; reason: string } | null {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      return { offset: i, reason: `byte ${hex(b)} at offset ${i} is a control character, which text does not contain` };
    }
    if (UNDEFINED_1252.has(b)) return { offset: i, reason: `byte ${hex(b)} at offset ${i} is not a character in Windows-1252` };
  }
  return null;
}

/**
 * Windows-1252 punctuation in 0x80–0x9F that never sits between two letters of a word. In DOS
 * (850/437) and Mac Roman code pages these bytes are letters: 0x84 „ is "ä" in DOS, 0x86 † is
 * "å". Dashes and the apostrophe (0x92, 0x96, 0x97) are left out: "O’Brien", "Göta–Svea".
 */
const PUNCTUATION_1252 = new Set([0x80, 0x82, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8b, 0x91, 0x93, 0x94, 0x95, 0x98, 0x99, 0x9b]);
/** Letters Windows-1252 puts in 0x80–0x9F (Š Œ Ž š œ ž Ÿ); in Mac Roman these bytes are ä å é ö ú û ü. */
const LETTERS_1252_LOW = new Set([0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f]);

const isAsciiLetter = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/** Why these bytes are not believable Windows-1252 text, or null when they are. */
export function implausibleAs1252(bytes: Uint8Array): string | null {
  const violation = first1252Violation(bytes);
  if (violation) return violation.reason;
  let highLetters = 0;
  let lowLetterAt = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0xc0) highLetters++;
    else if (LETTERS_1252_LOW.has(b) && lowLetterAt < 0) lowLetterAt = i;
    else if (PUNCTUATION_1252.has(b) && isAsciiLetter(bytes[i - 1]) && isAsciiLetter(bytes[i + 1])) {
      return `byte ${hex(b)} at offset ${i} sits inside a word, where Windows-1252 would make it punctuation; it looks like a letter in a DOS or Mac code page`;
    }
  }
  if (lowLetterAt >= 0 && highLetters === 0) {
    return `byte ${hex(bytes[lowLetterAt]!)} at offset ${lowLetterAt} and no common accented letters: it looks like Mac Roman rather than Windows-1252`;
  }
  return null;
}

function firstNonAsciiWord(bytes: Uint8Array): string | undefined {
  const at = bytes.findIndex((b) => b >= 0x80);
  if (at < 0) return undefined;
  const isWordByte = (b: number | undefined) => b !== undefined && (b >= 0x80 || isAsciiLetter(b) || (b >= 0x30 && b <= 0x39));
  let start = at;
  while (start > 0 && isWordByte(bytes[start - 1]) && at - start < 40) start--;
  let end = at;
  while (end < bytes.length && isWordByte(bytes[end]) && end - at < 40) end++;
  return decodeWindows1252(bytes.subarray(start, end));
}

/** The whole-file issue for a guessed legacy encoding; none for UTF-8 or a BOM-marked UTF-16 file. */
export function encodingIssues(decision: EncodingDecision, file: string): Issue[] {
  if (!decision.guessed || decision.encoding === "utf-8") return [];
  const label = ENCODING_LABELS[decision.encoding];
  const check = decision.sample ? ` Check that accented letters look right, e.g. “${decision.sample}”.` : "";
  return [
    warning("MANIFEST_ENCODING_CONVERTED", {
      value: decision.encoding,
      message: `${file} is not UTF-8; it was read as ${label}.${check}`,
      hint: `${SAVE_AS_UTF8} That removes this warning and any doubt about the letters.`,
    }),
  ];
}

/** The UserError for a file the sniffer refuses. */
export function encodingRefused(file: string, refusal: EncodingRefusal): UserError {
  return new UserError(`Cannot read ${file}: it looks like ${refusal.detected}; ${refusal.reason}.`, {
    code: "MANIFEST_ENCODING",
    hint: SAVE_AS_UTF8,
  });
}

/** Count line breaks (CRLF, LF or a lone CR), carrying a CR at the end of one chunk over to the next. */
function countLineBreaks(text: string, state: { lines: number; pendingCR: boolean }): void {
  // Text without a CR (and none pending): count the LFs with indexOf, much faster than a loop per character.
  if (!state.pendingCR && text.indexOf("\r") < 0) {
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) state.lines++;
    return;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      if (!state.pendingCR) state.lines++;
      state.pendingCR = false;
    } else {
      if (state.pendingCR) state.lines++;
      state.pendingCR = c === 0x0d;
    }
  }
}

/** Length of a UTF-8 sequence cut off at the end of `bytes` (0 when the end is clean or invalid). */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      return back <= need ? back : 0;
    }
  }
  return 0;
}

const CONTEXT_CHARS = 30;

/** What the decoders share: line counting and the refusal naming line, byte offset and context. */
interface DecodeTracker {
  /** Count `text` as read and return it. */
  emit(text: string): string;
  /** The error for a bad byte at file offset `at`, after `validPrefix` (decoded text before it in this chunk). */
  refuse(at: number, validPrefix: string, detail: string): UserError;
}

function createTracker(decision: EncodingDecision, file: string): DecodeTracker {
  const lines = { lines: 0, pendingCR: false };
  let recent = "";
  return {
    emit(text) {
      countLineBreaks(text, lines);
      recent = (recent + text).slice(-CONTEXT_CHARS);
      return text;
    },
    refuse(at, validPrefix, detail) {
      const tmp = { ...lines };
      countLineBreaks(validPrefix, tmp);
      const line = tmp.lines + (tmp.pendingCR ? 1 : 0) + 1;
      // Only the text of the same line: that is what people look for in their editor.
      const context = (recent + validPrefix).slice(-CONTEXT_CHARS).split(/\r\n|\n|\r/).pop() ?? "";
      return new UserError(
        `Cannot read ${file}: at line ${line} (byte offset ${at}) ${detail}${context ? ` after “${context}”` : ""}. ` +
          `The file starts as ${ENCODING_LABELS[decision.encoding].split(" (")[0]}, but this part is not — probably text pasted in from a file in another encoding.`,
        { code: "MANIFEST_ENCODING", hint: `${SAVE_AS_UTF8} Or fix the text at line ${line}.` },
      );
    },
  };
}

/**
 * Decode a byte stream as `decision` says, chunk by chunk. Throws a UserError naming the line
 * and byte offset of the first byte that does not fit (never replaces it with U+FFFD).
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, decision: EncodingDecision, file: string): AsyncGenerator<string> {
  const tracker = createTracker(decision, file);
  if (decision.encoding === "utf-8") yield* decodeUtf8(chunks, tracker);
  else if (decision.encoding === "windows-1252") yield* decode1252(chunks, tracker);
  else yield* decodeUtf16(chunks, decision.encoding, tracker);
}

async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>, { emit, refuse }: DecodeTracker): AsyncGenerator<string> {
  // Frames are decoded separately, so the BOM is stripped by hand once, not at every frame.
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let first = true;
  let offset = 0; // bytes of the file before `pending`
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    const bytes = pending.length ? concat(pending, chunk) : chunk;
    const cut = bytes.length - incompleteUtf8Tail(bytes);
    const whole = bytes.subarray(0, cut);
    // isUtf8 is native and fast; the byte-by-byte scan only runs to locate a bad byte.
    const bad = isUtf8(whole) ? -1 : invalidUtf8Offset(whole, false);
    if (bad >= 0) {
      const prefix = new TextDecoder("utf-8", { ignoreBOM: !first }).decode(whole.subarray(0, bad));
      const wouldBe = decodeWindows1252(whole.subarray(bad, bad + 1));
      throw refuse(offset + bad, prefix, `byte ${hex(whole[bad]!)} is not valid UTF-8 (in Windows-1252 it would be “${wouldBe}”)`);
    }
    let text = decoder.decode(whole);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (whole.length > 0) first = false;
    offset += cut;
    pending = bytes.slice(cut);
    if (text) yield emit(text);
  }
  if (pending.length) throw refuse(offset, "", `the file ends in the middle of a character (${pending.length} byte(s) of an incomplete UTF-8 sequence)`);
}

async function* decode1252(chunks: AsyncIterable<Uint8Array>, { emit, refuse }: DecodeTracker): AsyncGenerator<string> {
  let offset = 0;
  for await (const chunk of chunks) {
    const violation = first1252Violation(chunk);
    if (violation) {
      throw refuse(offset + violation.offset, decodeWindows1252(chunk.subarray(0, violation.offset)), violation.reason.replace(/ at offset \d+/, ""));
    }
    offset += chunk.length;
    const text = decodeWindows1252(chunk);
    if (text) yield emit(text);
  }
}

async function* decodeUtf16(chunks: AsyncIterable<Uint8Array>, encoding: "utf-16le" | "utf-16be", { emit, refuse }: DecodeTracker): AsyncGenerator<string> {
  // TextDecoder keeps a split code unit or surrogate pair across chunks itself.
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw refuse(offset, "", `the chunk starting here is not valid ${ENCODING_LABELS[encoding]} (an unpaired surrogate)`);
    }
    offset += chunk.length;
    if (text) yield emit(text);
  }
  try {
    const rest = decoder.decode();
    if (rest) yield emit(rest);
  } catch {
    throw refuse(offset, "", "the file ends in the middle of a character");
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Decode a whole file held in memory (JSON, YAML, settings): sniff, then decode like a stream. */
export async function decodeWholeFile(bytes: Uint8Array, file: string): Promise<{ text: string; decision: EncodingDecision }> {
  const sniffed = sniffEncoding(bytes, true);
  if (!sniffed.ok) throw encodingRefused(file, sniffed.refusal);
  let text = "";
  for await (const part of decodeChunks(oneChunk(bytes), sniffed.decision, file)) text += part;
  return { text, decision: sniffed.decision };
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

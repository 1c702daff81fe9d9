import test from "ava";
import { decodeChunks, decodeWholeFile, encodingIssues, implausibleAs1252, invalidUtf8Offset, sniffEncoding, type EncodingDecision, type TextEncodingName } from "../../src/manifest/decode.js";
import { UserError } from "../../src/errors.js";

const SWEDISH = "identifier;title\nA1;Göteborg, Västerås och Åre\n";

/** Windows-1252 bytes of text made only of Latin-1 characters (true for everything used here). */
function latin1(text: string): Buffer {
  if ([...text].some((c) => c.codePointAt(0)! > 0xff)) throw new Error("test text must be Latin-1");
  return Buffer.from(text, "latin1");
}
const utf16le = (text: string) => Buffer.from(text, "utf16le");
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
const bytes = (...parts: Array<Buffer | number[]>) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function decodeAll(data: Uint8Array, decision: EncodingDecision, chunkSize = 7): Promise<string> {
  let out = "";
  for await (const part of decodeChunks(chunked(data, chunkSize), decision, "test.csv")) out += part;
  return out;
}

const sniffCases: Array<{ name: string; data: Buffer; encoding: TextEncodingName; bom: number; guessed: boolean }> = [
  { name: "UTF-8 with BOM", data: bytes([0xef, 0xbb, 0xbf], Buffer.from(SWEDISH)), encoding: "utf-8", bom: 3, guessed: false },
  { name: "UTF-8 without BOM", data: Buffer.from(SWEDISH), encoding: "utf-8", bom: 0, guessed: false },
  { name: "plain ASCII", data: Buffer.from("identifier,file\nA1,a.tif\n"), encoding: "utf-8", bom: 0, guessed: false },
  { name: "UTF-16 LE with BOM", data: bytes([0xff, 0xfe], utf16le(SWEDISH)), encoding: "utf-16le", bom: 2, guessed: false },
  { name: "UTF-16 BE with BOM", data: bytes([0xfe, 0xff], utf16be(SWEDISH)), encoding: "utf-16be", bom: 2, guessed: false },
  { name: "UTF-16 LE without BOM", data: utf16le(SWEDISH), encoding: "utf-16le", bom: 0, guessed: true },
  { name: "UTF-16 BE without BOM", data: utf16be(SWEDISH), encoding: "utf-16be", bom: 0, guessed: true },
  { name: "Windows-1252 åäö", data: latin1(SWEDISH), encoding: "windows-1252", bom: 0, guessed: true },
  { name: "Windows-1252 with € and curly quotes", data: bytes(Buffer.from("title\nPris 5 "), [0x80], Buffer.from(" f"), [0xf6], Buffer.from("r "), [0x93], Buffer.from("Kaffe"), [0x94, 0x0a]), encoding: "windows-1252", bom: 0, guessed: true },
];

for (const c of sniffCases) {
  test(`sniffEncoding: ${c.name}`, (t) => {
    const result = sniffEncoding(c.data, true);
    if (!result.ok) return t.fail(`refused: ${result.refusal.reason}`);
    t.is(result.decision.encoding, c.encoding);
    t.is(result.decision.bomLength, c.bom);
    t.is(result.decision.guessed, c.guessed);
  });
}

const refusals: Array<{ name: string; data: Buffer; detected: RegExp }> = [
  { name: "an .xlsx workbook", data: bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), detected: /Excel workbook \(\.xlsx\)/ },
  { name: "an old .xls workbook", data: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), detected: /old Excel workbook/ },
  { name: "a TIFF image", data: bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), detected: /TIFF image/ },
  { name: "UTF-32", data: bytes([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]), detected: /UTF-32/ },
  { name: "binary with NUL bytes", data: bytes(Buffer.from("abc"), [0x00, 0x01, 0x02, 0xff, 0x00, 0x00, 0x10]), detected: /binary data/ },
  { name: "a byte undefined in Windows-1252", data: bytes(Buffer.from("title\nK"), [0x81], Buffer.from("ln\n")), detected: /unknown encoding/ },
  { name: "control characters", data: bytes(Buffer.from("title\nK"), [0xe4, 0x07], Buffer.from("ln\n")), detected: /unknown encoding/ },
  // "Västerås" in DOS code page 850: ä = 0x84, å = 0x86 — Windows-1252 would make them „ and †.
  { name: "DOS code page 850", data: bytes(Buffer.from("title\nV"), [0x84], Buffer.from("ster"), [0x86], Buffer.from("s\n")), detected: /unknown encoding/ },
  // "Göteborg" in Mac Roman: ö = 0x9A, which Windows-1252 would make š.
  { name: "Mac Roman", data: bytes(Buffer.from("title\nG"), [0x9a], Buffer.from("teborg\n")), detected: /unknown encoding/ },
];

for (const c of refusals) {
  test(`sniffEncoding refuses ${c.name}`, (t) => {
    const result = sniffEncoding(c.data, true);
    if (result.ok) return t.fail(`decoded as ${result.decision.encoding}`);
    t.regex(result.refusal.detected, c.detected);
  });
}

test("implausibleAs1252 explains which byte and why", (t) => {
  t.regex(implausibleAs1252(bytes(Buffer.from("ab"), [0x8d]))!, /byte 0x8D at offset 2 is not a character in Windows-1252/);
  t.regex(implausibleAs1252(bytes(Buffer.from("V"), [0x84], Buffer.from("ster")))!, /offset 1 sits inside a word/);
  // An apostrophe or dash between letters is ordinary Windows-1252 text.
  t.is(implausibleAs1252(bytes(Buffer.from("O"), [0x92], Buffer.from("Brien G"), [0xf6], Buffer.from("ta"), [0x96], Buffer.from("Svea"))), null);
});

const utf8Cases: Array<[string, number[], boolean, number]> = [
  ["ASCII", [0x41, 0x42], false, -1],
  ["two-byte å", [0x41, 0xc3, 0xa5], false, -1],
  ["euro sign", [0xe2, 0x82, 0xac], false, -1],
  ["emoji (4 bytes)", [0xf0, 0x9f, 0x93, 0xb7], false, -1],
  ["Latin-1 å alone", [0x41, 0xe5, 0x42], false, 1],
  ["overlong /", [0xc0, 0xaf], false, 0],
  ["UTF-16 surrogate", [0xed, 0xa0, 0x80], false, 0],
  ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], false, 0],
  ["stray continuation", [0x41, 0x80], false, 1],
  ["cut at the end, allowed", [0x41, 0xe2, 0x82], true, -1],
  ["cut at the end, not allowed", [0x41, 0xe2, 0x82], false, 1],
];
for (const [name, input, allowIncomplete, expected] of utf8Cases) {
  test(`invalidUtf8Offset: ${name}`, (t) => {
    t.is(invalidUtf8Offset(Uint8Array.from(input), allowIncomplete), expected);
  });
}

test("decodeChunks decodes UTF-8 split mid-character across chunks, without the BOM", async (t) => {
  const data = bytes([0xef, 0xbb, 0xbf], Buffer.from(SWEDISH));
  for (const size of [1, 2, 3, 5, 64]) {
    t.is(await decodeAll(data, { encoding: "utf-8", bomLength: 3, guessed: false }, size), SWEDISH, `chunk size ${size}`);
  }
});

test("decodeChunks keeps a U+FEFF that is not at the start of the file", async (t) => {
  const text = "a\uFEFFb";
  t.is(await decodeAll(Buffer.from(text), { encoding: "utf-8", bomLength: 0, guessed: false }, 1), text);
});

test("decodeChunks decodes Windows-1252 åäö correctly and never as mojibake", async (t) => {
  const text = await decodeAll(latin1(SWEDISH), { encoding: "windows-1252", bomLength: 0, guessed: true });
  t.is(text, SWEDISH);
  t.false(text.includes("Ã"));
});

test("decodeChunks decodes the Windows-1252 punctuation Excel writes (€ ’ – “ ”), not C1 controls", async (t) => {
  const data = bytes(Buffer.from("title\nPris 5 "), [0x80], Buffer.from(", Anna"), [0x92], Buffer.from("s "), [0x93], Buffer.from("kaffe"), [0x94], Buffer.from(" 1920"), [0x96], Buffer.from("1930\n"));
  const text = await decodeAll(data, { encoding: "windows-1252", bomLength: 0, guessed: true });
  t.is(text, "title\nPris 5 €, Anna’s “kaffe” 1920–1930\n");
  t.notRegex(text, /[\u0080-\u009F]/);
});

test("decodeChunks decodes UTF-16 LE and BE, with and without BOM, in odd-sized chunks", async (t) => {
  const cases: Array<[Buffer, EncodingDecision]> = [
    [bytes([0xff, 0xfe], utf16le(SWEDISH)), { encoding: "utf-16le", bomLength: 2, guessed: false }],
    [bytes([0xfe, 0xff], utf16be(SWEDISH)), { encoding: "utf-16be", bomLength: 2, guessed: false }],
    [utf16le(SWEDISH), { encoding: "utf-16le", bomLength: 0, guessed: true }],
    [utf16be(SWEDISH), { encoding: "utf-16be", bomLength: 0, guessed: true }],
  ];
  for (const [data, decision] of cases) t.is(await decodeAll(data, decision, 3), SWEDISH, decision.encoding);
});

test("decodeChunks refuses a Windows-1252 byte far below a UTF-8 start, naming line and byte offset", async (t) => {
  const good = "identifier,title\n" + Array.from({ length: 5000 }, (_, i) => `id${i},Rad ${i} i Göteborg\n`).join("");
  const data = bytes(Buffer.from(good), Buffer.from("bad,Malm"), [0xf6], Buffer.from("\n"));
  const offset = Buffer.byteLength(good) + "bad,Malm".length;
  const head = sniffEncoding(data.subarray(0, 64 * 1024), false);
  t.true(head.ok && head.decision.encoding === "utf-8", "the head alone looks like UTF-8");
  const err = await t.throwsAsync(decodeAll(data, { encoding: "utf-8", bomLength: 0, guessed: false }, 4096), { instanceOf: UserError });
  t.regex(err!.message, new RegExp(`line 5002 \\(byte offset ${offset}\\)`));
  t.regex(err!.message, /byte 0xF6 is not valid UTF-8 \(in Windows-1252 it would be “ö”\)/);
  t.regex(err!.message, /after “bad,Malm”/);
  t.regex(err!.hint!, /save it as UTF-8 \(in Excel: Save As → CSV UTF-8/i);
});

test("decodeChunks refuses a file that ends inside a UTF-8 character", async (t) => {
  const err = await t.throwsAsync(decodeAll(bytes(Buffer.from("ab"), [0xc3]), { encoding: "utf-8", bomLength: 0, guessed: false }), { instanceOf: UserError });
  t.regex(err!.message, /ends in the middle of a character/);
});

test("decodeChunks refuses a byte Windows-1252 does not define, past the sniffed head", async (t) => {
  const data = bytes(latin1("title\nÅre\n"), Buffer.from("x"), [0x9d]);
  const err = await t.throwsAsync(decodeAll(data, { encoding: "windows-1252", bomLength: 0, guessed: true }), { instanceOf: UserError });
  t.regex(err!.message, /line 3 \(byte offset 11\) byte 0x9D is not a character in Windows-1252/);
});

test("decodeWholeFile refuses an xlsx with a message saying what it is and how to save", async (t) => {
  const err = await t.throwsAsync(decodeWholeFile(bytes([0x50, 0x4b, 0x03, 0x04, 0, 0]), "m.csv"), { instanceOf: UserError });
  t.regex(err!.message, /m\.csv.*Excel workbook/);
  t.regex(err!.hint!, /CSV UTF-8/);
});

test("encodingIssues warns only for a guessed legacy encoding, naming it and a sample word", (t) => {
  const sniffed = sniffEncoding(latin1(SWEDISH), true);
  if (!sniffed.ok) return t.fail();
  const [issue, ...rest] = encodingIssues(sniffed.decision, "m.csv");
  t.deepEqual(rest, []);
  t.is(issue!.code, "MANIFEST_ENCODING_CONVERTED");
  t.is(issue!.severity, "warning");
  t.regex(issue!.message, /read as Windows-1252/);
  t.regex(issue!.message, /“Göteborg”/);
  t.deepEqual(encodingIssues({ encoding: "utf-8", bomLength: 0, guessed: false }, "m.csv"), []);
  t.deepEqual(encodingIssues({ encoding: "utf-16le", bomLength: 2, guessed: false }, "m.csv"), []);
  t.is(encodingIssues({ encoding: "utf-16le", bomLength: 0, guessed: true }, "m.csv")[0]!.value, "utf-16le");
});

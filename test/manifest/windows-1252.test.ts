import test from "ava";
import { decodeWindows1252, WINDOWS_1252_BYTES } from "../../src/manifest/windows-1252.js";

// The bytes where Windows-1252 differs from Latin-1, as Excel on Windows writes them.
const table: Array<[number, string]> = [
  [0x80, "€"],
  [0x84, "„"],
  [0x85, "…"],
  [0x8a, "Š"],
  [0x91, "‘"],
  [0x92, "’"],
  [0x93, "“"],
  [0x94, "”"],
  [0x96, "–"],
  [0x97, "—"],
  [0x99, "™"],
  [0x9f, "Ÿ"],
  [0xc5, "Å"],
  [0xe4, "ä"],
  [0xf6, "ö"],
  [0x41, "A"],
];
for (const [byte, char] of table) {
  test(`Windows-1252 byte 0x${byte.toString(16)} is “${char}” both ways`, (t) => {
    t.is(decodeWindows1252(Uint8Array.from([byte])), char);
    t.is(WINDOWS_1252_BYTES.get(char), byte);
  });
}

test("decodeWindows1252 decodes a subarray of a larger buffer by its own bounds", (t) => {
  const buffer = Buffer.from([0x41, 0x92, 0x73, 0x20, 0x96, 0x20, 0xe5, 0x42]);
  t.is(decodeWindows1252(buffer.subarray(1, 7)), "’s – å");
});

test("every byte has exactly one character", (t) => {
  t.is(WINDOWS_1252_BYTES.size, 256);
});

import test from "ava";
import { findMojibake, repairMojibake } from "../../src/manifest/mojibake.js";
import { decodeWindows1252 } from "../../src/manifest/windows-1252.js";

/** Garble text the way exports do: UTF-8 bytes read back as Windows-1252, or as Latin-1. */
const garblers: Array<[string, (text: string) => string]> = [
  ["Windows-1252", (text) => decodeWindows1252(Buffer.from(text, "utf8"))],
  ["Latin-1", (text) => Buffer.from(text, "utf8").toString("latin1")],
];

const garbled: Array<[string, string]> = [
  ["Göteborg", "Ã¶"],
  ["Västerås", "Ã¤"],
  ["Åre", "Ã…"],
  ["Café", "Ã©"],
  ["Okänd, Okänd", "Ã¤"],
  ["O’Brien", "â€™"],
  ["1920–1930", "â€“"],
  ["© Nordiska museet", "Â©"],
];
for (const [original, found] of garbled) {
  for (const [how, garble] of garblers) {
    test(`findMojibake spots and repairs ${JSON.stringify(original)} read as ${how}`, (t) => {
      const text = garble(original);
      const match = findMojibake(text);
      if (!match) return t.fail(`not spotted in ${JSON.stringify(text)}`);
      // Latin-1 shows the bytes 0x80–0x9F as invisible controls; Windows-1252 as € – ’ …
      if (how === "Windows-1252") t.is(match.found, found);
      else t.true(text.includes(match.found) && match.found[0] === found[0]);
      t.is(match.repaired, original);
    });
  }
}

const clean = ["Göteborg", "São Paulo", "SÃO PAULO", "Ångermanland", "Ärla", "Ãlvaro", "Tōkyō", "naïve café", "20 °C", "A&B; C"];
for (const text of clean) {
  test(`findMojibake leaves ${JSON.stringify(text)} alone`, (t) => {
    t.is(findMojibake(text), null);
  });
}

test("repairMojibake gives null when the text cannot be re-decoded", (t) => {
  t.is(repairMojibake("Ã¶ and Ω"), null); // Ω is not a Windows-1252 character
  t.is(repairMojibake("Ã"), null); // a lone lead byte is not UTF-8
});

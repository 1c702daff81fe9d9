import test from "ava";
import { delimiterName, detectDelimiter, firstLine, suspectDelimiter, type Delimiter } from "../../src/manifest/delimiter.js";

const cases: Array<[string, string, Delimiter, Delimiter]> = [
  ["comma", "identifier,file,title", ",", ","],
  ["semicolon (Swedish Excel)", "Bildbeteckning;Filnamn;Motiv", ",", ";"],
  ["tab", "identifier\tfile\ttitle", ",", "\t"],
  ["commas inside quotes do not count", '"Fotograf, namn";"Plats, ort";id', ",", ";"],
  ["semicolons inside quotes do not count", 'id,"a;b;c;d",file', ",", ","],
  ["tie goes to comma", "a,b;c", ",", ","],
  ["tie goes to tab for .tsv", "a,b\tc", "\t", "\t"],
  ["one column: preferred", "identifier", ",", ","],
  ["one column in a .tsv", "identifier", "\t", "\t"],
  ["pipe", "Fotonummer|Motiv|Fotograf|Ort, foto", ",", "|"],
  ["pipes inside quotes do not count", '"a|b|c";x;y', ",", ";"],
];
for (const [name, line, preferred, expected] of cases) {
  test(`detectDelimiter: ${name}`, (t) => {
    t.is(detectDelimiter(line, preferred), expected);
  });
}

test("firstLine stops at the first line break outside quotes", (t) => {
  t.is(firstLine("a,b\r\n1,2"), "a,b");
  t.is(firstLine('"multi\nline",b\n1,2'), '"multi\nline",b');
  t.is(firstLine("a;b;c\r1;2;3"), "a;b;c");
  t.is(firstLine("no line break yet"), null);
});

test("suspectDelimiter names the other delimiter the header line holds most", (t) => {
  t.is(suspectDelimiter("Fotonummer|Motiv|Fotograf|Ort, foto", ","), "|");
  t.is(suspectDelimiter("Fotonummer|Motiv|Fotograf", "|"), null);
  t.is(suspectDelimiter("Fotonummer|Motiv|Ort, foto|Land", "|"), null, "one comma in a header does not outweigh three pipes");
  t.is(suspectDelimiter("id|title, sv, en|file", ","), "|", "a tie is suspicious");
  t.is(suspectDelimiter("a;b\tc\td", ";"), "\t");
  t.is(delimiterName("|"), "pipe (|)");
});

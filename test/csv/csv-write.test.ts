import test from "ava";
import { csvCell, csvDocument } from "../../src/csv-write.js";
import { resultsCsv } from "../../src/publish/results-csv.js";
import type { ItemState } from "../../src/state/store.js";

const FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"];

for (const value of FORMULAS) {
  test(`a cell starting ${JSON.stringify(value.slice(0, 2))} is neutralised with a leading apostrophe`, (t) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    t.is(unquoted, `'${value}`);
  });
}

test("ordinary text, numbers and negative numbers are written as they are", (t) => {
  t.is(csvCell("KMB 1234"), "KMB 1234");
  t.is(csvCell(-33.7323), "-33.7323");
  t.is(csvCell(54000000002), "54000000002");
  t.is(csvCell(null), "");
  t.is(csvCell('a "quoted", text'), '"a ""quoted"", text"');
});

test("a document has a BOM, CRLF line ends and one line per row", (t) => {
  const doc = csvDocument(["a", "b"], [["=1", 2]]);
  t.is(doc, "\uFEFFa,b\r\n'=1,2\r\n");
});

test("the results CSV neutralises an identifier or an error message that starts like a formula", (t) => {
  const item = {
    identifier: "=cmd|' /C calc'!A0",
    row: 2,
    file: "a.tif",
    status: "failed",
    photoId: null,
    error: { code: "UPLOAD_FAILED", message: "@evil" },
  } as unknown as ItemState;
  const lines = resultsCsv([item], null).split("\r\n");
  t.true(lines[1]!.startsWith(`"'=cmd|' /C calc'!A0"`) || lines[1]!.startsWith(`'=cmd|' /C calc'!A0`), lines[1]);
  t.true(lines[1]!.endsWith(",'@evil"), lines[1]);
});

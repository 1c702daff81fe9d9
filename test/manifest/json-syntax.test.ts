import test from "ava";
import { findJsonSyntaxError, lineColumn } from "../../src/manifest/json-syntax.js";

const invalid: Array<{ text: string; line: number; column: number; message: RegExp }> = [
  { text: '{\n  "a": 1,\n  "b": }', line: 3, column: 8, message: /expected a value .* but found “}”/ },
  { text: '{\n  "a": 1,\n}', line: 3, column: 1, message: /trailing comma/ },
  { text: '[1, 2,]', line: 1, column: 7, message: /trailing comma/ },
  { text: '{"a" 1}', line: 1, column: 6, message: /expected “:”/ },
  { text: '{"a": 1 "b": 2}', line: 1, column: 9, message: /expected “,” or “}”/ },
  { text: "{'a': 1}", line: 1, column: 2, message: /expected a property name in double quotes/ },
  { text: '{"a": \'x\'}', line: 1, column: 7, message: /double quotes/ },
  { text: '{"a": "line\nbreak"}', line: 1, column: 12, message: /line break .* inside a string/ },
  { text: '{"a": "C:\\photos"}', line: 1, column: 10, message: /unknown escape “\\p”/ },
  { text: '{"a": "never closed', line: 1, column: 7, message: /never closed/ },
  { text: '{"items": [\r\n  {"id": 1}\r\n  {"id": 2}\r\n]}', line: 3, column: 3, message: /expected “,” or “]”/ },
  { text: '{"a": 1} x', line: 1, column: 10, message: /end of the file/ },
  { text: "", line: 1, column: 1, message: /found the end of the file/ },
  { text: '{"a": tru}', line: 1, column: 7, message: /expected a value/ },
  { text: '{"a": 01}', line: 1, column: 8, message: /expected “,” or “}”/ },
];
for (const c of invalid) {
  test(`findJsonSyntaxError locates ${JSON.stringify(c.text).slice(0, 40)}`, (t) => {
    t.throws(() => JSON.parse(c.text), undefined, "JSON.parse agrees that it is invalid");
    const found = findJsonSyntaxError(c.text);
    if (!found) return t.fail("no error found");
    t.deepEqual(lineColumn(c.text, found.offset), { line: c.line, column: c.column });
    t.regex(found.message, c.message);
  });
}

const valid = ['{"a": [1, -2.5e3, true, false, null, "x\\u00e5\\n"], "b": {}}', "[]", '  "just text"  ', "\uFEFF[1]", '{"nested": {"deep": [[[]]]}}'];
for (const text of valid) {
  test(`findJsonSyntaxError accepts ${JSON.stringify(text)}`, (t) => {
    t.is(findJsonSyntaxError(text), null);
  });
}

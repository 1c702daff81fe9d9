import test from "ava";
import { flattenRecord, isNestedPath, keyedRecords } from "../../src/manifest/json-records.js";

test("an object of records keyed by id gives one record per key, the key as _key", (t) => {
  t.deepEqual(keyedRecords({ "SMVK 1": { title: "A" }, "SMVK 2": { title: "B", _key: "own" } }), [
    { _key: "SMVK 1", title: "A" },
    { _key: "own", title: "B" },
  ]);
});

test("an object that is not all records is not a keyed list", (t) => {
  t.is(keyedRecords({}), null);
  t.is(keyedRecords({ a: { title: "A" }, b: "text" }), null);
  t.is(keyedRecords({ a: [{ title: "A" }] }), null);
});

test("nested records spread into dotted-path columns; lists of texts stay lists", (t) => {
  const flat = flattenRecord({
    id: "A1",
    metadata: { title: { sv: "Hamnen", en: "The harbour" }, year: 1920 },
    creators: [{ name: "Anna Larsson", role: "fotograf" }, { name: "Per Berg" }],
    keywords: ["hamn", "båt"],
    empty: [],
    none: null,
  });
  t.deepEqual(flat, {
    id: "A1",
    "metadata.title.sv": "Hamnen",
    "metadata.title.en": "The harbour",
    "metadata.year": 1920,
    "creators.0.name": "Anna Larsson",
    "creators.0.role": "fotograf",
    "creators.1.name": "Per Berg",
    keywords: ["hamn", "båt"],
    none: null,
  });
});

test("a list mixing texts and mappings is spread by position", (t) => {
  t.deepEqual(flattenRecord({ parts: ["a", { b: "c" }] }), { "parts.0": "a", "parts.1.b": "c" });
});

test("records nested absurdly deep keep the rest as one JSON text", (t) => {
  let deep: Record<string, unknown> = { leaf: "x" };
  for (let i = 0; i < 40; i++) deep = { n: deep };
  const flat = flattenRecord(deep) as Record<string, unknown>;
  const [key, value] = Object.entries(flat)[0]!;
  t.is(key.split(".").length, 17);
  t.true(typeof value === "string" && value.includes('"leaf":"x"'));
});

test("isNestedPath tells dotted paths from headers that merely contain a dot", (t) => {
  t.true(isNestedPath("metadata.title.sv"));
  t.true(isNestedPath("creators.0.name"));
  t.false(isNestedPath("Inv. nr"));
  t.false(isNestedPath("title"));
});

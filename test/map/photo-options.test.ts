import test from "ava";
import { mapPhotoOptions, IS_PUBLIC, HIDDEN, SAFETY_LEVEL, CONTENT_TYPE, type PhotoOptionsInput } from "../../src/map/photo-options.js";

type Field = keyof PhotoOptionsInput;
const rows: { field: Field; input: string | undefined; expected: number | null; invalid?: boolean }[] = [
  // is_public: empty is public
  { field: "is_public", input: undefined, expected: 1 },
  { field: "is_public", input: "", expected: 1 },
  { field: "is_public", input: "1", expected: 1 },
  { field: "is_public", input: "0", expected: 0 },
  { field: "is_public", input: "true", expected: 1 },
  { field: "is_public", input: "FALSE", expected: 0 },
  { field: "is_public", input: " yes ", expected: 1 },
  { field: "is_public", input: "no", expected: 0 },
  { field: "is_public", input: "Ja", expected: 1 },
  { field: "is_public", input: "nej", expected: 0 },
  { field: "is_public", input: "private", expected: 0 },
  { field: "is_public", input: "maybe", expected: 1, invalid: true },
  // hidden: Flickr's 1/2, or a yes/no question "hidden?"
  { field: "hidden", input: undefined, expected: null },
  { field: "hidden", input: "1", expected: 1 },
  { field: "hidden", input: "2", expected: 2 },
  { field: "hidden", input: "true", expected: 2 },
  { field: "hidden", input: "yes", expected: 2 },
  { field: "hidden", input: "ja", expected: 2 },
  { field: "hidden", input: "false", expected: 1 },
  { field: "hidden", input: "no", expected: 1 },
  { field: "hidden", input: "nej", expected: 1 },
  { field: "hidden", input: "0", expected: null, invalid: true },
  // safety_level
  { field: "safety_level", input: "", expected: null },
  { field: "safety_level", input: "1", expected: 1 },
  { field: "safety_level", input: "safe", expected: 1 },
  { field: "safety_level", input: "Säker", expected: 1 },
  { field: "safety_level", input: "moderate", expected: 2 },
  { field: "safety_level", input: "måttlig", expected: 2 },
  { field: "safety_level", input: "3", expected: 3 },
  { field: "safety_level", input: "restricted", expected: 3 },
  { field: "safety_level", input: "begränsad", expected: 3 },
  { field: "safety_level", input: "4", expected: null, invalid: true },
  // content_type
  { field: "content_type", input: undefined, expected: null },
  { field: "content_type", input: "1", expected: 1 },
  { field: "content_type", input: "photo", expected: 1 },
  { field: "content_type", input: "Foto", expected: 1 },
  { field: "content_type", input: "screenshot", expected: 2 },
  { field: "content_type", input: "other", expected: 3 },
  { field: "content_type", input: "illustration", expected: 3 },
  { field: "content_type", input: "4", expected: 4 },
  { field: "content_type", input: "virtual  photography", expected: 4 },
  { field: "content_type", input: "painting", expected: null, invalid: true },
];

for (const row of rows) {
  test(`mapPhotoOptions ${row.field}=${JSON.stringify(row.input)}`, (t) => {
    const result = mapPhotoOptions({ [row.field]: row.input });
    t.is(result[row.field] as number | null, row.expected);
    t.deepEqual(
      result.issues.map((i) => [i.code, i.severity, i.field, i.value]),
      row.invalid ? [["ROW_INVALID_VALUE", "error", row.field, row.input]] : [],
    );
  });
}

test("the hint of an invalid value lists the accepted values", (t) => {
  for (const table of [IS_PUBLIC, HIDDEN, SAFETY_LEVEL, CONTENT_TYPE]) {
    const [issue] = mapPhotoOptions({ [table.field]: "nonsense" }).issues;
    t.true(issue?.hint?.includes(table.accepted), table.field);
  }
});

test("an empty row gives public and the account defaults", (t) => {
  t.deepEqual(mapPhotoOptions({}), { is_public: 1, hidden: null, safety_level: null, content_type: null, issues: [] });
});

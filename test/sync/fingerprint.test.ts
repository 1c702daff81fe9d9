import test from "ava";
import { createHash } from "node:crypto";
import { mappingContext, rowFingerprint, stableJson } from "../../src/collection/fingerprint.js";
import { SettingsSchema } from "../../src/settings/schema.js";
import type { ManifestItem } from "../../src/manifest/types.js";
import { warning } from "../../src/issues.js";

const settings = () => SettingsSchema.parse({ namespace: "testns" });
const source = (over: Partial<{ settings: ReturnType<typeof settings>; collection: string }> = {}) => ({ settings: settings(), collection: "/c", format: "csv" as const, ...over });
const item = (values: ManifestItem["values"], extra: Record<string, string> = {}): ManifestItem => ({ row: 2, values, extra });

test("key order does not matter; values and nesting do", (t) => {
  t.is(stableJson({ b: 1, a: { d: [1, "x"], c: null } }), stableJson({ a: { c: null, d: [1, "x"] }, b: 1 }));
  t.not(stableJson({ a: [1, 2] }), stableJson({ a: [2, 1] }));
  t.is(stableJson({ a: undefined, b: 1 }), stableJson({ b: 1 }));
});

test("a row's fingerprint follows its cells, its read issues and the mapping context, not its line", (t) => {
  const context = mappingContext(source(), "1.0.0");
  const base = rowFingerprint(item({ identifier: "A 1", title: "Badande kvinnor" }), [], context);
  t.is(rowFingerprint({ ...item({ identifier: "A 1", title: "Badande kvinnor" }), row: 900 }, [], context), base, "same cells on another line");
  // An export with its columns reordered is mapped once more (its keys come in another order); never skipped wrongly.
  t.not(rowFingerprint(item({ title: "Badande kvinnor", identifier: "A 1" }), [], context), base, "columns reordered");
  t.not(rowFingerprint(item({ identifier: "A 1", title: "Badande\u00a0kvinnor" }), [], context), base, "an NBSP is a change");
  t.not(rowFingerprint(item({ identifier: "A 1", title: "Badande kvinnor" }, { note: "x" }), [], context), base, "an extra column used by a template");
  t.not(rowFingerprint(item({ identifier: "A 1", tags: ["a", "b"] }), [], context), rowFingerprint(item({ identifier: "A 1", tags: "a; b" }), [], context));
  const shape = warning("MANIFEST_ROW_SHAPE", { row: 2, message: "A row has one cell more than the header" });
  t.not(rowFingerprint(item({ identifier: "A 1", title: "Badande kvinnor" }), [shape], context), base, "a read issue");
});

test("the context changes with the settings (templates too), the collection folder and heritage's version", (t) => {
  const base = mappingContext(source(), "1.0.0");
  t.is(mappingContext(source(), "1.0.0"), base);
  const templated = settings();
  templated.templates.description = "{description}\n\nFrom the archive.";
  t.not(mappingContext(source({ settings: templated }), "1.0.0"), base);
  const floor = settings();
  floor.date.earliest_year = 1950;
  t.not(mappingContext(source({ settings: floor }), "1.0.0"), base);
  t.not(mappingContext(source({ collection: "/elsewhere" }), "1.0.0"), base);
  t.not(mappingContext(source(), "1.0.1"), base);
});

test("a row's fingerprint is the SHA-256 of the context and the length-prefixed text of its cells (in column order) and read issues", (t) => {
  const context = mappingContext(source(), "1.0.0");
  // Written independently of the code: the entries in order, every key and value prefixed by its length.
  const field = (v: unknown) => (typeof v === "string" ? `${v.length}:${v}` : `[${(v as string[]).length}${(v as string[]).map((x) => `${x.length}:${x}`).join("")}`);
  const record = (r: Record<string, unknown>) =>
    Object.keys(r)
      .filter((k) => r[k] !== undefined)
      .map((k) => `${k.length}:${k}${field(r[k])}`)
      .join("");
  const reference = (i: ManifestItem, issues: ReturnType<typeof warning>[]) =>
    createHash("sha256")
      .update(`${context}\u0000${record(i.values)}\u0000${record(i.extra)}\u0000${issues.length}${issues.map((x) => JSON.stringify([x.code, x.severity, x.field ?? null, x.value ?? null])).join("")}`)
      .digest("base64url")
      .slice(0, 32);
  const shape = warning("MANIFEST_ROW_SHAPE", { row: 2, field: "title", value: "x,\"y\"", message: "A row has one cell more than the header" });
  const rows: [ManifestItem, ReturnType<typeof warning>[]][] = [
    [item({ identifier: "A 1", title: "Badande kvinnor", tags: ["b", "a"] }, { Zeta: "z", alpha: "\u00e5\"\\\n", Éclair: "é" }), []],
    [item({ title: "Ttt", identifier: "B\u00a02", description: undefined }), [shape, shape]],
    [item({}), []],
    [item({ identifier: "C😀3", title: "lone \ud800 surrogate", description: "tab\tcontrol\u0001" }, { "key\"q": "v" }), []],
  ];
  for (const [i, issues] of rows) t.is(rowFingerprint(i, issues, context), reference(i, issues));
});

test("no two different rows share a fingerprint, whatever separators or digits their cells hold", (t) => {
  const context = mappingContext(source(), "1.0.0");
  // Pairs that one text would confuse if values were only concatenated or joined with a separator.
  const pairs: [ManifestItem, ManifestItem][] = [
    [item({ identifier: "A", title: "x", description: "y" }), item({ identifier: "A", title: "x1:description1:y" })],
    [item({ identifier: "A", title: "t" }), item({ identifier: "A5:titlet" })],
    [item({}, { a: "x", b: "y" }), item({}, { a: "x1:by" })],
    [item({ identifier: "A", title: "x\u0000" }, {}), item({ identifier: "A", title: "x" }, { "": "" })],
    [item({ identifier: "A", tags: ["a", "b"] }), item({ identifier: "A", tags: ["a1:b"] })],
    [item({ identifier: "A", tags: ["ab"] }), item({ identifier: "A", tags: ["a", "b"] })],
    [item({ identifier: "A", tags: [] }), item({ identifier: "A", tags: "" })],
    [item({ identifier: "A" }, { note: "1" }), item({ identifier: "A", note: "1" } as ManifestItem["values"])],
    [item({ identifier: "A", title: "" }), item({ identifier: "A" })],
  ];
  for (const [a, b] of pairs) t.not(rowFingerprint(a, [], context), rowFingerprint(b, [], context), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
});

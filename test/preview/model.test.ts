import test from "ava";
import { buildPreviewModel, type PreviewModelInput } from "../../src/preview/model.js";
import { publicationOf, validationStatus } from "../../src/preview/item.js";
import { error, warning } from "../../src/issues.js";
import type { PreviewImage, PublicationStatus } from "../../src/preview/types.js";
import { NOW, published, source } from "./helpers.js";

const base = { license: "CC BY 4.0", album: "Visby" };
const ROWS = [
  source(2, { ...base, identifier: "A1", file: "a1.tif", title: "Visby hamn", date: "1885", latitude: "57,64", longitude: "18,29" }),
  source(3, { ...base, identifier: "A2", file: "a2.tif", title: "Visby ringmur", date: "1920-talet" }),
  source(4, { ...base, identifier: "A3", file: "a3.tif", title: "Almedalen", date: "maj 1923", license: "http://rightsstatements.org/vocab/NKC/1.0/" }),
  source(5, { ...base, identifier: "A4", file: "a4.tif", title: "Domkyrkan", license: "CC BY 3.0" }),
  source(6, { file: "a5.tif", title: "No identifier", license: "CC0", album: "Gotland" }),
];
const IMAGE: PreviewImage = { kind: "image", thumb: "thumbs/t.jpg", thumbWidth: 320, thumbHeight: 240, view: "thumbs/v.jpg", width: 1024, height: 768 };

function input(patch: Partial<PreviewModelInput> = {}): PreviewModelInput {
  return {
    manifest: "manifests/gotland.csv",
    collection: "collections/gotland",
    institution: "Riksantikvarieämbetet",
    generatedAt: NOW,
    toolVersion: "0.0.0-test",
    sources: ROWS,
    images: new Map(ROWS.map((r) => [r.row, IMAGE])),
    collectionIssues: [warning("MANIFEST_UNKNOWN_COLUMN", { field: "notes", value: "notes" })],
    states: null,
    accountDefaultLicense: null,
    existingAlbums: [],
    quota: 3600,
    ...patch,
  };
}

test("without a state: no publication status, only the publish plan, every row previewed in order", (t) => {
  const model = buildPreviewModel(input());
  t.false(model.hasState);
  t.deepEqual(model.items.map((i) => i.row), [2, 3, 4, 5, 6]);
  t.true(model.items.every((i) => i.publication === null));
  t.deepEqual(model.summary.plans.map((p) => p.mode), ["publish"]);
  t.is(model.summary.publication, null);
  // Rows with errors are skipped; the others are uploaded.
  const plan = model.summary.plans[0]!;
  t.deepEqual(plan.dispositions, { new: 3, blocked: 1 });
  t.is(plan.callsByMethod.upload, 3);
  t.is(plan.calls, Object.values(plan.callsByMethod).reduce((a, b) => a + b, 0));
  t.is(plan.seconds, plan.calls); // 3,600 calls per hour: one second a call
  t.deepEqual(plan.newAlbums, ["Visby"]);
  t.deepEqual(model.items[0]!.plans[0]!.calls.slice(0, 1), ["upload"]);
  t.is(model.items[3]!.plans[0]!.disposition, "blocked");
  t.deepEqual(model.items[4]!.plans, [], "a row without an identifier cannot be planned");
});

test("the quota sets the time a plan takes", (t) => {
  const fast = buildPreviewModel(input()).summary.plans[0]!;
  const slow = buildPreviewModel(input({ quota: 360 })).summary.plans[0]!;
  t.is(slow.calls, fast.calls);
  t.is(slow.seconds, fast.seconds * 10);
});

test("the summary counts validation, licences, date granularities, places, albums and issues by kind", (t) => {
  const s = buildPreviewModel(input()).summary;
  t.is(s.items, 5);
  t.deepEqual(s.validation, { ok: 2, warnings: 1, errors: 2 });
  t.deepEqual(s.licenses, [
    { id: 11, name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/", count: 2 },
    { id: null, name: "No licence that Flickr offers", url: null, count: 1 },
    { id: 7, name: "No known copyright restrictions", url: "https://www.flickr.com/commons/usage/", count: 1 },
    { id: 9, name: "Public Domain Dedication (CC0)", url: "https://creativecommons.org/publicdomain/zero/1.0/", count: 1 },
  ]);
  t.deepEqual(s.dates, { exact: 0, month: 1, year: 1, circa: 1, none: 2 });
  t.is(s.withoutCoordinates, 4);
  t.deepEqual(s.albums, [{ title: "Visby", count: 4 }, { title: "Gotland", count: 1 }]);
  const codes = Object.fromEntries(s.issues.byCode.map((c) => [c.code, c.count]));
  t.is(codes.LICENSE_NOT_ON_FLICKR, 1);
  t.is(codes.ROW_MISSING_VALUE, 1);
  t.is(codes.MANIFEST_UNKNOWN_COLUMN, 1, "issues of the manifest as a whole count too");
  t.is(s.issues.errors + s.issues.warnings, s.issues.byCode.reduce((n, c) => n + c.count, 0));
  t.true(s.issues.byCode.findIndex((c) => c.severity === "warning") > s.issues.byCode.findLastIndex((c) => c.severity === "error"), "errors first");
});

test("with a state: published, changed since the last push, failed and pending, and the sync plan", (t) => {
  const [a1, a2, a3, a4] = ROWS;
  const states = [
    published("A1", 2, a1!.mapped.fields),
    // A2's title was different when it was pushed.
    published("A2", 3, { ...a2!.mapped.fields, title: "Visby ringmur (old title)" }),
    { ...published("A3", 4, a3!.mapped.fields, { status: "failed", upload: "none", photoId: null }), error: { step: "upload", code: "FLICKR_5", message: "Filetype was not recognised", transient: false, at: 1 } },
    // A4 has errors now; what matters for its status is what Flickr has.
    published("A4", 5, a4!.mapped.fields),
  ];
  const model = buildPreviewModel(input({ states }));
  t.true(model.hasState);
  const pub = (row: number) => model.items.find((i) => i.row === row)!.publication!;
  t.like(pub(2), { status: "published", photoId: "5200", url: "https://www.flickr.com/photo.gne?id=5200", changes: [] });
  t.like(pub(3), { status: "changed", changes: ["meta"] });
  t.like(pub(4), { status: "failed", error: { step: "upload", code: "FLICKR_5", message: "Filetype was not recognised" } });
  t.like(pub(6), { status: "pending", stateStatus: null });
  t.deepEqual(model.summary.publication, { published: 2, changed: 1, failed: 1, pending: 1 });
  t.deepEqual(model.summary.plans.map((p) => p.mode), ["publish", "sync"]);
  const sync = model.summary.plans[1]!;
  t.is(sync.callsByMethod["flickr.photos.setMeta"], 1, "sync pushes A2's new title");
  t.deepEqual(model.items[1]!.plans.map((p) => [p.mode, p.disposition]), [["publish", "changed"], ["sync", "changed"]]);
  t.deepEqual(model.items[1]!.plans[1]!.calls, ["flickr.photos.setMeta"]);
});

const PUBLICATION: [name: string, patch: Parameters<typeof published>[3], sourceSha: string, status: PublicationStatus, extra?: object][] = [
  ["in step with the manifest", {}, "sha-2", "published"],
  ["a group never pushed (interrupted run)", { pushed: {} }, "sha-2", "pending"],
  ["upload intent only", { upload: "intent", photoId: null }, "sha-2", "pending"],
  ["rescanned master", {}, "sha-new", "changed", { rescanned: true }],
  ["failed after upload", { status: "failed", error: { step: "set:date", code: "FLICKR_1", message: "x", transient: false, at: 1 } }, "sha-2", "failed"],
  ["withdrawn (made private by sync --prune) keeps its word", { status: "withdrawn" }, "sha-2", "published", { stateStatus: "withdrawn" }],
  ["gone from Flickr (sync found it missing)", { status: "missing" }, "sha-2", "pending", { stateStatus: "missing", photoId: "5200" }],
];

for (const [name, patch, sha, status, extra] of PUBLICATION) {
  test(`publication status: ${name} → ${status}`, (t) => {
    const row = ROWS[0]!;
    const state = published("A1", 2, row.mapped.fields, patch);
    const p = publicationOf(state, row.mapped.fields, { size: 1, mtimeMs: 1, sha256: sha });
    t.is(p.status, status);
    if (extra) t.like(p, extra);
  });
}

test("validation status is the worst severity", (t) => {
  t.is(validationStatus([]), "ok");
  t.is(validationStatus([warning("TAG_DUPLICATE")]), "warnings");
  t.is(validationStatus([warning("TAG_DUPLICATE"), error("FILE_MISSING")]), "errors");
});

test("a row without a picture entry gets a placeholder, not an error", (t) => {
  const model = buildPreviewModel(input({ images: new Map() }));
  t.true(model.items.every((i) => i.image.kind === "placeholder"));
});

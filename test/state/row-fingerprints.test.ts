import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openState } from "../../src/state/open.js";
import { recordRowFingerprints, rowBatchLookup, rowLookup } from "../../src/state/row-fingerprints.js";
import type { StateStore } from "../../src/state/store.js";
import type { FlickrFields } from "../../src/flickr/fields.js";

const fields: FlickrFields = { title: "t", description: "", tags: [], license_id: 7, date_taken: null, date_taken_granularity: null, latitude: null, longitude: null, accuracy: null, albums: [], is_public: 1, hidden: null, safety_level: null, content_type: null };

function published(store: StateStore, identifier: string, row: number): void {
  store.items.ensure({ identifier, row, file: `${identifier}.tif` });
  store.items.recordSource(identifier, { size: 100 + row, mtimeMs: 1_700_000_000_000.5, sha256: "ab" });
  store.items.adoptPhoto(identifier, { photoId: `9${row}`, secret: "s" });
  store.items.setStatus(identifier, "published");
}

test("the batch lookup says which items a row may be skipped for: published, uploaded, no replace pending", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "heritage-fp-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = openState(join(dir, "s.sqlite"), { clock: () => 1_700_000_000_000 });
  t.teardown(() => store.close());
  const ids = ["ok", "failed", "withdrawn", "missing", "replace needed", "replace intent", "upload intent", "pending", "with \"quotes\"\u00a0nbsp"];
  ids.forEach((id, k) => published(store, id, k + 2));
  store.items.recordFailure("failed", { step: "meta", code: "X", message: "m", transient: false });
  store.items.setStatus("withdrawn", "withdrawn");
  store.items.setStatus("missing", "missing");
  store.items.recordReplaceState("replace needed", "needed", "cd");
  store.items.recordReplaceState("replace intent", "intent", "cd");
  store.items.recordUploadIntent("upload intent", { copySha256: "ef", fields });
  store.items.resetPhoto("pending");
  store.items.ensure({ identifier: "never uploaded", row: 100, file: "n.tif" });
  t.is(recordRowFingerprints(store, ids.map((identifier) => ({ identifier, fingerprint: `fp ${identifier}`, warnings: 1 }))), ids.length);

  const found = rowBatchLookup(store)([...ids, "never uploaded", "not in the state"]);
  t.deepEqual(
    Object.fromEntries([...found].map(([id, r]) => [id, r.settled])),
    { ok: true, failed: false, withdrawn: false, missing: false, "replace needed": false, "replace intent": false, "upload intent": false, pending: false, "with \"quotes\"\u00a0nbsp": true, "never uploaded": false },
  );
  t.false(found.has("not in the state"));
  const ok = found.get("ok")!;
  t.deepEqual(ok, { identifier: "ok", row: 2, file: "ok.tif", photoId: "92", settled: true, sourceSize: 102, sourceMtimeMs: 1_700_000_000_000.5, fingerprint: "fp ok", warnings: 1 });
  t.deepEqual(rowLookup(store)("ok"), ok, "the one-row lookup reads the same record");
  t.is(found.get("never uploaded")!.fingerprint, null);
});

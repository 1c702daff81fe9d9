/**
 * Flickr's "200 MB" upload limit is read as 200,000,000 bytes (decimal, the smaller meaning):
 * upload copies are made no larger, and the sandbox refuses anything larger with upload error 8
 * (the refusal itself is tested with a small limit in test/sandbox/upload.test.ts).
 */
import test from "ava";
import { defaultSettings } from "../../src/settings/schema.js";
import { SANDBOX_DEFAULTS } from "../../src/sandbox/options.js";

test("the upload-size limit is 200 MB decimal, in the settings and in the sandbox", (t) => {
  t.is(defaultSettings().images.max_bytes, 200_000_000);
  t.is(SANDBOX_DEFAULTS.maxUploadBytes, 200_000_000);
});

import test from "ava";
import {
  firstAttempt,
  isGreyscale,
  jpegSettings,
  MIN_STEP_QUALITY,
  nextAttempt,
  passthroughBlocker,
  type EncodeAttempt,
  type MasterFacts,
} from "../../src/image/normalize-plan.js";

const SRGB = { colourSpace: "RGB", description: "sRGB IEC61966-2.1", valid: true };
const JPEG: MasterFacts = {
  format: "jpeg",
  width: 1200,
  height: 942,
  displayWidth: 1200,
  displayHeight: 942,
  channels: 3,
  depth: "uchar",
  space: "srgb",
  hasAlpha: false,
  orientation: null,
  icc: SRGB,
  size: 209_505,
  pages: 1,
};
const LIMITS = { maxBytes: 200 * 1024 * 1024 };

const BLOCKERS: [string, Partial<MasterFacts>, { maxLongEdge?: number; maxBytes?: number }, RegExp | null][] = [
  ["an sRGB upright 8-bit JPEG", {}, {}, null],
  ["an untagged JPEG", { icc: null }, {}, null],
  ["orientation 1 stated", { orientation: 1 }, {}, null],
  ["a grey JPEG with a grey profile", { channels: 1, space: "b-w", icc: { colourSpace: "GRAY", description: "Gray Gamma 2.2", valid: true } }, {}, null],
  ["a TIFF", { format: "tiff" }, {}, /tiff master/],
  ["a PNG", { format: "png" }, {}, /png master/],
  ["a CMYK JPEG", { channels: 4, space: "cmyk" }, {}, /CMYK/],
  ["a rotated JPEG", { orientation: 6 }, {}, /orientation 6/],
  ["a mirrored JPEG", { orientation: 2 }, {}, /orientation 2/],
  ["an Adobe RGB JPEG", { icc: { colourSpace: "RGB", description: "Adobe RGB (1998)", valid: true } }, {}, /Adobe RGB \(1998\).*sRGB/],
  ["a JPEG with a malformed profile", { icc: { colourSpace: null, description: null, valid: false } }, {}, /profile/],
  ["a JPEG over max_long_edge", {}, { maxLongEdge: 1000 }, /1200 px/],
  ["a JPEG exactly at max_long_edge", {}, { maxLongEdge: 1200 }, null],
  ["a JPEG over max_bytes", {}, { maxBytes: 100_000 }, /max_bytes/],
];
for (const [name, facts, limits, expected] of BLOCKERS) {
  test(`passthroughBlocker: ${name} → ${expected ? "re-encode" : "passthrough"}`, (t) => {
    const reason = passthroughBlocker({ ...JPEG, ...facts }, { ...LIMITS, ...limits });
    if (expected === null) t.is(reason, null);
    else t.regex(reason ?? "", expected);
  });
}

const GREY: [Partial<MasterFacts>, boolean][] = [
  [{ channels: 1, space: "b-w" }, true],
  [{ channels: 1, space: "grey16" }, true],
  [{ channels: 2, space: "b-w", hasAlpha: true }, true],
  [{ channels: 3, space: "srgb" }, false],
  [{ channels: 4, space: "srgb", hasAlpha: true }, false],
  [{ channels: 4, space: "cmyk" }, false],
];
for (const [facts, expected] of GREY) {
  test(`isGreyscale(${JSON.stringify(facts)}) → ${expected}`, (t) => {
    t.is(isGreyscale({ ...JPEG, ...facts }), expected);
  });
}

test("firstAttempt downscales only beyond maxLongEdge", (t) => {
  t.deepEqual(firstAttempt(JPEG, { jpegQuality: 90 }), { quality: 90, longEdge: null });
  t.deepEqual(firstAttempt(JPEG, { jpegQuality: 85, maxLongEdge: 800 }), { quality: 85, longEdge: 800 });
  t.deepEqual(firstAttempt(JPEG, { jpegQuality: 85, maxLongEdge: 4000 }), { quality: 85, longEdge: null });
});

test("nextAttempt: quality 90 → 80 → 70, then the long edge shrinks with the excess, never below half", (t) => {
  const context = { maxBytes: 1_000_000, first: { quality: 90, longEdge: null }, naturalLongEdge: 8000 };
  const steps: (EncodeAttempt | null)[] = [];
  let a: EncodeAttempt | null = context.first;
  // Each encode comes out at 4 MB: the excess never shrinks in this table, so the floor is reached.
  while (a && steps.length < 10) {
    a = nextAttempt(a, 4_000_000, context);
    steps.push(a);
  }
  t.deepEqual(steps.slice(0, 2), [
    { quality: 80, longEdge: null },
    { quality: MIN_STEP_QUALITY, longEdge: null },
  ]);
  t.deepEqual(steps[2], { quality: 70, longEdge: 4000 }, "sqrt(1/4) × 0.95 of 8000 is below the floor of 4000");
  t.is(steps[3], null, "at the floor: give up");
});

test("nextAttempt shrinks in proportion to the excess (file size scales with pixel count)", (t) => {
  const context = { maxBytes: 900_000, first: { quality: 70, longEdge: 6000 }, naturalLongEdge: 8000 };
  t.deepEqual(nextAttempt({ quality: 70, longEdge: 6000 }, 1_000_000, context), { quality: 70, longEdge: Math.floor(6000 * Math.sqrt(0.9) * 0.95) });
});

test("jpegSettings: no chroma subsampling from quality 90; optimised coding only up to the pixel cap", (t) => {
  t.like(jpegSettings(90, 1e6, 16e6), { chromaSubsampling: "4:4:4", optimiseCoding: true });
  t.like(jpegSettings(89, 1e6, 16e6), { chromaSubsampling: "4:2:0" });
  t.like(jpegSettings(90, 24e6, 16e6), { optimiseCoding: false });
});

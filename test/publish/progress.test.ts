import test from "ava";
import { PassThrough } from "node:stream";
import { createProgressReporter, etaSeconds, formatDuration, progressLine } from "../../src/publish/progress.js";

test("the ETA is the remaining calls at the budget's pace", (t) => {
  t.is(etaSeconds({ calls: 100, ratePerHour: 3600, totals: { items: 10, uploads: 10, calls: 700 } }), 600);
  t.is(etaSeconds({ calls: 700, ratePerHour: 3600, totals: { items: 10, uploads: 10, calls: 700 } }), 0);
  t.deepEqual([0, 30, 600, 5400, 7200].map(formatDuration), ["0 s", "30 s", "10 min", "1 h 30 min", "2 h"]);
});

test("without a terminal, progress is a plain line per interval and a last one at the end", async (t) => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c));
  const p = createProgressReporter({ stream, tty: false, intervalSeconds: 0.05 });
  p.start({ items: 2, uploads: 2, calls: 8 });
  p.event({ stage: "normalizing", identifier: "A", status: "done" });
  p.event({ stage: "uploading", identifier: "A", status: "done" });
  p.calls(3, 3600);
  await new Promise((r) => setTimeout(r, 120));
  p.event({ stage: "metadata", identifier: "A", status: "done" });
  p.event({ stage: "uploading", identifier: "B", status: "failed" });
  p.stop();
  p.stop();
  const lines = text.trim().split("\n");
  t.true(lines.length >= 2);
  t.regex(lines[0]!, /^progress: normalized 1\/2, uploaded 1\/2, items done 0\/2; API calls 3\/8; ETA 5 s$/);
  t.is(lines.at(-1), progressLine({ done: { normalizing: 1, uploading: 1, metadata: 1 }, failed: 1, calls: 3, ratePerHour: 3600, totals: { items: 2, uploads: 2, calls: 8 } }));
  t.notRegex(text, /\u001b\[/, "no terminal control codes in logs");
});

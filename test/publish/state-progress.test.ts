import test from "ava";
import { PassThrough } from "node:stream";
import { createProgressReporter } from "../../src/publish/progress.js";

test("one item that fails at two stages (its copy, then its upload) is one failed item in the progress line", (t) => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c));
  const p = createProgressReporter({ stream, tty: false, intervalSeconds: 3600, clock: (() => { let n = 0; return () => (n += 1000); })() });
  p.start({ items: 2, uploads: 2, calls: 8 });
  p.event({ stage: "normalizing", identifier: "A", status: "failed" });
  p.event({ stage: "uploading", identifier: "A", status: "failed" });
  p.event({ stage: "normalizing", identifier: "B", status: "done" });
  p.stop();
  t.regex(text, /failed 1;/);
  t.notRegex(text, /failed 2/);
});

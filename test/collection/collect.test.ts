/**
 * The collection module's own promises: one pass over the rows gives the planner input, the rows
 * that cannot be planned, the copy sources and the counts; an upload copy embeds the same
 * metadata whether it is worked out from the whole mapped item or from the few strings kept.
 */
import test from "ava";
import { openCollection } from "../../src/collection/open.js";
import { collectPlanInputs } from "../../src/collection/collect.js";
import { embedFieldsFor } from "../../src/collection/copy-source.js";
import { countIssues } from "../../src/collection/rows.js";
import { makeCollection, type Row } from "../helpers/collection.js";

test("one pass: inputs for rows with an identifier, the others set aside once, copies only for rows without errors", async (t) => {
  const c = await makeCollection(t, 5);
  const rows: Row[] = c.rows.map((r) => ({ ...r }));
  rows[1]!.identifier = "";
  rows[3]!.license = "http://rightsstatements.org/vocab/InC/1.0/";
  c.write(rows);
  const collection = await openCollection(c.manifest, { cwd: c.dir });
  const stream = collection.rows({ now: new Date("2026-01-01T00:00:00Z") });
  const collected = await collectPlanInputs(stream);

  t.is(collected.rows, 5);
  t.deepEqual(collected.inputs.map((i) => i.identifier), ["T-001", "T-003", "T-004", "T-005"]);
  t.deepEqual(collected.unplannable.map((u) => u.row), [3]);
  t.true(collected.unplannable[0]!.issues.every((i) => i.severity === "error" && i.row === 3));
  t.deepEqual(collected.inputs.find((i) => i.identifier === "T-004")!.errors.map((e) => e.code), ["LICENSE_IN_COPYRIGHT"]);
  t.deepEqual([...collected.copySources.keys()].sort(), ["T-001", "T-003", "T-005"]);
  // The counts are the stream's plus the whole manifest's, each issue counted once.
  const rowIssues = { errors: stream.tally.errors, warnings: stream.tally.warnings };
  t.deepEqual({ errors: collected.errors, warnings: collected.warnings }, countIssues(collected.fileIssues, rowIssues));
  t.true(collected.errors >= 2);
});

test("an upload copy embeds the same metadata from the kept strings as from the whole mapped item", async (t) => {
  const c = await makeCollection(t, 3);
  const collection = await openCollection(c.manifest, { cwd: c.dir });
  const institution = collection.settings.institution ?? null;
  const full = new Map<string, ReturnType<typeof embedFieldsFor>>();
  for await (const v of collection.rows()) full.set(v.identifier!, embedFieldsFor(v.mapped, institution));
  const collected = await collectPlanInputs(collection.rows());
  t.is(collected.copySources.size, 3);
  for (const [identifier, source] of collected.copySources) {
    t.deepEqual(source.embed, full.get(identifier));
    t.regex(source.path, /img-\d{3}\.jpg$/);
  }
  t.like(full.get("T-001"), { identifier: "T-001", title: "Test photograph 001", institution: "Test Archive" });
});

/**
 * One first half (src/collection/): validate, preview and publish's dry run read a collection
 * through it, so they must agree on every row — which rows have errors, which are planned, and
 * what the publish plan costs.
 */
import test from "ava";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { makeCollection, type Row, type TestCollection } from "../helpers/collection.js";

/** Six rows: three fine, one in copyright, one whose master is missing, one without an identifier. */
async function mixed(t: Parameters<typeof makeCollection>[0]): Promise<TestCollection> {
  const c = await makeCollection(t, 6);
  const rows: Row[] = c.rows.map((r) => ({ ...r }));
  rows[1]!.license = "http://rightsstatements.org/vocab/InC/1.0/";
  rows[2]!.file = "not there.jpg";
  rows[4]!.identifier = "";
  c.write(rows);
  return c;
}

const env = (c: TestCollection) => ({ XDG_CONFIG_HOME: join(c.dir, "config"), HERITAGE_FLICKR_ENDPOINT: "", NO_COLOR: "1" });

interface ValidateJson {
  items: { row: number; identifier: string | null }[];
  issues: { code: string; severity: string; row: number | null; field: string | null }[];
  summary: { items: number; errors: number; warnings: number };
}

interface PlanJson {
  counts: Record<string, number>;
  calls: { items: number; by_method: Record<string, number> };
  prelude: { method: string; purpose: string }[];
  items: { row: number; identifier: string; disposition: string; errors: string[] }[];
}

interface PreviewJson {
  summary: { items: number; validation: { ok: number; warnings: number; errors: number }; plans: { mode: string; calls: number; callsByMethod: Record<string, number>; dispositions: Record<string, number> }[] };
}

/** Error codes by row. */
function errorsByRow(issues: ValidateJson["issues"]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const i of issues) if (i.severity === "error" && i.row !== null) out.set(i.row, [...(out.get(i.row) ?? []), i.code].sort());
  return out;
}

test("validate, preview and publish --dry-run see the same rows, the same errors and the same plan", async (t) => {
  const c = await mixed(t);
  const validate = await runCli(["validate", c.manifest, "--json"], { cwd: c.dir, env: env(c) });
  t.is(validate.code, 1, validate.stderr);
  const v = JSON.parse(validate.stdout) as ValidateJson;
  const dry = await runCli(["publish", c.manifest, "--dry-run", "--json"], { cwd: c.dir, env: env(c) });
  t.is(dry.code, 1, dry.stderr);
  const plan = JSON.parse(dry.stdout) as PlanJson;
  const preview = await runCli(["preview", c.manifest, "--json"], { cwd: c.dir, env: env(c) });
  t.is(preview.code, 0, preview.stderr);
  const p = JSON.parse(preview.stdout) as PreviewJson;

  // The rows: six read by each.
  t.is(v.summary.items, 6);
  t.is(p.summary.items, 6);
  // The errors: the rows validate blames are the rows the plan blocks, with the same codes
  // (the row without an identifier cannot be planned at all, so it is not among the plan's items).
  const byRow = errorsByRow(v.issues);
  t.deepEqual([...byRow.keys()].sort(), [3, 4, 6]);
  const blocked = new Map(plan.items.filter((i) => i.disposition === "blocked").map((i) => [i.row, [...i.errors].sort()]));
  t.deepEqual(blocked, new Map([...byRow].filter(([row]) => row !== 6)));
  t.false(plan.items.some((i) => i.row === 6));
  t.is(p.summary.validation.errors, byRow.size);
  // The same counts in the run's own words.
  const human = await runCli(["publish", c.manifest, "--dry-run"], { cwd: c.dir, env: env(c) });
  t.is(human.code, 1, human.stderr);
  t.regex(human.stderr, new RegExp(`Validated 6 rows: ${v.summary.errors} errors?, ${v.summary.warnings} warnings?`));
  // The plan: preview's publish plan is the dry run's, call for call.
  const publishPlan = p.summary.plans.find((x) => x.mode === "publish");
  t.truthy(publishPlan);
  // (Less the empty-state guard's look-ups: a dry run before the first publish lists them, the
  // preview does not plan them — it says what the items cost.)
  const guard = plan.prelude.filter((c) => c.purpose === "empty-state-guard");
  t.is(guard.length, 2);
  const byMethod = { ...plan.calls.by_method };
  for (const call of guard) if (--byMethod[call.method]! === 0) delete byMethod[call.method];
  t.deepEqual(publishPlan!.callsByMethod, byMethod);
  t.is(publishPlan!.calls, plan.calls.items - guard.length);
  t.is(publishPlan!.dispositions.new, plan.counts.new);
  t.is(publishPlan!.dispositions.blocked, plan.counts.blocked);
  t.is(plan.counts.new, 3);
});

test("a row with an error is reported once, on its row and column", async (t) => {
  const c = await makeCollection(t, 3);
  const rows: Row[] = c.rows.map((r) => ({ ...r }));
  rows[1]!.latitude = "north";
  c.write(rows);
  const validate = await runCli(["validate", c.manifest, "--json"], { cwd: c.dir, env: env(c) });
  t.is(validate.code, 1, validate.stderr);
  const v = JSON.parse(validate.stdout) as ValidateJson;
  const errors = v.issues.filter((i) => i.severity === "error");
  t.is(errors.length, 1, JSON.stringify(errors));
  t.like(errors[0], { row: 3, field: "latitude" });
  t.is(v.summary.errors, 1);
  // The human report names the manifest, the row and the column once.
  const human = await runCli(["validate", c.manifest, "--verbose"], { cwd: c.dir, env: env(c) });
  t.is(human.code, 1);
  t.regex(human.stdout, /Validating manifests[/\\]test\.csv/);
  t.is(human.stdout.match(/GEO_INVALID/g)?.length, 1, human.stdout);
  t.is(human.stdout.match(/row 3 +T-002 +latitude = "north"/g)?.length, 1, human.stdout);
});

/**
 * From a collection's rows to what the planner needs: every row turned into a PlanInput (or
 * set aside when it cannot be planned) and, for rows that may need an upload copy, where the
 * master is and what to embed in the copy.
 */
import type { Issue } from "../issues.js";
import type { PlanInput } from "../plan/types.js";
import { lazyCopySource, type CopySource } from "./copy-source.js";
import { planInputOf, type UnplannableRow } from "./plan-input.js";
import { countIssues, type CollectionRows } from "./rows.js";
import type { ValidatedItem } from "../validate/validate.js";

export interface Collected {
  inputs: PlanInput[];
  /** Master path and embedded metadata, by identifier. */
  copySources: Map<string, CopySource>;
  /** Whole-manifest issues (columns, templates): errors here affect every row. */
  fileIssues: Issue[];
  rows: number;
  /** Issues on the rows and on the manifest as a whole. */
  errors: number;
  warnings: number;
  /** Rows that cannot even be planned (no identifier). */
  unplannable: UnplannableRow[];
}

/**
 * Read every row and keep what the planner and the copy maker need. `onRow` sees each validated
 * row (the row fingerprints of skip-unchanged.ts count its warnings).
 */
export async function collectPlanInputs(rows: CollectionRows, onRow?: (v: ValidatedItem) => void): Promise<Collected> {
  const inputs: PlanInput[] = [];
  const copySources = new Map<string, CopySource>();
  const unplannable: UnplannableRow[] = [];
  const institution = rows.source.settings.institution ?? null;
  for await (const v of rows) {
    onRow?.(v);
    const planned = planInputOf(v);
    if (planned.unplannable) {
      unplannable.push(planned.unplannable);
      continue;
    }
    inputs.push(planned.input);
    if (v.path && planned.input.errors.length === 0) copySources.set(planned.input.identifier, lazyCopySource(v.path, v.mapped, institution));
  }
  const fileIssues = rows.collectionIssues();
  const counts = countIssues(fileIssues, { errors: rows.tally.errors, warnings: rows.tally.warnings });
  return { inputs, copySources, fileIssues, rows: rows.tally.rows, ...counts, unplannable };
}

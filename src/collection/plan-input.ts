/**
 * Where a validated row becomes planner input — the one place. publish, sync, state rebuild and
 * the preview's plans all go through `planInputOf`, so a row is planned the same way everywhere.
 * (A later change that lets sync skip unchanged rows decides it here, or just before it.)
 */
import type { FlickrFields } from "../flickr/fields.js";
import type { Issue } from "../issues.js";
import type { PlanInput } from "../plan/types.js";

/** What planning needs of a validated row (a `ValidatedItem` and a preview's row both have it). */
export interface PlannableRow {
  row: number;
  identifier: string | null;
  file: string | null;
  mapped: { fields: FlickrFields };
  source: PlanInput["source"];
  issues: readonly Issue[];
}

/** A row that cannot be planned at all: it has no identifier (its errors say why). */
export interface UnplannableRow {
  row: number;
  issues: Issue[];
}

export type RowPlanInput = { input: PlanInput; unplannable?: undefined } | { input?: undefined; unplannable: UnplannableRow };

export function planInputOf(v: PlannableRow): RowPlanInput {
  const errors = v.issues.filter((i) => i.severity === "error");
  if (v.identifier === null) return { unplannable: { row: v.row, issues: errors } };
  return { input: { row: v.row, identifier: v.identifier, file: v.file ?? "", fields: v.mapped.fields, errors, source: v.source } };
}

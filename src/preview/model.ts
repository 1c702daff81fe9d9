/**
 * The preview model of a whole collection: every row as its Flickr page, the plans of publish
 * and (once something is published) sync, and the summary. Pure: the rows, the state and the
 * pictures are read by the caller.
 */
import { ISSUE_CODES, type Issue } from "../issues.js";
import { licenseById } from "../flickr/licenses.js";
import { planRun } from "../plan/plan.js";
import { formatDurationLong, planDuration } from "../plan/format.js";
import { describeSaving } from "../plan/account-settings.js";
import type { Plan, PlanInput, PlanItem } from "../plan/types.js";
import type { ItemState } from "../state/store.js";
import { itemPlan, previewItem, type PreviewSource } from "./item.js";
import { planInputOf } from "../collection/plan-input.js";
import type { PreviewImage, PreviewItem, PreviewModel, PreviewPlan, PreviewSummary, PublicationStatus, ValidationStatus } from "./types.js";

export interface PreviewModelInput {
  /** The manifest as the user named it. */
  manifest: string;
  /** The collection folder, as it should be shown. */
  collection: string;
  institution: string | null;
  generatedAt: Date;
  toolVersion: string;
  /** Validated rows in manifest order. */
  sources: readonly PreviewSource[];
  /** The picture of each row, by row number; a row without one gets a placeholder. */
  images: ReadonlyMap<number, PreviewImage>;
  /** Whole-manifest issues. */
  collectionIssues: readonly Issue[];
  /** Every item of the state, or null when nothing has been published from the manifest. */
  states: readonly ItemState[] | null;
  /** The licence Flickr gives this account's uploads, when the state has learned it. */
  accountDefaultLicense: number | null;
  /** Albums created by earlier runs. */
  existingAlbums: readonly string[];
  /** API calls per rolling hour, for the time estimates. */
  quota: number;
  /** The account's NSID or path alias, for photo page links (photo.gne links without). */
  owner?: string | null;
}

function planInputs(sources: readonly PreviewSource[]): PlanInput[] {
  // A row without an identifier cannot be planned (it has an error saying so).
  return sources.flatMap((s) => planInputOf(s).input ?? []);
}

function planSummary(plan: Plan, quota: number): PreviewPlan {
  const dispositions: Record<string, number> = {};
  for (const item of plan.items) dispositions[item.disposition] = (dispositions[item.disposition] ?? 0) + 1;
  const actions = Object.fromEntries(Object.entries(plan.counts).filter(([k]) => !(k in dispositions)));
  return {
    mode: plan.mode,
    dispositions,
    actions,
    calls: plan.calls.total,
    callsByMethod: plan.calls.byMethod,
    seconds: Math.round(planDuration(plan.calls.total, quota)),
    newAlbums: plan.newAlbums,
    savings: plan.accountSavings.map((x) => ({ text: describeSaving(x, (calls) => formatDurationLong(planDuration(calls, quota))) })),
  };
}

const GRANULARITY_NAMES = { 0: "exact", 4: "month", 6: "year", 8: "circa" } as const;

/** Counts over the items: validation, publication, licences, dates, places, albums. */
export function summarizeItems(items: readonly PreviewItem[], collectionIssues: readonly Issue[], plans: PreviewPlan[], quota: number, hasState: boolean): PreviewSummary {
  const validation: Record<ValidationStatus, number> = { ok: 0, warnings: 0, errors: 0 };
  const publication: Record<PublicationStatus, number> = { pending: 0, published: 0, changed: 0, failed: 0 };
  const dates: PreviewSummary["dates"] = { exact: 0, month: 0, year: 0, circa: 0, none: 0 };
  const licenses = new Map<number | null, number>();
  const albums = new Map<string, number>();
  const codes = new Map<string, { code: string; severity: Issue["severity"]; title: string; count: number }>();
  let errors = 0;
  let withoutCoordinates = 0;
  for (const issue of [...collectionIssues, ...items.flatMap((i) => i.issues)]) {
    if (issue.severity === "error") errors++;
    const key = `${issue.severity}:${issue.code}`;
    const entry = codes.get(key) ?? { code: issue.code, severity: issue.severity, title: ISSUE_CODES[issue.code] ?? issue.code, count: 0 };
    entry.count++;
    codes.set(key, entry);
  }
  const issueCount = collectionIssues.length + items.reduce((n, i) => n + i.issues.length, 0);
  for (const item of items) {
    validation[item.validation]++;
    if (item.publication) publication[item.publication.status]++;
    dates[item.dateGranularity === null ? "none" : GRANULARITY_NAMES[item.dateGranularity]]++;
    if (!item.coordinates) withoutCoordinates++;
    licenses.set(item.license?.id ?? null, (licenses.get(item.license?.id ?? null) ?? 0) + 1);
    for (const album of item.albums) albums.set(album, (albums.get(album) ?? 0) + 1);
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    items: items.length,
    validation,
    issues: {
      errors,
      warnings: issueCount - errors,
      byCode: [...codes.values()].sort((a, b) => (a.severity === b.severity ? byCount(a, b) || a.code.localeCompare(b.code) : a.severity === "error" ? -1 : 1)),
    },
    publication: hasState ? publication : null,
    plans,
    quota,
    licenses: [...licenses]
      .map(([id, count]) => {
        const l = id === null ? undefined : licenseById(id);
        return { id, name: l?.name ?? "No licence that Flickr offers", url: l?.url ?? null, count };
      })
      .sort((a, b) => byCount(a, b) || (a.id ?? -1) - (b.id ?? -1)),
    dates,
    withoutCoordinates,
    albums: [...albums].map(([title, count]) => ({ title, count })).sort((a, b) => byCount(a, b) || a.title.localeCompare(b.title)),
  };
}

/** Build the whole preview model. */
export function buildPreviewModel(input: PreviewModelInput): PreviewModel {
  const hasState = input.states !== null;
  const states = input.states ?? [];
  const inputs = planInputs(input.sources);
  // As publish plans it: until an upload has shown the account's default, the licence probe is planned.
  const planOptions = { accountDefaultLicense: input.accountDefaultLicense, accountDefaultLicenseConfirmed: input.accountDefaultLicense !== null, existingAlbums: new Set(input.existingAlbums) };
  const plans = [planRun(inputs, states, { ...planOptions, mode: "publish" })];
  // Sync only means something once photos are on Flickr.
  if (hasState) plans.push(planRun(inputs, states, { ...planOptions, mode: "sync", prune: null }));
  const planByRow = plans.map((p) => new Map<number, PlanItem>(p.items.filter((i) => i.row !== null).map((i) => [i.row!, i])));
  const stateById = new Map(states.map((s) => [s.identifier, s]));

  const items = input.sources.map((s) =>
    previewItem(s, {
      state: s.identifier !== null ? stateById.get(s.identifier) : undefined,
      hasState,
      plans: plans.flatMap((p, n) => {
        const planned = planByRow[n]!.get(s.row);
        return planned ? [itemPlan(planned, p.mode)] : [];
      }),
      image: input.images.get(s.row) ?? { kind: "placeholder", reason: "No picture was made for this row." },
      owner: input.owner ?? null,
    }),
  );
  const planSummaries = plans.map((p) => planSummary(p, input.quota));
  return {
    schema: "heritage.preview/1",
    manifest: input.manifest,
    collection: input.collection,
    institution: input.institution,
    generatedAt: input.generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    toolVersion: input.toolVersion,
    collectionIssues: [...input.collectionIssues],
    hasState,
    summary: summarizeItems(items, input.collectionIssues, planSummaries, input.quota, hasState),
    items,
  };
}

/**
 * The summary at the top of the report: counts, what publish (and sync) would do with the API
 * calls and time that costs at the quota, licences, date granularities, rows without dates or
 * coordinates, albums, and the issues of the manifest as a whole. Model → HTML string.
 */
import { formatDurationLong } from "../plan/format.js";
import { escapeHtml, externalLink } from "./html.js";
import { renderIssue } from "./render-item.js";
import type { PreviewModel, PreviewPlan, PreviewSummary } from "./types.js";

const n = (x: number) => x.toLocaleString("en");

const DISPOSITIONS: [key: string, label: string][] = [
  ["new", "new: uploaded"],
  ["resume", "to finish (an earlier run was interrupted)"],
  ["changed", "changed since the last push"],
  ["unchanged", "unchanged: nothing to do"],
  ["blocked", "skipped: validation errors"],
  ["removed", "no longer in the manifest"],
];

const GRANULARITIES: [key: keyof PreviewSummary["dates"], label: string][] = [
  ["exact", "a day (shown as e.g. “May 17, 1923”)"],
  ["month", "a month (“May 1923”)"],
  ["year", "a year (“1923”)"],
  ["circa", "circa a year (“circa 1920”)"],
  ["none", "no date"],
];

function table(caption: string, head: [string, string], rows: [string, string][]): string {
  return (
    `<table class="counts"><caption>${caption}</caption><thead><tr><th scope="col">${head[0]}</th><th scope="col" class="num">${head[1]}</th></tr></thead><tbody>` +
    rows.map(([label, count]) => `<tr><th scope="row">${label}</th><td class="num">${count}</td></tr>`).join("") +
    `</tbody></table>`
  );
}

function renderPlan(plan: PreviewPlan, quota: number): string {
  const labels = new Map(DISPOSITIONS);
  // Known dispositions in their order, then any other the planner reports under its own name.
  const keys = [...DISPOSITIONS.map(([k]) => k), ...Object.keys(plan.dispositions).filter((k) => !labels.has(k))].filter((k) => plan.dispositions[k]);
  const rows = keys.map((k): [string, string] => [escapeHtml(labels.get(k) ?? k), n(plan.dispositions[k]!)]);
  const methods = Object.entries(plan.callsByMethod)
    .sort((a, b) => b[1] - a[1])
    .map(([m, c]): [string, string] => [`<code>${escapeHtml(m)}</code>`, n(c)]);
  const time = plan.calls > 0 ? `${formatDurationLong(plan.seconds)} at ${n(quota)} calls per hour, plus upload transfer time and a few calls to check the account` : "nothing to send";
  // The cost stays in view; the breakdown is one click away, so the photos are not pushed far down.
  const details = [
    rows.length ? table("Items", ["Item", "Count"], rows) : "",
    methods.length ? table("Calls by method", ["Method", "Calls"], methods) : "",
    plan.newAlbums.length ? `<p>New albums: ${plan.newAlbums.map((a) => `“${escapeHtml(a)}”`).join(", ")}</p>` : "",
  ].join("");
  return (
    `<section class="plan-mode" aria-labelledby="plan-${plan.mode}"><h3 id="plan-${plan.mode}">heritage ${plan.mode}</h3>` +
    `<p class="plan-cost"><strong>${n(plan.calls)} API call${plan.calls === 1 ? "" : "s"}</strong>: ${escapeHtml(time)}.</p>` +
    (plan.savings ?? []).map((x) => `<p class="plan-tip">Tip: ${escapeHtml(x.text)}.</p>`).join("") +
    (details ? `<details class="more"><summary>Items, calls by method${plan.newAlbums.length ? ", new albums" : ""}</summary>${details}</details>` : "") +
    `</section>`
  );
}

function stat(label: string, value: number, className: string, filter: string | null): string {
  // A count links to the grid filtered to it (the same hash the filter buttons set).
  const inner = `<span class="stat-value">${n(value)}</span> <span class="stat-label">${escapeHtml(label)}</span>`;
  return `<li class="stat ${className}">${filter ? `<a href="#status=${filter}">${inner}</a>` : inner}</li>`;
}

/** The summary section. */
export function renderSummary(model: PreviewModel): string {
  const s = model.summary;
  const stats = [
    stat("items", s.items, "stat-all", "all"),
    stat("without issues", s.validation.ok, "stat-ok", "ok"),
    stat("with warnings only", s.validation.warnings, "stat-warnings", "warnings"),
    stat("with errors", s.validation.errors, "stat-errors", "errors"),
  ];
  if (s.publication) {
    stats.push(
      stat("published", s.publication.published, "stat-published", "published"),
      stat("changed since the last push", s.publication.changed, "stat-changed", "changed"),
      stat("failed", s.publication.failed, "stat-failed", "failed"),
      stat("not published yet", s.publication.pending, "stat-pending", "pending"),
    );
  }
  const licenses = s.licenses.map(({ name, url, id, count }): [string, string] => [url ? `${externalLink(url, name)}${id !== null ? ` <span class="aside">(${id})</span>` : ""}` : `<span class="missing">${escapeHtml(name)}</span>`, n(count)]);
  const dates = GRANULARITIES.filter(([k]) => s.dates[k] > 0).map(([k, label]): [string, string] => [escapeHtml(label), n(s.dates[k])]);
  const albums = s.albums.map(({ title, count }): [string, string] => [escapeHtml(title), n(count)]);
  const codes = s.issues.byCode.map(({ code, severity, title, count }): [string, string] => [
    `<span class="flag flag-${severity}">${escapeHtml(code)}</span> ${escapeHtml(title)}`,
    n(count),
  ]);
  const collectionIssues = model.collectionIssues.length
    ? `<section class="collection-issues" aria-labelledby="collection-issues-title"><h3 id="collection-issues-title">Issues of the manifest as a whole (${model.collectionIssues.length})</h3><ol class="issue-list">${model.collectionIssues.map(renderIssue).join("")}</ol></section>`
    : "";
  return (
    `<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2>` +
    `<ul class="stats">${stats.join("")}</ul>` +
    `<p class="issue-total">${n(s.issues.errors)} error${s.issues.errors === 1 ? "" : "s"} and ${n(s.issues.warnings)} warning${s.issues.warnings === 1 ? "" : "s"} in all.${s.validation.errors > 0 ? " Rows with errors are skipped by publish until they are fixed." : ""}</p>` +
    collectionIssues +
    `<div class="summary-grid">` +
    `<section class="plans" aria-labelledby="plans-title"><h3 id="plans-title" class="visually-hidden">What a run would do</h3>${s.plans.map((p) => renderPlan(p, s.quota)).join("")}</section>` +
    `<section aria-labelledby="licenses-title"><h3 id="licenses-title">Licences</h3>${table("Rows per licence", ["Licence", "Rows"], licenses)}</section>` +
    `<section aria-labelledby="dates-title"><h3 id="dates-title">Dates and places</h3>${table("Rows per date shown on Flickr", ["Date taken", "Rows"], dates)}` +
    `<p><a href="#status=nodate">${n(s.dates.none)} row${s.dates.none === 1 ? "" : "s"} without a date</a>; <a href="#status=nocoords">${n(s.withoutCoordinates)} without coordinates</a>.</p></section>` +
    (albums.length ? `<section aria-labelledby="albums-title"><h3 id="albums-title">Albums</h3>${table("Rows per album", ["Album", "Rows"], albums)}</section>` : "") +
    (codes.length ? `<section aria-labelledby="codes-title"><h3 id="codes-title">Issues by kind</h3><details class="more"${codes.length <= 6 ? " open" : ""}><summary>${codes.length} kind${codes.length === 1 ? "" : "s"} of issue</summary>${table("Issues per kind", ["Issue", "Count"], codes)}</details></section>` : "") +
    `</div></section>`
  );
}

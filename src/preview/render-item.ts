/**
 * The item view: one row as its Flickr photo page (picture, title, description, date, licence,
 * place, albums, tags), and beside it the row as written, every issue of the row with its hint,
 * where the photo stands on Flickr and what a run would do. Model → HTML string; every value is
 * escaped here except the description, which `renderFlickrDescription` has made safe.
 */
import { ISSUE_CODES, type Issue } from "../issues.js";
import { escapeHtml, externalLink, attributes } from "./html.js";
import { placeholderDataUri } from "./placeholder.js";
import type { PreviewItem, PreviewItemPlan, PreviewPublication } from "./types.js";

/** The parts of the page an issue's field belongs to. */
export type ItemPart = "image" | "title" | "description" | "date" | "license" | "place" | "albums" | "tags" | "visibility" | "row";

/** Which part of the page shows a field's issues (fields not listed belong to the row). */
export const ISSUE_PLACES: Readonly<Record<string, ItemPart>> = {
  file: "image",
  title: "title",
  "templates.title": "title",
  description: "description",
  creator: "description",
  source_url: "description",
  "templates.description": "description",
  date: "date",
  license: "license",
  place: "place",
  latitude: "place",
  longitude: "place",
  geo_accuracy: "place",
  album: "albums",
  tags: "tags",
  is_public: "visibility",
  hidden: "visibility",
  safety_level: "visibility",
  content_type: "visibility",
};

/** The part of the page where an issue is flagged. */
export function issuePart(issue: Issue): ItemPart {
  return (issue.field !== null ? ISSUE_PLACES[issue.field] : undefined) ?? "row";
}

/** The text a screen reader and a broken image show for the picture: the title, else the identifier. */
export function altText(item: Pick<PreviewItem, "title" | "identifier" | "row">): string {
  return item.title || item.identifier || `Untitled (row ${item.row})`;
}

const SEVERITY_LABEL = { error: "Error", warning: "Warning" } as const;

/** Small markers next to a part of the page, one per issue that belongs there. */
function flags(issues: readonly Issue[], part: ItemPart): string {
  const here = issues.filter((i) => issuePart(i) === part);
  if (here.length === 0) return "";
  return ` <span class="flags">${here
    .map((i) => `<span class="flag flag-${i.severity}"${attributes({ title: i.message })}><span class="visually-hidden">${SEVERITY_LABEL[i.severity]}: </span>${escapeHtml(i.code)}</span>`)
    .join(" ")}</span>`;
}

function renderPicture(item: PreviewItem): string {
  if (item.image.kind === "image") {
    const img = item.image;
    return `<figure class="photo"><img${attributes({ src: img.view, width: img.width, height: img.height, alt: altText(item), decoding: "async" })}></figure>`;
  }
  const reason = item.image.reason;
  return (
    `<figure class="photo photo-missing"><img${attributes({ src: placeholderDataUri(reason), width: 320, height: 240, alt: `No image: ${reason}` })}>` +
    `<figcaption>${escapeHtml(reason)}${flags(item.issues, "image")}</figcaption></figure>`
  );
}

function renderDate(item: PreviewItem): string {
  const written = item.dateWritten && item.dateWritten !== item.dateText ? ` <span class="aside">(catalogue: “${escapeHtml(item.dateWritten)}”)</span>` : "";
  const shown = item.dateText ? `<span class="date-taken">${escapeHtml(item.dateText)}</span>` : `<span class="missing">No date</span>`;
  return `${shown}${written}`;
}

function renderLicense(item: PreviewItem): string {
  if (!item.license) {
    const written = item.licenseStatement ? ` <span class="aside">(catalogue: “${escapeHtml(item.licenseStatement)}”)</span>` : "";
    return `<span class="missing">No licence Flickr offers</span>${written}`;
  }
  const written = item.licenseStatement && item.licenseStatement !== item.license.name ? ` <span class="aside">(catalogue: “${escapeHtml(item.licenseStatement)}”)</span>` : "";
  return `<span class="license-name">${externalLink(item.license.url, item.license.name)}</span>${written}`;
}

function renderPlace(item: PreviewItem): string {
  const parts: string[] = [];
  if (item.place) parts.push(escapeHtml(item.place));
  if (item.coordinates) {
    const c = item.coordinates;
    const label = `${c.latitude}, ${c.longitude}`;
    parts.push(`${externalLink(c.mapUrl, label)}${c.accuracy !== null ? ` <span class="aside">(accuracy ${c.accuracy})</span>` : ""}`);
  } else {
    parts.push(`<span class="missing">No coordinates</span>`);
  }
  return parts.join("<br>");
}

function list(values: readonly string[], className: string, empty: string): string {
  if (values.length === 0) return `<span class="missing">${escapeHtml(empty)}</span>`;
  return `<ul class="${className}">${values.map((v) => `<li>${escapeHtml(v)}</li>`).join("")}</ul>`;
}

/** One issue with where it is, what is wrong and the hint. */
export function renderIssue(issue: Issue): string {
  const where =
    issue.field !== null
      ? `<p class="issue-where"><span class="field">${escapeHtml(issue.field)}</span>${issue.value !== null ? ` = <q>${escapeHtml(issue.value)}</q>` : ""}</p>`
      : issue.value !== null
        ? `<p class="issue-where"><q>${escapeHtml(issue.value)}</q></p>`
        : "";
  const title = ISSUE_CODES[issue.code] ?? issue.code;
  return (
    `<li class="issue issue-${issue.severity}">` +
    `<p class="issue-head"><span class="severity">${SEVERITY_LABEL[issue.severity]}</span> <code>${escapeHtml(issue.code)}</code> <span class="issue-title">${escapeHtml(title)}</span></p>` +
    where +
    `<p class="issue-message">${escapeHtml(issue.message)}</p>` +
    (issue.file ? `<p class="issue-file">File: ${escapeHtml(issue.file)}</p>` : "") +
    (issue.hint ? `<p class="issue-hint"><span class="visually-hidden">Hint: </span>${escapeHtml(issue.hint)}</p>` : "") +
    `</li>`
  );
}

const PUBLICATION_LABELS: Record<PreviewPublication["status"], string> = {
  pending: "Not published yet",
  published: "Published",
  changed: "Published; changed since the last push",
  failed: "Failed",
};

function renderPublication(p: PreviewPublication): string {
  const lines = [`<p class="pub-status pub-${p.status}">${escapeHtml(PUBLICATION_LABELS[p.status])}${p.stateStatus && p.stateStatus !== p.status ? ` <span class="aside">(state: ${escapeHtml(p.stateStatus)})</span>` : ""}</p>`];
  if (p.photoId && p.url) lines.push(`<p>Photo ${externalLink(p.url, p.photoId)} on Flickr</p>`);
  if (p.changes.length) lines.push(`<p>Changed since the last push: ${escapeHtml(p.changes.join(", "))} <span class="aside">(heritage sync pushes them)</span></p>`);
  if (p.rescanned) lines.push(`<p>The master was rescanned <span class="aside">(heritage sync replaces the image)</span></p>`);
  if (p.error) lines.push(`<p class="pub-error"><code>${escapeHtml(p.error.code)}</code> during ${escapeHtml(p.error.step)}: ${escapeHtml(p.error.message)}</p>`);
  return lines.join("");
}

const DISPOSITION_TEXT: Record<string, string> = {
  new: "upload it",
  resume: "finish it (an earlier run was interrupted)",
  changed: "push the changes",
  unchanged: "nothing: it is up to date",
  blocked: "skip it: the row has errors",
  removed: "nothing (no longer in the manifest)",
};

function renderPlan(plan: PreviewItemPlan): string {
  const calls = plan.calls.length ? ` — ${plan.calls.length} API call${plan.calls.length === 1 ? "" : "s"}: <span class="calls">${escapeHtml(plan.calls.join(", "))}</span>` : "";
  return `<li><span class="mode">${plan.mode}</span> would ${escapeHtml(DISPOSITION_TEXT[plan.disposition] ?? plan.disposition)}${calls}</li>`;
}

function renderSourceRow(item: PreviewItem): string {
  const rows = item.values.map(([field, value]) => {
    const here = item.issues.filter((i) => i.field === field);
    const worst = here.some((i) => i.severity === "error") ? "error" : here.length ? "warning" : null;
    const codes = here.length ? ` <span class="flags">${here.map((i) => `<span class="flag flag-${i.severity}">${escapeHtml(i.code)}</span>`).join(" ")}</span>` : "";
    return `<tr${attributes({ class: worst ? `has-${worst}` : null })}><th scope="row">${escapeHtml(field)}</th><td>${escapeHtml(value)}${codes}</td></tr>`;
  });
  return `<table class="source-row"><tbody>${rows.join("")}</tbody></table>`;
}

/** The item view of one row, as an HTML fragment (an `<article>`). */
export function renderItemView(item: PreviewItem): string {
  const errors = item.issues.filter((i) => i.severity === "error").length;
  const warnings = item.issues.length - errors;
  const title = item.title ? escapeHtml(item.title) : `<span class="missing">(no title)</span>`;
  const description = item.descriptionHtml ? `<div class="description">${item.descriptionHtml}</div>` : `<p class="description missing">(no description)</p>`;
  const issueHeading = item.issues.length ? `Issues <span class="aside">(${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})</span>` : "Issues";
  const machine = item.machineTags.length ? `<h3>Machine tags</h3>${list(item.machineTags, "tag-list machine-tags", "")}` : "";
  return (
    `<article class="item item-${item.validation}" aria-labelledby="item-title">` +
    `<div class="item-page">` +
    renderPicture(item) +
    `<h2 id="item-title" tabindex="-1">${title}${flags(item.issues, "title")}</h2>` +
    `<p class="item-id">${escapeHtml(item.identifier ?? "(no identifier)")} · row ${item.row}${item.file ? ` · ${escapeHtml(item.file)}` : ""}</p>` +
    description +
    flags(item.issues, "description") +
    `<dl class="facts">` +
    `<dt>Taken</dt><dd class="fact-date">${renderDate(item)}${flags(item.issues, "date")}</dd>` +
    `<dt>Licence</dt><dd class="fact-license">${renderLicense(item)}${flags(item.issues, "license")}</dd>` +
    `<dt>Place</dt><dd class="fact-place">${renderPlace(item)}${flags(item.issues, "place")}</dd>` +
    `<dt>Albums</dt><dd class="fact-albums">${list(item.albums, "album-list", "None")}${flags(item.issues, "albums")}</dd>` +
    `<dt>Visibility</dt><dd class="fact-visibility">${item.isPublic ? "Public" : "Private"}${flags(item.issues, "visibility")}</dd>` +
    `</dl>` +
    `<section class="tags" aria-label="Tags"><h3>Tags${flags(item.issues, "tags")}</h3>${list(item.tags, "tag-list", "No tags")}${machine}</section>` +
    `</div>` +
    `<aside class="item-side" aria-label="Row ${item.row}: issues, state and source">` +
    `<section class="issues"><h3>${issueHeading}</h3>${item.issues.length ? `<ol class="issue-list">${item.issues.map(renderIssue).join("")}</ol>` : `<p class="no-issues">No issues.</p>`}</section>` +
    (item.publication ? `<section class="publication"><h3>On Flickr</h3>${renderPublication(item.publication)}</section>` : "") +
    (item.plans.length ? `<section class="plan"><h3>Next run</h3><ul>${item.plans.map(renderPlan).join("")}</ul></section>` : "") +
    `<section class="row"><h3>Source row ${item.row}</h3>${renderSourceRow(item)}</section>` +
    `</aside>` +
    `</article>`
  );
}

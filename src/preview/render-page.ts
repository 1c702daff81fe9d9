/**
 * The whole report page: one self-contained HTML document with its style, its script and its
 * data inline, and a Content-Security-Policy that lets it load nothing but its own thumbnails
 * and data: images — no fonts, scripts, styles or requests from anywhere else, even by accident.
 * Model → HTML string.
 */
import { escapeHtml, jsonForScript } from "./html.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";
import { placeholderDataUri } from "./placeholder.js";
import { altText, renderItemView } from "./render-item.js";
import { renderSummary } from "./render-summary.js";
import type { PreviewItem, PreviewModel } from "./types.js";

/**
 * The page's Content-Security-Policy: nothing loads but the page's own pictures and data: URIs.
 * `file:` sits beside `'self'` because browsers disagree on what 'self' means for a page opened
 * from disk (an opaque origin); it only ever allows local files, never the network.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Tiles per page of the contact sheet. */
export const PAGE_SIZE = 100;

/** What the script gets per item for the contact sheet: the tile and the text searched. */
export interface TileData {
  /** Row. */
  r: number;
  /** Identifier. */
  i: string | null;
  /** Title. */
  t: string;
  /** Validation status. */
  v: PreviewItem["validation"];
  /** Publication status (null without a state). */
  p: string | null;
  /** Errors and warnings. */
  e: number;
  w: number;
  /** Thumbnail (a file in thumbs/ or a placeholder data: URI), its size and alt text. */
  img: string;
  tw: number;
  th: number;
  alt: string;
  /** No date; no coordinates (1 or 0). */
  nd: 0 | 1;
  nc: 0 | 1;
  /** Lower-case text the search looks in. */
  s: string;
}

/** The text a search matches for an item: identifier, title, file, the row's values, tags, licence, date, issue codes. */
export function searchText(item: PreviewItem): string {
  const parts = [
    item.identifier ?? "",
    item.title,
    item.file ?? "",
    ...item.values.map(([, v]) => v),
    ...item.tags,
    ...item.machineTags,
    item.license?.name ?? "",
    item.dateText ?? "",
    ...item.issues.map((i) => i.code),
  ];
  return [...new Set(parts.filter(Boolean))].join("\n").normalize("NFC").toLowerCase();
}

/** The script's grid data for one item. */
export function tileData(item: PreviewItem): TileData {
  const errors = item.issues.filter((i) => i.severity === "error").length;
  const image = item.image;
  const alt = image.kind === "image" ? altText(item) : `No image: ${image.reason}`;
  return {
    r: item.row,
    i: item.identifier,
    t: item.title,
    v: item.validation,
    p: item.publication?.status ?? null,
    e: errors,
    w: item.issues.length - errors,
    img: image.kind === "image" ? image.thumb : placeholderDataUri(image.reason),
    tw: image.kind === "image" ? image.thumbWidth : 320,
    th: image.kind === "image" ? image.thumbHeight : 240,
    alt,
    nd: item.dateText === null ? 1 : 0,
    nc: item.coordinates === null ? 1 : 0,
    s: searchText(item),
  };
}

function filterOption(value: string, label: string, count: number, checked: boolean): string {
  return `<label><input type="radio" name="status" value="${value}"${checked ? " checked" : ""}> ${escapeHtml(label)} <span class="count">${count.toLocaleString("en")}</span></label>`;
}

function renderFilters(model: PreviewModel): string {
  const s = model.summary;
  const options = [
    filterOption("all", "All", s.items, true),
    filterOption("ok", "OK", s.validation.ok, false),
    filterOption("warnings", "Warnings", s.validation.warnings, false),
    filterOption("errors", "Errors", s.validation.errors, false),
  ];
  if (s.publication) {
    options.push(
      filterOption("published", "Published", s.publication.published, false),
      filterOption("changed", "Changed since last push", s.publication.changed, false),
      filterOption("failed", "Failed", s.publication.failed, false),
      filterOption("pending", "Not published", s.publication.pending, false),
    );
  }
  options.push(filterOption("nodate", "No date", s.dates.none, false), filterOption("nocoords", "No coordinates", s.withoutCoordinates, false));
  return `<fieldset class="filters"><legend>Show</legend>${options.join("")}</fieldset>`;
}

/** The report page for a model. */
export function renderPreviewPage(model: PreviewModel): string {
  const name = model.manifest.split(/[\\/]/).pop() ?? model.manifest;
  const data = { pageSize: PAGE_SIZE, items: model.items.map(tileData) };
  // The item views are most of the page (4 KB a row): they sit in a block of their own that the
  // script parses only when an item is first opened, so a big collection's grid shows sooner.
  const views = model.items.map(renderItemView);
  const generated = `${model.generatedAt.replace("T", " ").replace("Z", " UTC")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="heritage ${escapeHtml(model.toolVersion)}">
<title>Preview of ${escapeHtml(name)} — heritage</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<a class="skip-link" id="skip" href="#collection-title">Skip to the photos</a>
<header class="page-header">
<h1>Preview of ${escapeHtml(name)}</h1>
<p class="subtitle">${model.institution ? `${escapeHtml(model.institution)} · ` : ""}Manifest ${escapeHtml(model.manifest)} · collection ${escapeHtml(model.collection)} · ${model.summary.items.toLocaleString("en")} row${model.summary.items === 1 ? "" : "s"}</p>
<p class="note">Each photo as it will look on Flickr: title, description, tags, licence, date and place, with every problem heritage found on its row.${model.hasState ? " What has been published is shown from heritage's state." : " Nothing has been published from this manifest yet."}</p>
</header>
<main>
${renderSummary(model)}
<section id="collection" aria-labelledby="collection-title">
<h2 id="collection-title" tabindex="-1">Photos</h2>
<form id="controls" class="controls" role="search">
<div class="search-box"><label for="search">Search</label><input type="search" id="search" name="q" autocomplete="off" placeholder="identifier, title, tag, place, issue code…"></div>
${renderFilters(model)}
</form>
<p id="result-count" role="status" aria-live="polite"></p>
<ul id="grid" class="grid"></ul>
<nav id="pager" aria-label="Pages" hidden></nav>
<noscript><p>The contact sheet and the item views need JavaScript; the summary above does not.</p></noscript>
</section>
<section id="item-view" aria-label="Photo" hidden>
<nav class="item-nav" aria-label="Photo navigation">
<a id="item-back" href="#">← All photos</a>
<button type="button" id="item-prev">← Previous</button>
<span id="item-pos" aria-live="polite"></span>
<button type="button" id="item-next">Next →</button>
<span class="keys">Keys: ← and → move between photos, Esc goes back.</span>
</nav>
<div id="item-content"></div>
</section>
</main>
<footer><p>Generated ${escapeHtml(generated)} by heritage ${escapeHtml(model.toolVersion)}. This folder is self-contained: open index.html offline, or zip the folder to share it. Links to licences, maps and Flickr open in a new tab.</p></footer>
<script type="application/json" id="preview-data">${jsonForScript(data)}</script>
<script type="application/json" id="preview-views">${jsonForScript(views)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

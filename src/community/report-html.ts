/**
 * The reach report as one self-contained HTML page: no script, no network (a CSP that allows only
 * inline styles and data: images), works from disk. Thumbnails are data: URIs; the growth chart is
 * inline SVG. Every value from Flickr or the state is escaped.
 */
import { escapeHtml, externalLink } from "../preview/html.js";
import type { GrowthPoint, PhotoFigures, ReportModel } from "./report-model.js";

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light dark; --bg: #fbfaf7; --fg: #1d1b18; --muted: #5d5850; --line: #d9d4ca; --card: #fff; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --bg: #181715; --fg: #eeebe5; --muted: #b3ada3; --line: #3b3833; --card: #22211e; --accent: #8cc2ff; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
header, main { max-width: 70rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 1.5rem 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; padding: 0; list-style: none; }
.cards li { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
.cards .n { display: block; font-size: 1.5rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td img { display: block; width: 64px; height: 64px; object-fit: cover; border-radius: .25rem; }
.bar { display: inline-block; height: .7rem; background: var(--accent); border-radius: .2rem; }
svg { max-width: 100%; height: auto; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; }
svg .line { fill: none; stroke: var(--accent); stroke-width: 2; } svg text { fill: var(--muted); font-size: 11px; }
blockquote { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

const n = (v: number) => v.toLocaleString("en");
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function growthChart(points: readonly GrowthPoint[]): string {
  if (points.length < 2) return `<p class="muted">Growth shows after a second harvest: Flickr gives only lifetime totals, so each harvest keeps a snapshot.</p>`;
  const w = 640;
  const h = 200;
  const pad = 30;
  const max = Math.max(1, ...points.map((p) => p.views));
  const xy = points.map((p, i) => [pad + (i * (w - 2 * pad)) / (points.length - 1), h - pad - (p.views * (h - 2 * pad)) / max] as const);
  const path = xy.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const labels = [xy[0]!, xy.at(-1)!].map(([x], i) => `<text x="${x.toFixed(1)}" y="${h - 8}" text-anchor="${i ? "end" : "start"}">${day(points[i ? points.length - 1 : 0]!.at)}</text>`).join("");
  return `<svg id="views-chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="Views after each harvest, from ${n(points[0]!.views)} to ${n(points.at(-1)!.views)}"><path class="line" d="${path}"/>${labels}<text x="${pad}" y="16">${n(max)} views</text></svg>`;
}

function photoTable(id: string, list: readonly PhotoFigures[], thumbs: ReadonlyMap<string, string>, urls: (p: PhotoFigures) => string): string {
  if (list.length === 0) return `<p class="muted" id="${id}">None yet.</p>`;
  const rows = list
    .map((p) => {
      const img = thumbs.get(p.identifier);
      return `<tr><td>${img ? `<img src="${img}" alt="${escapeHtml(p.identifier)}">` : ""}</td><td>${externalLink(urls(p), p.identifier)}</td><td class="num">${n(p.views)}</td><td class="num">${n(p.faves)}</td><td class="num">${n(p.comments)}</td><td class="num">${n(p.contributions)}</td></tr>`;
    })
    .join("");
  return `<table id="${id}"><thead><tr><th></th><th>Identifier</th><th class="num">Views</th><th class="num">Faves</th><th class="num">Comments</th><th class="num">Contributions</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderReport(model: ReportModel, meta: { title: string; thumbs: ReadonlyMap<string, string>; photoUrl: (photoId: string) => string }): string {
  const t = model.totals;
  const cards = [
    ["photos", "Photos", model.photos],
    ["views", "Views", t.views],
    ["faves", "Faves", t.faves],
    ["comments", "Comments", t.comments],
    ["contributions", "Contributions", t.contributions],
    ["accepted", "Accepted", t.accepted],
    ["removed", "Removed", t.removed],
  ] as const;
  const maxKind = Math.max(1, ...model.byKind.map((k) => k.count));
  const growthRows = model.growth.map((g) => `<tr><td>${day(g.at)}</td><td class="num">${n(g.views)}</td><td class="num">${n(g.faves)}</td><td class="num">${n(g.comments)}</td><td class="num">${n(g.contributions)}</td></tr>`).join("");
  const kinds = model.byKind.map((k) => `<tr><td>${escapeHtml(k.kind)}</td><td class="num">${n(k.count)}</td><td><span class="bar" style="width:${Math.round((k.count / maxKind) * 12)}rem"></span></td></tr>`).join("");
  const accepted = model.accepted.map((c) => `<tr><td>${escapeHtml(c.identifier)}</td><td>${escapeHtml(c.suggested)}</td><td><blockquote>${escapeHtml(c.text)}</blockquote></td><td>${escapeHtml(c.authorname || c.author)}</td></tr>`).join("");
  const mod = model.moderation.map((m) => `<tr><td>${day(m.archivedAt)}</td><td>${escapeHtml(m.identifier)}</td><td>${escapeHtml(m.kind)}</td><td>${escapeHtml(m.state)}</td><td>${escapeHtml(m.rule)}</td><td>${escapeHtml(m.authorname || m.author)}</td><td><blockquote>${escapeHtml(m.text)}</blockquote></td></tr>`).join("");
  const years = model.years.map((y) => `<tr><td>${y.year}</td><td class="num">${n(y.views)}</td><td class="num">${n(y.faves)}</td><td class="num">${n(y.comments)}</td><td class="num">${n(y.contributions)}</td><td class="num">${n(y.accepted)}</td><td class="num">${n(y.removed)}</td></tr>`).join("");
  const url = (p: PhotoFigures) => meta.photoUrl(p.photoId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(meta.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(meta.title)}</h1><p class="muted">From ${model.growth.length} harvest${model.growth.length === 1 ? "" : "s"}; made ${day(model.generatedAt)}. Figures are what Flickr reported at each harvest.</p></header>
<main>
<h2>Totals</h2>
<ul class="cards" id="totals">${cards.map(([id, label, v]) => `<li data-figure="${id}"><span class="n">${n(v)}</span>${label}</li>`).join("")}</ul>
<h2>Growth</h2>
${growthChart(model.growth)}
<table id="growth"><thead><tr><th>Harvest</th><th class="num">Views</th><th class="num">Faves</th><th class="num">Comments</th><th class="num">Contributions</th></tr></thead><tbody>${growthRows}</tbody></table>
<h2>Most viewed</h2>
${photoTable("most-viewed", model.mostViewed, meta.thumbs, url)}
<h2>Most discussed</h2>
${photoTable("most-discussed", model.mostDiscussed, meta.thumbs, url)}
<h2>Contributions by kind</h2>
<table id="by-kind"><thead><tr><th>Suggested kind</th><th class="num">Count</th><th></th></tr></thead><tbody>${kinds}</tbody></table>
<h2>Accepted contributions</h2>
${accepted ? `<table id="accepted"><thead><tr><th>Identifier</th><th>Kind</th><th>Text</th><th>Author</th></tr></thead><tbody>${accepted}</tbody></table>` : `<p class="muted" id="accepted">None accepted yet (the decision column of the community CSV).</p>`}
<h2>Moderation</h2>
${mod ? `<table id="moderation"><thead><tr><th>Date</th><th>Identifier</th><th>Kind</th><th>Outcome</th><th>Rule</th><th>Author</th><th>Text (archived)</th></tr></thead><tbody>${mod}</tbody></table>` : `<p class="muted" id="moderation">No moderation actions.</p>`}
<h2>Per year</h2>
<table id="years"><thead><tr><th>Year</th><th class="num">Views gained</th><th class="num">Faves gained</th><th class="num">Comments gained</th><th class="num">Contributions</th><th class="num">Accepted</th><th class="num">Removed</th></tr></thead><tbody>${years}</tbody></table>
</main>
</body>
</html>
`;
}

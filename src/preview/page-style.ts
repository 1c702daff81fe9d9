/**
 * The report's stylesheet (inlined). System fonts only (no web fonts: nothing is fetched), a
 * fluid grid that becomes two columns on a phone, the item view in two columns on wide
 * screens, visible focus, and status shown in words as well as colour. Follows the system's
 * light or dark mode.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #fbfaf7; --fg: #1d1b18; --muted: #5d5850; --line: #d9d4ca; --card: #ffffff; --accent: #0b5cad;
  --error: #b3261e; --error-bg: #fde7e4; --warning: #7a5200; --warning-bg: #fff1cf; --ok: #1e6b34; --ok-bg: #e1f4e5;
  --pub: #0b5cad; --pub-bg: #e2eefb;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #181715; --fg: #eeebe5; --muted: #b3ada3; --line: #3b3833; --card: #22211e; --accent: #8cc2ff;
    --error: #ffb4ab; --error-bg: #4a1714; --warning: #ffd37a; --warning-bg: #3d2e00; --ok: #9fdcab; --ok-bg: #143a1e;
    --pub: #8cc2ff; --pub-bg: #13304f;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: 1rem; top: -3rem; background: var(--card); padding: .5rem 1rem; z-index: 2; }
.skip-link:focus { top: 1rem; }
.page-header, main, footer { max-width: 82rem; margin: 0 auto; padding: 0 1rem; }
.page-header { padding-top: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 1.5rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
.subtitle, .aside, .item-id, .note { color: var(--muted); }
.note { max-width: 50rem; }
.missing { color: var(--muted); font-style: italic; }
code, .calls { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
footer { color: var(--muted); padding-bottom: 2rem; font-size: .9rem; }

/* summary */
.stats { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.stat a, .stat > span { display: block; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; }
.stat a { text-decoration: none; color: inherit; padding: .5rem .85rem; }
.stat a:hover .stat-label { text-decoration: underline; }
.stat-value { font-size: 1.3rem; font-weight: 700; }
.stat-errors { border-left: 4px solid var(--error); }
.stat-warnings { border-left: 4px solid var(--warning); }
.stat-ok { border-left: 4px solid var(--ok); }
.stat-published, .stat-changed, .stat-failed, .stat-pending { border-left: 4px solid var(--pub); }
.summary-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 2rem; }
table.counts { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
table.counts caption { text-align: left; color: var(--muted); font-size: .9rem; }
table.counts th, table.counts td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; font-weight: normal; }
table.counts thead th { font-weight: 600; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.plan-mode h3 { margin-top: .5rem; }
details.more summary { cursor: pointer; color: var(--accent); margin: .25rem 0; }

/* controls and grid */
.controls { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; margin-bottom: .5rem; }
.search-box { display: flex; gap: .5rem; align-items: center; flex: 1 1 18rem; }
.search-box input { flex: 1; font: inherit; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: .4rem; background: var(--card); color: var(--fg); min-width: 0; }
.filters { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
.filters legend { float: left; margin-right: .5rem; font-weight: 600; }
.filters label { display: inline-flex; align-items: center; gap: .3rem; padding: .25rem .6rem; border: 1px solid var(--line); border-radius: 999px; background: var(--card); cursor: pointer; }
.filters input { margin: 0; }
.filters label:has(input:checked) { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
.filters label:has(input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
.filters .count { color: var(--muted); font-size: .85em; }
.grid { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; }
.tile { display: flex; flex-direction: column; height: 100%; text-decoration: none; color: inherit; background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--ok); border-radius: .5rem; overflow: hidden; }
.tile:hover { border-color: var(--accent); }
.tile-warnings { border-top-color: var(--warning); }
.tile-errors { border-top-color: var(--error); }
.tile-image { display: block; aspect-ratio: 4 / 3; background: #00000010; overflow: hidden; }
.tile-image img { display: block; width: 100%; height: 100%; object-fit: contain; }
.tile-id { font-size: .8rem; color: var(--muted); padding: .4rem .6rem 0; overflow-wrap: anywhere; }
.tile-title { padding: 0 .6rem; font-weight: 600; line-height: 1.3; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; overflow-wrap: anywhere; }
.badges { display: flex; flex-wrap: wrap; gap: .25rem; padding: .4rem .6rem .6rem; margin-top: auto; }
.badge, .flag { display: inline-block; font-size: .75rem; font-weight: 600; border-radius: .3rem; padding: 0 .4rem; }
.badge-errors, .flag-error { background: var(--error-bg); color: var(--error); }
.badge-warnings, .flag-warning { background: var(--warning-bg); color: var(--warning); }
.badge-ok { background: var(--ok-bg); color: var(--ok); }
[class*="badge-pub-"] { background: var(--pub-bg); color: var(--pub); }
.badge-pub-failed { background: var(--error-bg); color: var(--error); }
#pager ul { list-style: none; display: flex; flex-wrap: wrap; gap: .35rem; padding: 0; margin: 1rem 0; }
#pager a { display: inline-block; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: .4rem; background: var(--card); text-decoration: none; }
#pager a[aria-current="page"] { background: var(--accent); color: var(--bg); border-color: var(--accent); }

/* item view */
.item-nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: 1rem 0 .5rem; border-bottom: 1px solid var(--line); }
.item-nav button { font: inherit; padding: .35rem .8rem; border: 1px solid var(--line); border-radius: .4rem; background: var(--card); color: var(--fg); cursor: pointer; }
.item-nav button:disabled { opacity: .45; cursor: default; }
.item-nav .keys { color: var(--muted); font-size: .85rem; }
.item { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 2rem; padding: 1rem 0 2rem; }
@media (max-width: 56rem) { .item { grid-template-columns: minmax(0, 1fr); gap: 1rem; } }
.photo { margin: 0 0 1rem; background: #00000010; display: flex; flex-direction: column; align-items: center; padding: .5rem; border-radius: .5rem; }
.photo img { max-width: 100%; height: auto; max-height: 75vh; width: auto; }
.photo-missing figcaption { margin-top: .5rem; color: var(--error); text-align: center; }
.item h2 { margin: .25rem 0; font-size: 1.5rem; }
.item h2:focus { outline: none; }
.item h2:focus-visible { outline: 3px solid var(--accent); }
.description { margin: 1rem 0; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .35rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts ul, .tag-list { list-style: none; padding: 0; margin: 0; }
.tag-list { display: flex; flex-wrap: wrap; gap: .35rem; }
.tag-list li { background: var(--card); border: 1px solid var(--line); border-radius: .3rem; padding: .05rem .45rem; font-size: .9rem; overflow-wrap: anywhere; }
.machine-tags li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; }
.item-side section { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem .75rem; margin-bottom: 1rem; }
.issue-list { list-style: none; padding: 0; margin: 0; }
.issue { border-left: 4px solid var(--warning); padding: .25rem 0 .25rem .75rem; margin: .5rem 0; }
.issue-error { border-left-color: var(--error); }
.issue p { margin: .15rem 0; overflow-wrap: anywhere; }
.issue .severity { font-weight: 700; }
.issue-error .severity { color: var(--error); }
.issue-warning .severity { color: var(--warning); }
.issue-hint { color: var(--muted); }
.issue-hint::before { content: "→ "; }
.collection-issues { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem .5rem; margin: 1rem 0; }
table.source-row { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.source-row th, table.source-row td { text-align: left; vertical-align: top; padding: .2rem .3rem; border-bottom: 1px solid var(--line); }
table.source-row th { font-weight: 600; white-space: nowrap; }
table.source-row td { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.has-error { background: var(--error-bg); }
tr.has-warning { background: var(--warning-bg); }
.pub-status { font-weight: 700; }
.pub-status.pub-failed, .pub-error { color: var(--error); }
.plan .mode { font-weight: 600; }
@media (max-width: 30rem) {
  body { font-size: 15px; }
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .5rem; }
  .facts { grid-template-columns: minmax(0, 1fr); }
  .facts dd { margin-bottom: .5rem; }
}
`;

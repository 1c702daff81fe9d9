/**
 * The report's own script (inlined; the page loads nothing). It renders the contact sheet from
 * the embedded data a page at a time, filters and searches it, and shows an item view for
 * `#item=ROW`: the view's HTML was rendered and escaped by heritage (in a second data block,
 * parsed when the first item is opened); the script only inserts it.
 * Tiles are built with DOM calls and textContent, never by pasting strings into HTML.
 *
 * The state lives in the address's hash (`#status=errors&q=visby&page=2`, `#item=12&status=errors`),
 * so Back and Forward work and a link to an item or a filtered view can be shared. Opening an
 * item adds a history entry; moving between items replaces it, so Back returns to the grid.
 *
 * Written as plain ES2017 in a string: the project's TypeScript does not type-check DOM code,
 * and the browser end-to-end test exercises every path of it. No template literals inside.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("preview-data").textContent);
  var items = data.items;
  var PAGE_SIZE = data.pageSize;
  var PUB = { published: "Published", changed: "Changed", failed: "Failed", pending: "Not published" };
  var byRow = new Map();
  items.forEach(function (it, n) { it.n = n; byRow.set(it.r, it); });
  function $(id) { return document.getElementById(id); }
  var grid = $("grid"), pager = $("pager"), count = $("result-count"), search = $("search");
  var summary = $("summary"), collection = $("collection"), view = $("item-view"), content = $("item-content");
  var prevButton = $("item-prev"), nextButton = $("item-next"), position = $("item-pos"), back = $("item-back");
  var collectionTitle = $("collection-title");
  var baseTitle = document.title;
  function byValidation(s) { return function (it) { return it.v === s; }; }
  function byPublication(s) { return function (it) { return it.p === s; }; }
  var FILTERS = {
    all: function () { return true; },
    ok: byValidation("ok"), warnings: byValidation("warnings"), errors: byValidation("errors"),
    published: byPublication("published"), changed: byPublication("changed"), failed: byPublication("failed"), pending: byPublication("pending"),
    nodate: function (it) { return it.nd === 1; },
    nocoords: function (it) { return it.nc === 1; }
  };

  var current = { status: "all", q: "", page: 1, item: null };
  var list = items, listKey = "all\n";
  var lastView = null, openedFromGrid = false, focusRow = null, focusGrid = false;
  var prevRow = null, nextRow = null;

  // The item views' HTML, in manifest order: parsed on first use (it is most of the page).
  var views = null;
  function itemView(n) {
    if (views === null) views = JSON.parse(document.getElementById("preview-views").textContent);
    return views[n];
  }

  function norm(s) { return s.normalize("NFC").toLowerCase(); }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var status = params.get("status");
    if (!Object.prototype.hasOwnProperty.call(FILTERS, status)) status = "all";
    var page = parseInt(params.get("page") || "1", 10);
    if (!(page >= 1)) page = 1;
    var item = params.has("item") ? parseInt(params.get("item"), 10) : null;
    return { status: status, q: params.get("q") || "", page: page, item: byRow.has(item) ? item : null };
  }

  function hashOf(s) {
    var params = new URLSearchParams();
    if (s.item !== null) params.set("item", String(s.item));
    if (s.status !== "all") params.set("status", s.status);
    if (s.q) params.set("q", s.q);
    if (s.item === null && s.page > 1) params.set("page", String(s.page));
    var h = params.toString();
    return h ? "#" + h : "#";
  }

  function navigate(s, replace) {
    var h = hashOf(s);
    if (h === (location.hash || "#")) { render(); return; }
    if (replace) location.replace(h); else location.hash = h;
  }

  function filtered(s) {
    var key = s.status + "\n" + s.q;
    if (key === listKey) return list;
    var test = FILTERS[s.status];
    var terms = norm(s.q).split(/\s+/).filter(Boolean);
    list = items.filter(function (it) {
      if (!test(it)) return false;
      for (var i = 0; i < terms.length; i++) if (it.s.indexOf(terms[i]) === -1) return false;
      return true;
    });
    listKey = key;
    return list;
  }

  function badge(kind, text) {
    var b = document.createElement("span");
    b.className = "badge badge-" + kind;
    b.textContent = text;
    return b;
  }

  function tile(it, s) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "tile tile-" + it.v + (it.p ? " pub-" + it.p : "");
    a.href = hashOf({ item: it.r, status: s.status, q: s.q, page: 1 });
    a.setAttribute("data-row", String(it.r));
    var frame = document.createElement("span");
    frame.className = "tile-image";
    var img = document.createElement("img");
    img.src = it.img;
    img.alt = it.alt;
    img.loading = "lazy";
    img.decoding = "async";
    img.width = it.tw;
    img.height = it.th;
    frame.appendChild(img);
    var id = document.createElement("span");
    id.className = "tile-id";
    id.textContent = it.i || ("row " + it.r);
    var title = document.createElement("span");
    title.className = "tile-title";
    title.textContent = it.t || "(no title)";
    // The picture's alt text is the title already: said once is enough.
    if (it.t && it.alt === it.t) title.setAttribute("aria-hidden", "true");
    var badges = document.createElement("span");
    badges.className = "badges";
    if (it.e) badges.appendChild(badge("errors", it.e + (it.e === 1 ? " error" : " errors")));
    if (it.w) badges.appendChild(badge("warnings", it.w + (it.w === 1 ? " warning" : " warnings")));
    if (!it.e && !it.w) badges.appendChild(badge("ok", "OK"));
    if (it.p) badges.appendChild(badge("pub-" + it.p, PUB[it.p]));
    a.appendChild(frame);
    a.appendChild(id);
    a.appendChild(title);
    a.appendChild(badges);
    li.appendChild(a);
    return li;
  }

  function pageLink(label, page, s, currentPage, rel) {
    var a = document.createElement("a");
    a.textContent = label;
    a.href = hashOf({ item: null, status: s.status, q: s.q, page: page });
    if (page === currentPage && !rel) a.setAttribute("aria-current", "page");
    if (rel) a.setAttribute("rel", rel);
    var li = document.createElement("li");
    li.appendChild(a);
    return li;
  }

  function renderPager(page, pages, s) {
    pager.replaceChildren();
    if (pages <= 1) { pager.hidden = true; return; }
    pager.hidden = false;
    var ul = document.createElement("ul");
    if (page > 1) ul.appendChild(pageLink("← Previous", page - 1, s, page, "prev"));
    var shown = [1, page - 2, page - 1, page, page + 1, page + 2, pages].filter(function (p, i, all) { return p >= 1 && p <= pages && all.indexOf(p) === i; }).sort(function (a, b) { return a - b; });
    var last = 0;
    shown.forEach(function (p) {
      if (p > last + 1) { var gap = document.createElement("li"); gap.textContent = "…"; gap.setAttribute("aria-hidden", "true"); ul.appendChild(gap); }
      ul.appendChild(pageLink(String(p), p, s, page, null));
      last = p;
    });
    if (page < pages) ul.appendChild(pageLink("Next →", page + 1, s, page, "next"));
    pager.appendChild(ul);
  }

  function showGrid(s) {
    view.hidden = true;
    summary.hidden = false;
    collection.hidden = false;
    document.title = baseTitle;
    var l = filtered(s);
    var pages = Math.max(1, Math.ceil(l.length / PAGE_SIZE));
    var page = Math.min(s.page, pages);
    if (focusRow !== null) {
      // Back from an item: show the page it is on, and put the focus on its tile.
      var at = l.indexOf(byRow.get(focusRow));
      var itsPage = at >= 0 ? Math.floor(at / PAGE_SIZE) + 1 : page;
      if (itsPage !== page) { navigate({ item: null, status: s.status, q: s.q, page: itsPage }, true); return; }
    }
    var start = (page - 1) * PAGE_SIZE;
    var slice = l.slice(start, start + PAGE_SIZE);
    var frag = document.createDocumentFragment();
    slice.forEach(function (it) { frag.appendChild(tile(it, s)); });
    grid.replaceChildren(frag);
    var all = l.length === items.length;
    count.textContent = l.length === 0 ? "No photos match." :
      "Showing " + (start + 1) + "–" + (start + slice.length) + " of " + l.length + (all ? " photos." : " matching photos (" + items.length + " in all).");
    renderPager(page, pages, s);
    if (focusRow !== null) {
      var t = grid.querySelector('a[data-row="' + focusRow + '"]');
      focusRow = null;
      if (t) { t.focus(); t.scrollIntoView({ block: "nearest" }); }
    } else if (focusGrid) {
      focusGrid = false;
      collectionTitle.focus();
    }
  }

  function showItem(s) {
    var it = byRow.get(s.item);
    var l = filtered(s);
    var at = l.indexOf(it);
    var seq = at === -1 ? items : l;
    if (at === -1) at = it.n;
    content.innerHTML = itemView(it.n);
    summary.hidden = true;
    collection.hidden = true;
    view.hidden = false;
    prevRow = at > 0 ? seq[at - 1].r : null;
    nextRow = at < seq.length - 1 ? seq[at + 1].r : null;
    prevButton.disabled = prevRow === null;
    nextButton.disabled = nextRow === null;
    position.textContent = (at + 1) + " of " + seq.length;
    document.title = (it.t || it.i || ("Row " + it.r)) + " — " + baseTitle;
    window.scrollTo(0, 0);
    var heading = content.querySelector("h2");
    if (heading) heading.focus();
  }

  function render() {
    var s = readHash();
    if (s.item !== null && lastView === "grid") openedFromGrid = true;
    if (s.item === null && lastView === "item") focusRow = current.item;
    if (s.item === null) openedFromGrid = false;
    current = s;
    if (document.activeElement !== search && search.value !== s.q) search.value = s.q;
    var radio = document.querySelector('input[name="status"][value="' + s.status + '"]');
    if (radio) radio.checked = true;
    lastView = s.item !== null ? "item" : "grid";
    if (s.item !== null) showItem(s); else showGrid(s);
  }

  function moveTo(row) {
    if (row !== null) navigate({ item: row, status: current.status, q: current.q, page: 1 }, true);
  }

  function closeItem() {
    if (openedFromGrid) { history.back(); return; }
    navigate({ item: null, status: current.status, q: current.q, page: 1 }, false);
  }

  window.addEventListener("hashchange", render);
  prevButton.addEventListener("click", function () { moveTo(prevRow); });
  nextButton.addEventListener("click", function () { moveTo(nextRow); });
  back.addEventListener("click", function (e) { e.preventDefault(); closeItem(); });
  document.addEventListener("keydown", function (e) {
    if (view.hidden || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    if (e.key === "Escape") { e.preventDefault(); closeItem(); }
    else if (e.key === "ArrowLeft" && prevRow !== null) { e.preventDefault(); moveTo(prevRow); }
    else if (e.key === "ArrowRight" && nextRow !== null) { e.preventDefault(); moveTo(nextRow); }
  });
  var typing = 0;
  search.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { navigate({ item: null, status: current.status, q: search.value, page: 1 }, true); }, 150);
  });
  $("controls").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(typing);
    navigate({ item: null, status: current.status, q: search.value, page: 1 }, true);
  });
  document.querySelectorAll('input[name="status"]').forEach(function (radio) {
    radio.addEventListener("change", function () { navigate({ item: null, status: radio.value, q: current.q, page: 1 }, false); });
  });
  summary.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#status="]');
    if (a) focusGrid = true;
  });
  $("skip").addEventListener("click", function (e) { e.preventDefault(); collectionTitle.focus(); });
  render();
})();
`;

/**
 * Catalogue text is text. Collection systems write angle brackets that are not HTML: LSH
 * exports separate paragraphs with `<!>`, classification codes read `Arkitektur<Ic>`, and
 * comments `<!-- … -->` survive from older systems. An HTML sanitizer would take `<!>` for a
 * markup declaration and silently delete everything up to the next one, and lower-case `<Ic>`.
 * So before sanitizing, every `<…>` that is not a real HTML element is escaped and shows on
 * Flickr exactly as the catalogue wrote it; real HTML is left for the sanitizer to judge.
 */

/** Element names of HTML (WHATWG, with common obsolete ones): only these are markup. */
const HTML_ELEMENTS = new Set(
  (
    "a abbr acronym address area article aside audio b base basefont bdi bdo big blink blockquote body br button canvas caption center cite code col colgroup " +
    "data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header " +
    "hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav nobr noembed noframes noscript object ol " +
    "optgroup option output p param picture plaintext pre progress q rp rt ruby s samp script search section select slot small source span strike strong " +
    "style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp"
  ).split(" "),
);

const ANGLED = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)\/?>|<[!?][^<>]*>/g;

/**
 * Whether a tag name is HTML as written: a known element in lower case or (old HTML) all
 * capitals. A single capital (`<B>`, `<I>`) is also a classification code, so it counts as
 * HTML only when its closing tag appears too.
 */
function isHtmlName(name: string, text: string): boolean {
  const lower = name.toLowerCase();
  if (!HTML_ELEMENTS.has(lower)) return false;
  if (name === lower) return true;
  if (name !== name.toUpperCase()) return false;
  return name.length > 1 || text.includes(`</${name}>`);
}

/**
 * Escape every `<…>` in `text` that is not an HTML element (`<!>`, `<Ic>`, `<!-- x -->`,
 * `<?xml?>`), keeping its case and content. Real elements (`<b>`, `<a href>`, `<table>`) are
 * left for the sanitizer.
 */
export function escapeCatalogueMarkup(text: string): string {
  return text.replace(ANGLED, (match: string, _slash: string | undefined, name: string | undefined) =>
    name !== undefined && isHtmlName(name, text) ? match : match.replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  );
}

/**
 * The picture shown for a row whose image cannot be shown (missing, outside the collection,
 * corrupt, not an image…): an SVG that says why, as a data: URI so it needs no file and no
 * network. The reason is also the image's alt text and is written beside it in the item view.
 */

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** Words into lines of at most `width` characters (a longer word gets a line of its own, cut). */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const piece = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line ? `${line} ${piece}` : piece;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

/** The SVG document of a placeholder (4:3, readable at thumbnail size). */
export function placeholderSvg(reason: string): string {
  const lines = wrapText(reason, 30, 5);
  const top = 150 - (lines.length - 1) * 9;
  const text = lines.map((l, i) => `<text x="160" y="${top + i * 19}">${escapeXml(l)}</text>`).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">` +
    `<rect width="320" height="240" fill="#f3f0ea"/>` +
    `<rect x="8" y="8" width="304" height="224" fill="none" stroke="#b3261e" stroke-width="2" stroke-dasharray="8 6"/>` +
    // A picture frame crossed out: "no picture", without words.
    `<g fill="none" stroke="#8a4b45" stroke-width="3"><rect x="136" y="40" width="48" height="38" rx="3"/><path d="M140 74l13-14 9 9 7-6 11 11M130 34l60 50"/></g>` +
    `<g font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="15" fill="#3b2a28" text-anchor="middle">` +
    `<text x="160" y="${top - 26}" font-weight="700">No image</text>${text}</g></svg>`
  );
}

/** The placeholder as a data: URI for an `<img src>`. */
export function placeholderDataUri(reason: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(placeholderSvg(reason))}`;
}

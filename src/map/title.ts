/**
 * The photo title, from `settings.templates.title` (default `{title}`).
 *
 * A title is one line. A title template may have several lines: **the first line whose fields
 * are all filled is the title**, so later lines are fallbacks:
 *
 *     {title}, {place}
 *     {title}
 *     {identifier}
 *
 * Flickr titles are plain text, so HTML tags in the result are removed (with an HTML_ESCAPED
 * warning) and character entities decoded (`&amp;` → `&`, `&#246;` → `ö`) — catalogue exports
 * from web systems carry both; control characters become spaces,
 * runs of whitespace one space. An empty title is a TITLE_MISSING error.
 */
import { error, warning, type Issue } from "../issues.js";
import { renderTemplate } from "./template.js";

/** The title template when settings.templates.title is not set. */
export const DEFAULT_TITLE_TEMPLATE = "{title}";

/** Input of `mapTitle`. */
export interface MapTitleInput {
  /** `settings.templates.title`; undefined means `{title}`. */
  template?: string;
  /** The row's template values (see template-values.ts). */
  values: Record<string, string>;
}

/** Result of `mapTitle`. */
export interface TitleResult {
  /** Plain text; "" when missing (with a TITLE_MISSING error). */
  title: string;
  issues: Issue[];
}

const TAG = /<\/?[A-Za-z][^<>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : Number(code.slice(1));
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** Trim, turn control characters into spaces and collapse whitespace. */
export function normalizeTitleText(text: string): string {
  return text.replace(/\p{Cc}/gu, " ").replace(/\s+/g, " ").trim();
}

/** Build the title of one row. */
export function mapTitle(input: MapTitleInput): TitleResult {
  const template = input.template ?? DEFAULT_TITLE_TEMPLATE;
  const issues: Issue[] = [];
  let title = "";
  for (const line of template.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") continue;
    const rendered = renderTemplate(line, input.values);
    issues.push(...rendered.issues);
    title = normalizeTitleText(rendered.text);
    if (title !== "") break;
  }

  const tags = title.match(TAG);
  if (tags) {
    const plain = normalizeTitleText(decodeEntities(title.replace(TAG, "")));
    issues.push(
      warning("HTML_ESCAPED", {
        field: "title",
        value: title,
        message: `Flickr titles are plain text: ${[...new Set(tags)].join(", ")} removed (${JSON.stringify(plain)})`,
        hint: "Remove the markup from the catalogue title or the title template; use the description for italics or links.",
      }),
    );
    title = plain;
  } else {
    title = normalizeTitleText(decodeEntities(title));
  }

  if (title === "") {
    issues.push(
      error("TITLE_MISSING", {
        field: "title",
        value: "",
        message: "The title is empty",
        hint: 'Fill the title column, set defaults.title in the settings, or use a title template with a fallback line, e.g. "{title}\\n{identifier}" (the first line whose fields are all filled is used).',
      }),
    );
  }
  return { title, issues };
}

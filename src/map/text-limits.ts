/**
 * Length limits on the text sent to Flickr. Flickr documents none, but a 60 MB description was
 * accepted by the pipeline (2.2 GB peak) and a 3 MB title broke the copy's embedded metadata;
 * a catalogue field that long is an export error, so it is reported on the row, on its field,
 * before anything is made or sent. Both limits are settings (`limits`).
 */
import { error, type Issue } from "../issues.js";

export interface TextLimits {
  /** Longest title in characters (code points). */
  title_length: number;
  /** Longest description in bytes of UTF-8. */
  description_bytes: number;
}

/** The first characters of a long value, for the report (never the whole text). */
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length <= 80 ? text : `${chars.slice(0, 80).join("")}… (${chars.length} characters)`;
}

/** TITLE_TOO_LONG / DESCRIPTION_TOO_LONG for a mapped title and description. */
export function checkTextLimits(title: string, description: string, limits: TextLimits): Issue[] {
  const issues: Issue[] = [];
  const titleChars = [...title].length;
  if (titleChars > limits.title_length) {
    issues.push(
      error("TITLE_TOO_LONG", {
        field: "title",
        value: excerpt(title),
        message: `The title has ${titleChars} characters, more than the limit of ${limits.title_length}`,
        hint: "Shorten the catalogue title (or the title template); put the full text in the description. The limit is limits.title_length in the settings.",
      }),
    );
  }
  const descriptionBytes = Buffer.byteLength(description, "utf8");
  if (descriptionBytes > limits.description_bytes) {
    issues.push(
      error("DESCRIPTION_TOO_LONG", {
        field: "description",
        value: excerpt(description),
        message: `The description is ${descriptionBytes} bytes long, more than the limit of ${limits.description_bytes}`,
        hint: "Check the export for a field that swallowed other rows (a stray quote) or a pasted document; shorten the text or raise limits.description_bytes.",
      }),
    );
  }
  return issues;
}

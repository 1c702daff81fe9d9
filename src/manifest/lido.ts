/**
 * LIDO (the museum exchange standard) records → flat rows, one per `lido:lido`, built from SAX
 * events so that a 100,000-record file is never held in memory: only the record being read is.
 *
 * Each row has columns named after the LIDO elements they come from; the obvious ones map to
 * canonical fields by default (`LIDO_COLUMNS`), the rest are kept for templates:
 * identifier (workID, else lidoRecID), title and description in the preferred language (and
 * `title.<lang>` for each language), creator, display date (and `earliestDate`/`latestDate`),
 * place, subjects, rights (`rightsWork` from rightsWorkSet, `rightsResource` and
 * `rightsHolder` from rightsResource), the record link and the resources' file names.
 */

/** Every column a LIDO row can have, and the canonical field it maps to by default (or null). */
export const LIDO_COLUMNS: Readonly<Record<string, string | null>> = {
  workID: "identifier",
  lidoRecID: null,
  recordID: null,
  title: "title",
  description: "description",
  creator: "creator",
  displayDate: "date",
  earliestDate: null,
  latestDate: null,
  place: "place",
  subjects: "tags",
  rightsWork: null,
  creditLine: null,
  rightsResource: "license",
  rightsHolder: null,
  recordRights: null,
  recordLink: "source_url",
  resources: null,
  resourceFile: "file",
};

/** One LIDO record as read: values by column; lists for subjects and resources. */
export type LidoRow = Record<string, string | string[]>;

interface EventState {
  type: string;
  actors: string[];
  dates: Map<string, string>;
  earliest: string;
  latest: string;
  places: string[];
}

/** What is collected while one `lido:lido` element is open. */
export class LidoRecordBuilder {
  lidoRecID = "";
  workID = "";
  recordID = "";
  titles = new Map<string, string>();
  descriptions = new Map<string, string>();
  events: EventState[] = [];
  subjects: string[] = [];
  rightsWork = "";
  creditLine = "";
  rightsResource = "";
  rightsHolder = "";
  recordRights = "";
  recordLink = "";
  resources: string[] = [];
  /** The event being read, if any. */
  event: EventState | null = null;

  openEvent(): void {
    this.event = { type: "", actors: [], dates: new Map(), earliest: "", latest: "", places: [] };
  }

  closeEvent(): void {
    if (this.event) this.events.push(this.event);
    this.event = null;
  }

  /** The row, with `language` preferred for multi-language values (else the first written). */
  build(language: string | undefined): LidoRow {
    const row: LidoRow = {};
    const set = (key: string, value: string) => {
      if (value.trim() !== "") row[key] = value.trim();
    };
    set("workID", this.workID || this.lidoRecID);
    set("lidoRecID", this.lidoRecID);
    set("recordID", this.recordID);
    set("title", pick(this.titles, language));
    for (const [lang, value] of this.titles) if (lang !== "") set(`title.${lang}`, value);
    set("description", pick(this.descriptions, language));
    for (const [lang, value] of this.descriptions) if (lang !== "") set(`description.${lang}`, value);
    // The creation (or production) event dates and authors the work; otherwise the first event.
    const event = this.events.find((e) => /creation|production|tillverkning|framställning|produktion/i.test(e.type)) ?? this.events[0];
    if (event) {
      set("creator", unique(event.actors).join("; "));
      set("displayDate", pick(event.dates, language));
      for (const [lang, value] of event.dates) if (lang !== "") set(`displayDate.${lang}`, value);
      set("earliestDate", event.earliest);
      set("latestDate", event.latest);
      set("place", unique(event.places)[0] ?? "");
    }
    if (this.subjects.length > 0) row["subjects"] = unique(this.subjects);
    set("rightsWork", this.rightsWork);
    set("creditLine", this.creditLine);
    set("rightsResource", this.rightsResource);
    set("rightsHolder", this.rightsHolder);
    set("recordRights", this.recordRights);
    set("recordLink", this.recordLink);
    if (this.resources.length > 0) row["resources"] = unique(this.resources);
    const file = this.resources.map(fileNameOf).find((f) => f !== null);
    if (file) set("resourceFile", file);
    return row;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
}

/** The value in `language`, else the one without a language, else the first. */
function pick(values: ReadonlyMap<string, string>, language: string | undefined): string {
  if (language !== undefined) {
    for (const [lang, value] of values) if (lang.toLowerCase() === language.toLowerCase() && value.trim() !== "") return value;
  }
  for (const value of values.values()) if (value.trim() !== "") return value;
  return "";
}

const IMAGE_FILE = /\.(tiff?|jpe?g|png|jp2|gif|webp|heic)$/i;

/** A resource link's file name when it names an image file (`bilder/NMK125.tif`, `…/x.jpg`). */
export function fileNameOf(link: string): string | null {
  const trimmed = link.trim();
  let path = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      path = decodeURIComponent(new URL(trimmed).pathname);
    } catch {
      return null;
    }
  }
  const name = path.split(/[\\/]/).pop() ?? "";
  return IMAGE_FILE.test(name) ? name : null;
}

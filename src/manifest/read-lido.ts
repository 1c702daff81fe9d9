/**
 * LIDO XML manifests (`.xml`), read as a stream with saxes: bytes → decodeChunks → SAX events →
 * one row per `lido:lido` record. Only the record being read is in memory, so a 100,000-record
 * export reads in constant memory (bench/lido.ts measures it). Element names are compared
 * without their prefix, so `lido:title` and a default-namespace `title` read the same.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { SaxesParser, type SaxesTag } from "saxes";
import { UserError } from "../errors.js";
import { error, type Issue } from "../issues.js";
import { collectionPath, loadSettings, requireCollection } from "../settings/load.js";
import { keyName, missingColumnIssues, resolveColumns, type ResolvedColumn } from "./columns.js";
import { decodeChunks, encodingIssues, encodingRefused, HEAD_BYTES, sniffEncoding, type EncodingDecision } from "./decode.js";
import { LIDO_COLUMNS, LidoRecordBuilder, type LidoRow } from "./lido.js";
import { buildStructuredRow } from "./read-structured.js";
import type { OpenedManifest, ReadRow } from "./types.js";
import type { CanonicalField } from "../fields.js";
import type { Settings } from "../settings/schema.js";

interface Frame {
  name: string;
  lang: string;
  type: string;
  pref: string;
  text: string;
}

const localName = (name: string): string => name.slice(name.indexOf(":") + 1);

/** The column aliases of a LIDO manifest: LIDO's defaults, unless the settings map something else to that field. */
export function lidoAliases(settings: Settings): Record<string, CanonicalField> {
  const claimed = new Set(Object.values(settings.columns));
  const out: Record<string, CanonicalField> = {};
  for (const [column, field] of Object.entries(LIDO_COLUMNS)) {
    if (field !== null && !claimed.has(field as CanonicalField)) out[column] = field as CanonicalField;
  }
  return { ...out, ...settings.columns };
}

/**
 * How LIDO's columns resolve: LIDO's defaults and the settings, plus any column the settings
 * name (`title.en`). A column named like a field (`title`) whose field the settings give to
 * another column is kept as an extra, so the two do not compete for the field.
 */
export function lidoColumns(settings: Settings): ResolvedColumn[] {
  const aliases = lidoAliases(settings);
  const names = [...new Set([...Object.keys(LIDO_COLUMNS), ...Object.keys(settings.columns)])];
  const claimed = new Map(Object.entries(settings.columns).map(([header, field]) => [field, header]));
  return resolveColumns(names, aliases).map((c) => {
    const owner = c.field === null ? undefined : claimed.get(c.field);
    return owner !== undefined && owner !== c.header ? { ...c, field: null, via: null } : c;
  });
}

/**
 * SAX handlers that turn LIDO into rows. `rows` collects finished records; the caller drains it
 * after each chunk written, which keeps memory to one chunk's worth of records.
 */
export function lidoParser(language: string | undefined, file: string): { parser: SaxesParser; rows: LidoRow[] } {
  const parser = new SaxesParser({ fileName: file });
  const rows: LidoRow[] = [];
  const stack: Frame[] = [];
  const open = new Map<string, number>();
  const has = (name: string) => (open.get(name) ?? 0) > 0;
  let record: LidoRecordBuilder | null = null;

  parser.on("opentag", (tag: SaxesTag) => {
    const name = localName(tag.name);
    const attr = (n: string): string | undefined => {
      for (const [k, v] of Object.entries(tag.attributes)) if (k === n || localName(k) === n) return typeof v === "string" ? v : v.value;
      return undefined;
    };
    const lang = attr("xml:lang") ?? stack[stack.length - 1]?.lang ?? "";
    stack.push({ name, lang, type: attr("type") ?? "", pref: attr("pref") ?? "", text: "" });
    open.set(name, (open.get(name) ?? 0) + 1);
    if (name === "lido") record = new LidoRecordBuilder();
    else if (name === "event" && record && has("eventSet") && !has("subjectWrap")) record.openEvent();
  });
  parser.on("text", (text) => {
    const top = stack[stack.length - 1];
    if (top && record) top.text += text;
  });
  parser.on("cdata", (text) => {
    const top = stack[stack.length - 1];
    if (top && record) top.text += text;
  });
  parser.on("closetag", () => {
    const frame = stack.pop()!;
    open.set(frame.name, (open.get(frame.name) ?? 1) - 1);
    if (!record) return;
    if (frame.name === "lido") {
      rows.push(record.build(language));
      record = null;
      return;
    }
    const parent = stack[stack.length - 1]?.name ?? "";
    onElement(record, frame, parent, has, stack);
  });
  parser.on("error", (err) => {
    throw new UserError(`Cannot parse ${file}: XML syntax error: ${err.message}.`, {
      code: "MANIFEST_PARSE",
      hint: "The file is not well-formed XML at that point; export it again, or fix the markup there.",
    });
  });
  return { parser, rows };
}

/** One closed element inside a record: where it sits decides which column it fills. */
function onElement(r: LidoRecordBuilder, f: Frame, parent: string, has: (n: string) => boolean, stack: readonly Frame[]): void {
  const text = f.text.replace(/\s+/g, " ").trim();
  if (text === "" && f.name !== "event") return;
  const ev = r.event;
  if (f.name === "event" && ev) return r.closeEvent();
  if (has("subjectWrap")) {
    if ((f.name === "term" && has("subjectConcept")) || (f.name === "appellationValue" && !has("partOfPlace") && (has("subjectActor") || has("subjectPlace") || has("subjectObject")))) {
      r.subjects.push(text);
    }
    return;
  }
  if (ev) {
    if (f.name === "term" && parent === "eventType") ev.type ||= text;
    else if (f.name === "appellationValue" && has("nameActorSet") && has("eventActor")) ev.actors.push(text);
    else if (f.name === "displayDate" && has("eventDate")) setOnce(ev.dates, f.lang, text);
    else if (f.name === "earliestDate") ev.earliest ||= text;
    else if (f.name === "latestDate") ev.latest ||= text;
    else if (f.name === "displayPlace" && has("eventPlace")) ev.places.push(text);
    else if (f.name === "appellationValue" && has("eventPlace") && has("namePlaceSet") && !has("partOfPlace")) ev.places.push(text);
    return;
  }
  switch (f.name) {
    case "lidoRecID":
      r.lidoRecID ||= text;
      return;
    case "workID":
      if (!stack.some((s) => s.name === "repositorySet" && s.type === "former")) r.workID ||= text;
      return;
    case "appellationValue":
      if (has("titleSet")) setOnce(r.titles, f.lang, text);
      else if (has("rightsHolder") && has("rightsResource")) r.rightsHolder ||= text;
      return;
    case "descriptiveNoteValue":
      if (has("objectDescriptionSet")) setOnce(r.descriptions, f.lang, text);
      return;
    case "term":
      if (parent !== "rightsType") return;
      if (has("rightsWorkSet")) r.rightsWork ||= text;
      else if (has("rightsResource")) r.rightsResource = f.pref === "preferred" || r.rightsResource === "" ? text : r.rightsResource;
      else if (has("recordRights")) r.recordRights ||= text;
      return;
    case "creditLine":
      if (has("rightsWorkSet")) r.creditLine ||= text;
      return;
    case "recordID":
      r.recordID ||= text;
      return;
    case "recordInfoLink":
      r.recordLink ||= text;
      return;
    case "linkResource":
      r.resources.push(text);
      return;
  }
}

function setOnce(map: Map<string, string>, lang: string, value: string): void {
  if (!map.has(lang)) map.set(lang, value);
}

const READ_CHUNK_BYTES = 64 * 1024;

/** The records of a LIDO file, one at a time. Stopping early (break) closes the file. */
export async function* readLidoRows(path: string, decision: EncodingDecision, language: string | undefined): AsyncGenerator<LidoRow> {
  const { parser, rows } = lidoParser(language, path);
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of decodeChunks(stream, decision, path)) {
      parser.write(chunk);
      while (rows.length > 0) yield rows.shift()!;
    }
    parser.close();
    while (rows.length > 0) yield rows.shift()!;
  } finally {
    stream.destroy();
  }
}

async function readHead(path: string): Promise<{ bytes: Uint8Array; complete: boolean }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (err) {
    throw new UserError(`Cannot read the manifest ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, { code: "MANIFEST_UNREADABLE", cause: err });
  }
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), complete: bytesRead >= (await handle.stat()).size };
  } finally {
    await handle.close();
  }
}

/** Open a LIDO manifest: settings from the sidecar, the first record read to check the file is LIDO. */
export async function openLidoManifest(path: string): Promise<OpenedManifest> {
  const head = await readHead(path);
  const sniffed = sniffEncoding(head.bytes, head.complete);
  if (!sniffed.ok) throw encodingRefused(path, sniffed.refusal);
  const decision = sniffed.decision;
  const { settings, settingsPath } = await loadSettings(path);
  const language = settings.language;
  let first: LidoRow | null = null;
  for await (const row of readLidoRows(path, decision, language)) {
    first = row;
    break;
  }
  const names = Object.keys(LIDO_COLUMNS);
  const columns = lidoColumns(settings);
  const byKey = new Map<string, ResolvedColumn>(columns.map((c) => [c.header, c]));
  const issues: Issue[] = [...encodingIssues(decision, path)];
  if (first === null) {
    issues.push(
      error("MANIFEST_EMPTY", {
        message: `${path} has no LIDO records (no <lido:lido> element).`,
        hint: "heritage reads LIDO XML (<lido:lidoWrap> with one <lido:lido> per object); other XML needs converting to CSV or JSON.",
      }),
    );
  } else {
    issues.push(...missingColumnIssues(columns, settings.defaults).map((i) => ({ ...i, message: `${i.message} (LIDO column ${keyName(byKey.get(i.field ?? "") ?? columns[0]!)})` })));
  }
  const collection = collectionPath(path, settings);
  await requireCollection(collection, path, settingsPath);
  return {
    source: { path, format: "lido", collection, settings, settingsPath, issues, encoding: decision.encoding, columns: names },
    async *rows(): AsyncGenerator<ReadRow> {
      let n = 0;
      for await (const row of readLidoRows(path, decision, language)) yield buildStructuredRow(++n, row, byKey);
    },
  };
}

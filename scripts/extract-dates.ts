/**
 * Extract the real date expressions of catalogue exports, for measuring the date grammar.
 *
 *   npx tsx scripts/extract-dates.ts <folder> [--out file] [--per-shape N]
 *
 * Walks <folder> and reads, by file type:
 * - LIDO XML: every `lido:displayDate` (with its language), with the event's machine
 *   `earliestDate`/`latestDate` as the check range;
 * - K-samsök RDF/XML: `pres:timeLabel`, checked against the record's `fromTime`/`toTime`;
 * - JSON: string values under keys that name a date (`date`, `datering`, `dating`, `period`,
 *   `year`, `årtal`, `tillkomsttid`), `fromTime`/`toTime` pairs written as "from - to" (checked
 *   against themselves), and in free-text descriptions only lines labelled as a date
 *   (`Tillktid:`, `Tillkomsttid:`, `Datering:`) and German "um <year>";
 * - CSV/TSV/pipe tables (UTF-8 or UTF-16): the columns whose header names a date (`Datering`,
 *   `*DatierungS` in LSH's exports), checked against `*JahrVonL`/`*JahrBisL` when the table has
 *   them; in LSH's artist datings, the remark (`*BemerkungS`) of an approximate dating is the date
 *   as the cataloguer wrote it ("1800-t mitt", "1775-1800 c") and is taken too.
 *
 * `--per-shape N` keeps, per source of more than 500 rows, the N most frequent values of each shape (digits read as
 * 9: "1828-01-01 - 1853-12-31" and "1740-01-01 - 1800-01-01" are one shape), so a large export
 * becomes a small fixture that still holds every way it writes a date.
 *
 * Output: one distinct (source, value) per line, `count<TAB>source<TAB>value<TAB>earliest<TAB>latest`
 * (the check range empty when the source has none), sorted by source then value.
 * Run by hand; the project never reads the folder at run time.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

interface Found {
  source: string;
  value: string;
  earliest: string;
  latest: string;
}

const DATE_KEY = /(^|[_:.\s-])(date|dates|datering|dating|period|year|årtal|tillkomsttid|displaydate|timelabel)$/i;
const LABELLED = /^\s*\*?\s*(?:tillktid|tillkomsttid|datering|dating)\s*:\s*(.+?)\s*$/i;
const UM_YEAR = /\b([Uu]m \d{4})\b/g;

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

function fromLido(text: string, source: string, out: Found[]): void {
  for (const event of text.match(/<lido:eventDate>[\s\S]*?<\/lido:eventDate>/g) ?? []) {
    const earliest = /<lido:earliestDate>([^<]*)</.exec(event)?.[1] ?? "";
    const latest = /<lido:latestDate>([^<]*)</.exec(event)?.[1] ?? "";
    for (const m of event.matchAll(/<lido:displayDate(?:\s+xml:lang="(\w+)")?>([^<]*)</g)) {
      out.push({ source: `${source} displayDate${m[1] ? `@${m[1]}` : ""}`, value: decodeXml(m[2]!), earliest, latest });
    }
  }
}

function fromKsamsok(text: string, source: string, out: Found[]): void {
  // Each record's presentation block comes before its RDF context: pair them in order.
  const labels = [...text.matchAll(/<pres:timeLabel>([^<]*)</g)].map((m) => decodeXml(m[1]!));
  const froms = [...text.matchAll(/<\w+:fromTime>([^<]*)</g)].map((m) => m[1]!);
  const tos = [...text.matchAll(/<\w+:toTime>([^<]*)</g)].map((m) => m[1]!);
  labels.forEach((value, i) => out.push({ source: `${source} pres:timeLabel`, value, earliest: froms[i] ?? "", latest: tos[i] ?? "" }));
}

function fromJson(node: unknown, source: string, out: Found[], key = ""): void {
  if (Array.isArray(node)) {
    for (const child of node) fromJson(child, source, out, key);
    return;
  }
  if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    const entries = Object.entries(record);
    const from = entries.find(([k]) => /(^|:)fromTime$/.test(k))?.[1];
    const to = entries.find(([k]) => /(^|:)toTime$/.test(k))?.[1];
    if (typeof from === "string" && typeof to === "string") {
      out.push({ source: `${source} fromTime - toTime`, value: `${from} - ${to}`, earliest: from, latest: to });
    }
    for (const [k, v] of entries) if (!/(^|:)(fromTime|toTime)$/.test(k)) fromJson(v, source, out, k);
    return;
  }
  if (typeof node !== "string" || node.trim() === "" || node === "null") return;
  if (DATE_KEY.test(key)) {
    out.push({ source: `${source} ${key}`, value: node, earliest: "", latest: "" });
    return;
  }
  if (/description/i.test(key)) {
    for (const line of node.split(/\r?\n/)) {
      const labelled = LABELLED.exec(line);
      if (labelled) out.push({ source: `${source} ${key} (labelled line)`, value: labelled[1]!, earliest: "", latest: "" });
    }
    for (const m of node.matchAll(UM_YEAR)) out.push({ source: `${source} ${key} (um <year>)`, value: m[1]!, earliest: "", latest: "" });
  }
}

const TABLE_DATE = /^(datum|datering|date|tid)$|datierung|datering/i;

function fromTable(text: string, source: string, out: Found[]): void {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0];
  if (!header) return;
  const delimiter = ["\t", "|", ";", ","].find((d) => header.includes(d)) ?? ",";
  const columns = header.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));
  const find = (re: RegExp) => columns.findIndex((c) => re.test(c));
  const dated = columns.flatMap((c, i) => (DATE_KEY.test(c) || TABLE_DATE.test(c) ? [i] : []));
  const [from, to, kind, remark] = [find(/jahrvon|earliest/i), find(/jahrbis|latest/i), find(/arts$/i), find(/bemerkung/i)];
  for (const line of lines.slice(1)) {
    const cells = line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));
    const [earliest, latest] = [cells[from] ?? "", cells[to] ?? ""];
    for (const i of dated) {
      if (cells[i]) out.push({ source: `${source} ${columns[i]}`, value: cells[i]!, earliest, latest });
    }
    if (remark >= 0 && cells[remark] && /ungefärlig|approximati/i.test(cells[kind] ?? "")) {
      out.push({ source: `${source} ${columns[remark]} (approximate dating)`, value: cells[remark]!, earliest, latest });
    }
  }
}

function readAny(path: string, source: string, out: Found[]): void {
  const buffer = readFileSync(path);
  const text = buffer[0] === 0xff && buffer[1] === 0xfe ? buffer.toString("utf16le") : buffer.toString("utf8");
  if (/\.xml$/i.test(path)) {
    if (text.includes("lido:")) fromLido(text, source, out);
    else if (text.includes("pres:timeLabel")) fromKsamsok(text, source, out);
  } else if (/\.json$/i.test(path)) fromJson(JSON.parse(text), source, out);
  else if (/\.(csv|tsv|txt)$/i.test(path)) fromTable(text, source, out);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every date expression under `folder`, counted per (source, value). */
export function extractDates(folder: string): (Found & { count: number })[] {
  const found: Found[] = [];
  for (const path of walk(folder).sort()) {
    // LIDO files hold one record each: the folder names the collection, not the record.
    const source = relative(folder, path).replace(/Item_\d+\.xml$/, "*.xml");
    readAny(path, source, found);
  }
  const counted = new Map<string, Found & { count: number }>();
  for (const f of found) {
    const key = [f.source, f.value, f.earliest, f.latest].join("\t");
    const known = counted.get(key);
    if (known) known.count++;
    else counted.set(key, { ...f, count: 1 });
  }
  return [...counted.values()].sort((a, b) => a.source.localeCompare(b.source) || a.value.localeCompare(b.value));
}

/** The `n` most frequent rows of each (source, shape); a source of at most 500 rows is kept whole. */
export function perShape<T extends Found & { count: number }>(rows: readonly T[], n: number): T[] {
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(row.source, (sizes.get(row.source) ?? 0) + 1);
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    if (sizes.get(row.source)! <= 500) continue;
    const key = `${row.source}\t${row.value.replace(/\d/g, "9")}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const kept = new Set([...groups.values()].flatMap((g) => [...g].sort((a, b) => b.count - a.count).slice(0, n)));
  return rows.filter((r) => kept.has(r) || sizes.get(r.source)! <= 500);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const folder = argv[0];
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const outPath = flag("--out");
  const shapes = flag("--per-shape");
  if (!folder || folder.startsWith("--")) {
    process.stderr.write("usage: npx tsx scripts/extract-dates.ts <folder> [--out file] [--per-shape N]\n");
    process.exit(2);
  }
  const all = extractDates(folder);
  const rows = shapes ? perShape(all, Number(shapes)) : all;
  const text =
    `# Real catalogue date expressions, extracted by scripts/extract-dates.ts from public exports\n` +
    `# (see test/fixtures/dates/README.md for the sources and licences).\n` +
    `# count<TAB>source<TAB>value<TAB>earliest<TAB>latest (the source's own machine range, when it has one)\n` +
    rows.map((r) => [r.count, r.source, r.value.replace(/[\t\n]/g, " "), r.earliest, r.latest].join("\t")).join("\n") +
    "\n";
  if (outPath) writeFileSync(outPath, text);
  else process.stdout.write(text);
}

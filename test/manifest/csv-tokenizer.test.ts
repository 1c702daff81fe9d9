/**
 * The CSV tokenizer (issue 12) must read CSV exactly as csv-parse did with heritage's options:
 * same records, same line numbers, same error codes. Compared on hand-picked inputs and on
 * thousands of generated ones, each fed whole and cut into pieces at random places.
 */
import test from "ava";
import { parse } from "csv-parse/sync";
import { CsvError } from "csv-parse";
import { CsvSyntaxError, CsvTokenizer } from "../../src/manifest/csv-tokenizer.js";

const MAX = 4 * 1024 * 1024;

type Outcome = { records: { cells: string[]; line: number }[]; error: string | null };

/** The error as heritage uses it: its code, and its line where a message shows it (an unclosed quote is reported by the row where it starts). */
const errorOf = (err: CsvError | CsvSyntaxError) => (err.code === "CSV_QUOTE_NOT_CLOSED" ? err.code : `${err.code}@${String(Reflect.get(err, "lines"))}`);

function byCsvParse(text: string, delimiter: string): Outcome {
  const records: Outcome["records"] = [];
  try {
    const out: unknown[] = parse(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, trim: true, skip_empty_lines: false, max_record_size: MAX, info: true });
    for (const entry of out) {
      const { record, info } = entry as { record: string[]; info: { lines: number } };
      records.push({ cells: record, line: info.lines });
    }
    return { records, error: null };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return { records: [], error: errorOf(err) };
  }
}

function byTokenizer(pieces: string[], delimiter: string): Outcome {
  const records: Outcome["records"] = [];
  const tokenizer = new CsvTokenizer(delimiter, MAX);
  try {
    pieces.forEach((p, k) => tokenizer.feed(p, k === pieces.length - 1, (cells, line) => records.push({ cells, line })));
    return { records, error: null };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { records: [], error: errorOf(err) };
  }
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cut(text: string, rnd: () => number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const len = 1 + Math.floor(rnd() * 6);
    pieces.push(text.slice(at, at + len));
    at += len;
  }
  return pieces.length ? pieces : [""];
}

const CASES = [
  "",
  "a,b,c",
  "a,b,c\n",
  "a,b\r\nc,d\r\n",
  "a,b\rc,d\r",
  "\n\n a , b \n",
  '"a ""quoted"" word",b\n',
  '  "x"  , "y"\t,z\n',
  '"multi\r\nline\nand\rmore",x\r\n',
  '"unclosed,a\nb\n',
  '"a"b,c\n',
  '"a" "b"\n',
  'a"b"c,"d"\n',
  '"",""\n"""",x',
  "   \n",
  "   ",
  "a,\u00a0b\u00a0,c \f\n",
  '"a"\u00a0,b\n',
  "\ufeffa,b\n",
  'x,"a""',
  'x,""',
];

test("hand-picked inputs: the same records, lines and errors as csv-parse, whole and in pieces", (t) => {
  const rnd = random(7);
  for (const text of CASES) {
    for (const delimiter of [",", ";", "\t"]) {
      const expected = byCsvParse(text, delimiter);
      t.deepEqual(byTokenizer([text], delimiter), expected, JSON.stringify({ text, delimiter }));
      for (let k = 0; k < 20; k++) t.deepEqual(byTokenizer(cut(text, rnd), delimiter), expected, JSON.stringify({ text, delimiter, k }));
    }
  }
});

test("generated inputs from an alphabet of quotes, delimiters, line breaks and spaces: the same as csv-parse", (t) => {
  const rnd = random(12);
  const alphabet = ['"', '"', ",", ";", "\t", "\r", "\n", "\r\n", " ", "\f", "a", "b", "å", "\u00a0", "x y"];
  let compared = 0;
  for (let n = 0; n < 4000; n++) {
    const length = Math.floor(rnd() * 24);
    let text = "";
    for (let k = 0; k < length; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
    const delimiter = [",", ";", "\t"][n % 3]!;
    const expected = byCsvParse(text, delimiter);
    const got = byTokenizer(cut(text, rnd), delimiter);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      t.deepEqual(got, expected, JSON.stringify({ text, delimiter }));
      return;
    }
    compared++;
  }
  t.is(compared, 4000);
});

test("a record longer than the limit is CSV_MAX_RECORD_SIZE", (t) => {
  const tokenizer = new CsvTokenizer(",", 100);
  const err = t.throws(() => tokenizer.feed(`"${"x".repeat(200)}`, false, () => undefined));
  t.is((err as CsvSyntaxError).code, "CSV_MAX_RECORD_SIZE");
});

/**
 * A CSV tokenizer on decoded text, with exactly the rules heritage reads CSV by (csv-parse with
 * relax_quotes, relax_column_count, trim, record delimiters CRLF / LF / CR, no comments): the
 * same records, the same line numbers and the same errors (csv-parse's error codes); a test checks it
 * against csv-parse on thousands of generated inputs and chunkings.
 *
 * Why not csv-parse itself: it walks the UTF-8 bytes one by one through several method calls per
 * byte, which was the largest single cost of a 100,000-row sync that skips unchanged rows
 * (issue 12). This one slices whole runs of text between delimiters.
 *
 * The rules: a field that starts (after spaces, tabs or form feeds) with a double quote is
 * quoted: "" inside it is one quote, line breaks are kept, and only spaces, tabs or form feeds
 * may follow its closing quote. Anywhere else a double quote is text. Unquoted fields lose the
 * whitespace around them.
 */
const CR = 13;
const LF = 10;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const FF = 12;

/** Records found in one piece of text: cells, and the line on which each record ends (1-based). */
export type RecordSink = (cells: string[], line: number) => void;

/** A syntax error, with csv-parse's code and the line it was found on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE" | "CSV_QUOTE_NOT_CLOSED" | "CSV_MAX_RECORD_SIZE",
    message: string,
    readonly lines: number,
  ) {
    super(`${message} (line ${lines})`);
  }
}

function syntaxError(code: CsvSyntaxError["code"], message: string, lines: number): CsvSyntaxError {
  return new CsvSyntaxError(code, message, lines);
}

/** Line breaks inside quoted text, counted as csv-parse counts them (CR and LF each one). */
function breaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === LF || c === CR) n++;
  }
  return n;
}

export class CsvTokenizer {
  private field = "";
  /** The field has text (or a quote opened it): leading spaces are no longer skipped. */
  private started = false;
  private quoting = false;
  /** A quoted field was closed: only spaces, tabs or form feeds may come before the delimiter. */
  private closed = false;
  private record: string[] = [];
  private recordLength = 0;
  private lines = 1;
  /** A CR or a quote at the end of a piece waits for the next one (CRLF, "" and a closing quote need to see the next character). */
  private carry = "";
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly maxRecordLength: number,
  ) {
    if (delimiter.length !== 1) throw new Error(`the CSV tokenizer takes a one-character delimiter, not ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Tokenize the next piece of text (`end`: it is the last); each complete record goes to `sink`. Throws a CsvSyntaxError. */
  feed(text: string, end: boolean, sink: RecordSink): void {
    const s = this.carry + text;
    const n = s.length;
    const last = n > 0 ? s.charCodeAt(n - 1) : -1;
    const limit = !end && (last === CR || last === QUOTE) ? n - 1 : n;
    let i = 0;
    while (i < limit) i = this.quoting ? this.quoted(s, i, limit, end) : this.unquoted(s, i, limit, sink);
    this.carry = i < n ? s.slice(i) : "";
    if (this.recordLength + this.field.length > this.maxRecordLength) throw syntaxError("CSV_MAX_RECORD_SIZE", "Max Record Size", this.lines);
    if (!end) return;
    if (this.quoting) throw syntaxError("CSV_QUOTE_NOT_CLOSED", "Quote Not Closed", this.lines);
    if (this.closed || this.record.length > 0 || this.started) {
      this.endField();
      this.endRecord(sink);
    }
  }

  /** Inside quotes from `i`: up to the next quote, and what that quote means. */
  private quoted(s: string, i: number, limit: number, end: boolean): number {
    if (this.closed) return this.requoted(s, i, limit, end);
    const q = s.indexOf('"', i);
    if (q < 0 || q >= limit) {
      this.lines += breaks(s, i, limit);
      this.field += s.slice(i, limit);
      return limit;
    }
    this.lines += breaks(s, i, q);
    this.field += s.slice(i, q);
    const next = q + 1 < s.length ? s.charCodeAt(q + 1) : -1;
    if (next === QUOTE) {
      this.field += '"';
      return q + 2;
    }
    if ((next === -1 && end) || next === this.delimiter || next === CR || next === LF || next === SPACE || next === TAB || next === FF) {
      this.quoting = false;
      this.closed = true;
      return q + 1;
    }
    throw syntaxError("CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE", "Invalid Closing Quote: found non trimable byte after quote", this.lines);
  }

  /**
   * csv-parse's reading of `"" "…`: a quote after an empty quoted field (and spaces) opens quotes
   * again, but as the field was closed, only spaces and line breaks may follow until a quote.
   */
  private requoted(s: string, i: number, limit: number, end: boolean): number {
    let k = i;
    for (; k < limit; k++) {
      const c = s.charCodeAt(k);
      if (c === QUOTE) break;
      if (c === CR || c === LF) this.lines++;
      else if (c !== SPACE && c !== TAB && c !== FF) throw syntaxError("CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE", "Invalid Closing Quote: found non trimable byte after quote", this.lines);
    }
    if (k >= limit) return limit;
    const next = k + 1 < s.length ? s.charCodeAt(k + 1) : -1;
    if ((next === -1 && end) || next === this.delimiter || next === CR || next === LF || next === SPACE || next === TAB || next === FF) {
      this.quoting = false;
      return k + 1;
    }
    throw syntaxError("CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE", "Invalid Closing Quote: found non trimable byte after quote", this.lines);
  }

  /** Outside quotes from `i`: a record or field end, skipped spaces, an opening quote, or a run of text. */
  private unquoted(s: string, i: number, limit: number, sink: RecordSink): number {
    const c = s.charCodeAt(i);
    if (c === CR || c === LF) {
      this.endField();
      this.endRecord(sink);
      this.lines++;
      return c === CR && i + 1 < s.length && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    }
    if (c === this.delimiter) {
      this.endField();
      return i + 1;
    }
    if (this.closed || !this.started) {
      if (c === SPACE || c === TAB || c === FF) return i + 1;
      if (this.closed && c === QUOTE && this.field === "") {
        this.quoting = true;
        return i + 1;
      }
      if (this.closed) throw syntaxError("CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE", "Invalid Closing Quote: found non trimable byte after quote", this.lines);
      this.started = true;
      if (c === QUOTE) {
        this.quoting = true;
        return i + 1;
      }
    }
    let j = i + 1;
    while (j < limit) {
      const d = s.charCodeAt(j);
      if (d === this.delimiter || d === CR || d === LF) break;
      j++;
    }
    this.field += s.slice(i, j);
    return j;
  }

  private endField(): void {
    const value = this.closed ? this.field : this.field.trimEnd();
    this.record.push(value);
    this.recordLength += value.length;
    this.field = "";
    this.started = false;
    this.closed = false;
    if (this.recordLength > this.maxRecordLength) throw syntaxError("CSV_MAX_RECORD_SIZE", "Max Record Size", this.lines);
  }

  private endRecord(sink: RecordSink): void {
    const cells = this.record;
    this.record = [];
    this.recordLength = 0;
    sink(cells, this.lines);
  }
}

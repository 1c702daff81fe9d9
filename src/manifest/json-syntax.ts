/**
 * Where a JSON text goes wrong. Node's JSON.parse often says only "Unexpected token '}' … is not
 * valid JSON", without a position; an archivist fixing a hand-edited file needs the line and
 * column. This is a small validating scanner (RFC 8259) used only after JSON.parse has failed.
 */

export interface JsonSyntaxError {
  /** 0-based character offset of the problem. */
  offset: number;
  /** What was expected there, in words. */
  message: string;
}

const MAX_DEPTH = 512;

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A recursive-descent scan that throws Stop at the first character that cannot be JSON. */
class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const text = this.text;
    while (this.i < text.length && (text[this.i] === " " || text[this.i] === "\t" || text[this.i] === "\n" || text[this.i] === "\r")) this.i++;
  }

  describe(at: number): string {
    return at >= this.text.length ? "the end of the file" : `“${this.text[at]}”`;
  }

  string(): void {
    const text = this.text;
    const start = this.i;
    this.i++; // opening quote
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return;
      }
      if (c < 0x20) throw new Stop(this.i, "a line break or control character inside a string (write a line break as \\n)");
      if (c === 0x5c) this.escape();
      else this.i++;
    }
    throw new Stop(start, "a string that is never closed with a double quote");
  }

  /** A backslash escape inside a string, at `i`. */
  escape(): void {
    const e = this.text[this.i + 1];
    if (e === "u") {
      if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) throw new Stop(this.i, "\\u must be followed by four hex digits");
      this.i += 6;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
    else throw new Stop(this.i, `an unknown escape “\\${e ?? ""}” (a backslash in text is written \\\\)`);
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === "-") throw new Stop(this.i, `expected a value, but found ${this.describe(this.i)}`);
    this.i += m[0].length;
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw new Stop(this.i, `values nested more than ${MAX_DEPTH} levels deep`);
    this.ws();
    const c = this.text[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    if (c === "'") throw new Stop(this.i, "single quotes: JSON needs double quotes around text");
    throw new Stop(this.i, `expected a value (text in double quotes, a number, true, false, null, an object or a list), but found ${this.describe(this.i)}`);
  }

  /** After an item: true when `close` ends the container, false after a comma; else the error `expected`. */
  next(close: "}" | "]", expected: string): boolean {
    this.ws();
    if (this.text[this.i] === ",") {
      this.i++;
      return false;
    }
    if (this.text[this.i] === close) {
      this.i++;
      return true;
    }
    throw new Stop(this.i, `${expected}, but found ${this.describe(this.i)}`);
  }

  /** An empty container at `i`: consumes its closing bracket. */
  empty(close: "}" | "]"): boolean {
    this.i++;
    this.ws();
    if (this.text[this.i] !== close) return false;
    this.i++;
    return true;
  }

  object(depth: number): void {
    if (this.empty("}")) return;
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') {
        const trailing = this.text[this.i] === "}";
        throw new Stop(this.i, trailing ? "a comma before “}”: JSON does not allow a trailing comma" : `expected a property name in double quotes, but found ${this.describe(this.i)}`);
      }
      this.string();
      this.ws();
      if (this.text[this.i] !== ":") throw new Stop(this.i, `expected “:” after the property name, but found ${this.describe(this.i)}`);
      this.i++;
      this.value(depth + 1);
      if (this.next("}", "expected “,” or “}” after a property value")) return;
    }
  }

  array(depth: number): void {
    if (this.empty("]")) return;
    for (;;) {
      this.ws();
      if (this.text[this.i] === "]") throw new Stop(this.i, "a comma before “]”: JSON does not allow a trailing comma");
      this.value(depth + 1);
      if (this.next("]", "expected “,” or “]” after a list item")) return;
    }
  }
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scan = new Scanner(text);
  try {
    if (text.charCodeAt(0) === 0xfeff) scan.i = 1;
    scan.value(0);
    scan.ws();
    if (scan.i < text.length) throw new Stop(scan.i, `expected the end of the file after the top-level value, but found ${scan.describe(scan.i)}`);
    return null;
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, message: err.reason };
    throw err;
  }
}

/** 1-based line and column of a character offset (a CRLF counts as one line break). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

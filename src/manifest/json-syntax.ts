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

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const describe = (at: number) => (at >= text.length ? "the end of the file" : `“${text[at]}”`);
  const string = () => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, "a line break or control character inside a string (write a line break as \\n)");
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, "\\u must be followed by four hex digits");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, `an unknown escape “\\${e ?? ""}” (a backslash in text is written \\\\)`);
      } else i++;
    }
    throw new Stop(start, "a string that is never closed with a double quote");
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "-") throw new Stop(i, `expected a value, but found ${describe(i)}`);
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Stop(i, `values nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const c = text[i];
    if (c === "{") return object(depth);
    if (c === "[") return array(depth);
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    if (c === "'") throw new Stop(i, "single quotes: JSON needs double quotes around text");
    throw new Stop(i, `expected a value (text in double quotes, a number, true, false, null, an object or a list), but found ${describe(i)}`);
  };
  const object = (depth: number) => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        const trailing = text[i] === "}";
        throw new Stop(i, trailing ? "a comma before “}”: JSON does not allow a trailing comma" : `expected a property name in double quotes, but found ${describe(i)}`);
      }
      string();
      ws();
      if (text[i] !== ":") throw new Stop(i, `expected “:” after the property name, but found ${describe(i)}`);
      i++;
      value(depth + 1);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      throw new Stop(i, `expected “,” or “}” after a property value, but found ${describe(i)}`);
    }
  };
  const array = (depth: number) => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "]") throw new Stop(i, "a comma before “]”: JSON does not allow a trailing comma");
      value(depth + 1);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      throw new Stop(i, `expected “,” or “]” after a list item, but found ${describe(i)}`);
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < text.length) throw new Stop(i, `expected the end of the file after the top-level value, but found ${describe(i)}`);
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

/**
 * Reading one Flickr JSON answer, field by field. Flickr spells the same value several ways
 * (numbers as strings or numbers, text as a string or `{ _content }`, lists as an array, one
 * object or nothing, booleans as 0/1/"0"/false), so each reader accepts every spelling a real
 * response has shown and nothing else. A missing or malformed field stops here, at the edge,
 * as a FlickrResponseError naming the method and the field — never an `undefined` deep inside.
 */
import { EXIT, UserError } from "../../errors.js";

export const FLICKR_RESPONSE_MALFORMED = "FLICKR_RESPONSE_MALFORMED";

/**
 * Flickr answered, but not in the shape heritage reads. Retrying the same call is not expected to
 * help, and what the call did on Flickr is unknown (the executor treats it as an unknown outcome:
 * an upload is looked up by its machine tag, an item fails as transient and is tried next run).
 */
export class FlickrResponseError extends UserError {
  constructor(
    readonly method: string,
    readonly field: string,
    problem: string,
  ) {
    super(`Flickr's answer to ${method} is not what heritage reads: ${field} ${problem}`, {
      code: FLICKR_RESPONSE_MALFORMED,
      exitCode: EXIT.USAGE,
      hint: "Flickr may have changed its answer or sent a partial one. Run the same command again later; if it persists, report it with the method and field named here.",
    });
    this.name = "FlickrResponseError";
  }
}

export type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A cursor over one answer: knows the method and the path, so every error can name them. */
export class Fields {
  constructor(
    readonly method: string,
    private readonly value: Json,
    private readonly path: string = "",
  ) {}

  /** The answer itself: must be a JSON object. */
  static of(method: string, raw: unknown): Fields {
    if (!isObject(raw)) throw new FlickrResponseError(method, "the answer", `is ${describe(raw)}, not an object`);
    return new Fields(method, raw);
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new FlickrResponseError(this.method, this.at(key), problem);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  obj(key: string): Fields {
    const v = this.value[key];
    if (!isObject(v)) this.fail(key, v === undefined ? "is missing" : `is ${describe(v)}, not an object`);
    return new Fields(this.method, v, this.at(key));
  }

  optObj(key: string): Fields | null {
    return this.has(key) ? this.obj(key) : null;
  }

  /** A list in any of Flickr's spellings: array, one object, or absent (empty). */
  list(key: string): Fields[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    const items = Array.isArray(v) ? v : [v];
    return items.map((item, i) => {
      if (!isObject(item)) this.fail(`${key}[${i}]`, `is ${describe(item)}, not an object`);
      return new Fields(this.method, item, `${this.at(key)}[${i}]`);
    });
  }

  /** Text: a string, a number, or `{ _content }`. */
  text(key: string): string {
    const t = this.optText(key);
    if (t === null) this.fail(key, "is missing");
    return t;
  }

  optText(key: string): string | null {
    const v = this.value[key];
    if (v === undefined || v === null) return null;
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (isObject(v) && (typeof v._content === "string" || typeof v._content === "number")) return String(v._content);
    if (isObject(v) && v._content === undefined) return "";
    this.fail(key, `is ${describe(v)}, not text`);
  }

  /** A Flickr id (photo, photoset, tag): non-empty text. */
  id(key: string): string {
    const t = this.text(key).trim();
    if (t === "") this.fail(key, "is empty");
    return t;
  }

  /** A number, given as a number or a numeric string. */
  num(key: string): number {
    const n = this.optNum(key);
    if (n === null) this.fail(key, "is missing");
    return n;
  }

  optNum(key: string): number | null {
    const v = this.value[key];
    if (v === undefined || v === null || v === "") return null;
    const n = typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) this.fail(key, `is ${describe(v)}, not a number`);
    return n;
  }

  int(key: string): number {
    const n = this.num(key);
    if (!Number.isInteger(n)) this.fail(key, `is ${n}, not a whole number`);
    return n;
  }

  optInt(key: string): number | null {
    return this.has(key) && this.value[key] !== "" ? this.int(key) : null;
  }

  /** A flag: true/false, 1/0, "1"/"0"; absent is `fallback`. */
  flag(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (v === true || v === 1 || v === "1") return true;
    if (v === false || v === 0 || v === "0" || v === "") return false;
    this.fail(key, `is ${describe(v)}, not 0 or 1`);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

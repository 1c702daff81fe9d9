/**
 * Fault injection: the failures a publisher must survive, on demand and reproducibly.
 *
 * ## The `--faults` grammar
 *
 *     spec   = entry *("," entry)
 *     entry  = "seed=" INT                     seed of the fault draws (default: the sandbox seed)
 *            | kind ["@" scope] ["=" value]
 *     scope  = a REST method (flickr.photos.setTags), "upload", "replace" or "oauth"; none = every call
 *     value  = RATE ["x" BURST]                probability per matching call (0–1, default 1); once it
 *                                              fires, BURST consecutive matching calls fail (default 1)
 *            | MS ["-" MS] "ms"                latency only: a delay, uniform in [MS, MS]
 *
 *     kind            what the client sees                                      committed?
 *     5xx | 500 | 502 | 503 | 504   that HTTP status with an HTML page ("5xx" picks one)   no
 *     429             HTTP 429 with Flickr's HTML body                           no
 *     codeN           Flickr error N: JSON for REST, `<err code="N">` for upload  no
 *                     (code105, code106, code201, code0, code3@upload …)
 *     reset           the connection is destroyed, no response                   no
 *     hang            no response at all until the client gives up               no
 *     html            HTTP 200 with an HTML page instead of JSON/XML             no
 *     latency         the response is delayed (value is the delay)               —
 *     truncate        the call is carried out, the body is cut off mid-way       yes
 *     lost            the call is carried out, then the connection is dropped    yes
 *     lost-upload     = lost@upload: the photo is stored, the response never comes yes
 *
 * Example: `5xx=0.05,reset=0.02,latency=20-80ms,hang=0.001,truncate=0.01,code105=0.01x3,lost-upload=0.1,seed=7`
 * and, scoped: `code106@flickr.photos.setTags=0.5,hang@flickr.photos.search=1x2`.
 *
 * Draws are keyed by (seed, rule, n-th matching call), never sequential, so the k-th upload meets
 * the same fate whatever the other methods do. Library users can also inject one-shot faults:
 * `faults.once("lost", { method: "upload" })` drops the connection after committing the next
 * upload; `{ nth: 3 }` picks the third matching call from now.
 */
import { UserError } from "../errors.js";
import { createSeededRandom, type SeededRandom } from "./random.js";

export type FaultKind = "status" | "429" | "code" | "reset" | "hang" | "html" | "latency" | "truncate" | "lost";

/** A rule as given by a library user (or parsed from the spec). */
export interface FaultRuleInput {
  /** `5xx`, `502`, `429`, `code105`, `reset`, `hang`, `html`, `latency`, `truncate`, `lost`, `lost-upload`. */
  kind: string;
  /** A REST method name, `upload`, `replace` or `oauth`; unset = every call. */
  method?: string;
  /** Probability per matching call. @default 1 */
  rate?: number;
  /** Consecutive matching calls that fail once the rule fires. @default 1 */
  burst?: number;
  /** latency only: [min, max] in ms. */
  latencyMs?: readonly [number, number];
}

export interface FaultRule {
  kind: FaultKind;
  /** For `status`: the HTTP status (0 = pick among 500/502/503/504); for `code`: the Flickr code. */
  value: number;
  method: string | null;
  rate: number;
  burst: number;
  latencyMs: readonly [number, number];
  /** The text it was parsed from, for logs. */
  label: string;
}

/** What happens to one call. */
export interface FaultDecision {
  latencyMs: number;
  /** Fails the call before it is carried out. */
  before: { kind: "status"; status: number } | { kind: "code"; code: number } | { kind: "429" | "reset" | "hang" | "html" } | null;
  /** Spoils the response of a call that was carried out. */
  after: "truncate" | "lost" | null;
  /** Labels of the rules that fired (for the log and the call statistics). */
  fired: string[];
}

const STATUSES = [500, 502, 503, 504];

function badSpec(entry: string, why: string): UserError {
  return new UserError(`bad fault "${entry}": ${why}`, {
    code: "SANDBOX_FAULTS",
    hint: 'faults look like "5xx=0.05,reset=0.02,latency=20-80ms,code105=0.01x3,lost-upload=0.1,seed=7" (see `heritage sandbox --help`)',
  });
}

/** Turn one rule description into a checked rule. */
export function makeRule(input: FaultRuleInput, label = input.kind): FaultRule {
  let kind: FaultKind;
  let value = 0;
  let method = input.method ?? null;
  const k = input.kind.toLowerCase();
  if (k === "5xx") kind = "status";
  else if (/^5\d\d$/.test(k)) [kind, value] = ["status", Number(k)];
  else if (/^code\d+$/.test(k)) [kind, value] = ["code", Number(k.slice(4))];
  else if (k === "lost-upload") [kind, method] = ["lost", method ?? "upload"];
  else if (["429", "reset", "hang", "html", "latency", "truncate", "lost"].includes(k)) kind = k as FaultKind;
  else throw badSpec(label, `unknown kind "${input.kind}"`);
  const rate = input.rate ?? 1;
  const burst = input.burst ?? 1;
  if (!(rate >= 0 && rate <= 1)) throw badSpec(label, "the rate must be between 0 and 1");
  if (!Number.isInteger(burst) || burst < 1) throw badSpec(label, "the burst must be a whole number ≥ 1");
  const latencyMs = input.latencyMs ?? [0, 0];
  if (kind === "latency" && !(latencyMs[0] >= 0 && latencyMs[1] >= latencyMs[0])) throw badSpec(label, "latency needs MIN-MAXms with MIN ≤ MAX");
  return { kind, value, method, rate, burst, latencyMs, label };
}

/** Parse a `--faults` spec into rules and an optional seed. */
export function parseFaultSpec(spec: string): { rules: FaultRule[]; seed: number | null } {
  const rules: FaultRule[] = [];
  let seed: number | null = null;
  for (const entry of spec.split(",").map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf("=");
    const head = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? undefined : entry.slice(eq + 1).trim();
    if (head === "seed") {
      if (value === undefined || !/^-?\d+$/.test(value)) throw badSpec(entry, "seed needs a whole number");
      seed = Number(value);
      continue;
    }
    const at = head.indexOf("@");
    const kind = (at < 0 ? head : head.slice(0, at)).trim();
    const method = at < 0 ? undefined : head.slice(at + 1).trim();
    const input: FaultRuleInput = { kind, ...(method ? { method } : {}) };
    if (kind.toLowerCase() === "latency") {
      const m = /^(\d+)(?:-(\d+))?ms$/.exec(value ?? "");
      if (!m) throw badSpec(entry, "latency needs a value like 20-80ms or 50ms");
      input.latencyMs = [Number(m[1]), Number(m[2] ?? m[1])];
    } else if (value !== undefined) {
      const m = /^(\d*\.?\d+)(?:x(\d+))?$/.exec(value);
      if (!m) throw badSpec(entry, "the value is RATE or RATExBURST, e.g. 0.05 or 0.01x3");
      input.rate = Number(m[1]);
      if (m[2] !== undefined) input.burst = Number(m[2]);
    }
    rules.push(makeRule(input, entry));
  }
  return { rules, seed };
}

interface RuleState {
  rule: FaultRule;
  calls: number;
  burstLeft: number;
}

interface OneShot {
  rule: FaultRule;
  countdown: number;
}

/** The fault controls a library user gets (`Sandbox.faults`). */
export interface FaultControls {
  /** Replace every rule (a spec string or rule objects); a spec's `seed=` re-seeds the draws. */
  set(spec: string | readonly FaultRuleInput[]): void;
  /** Add rules to the current ones. */
  add(spec: string | readonly FaultRuleInput[]): void;
  /** Remove every rule and pending one-shot fault. */
  clear(): void;
  /** Fail one call: the next matching one, or the `nth` matching call from now. */
  once(kind: string, options?: { method?: string; nth?: number }): void;
  /** The active rules (for inspection). */
  rules(): readonly FaultRule[];
}

export class FaultInjector implements FaultControls {
  private states: RuleState[] = [];
  private oneShots: OneShot[] = [];
  private random: SeededRandom;

  constructor(private readonly defaultSeed: number) {
    this.random = createSeededRandom(defaultSeed);
  }

  set(spec: string | readonly FaultRuleInput[]): void {
    this.states = [];
    this.random = createSeededRandom(this.defaultSeed);
    this.add(spec);
  }

  add(spec: string | readonly FaultRuleInput[]): void {
    let rules: FaultRule[];
    if (typeof spec === "string") {
      const parsed = parseFaultSpec(spec);
      if (parsed.seed !== null) this.random = createSeededRandom(parsed.seed);
      rules = parsed.rules;
    } else {
      rules = spec.map((r) => makeRule(r));
    }
    for (const rule of rules) this.states.push({ rule, calls: 0, burstLeft: 0 });
  }

  clear(): void {
    this.states = [];
    this.oneShots = [];
  }

  once(kind: string, options: { method?: string; nth?: number } = {}): void {
    const nth = options.nth ?? 1;
    if (!Number.isInteger(nth) || nth < 1) throw badSpec(kind, "nth must be a whole number ≥ 1");
    const rule = makeRule({ kind, ...(options.method ? { method: options.method } : {}) }, `once:${kind}${options.method ? `@${options.method}` : ""}`);
    this.oneShots.push({ rule, countdown: nth });
  }

  rules(): readonly FaultRule[] {
    return this.states.map((s) => s.rule);
  }

  /** Decide the fate of one call to `method` (REST method name, `upload`, `replace` or `oauth`). */
  decide(method: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, before: null, after: null, fired: [] };
    const matches = (rule: FaultRule) => rule.method === null || rule.method === method;
    const fired: FaultRule[] = [];
    this.oneShots = this.oneShots.filter((shot) => {
      if (!matches(shot.rule)) return true;
      shot.countdown -= 1;
      if (shot.countdown > 0) return true;
      fired.push(shot.rule);
      return false;
    });
    this.states.forEach((state, index) => {
      if (!matches(state.rule)) return;
      const n = ++state.calls;
      let fires = false;
      if (state.burstLeft > 0) {
        state.burstLeft -= 1;
        fires = true;
      } else if (state.rule.rate > 0 && this.random.unit(`fault:${index}:${n}`) < state.rule.rate) {
        state.burstLeft = state.rule.burst - 1;
        fires = true;
      }
      if (!fires) return;
      if (state.rule.kind === "latency") {
        const [min, max] = state.rule.latencyMs;
        decision.latencyMs += this.random.int(`latency:${index}:${n}`, min, max);
        decision.fired.push(state.rule.label);
      } else {
        fired.push({ ...state.rule, value: state.rule.kind === "status" && state.rule.value === 0 ? STATUSES[this.random.int(`status:${index}:${n}`, 0, 3)]! : state.rule.value });
      }
    });
    // The first failure wins; latency adds up.
    const first = fired[0];
    if (first) {
      decision.fired.push(first.label);
      if (first.kind === "truncate" || first.kind === "lost") decision.after = first.kind;
      else if (first.kind === "status") decision.before = { kind: "status", status: first.value || 503 };
      else if (first.kind === "code") decision.before = { kind: "code", code: first.value };
      else if (first.kind === "latency") decision.latencyMs += first.latencyMs[1];
      else decision.before = { kind: first.kind };
    }
    return decision;
  }
}

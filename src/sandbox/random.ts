/**
 * Seeded randomness, keyed rather than sequential: every draw is HMAC(seed, key). The same seed
 * and key give the same value whatever else happened before, so a photo's secret does not change
 * when a fault draw is added, concurrent requests cannot shift each other's draws, and a restarted
 * sandbox with persisted counters keeps producing fresh, reproducible values. No Math.random.
 */
import { createHmac, randomInt } from "node:crypto";

export interface SeededRandom {
  readonly seed: number;
  /** `length` lower-case hex digits for `key`. */
  hex(key: string, length: number): string;
  /** `length` decimal digits for `key` (the first is never 0). */
  digits(key: string, length: number): string;
  /** A number in [0, 1) for `key`. */
  unit(key: string): number;
  /** An integer in [min, max] for `key`. */
  int(key: string, min: number, max: number): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  const digest = (key: string, round: number) =>
    createHmac("sha256", `heritage-sandbox:${seed}`).update(`${round}:${key}`).digest("hex");
  const hexStream = (key: string, length: number) => {
    let out = "";
    for (let round = 0; out.length < length; round++) out += digest(key, round);
    return out.slice(0, length);
  };
  const unit = (key: string) => parseInt(digest(key, 0).slice(0, 13), 16) / 2 ** 52;
  return {
    seed,
    hex: hexStream,
    digits(key, length) {
      const hex = hexStream(key, length * 2);
      let out = "";
      for (let i = 0; i < length; i++) {
        const d = parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 10;
        out += i === 0 && d === 0 ? "1" : String(d);
      }
      return out;
    },
    unit,
    int: (key, min, max) => min + Math.floor(unit(key) * (max - min + 1)),
  };
}

/** A fresh seed when the user gave none (reported, so the run can be repeated). */
export function randomSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

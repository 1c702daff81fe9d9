/**
 * The part of the `edtf` package (4.x, no bundled types) that src/map/date.ts uses: the parser,
 * which returns plain objects. Months in `values` are zero-based, as in JavaScript dates.
 */
declare module "edtf" {
  export interface EdtfDateNode {
    type: "Date" | "Year" | "Season";
    level: number;
    /** Date: [year, month0?, day?, hours?, minutes?, seconds?]; Season: [year, 21–24 (level 1)]; Year: [year]. */
    values: number[];
    /** Level 1: true; level 2: a bitmask. */
    approximate?: boolean | number;
    uncertain?: boolean | number;
    /** Bitmask of unspecified digits: year digits 1|2|4|8, month 16|32, day 64|128. */
    unspecified?: number;
    offset?: number;
  }

  export interface EdtfIntervalNode {
    type: "Interval";
    level: number;
    /** Start and end; Infinity for an open end (`..`), null for an unknown (empty) one. */
    values: [EdtfDateNode | number | null, EdtfDateNode | number | null];
  }

  export type EdtfNode = EdtfDateNode | EdtfIntervalNode | { type: "List" | "Set"; level: number; values: unknown[] };

  export interface EdtfConstraints {
    level?: 0 | 1 | 2 | 3;
    types?: string[];
    seasonIntervals?: boolean;
    seasonUncertainty?: boolean;
  }

  /** Parse an EDTF string; throws on anything that is not EDTF within the constraints. */
  export function parse(input: string, constraints?: EdtfConstraints): EdtfNode;
}

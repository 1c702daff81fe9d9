/**
 * Coverage of the date grammar on real catalogue dates. Figures only; the test
 * test/map/date-real.test.ts asserts the bar.
 *
 *   npx tsx bench/dates.ts                      # the copied list, test/fixtures/dates/real-dates.txt
 *   npx tsx bench/dates.ts <folder of exports>  # extracted afresh by scripts/extract-dates.ts
 *   npx tsx bench/dates.ts --list <file>        # any list in the fixture format
 *
 * Prints the unread and wrong values, then a JSON last line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { coverage, parseRealDates } from "./lib/date-coverage.js";
import { REPO } from "./lib/measure.js";
import { extractDates } from "../scripts/extract-dates.js";

const argv = process.argv.slice(2);
const listFlag = argv.indexOf("--list");
let text: string;
let from: string;
if (listFlag >= 0 && argv[listFlag + 1]) {
  from = argv[listFlag + 1]!;
  text = readFileSync(from, "utf8");
} else if (argv[0]) {
  from = argv[0];
  text = extractDates(from)
    .map((r) => [r.count, r.source, r.value.replace(/[\t\n]/g, " "), r.earliest, r.latest].join("\t"))
    .join("\n");
} else {
  from = path.join(REPO, "test/fixtures/dates/real-dates.txt");
  text = readFileSync(from, "utf8");
}

const result = coverage(parseRealDates(text), { now: new Date(), earliestYear: 1 });
process.stdout.write(`unread (${result.unreadValues.length} distinct): ${JSON.stringify(result.unreadValues)}\n`);
process.stdout.write(`wrong (${result.wrongValues.length} distinct): ${JSON.stringify(result.wrongValues)}\n`);
process.stdout.write(`disagrees with a source that contradicts itself (${result.disagreeing.length} distinct, check by hand):\n  ${result.disagreeing.join("\n  ")}\n`);
const { unreadValues: _u, wrongValues: _w, disagreeing: _d, ...figures } = result;
process.stdout.write(`${JSON.stringify({ bench: "dates", from: path.relative(REPO, path.resolve(from)) || from, ...figures })}\n`);

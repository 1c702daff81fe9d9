import test from "ava";
import { readTagsParam } from "../../src/sandbox/tag-param.js";
import { parseTagsParam } from "../../src/flickr/tag-syntax.js";

// From flickr-api.md §8.1: the space-and-quote form, quoted machine-tag values, unclosed quotes.
const CASES: [string, string[]][] = [
  ['archive "glass plate" dc:date="1901"', ["archive", "glass plate", "dc:date=1901"]],
  ['geo:quartier="plateau mont royal" montreal', ["geo:quartier=plateau mont royal", "montreal"]],
  ["  spaced   out  ", ["spaced", "out"]],
  ['"unclosed quote runs on', ["unclosed quote runs on"]],
  ['""  "" real', ["real"]],
  ['raa:id="KMB 16001000414564"', ["raa:id=KMB 16001000414564"]],
  ["åäö Ölandsbron", ["åäö", "Ölandsbron"]],
  ["", []],
];

for (const [param, expected] of CASES) {
  test(`the sandbox reads ${JSON.stringify(param)} as Flickr documents it`, (t) => {
    t.deepEqual(readTagsParam(param), expected);
  });
  test(`heritage's own parser agrees with the sandbox on ${JSON.stringify(param)}`, (t) => {
    t.deepEqual(parseTagsParam(param), readTagsParam(param));
  });
}

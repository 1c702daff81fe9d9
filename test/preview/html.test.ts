import test from "ava";
import { attributes, escapeHtml, externalLink, jsonForScript } from "../../src/preview/html.js";

const ESCAPES: [input: string, expected: string][] = [
  ["plain text", "plain text"],
  ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
  [`" onmouseover="x" '`, "&quot; onmouseover=&quot;x&quot; &#39;"],
  ["Almquist & Cöster", "Almquist &amp; Cöster"],
  ["&amp; already", "&amp;amp; already"],
  ["Riksantikvarieämbetet, Ærø, Łódź, 東京 ✓", "Riksantikvarieämbetet, Ærø, Łódź, 東京 ✓"],
];

for (const [input, expected] of ESCAPES) {
  test(`escapeHtml(${JSON.stringify(input)})`, (t) => {
    t.is(escapeHtml(input), expected);
  });
}

const NASTY = [
  "</script><script>window.pwned = 1</script>",
  "<!-- <script>",
  "</SCRIPT >",
  "line\u2028separator\u2029paragraph",
  'quote " backslash \\ and åäö',
];

for (const value of NASTY) {
  test(`jsonForScript keeps ${JSON.stringify(value)} inside its script block and round-trips it`, (t) => {
    const json = jsonForScript({ title: value, list: [value] });
    t.false(/<\/script/i.test(json));
    t.false(json.includes("<!--"));
    t.false(/[\u2028\u2029]/.test(json));
    t.deepEqual(JSON.parse(json), { title: value, list: [value] });
  });
}

test("attributes escape values, leave out null/false and write true bare", (t) => {
  t.is(attributes({ alt: 'a "b" <c>', hidden: true, title: null, disabled: false, width: 320 }), ' alt="a &quot;b&quot; &lt;c&gt;" hidden width="320"');
});

test("external links open in a new tab and send no referrer; their text is escaped", (t) => {
  t.is(
    externalLink("https://creativecommons.org/licenses/by/4.0/?a=1&b=2", "CC BY <4.0>"),
    '<a href="https://creativecommons.org/licenses/by/4.0/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">CC BY &lt;4.0&gt;</a>',
  );
});

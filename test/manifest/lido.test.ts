/**
 * LIDO records → rows. The Nationalmuseum sample (test/fixtures/exports/lido) is real; the
 * hand-written record below covers what it lacks: several events, subjects of every kind,
 * rights on the work, several languages, image files among the resources, no namespace prefix.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { fileNameOf } from "../../src/manifest/lido.js";
import { readLidoRows } from "../../src/manifest/read-lido.js";
import { tempDir } from "../helpers/images.js";
import { fixturePath } from "../helpers/paths.js";

const UTF8 = { encoding: "utf-8" as const, bomLength: 0, guessed: false };
const SAMPLE = fixturePath("exports", "lido", "nationalmuseum.xml");

const RECORD = `<?xml version="1.0" encoding="UTF-8"?>
<lidoWrap xmlns="http://www.lido-schema.org">
<lido>
  <lidoRecID type="local">DM-1</lidoRecID>
  <descriptiveMetadata xml:lang="sv">
    <objectIdentificationWrap>
      <titleWrap>
        <titleSet><appellationValue xml:lang="en">Harbour at Visby</appellationValue></titleSet>
        <titleSet><appellationValue>Hamnen i Visby</appellationValue></titleSet>
      </titleWrap>
      <repositoryWrap>
        <repositorySet type="former"><workID>OLD 1</workID></repositorySet>
        <repositorySet><workID>DM 1001</workID></repositorySet>
      </repositoryWrap>
      <objectDescriptionWrap><objectDescriptionSet><descriptiveNoteValue>Vy  över
        hamnen.</descriptiveNoteValue></objectDescriptionSet></objectDescriptionWrap>
    </objectIdentificationWrap>
    <eventWrap>
      <eventSet><event><eventType><term>Acquisition</term></eventType>
        <eventActor><actorInRole><actor><nameActorSet><appellationValue>Köparen</appellationValue></nameActorSet></actor></actorInRole></eventActor>
        <eventDate><displayDate>1950</displayDate></eventDate></event></eventSet>
      <eventSet><event><eventType><term>Production</term></eventType>
        <eventActor><actorInRole><actor><nameActorSet><appellationValue>Anna Larsson</appellationValue></nameActorSet></actor></actorInRole></eventActor>
        <eventDate><displayDate xml:lang="en">circa 1920</displayDate><displayDate xml:lang="sv">ca 1920</displayDate>
          <date><earliestDate>1915</earliestDate><latestDate>1925</latestDate></date></eventDate>
        <eventPlace><place><namePlaceSet><appellationValue>Visby</appellationValue></namePlaceSet>
          <partOfPlace><namePlaceSet><appellationValue>Gotland</appellationValue></namePlaceSet></partOfPlace></place></eventPlace>
      </event></eventSet>
    </eventWrap>
    <objectRelationWrap><subjectWrap><subjectSet><subject>
      <subjectConcept><term>hamnar</term></subjectConcept>
      <subjectActor><actor><nameActorSet><appellationValue>Hansan</appellationValue></nameActorSet></actor></subjectActor>
      <subjectPlace><place><namePlaceSet><appellationValue>Visby</appellationValue></namePlaceSet></place></subjectPlace>
      <subjectConcept><term>hamnar</term></subjectConcept>
    </subject></subjectSet></subjectWrap></objectRelationWrap>
  </descriptiveMetadata>
  <administrativeMetadata xml:lang="sv">
    <rightsWorkWrap><rightsWorkSet><rightsType><term>Public domain</term></rightsType><creditLine>Digitalt museum</creditLine></rightsWorkSet></rightsWorkWrap>
    <recordWrap><recordID type="local">77</recordID><recordRights><rightsType><term>CC0</term></rightsType></recordRights>
      <recordInfoSet><recordInfoLink>https://digitaltmuseum.se/DM-1</recordInfoLink></recordInfoSet></recordWrap>
    <resourceWrap><resourceSet>
      <resourceRepresentation><linkResource>https://images.example.org/iiif/abc/full/full/0/default</linkResource></resourceRepresentation>
      <resourceRepresentation><linkResource>masters/DM_1001.tif</linkResource></resourceRepresentation>
      <rightsResource><rightsType><term>CC BY 4.0</term><term pref="preferred">https://creativecommons.org/publicdomain/mark/1.0/</term></rightsType>
        <rightsHolder><legalBodyName><appellationValue>  Per  Berg </appellationValue></legalBodyName></rightsHolder></rightsResource>
    </resourceSet></resourceWrap>
  </administrativeMetadata>
</lido>
</lidoWrap>
`;

async function rows(file: string, language?: string) {
  const out = [];
  for await (const row of readLidoRows(file, UTF8, language)) out.push(row);
  return out;
}

test("a LIDO record: the production event, subjects, rights, record link and resource file", async (t) => {
  const file = join(await tempDir(t, "heritage-lido-"), "r.xml");
  await writeFile(file, RECORD);
  const [row] = await rows(file, "sv");
  t.deepEqual(row, {
    workID: "DM 1001",
    lidoRecID: "DM-1",
    recordID: "77",
    title: "Hamnen i Visby",
    "title.en": "Harbour at Visby",
    "title.sv": "Hamnen i Visby",
    description: "Vy över hamnen.",
    "description.sv": "Vy över hamnen.",
    creator: "Anna Larsson",
    displayDate: "ca 1920",
    "displayDate.en": "circa 1920",
    "displayDate.sv": "ca 1920",
    earliestDate: "1915",
    latestDate: "1925",
    place: "Visby",
    subjects: ["hamnar", "Hansan", "Visby"],
    rightsWork: "Public domain",
    creditLine: "Digitalt museum",
    rightsResource: "https://creativecommons.org/publicdomain/mark/1.0/",
    rightsHolder: "Per Berg",
    recordRights: "CC0",
    recordLink: "https://digitaltmuseum.se/DM-1",
    resources: ["https://images.example.org/iiif/abc/full/full/0/default", "masters/DM_1001.tif"],
    resourceFile: "DM_1001.tif",
  });
});

test("the preferred language decides title, description and date; without one the first written wins", async (t) => {
  const file = join(await tempDir(t, "heritage-lido-"), "r.xml");
  await writeFile(file, RECORD);
  t.like((await rows(file, "en"))[0], { title: "Harbour at Visby", displayDate: "circa 1920" });
  t.like((await rows(file))[0], { title: "Harbour at Visby", displayDate: "circa 1920" });
});

test("the Nationalmuseum sample reads one row per record, in order", async (t) => {
  const read = await rows(SAMPLE, "sv");
  t.deepEqual(
    read.map((r) => [r["workID"], r["title"], r["displayDate"], r["earliestDate"], r["latestDate"]]),
    [
      ["NMGrh 10", "Fredrika Lovisa, prinsessa av Preussen", "Utf. 1725 - 1730", "1725", "1730"],
      ["NM 317", "Hamnstycke med figurer", "Utf. mellan ca 1665 och 1670", "1663", "1672"],
      ["NMK 125/1958", 'Oljemålning på träpannå "Den heliga Magdalena"', "Utf. 1500-talet", "1500", "1599"],
    ],
  );
  // Stray spaces around the photographer's name (" Greta Lindström ") are trimmed.
  t.is(read[2]!["rightsHolder"], "Greta Lindström");
});

test("stopping early closes the file (no error, no further records)", async (t) => {
  let n = 0;
  for await (const _ of readLidoRows(SAMPLE, UTF8, undefined)) {
    n++;
    break;
  }
  t.is(n, 1);
});

const names: Array<[string, string | null]> = [
  ["masters/DM_1001.tif", "DM_1001.tif"],
  ["C:\\bilder\\NM 317.JPG", "NM 317.JPG"],
  ["https://example.org/files/K0125%201958.jpg", "K0125 1958.jpg"],
  ["http://nationalmuseum.iiifhosting.com/iiif/K0125-1958-K-2010-10-21", null],
  ["http://collection.example/eMuseumPlus?service=ImageAsset&objectId=7426", null],
];
for (const [link, expected] of names) {
  test(`fileNameOf(${JSON.stringify(link)}) → ${String(expected)}`, (t) => {
    t.is(fileNameOf(link), expected);
  });
}

test("settings that map another LIDO column to a field replace LIDO's default for that field", async (t) => {
  const { lidoAliases } = await import("../../src/manifest/read-lido.js");
  const { defaultSettings } = await import("../../src/settings/schema.js");
  const settings = { ...defaultSettings(), columns: { recordID: "identifier" as const, "title.en": "title" as const } };
  const aliases = lidoAliases(settings);
  t.is(aliases["recordID"], "identifier");
  t.is(aliases["title.en"], "title");
  t.false("workID" in aliases, "workID no longer names the identifier");
  t.false("title" in aliases);
  t.is(aliases["displayDate"], "date");
  const { lidoColumns } = await import("../../src/manifest/read-lido.js");
  const fields = Object.fromEntries(lidoColumns(settings).map((c) => [c.header, c.field]));
  t.like(fields, { recordID: "identifier", workID: null, "title.en": "title", title: null, displayDate: "date" });
});

/**
 * The oracle for publish and sync tests: what `heritage validate --json` says each photo will
 * look like on Flickr must be what the sandbox holds, field by field.
 */
import type { ExecutionContext } from "ava";
import type { InspectedPhoto } from "../../src/sandbox/index.js";
import { runCli } from "./cli.js";

export interface ExpectedItem {
  row: number;
  identifier: string;
  flickr: {
    title: string | null;
    description: string | null;
    tags: string[];
    license_id: number | null;
    date_taken: string | null;
    date_taken_granularity: number | null;
    latitude: number | null;
    longitude: number | null;
    accuracy: number | null;
    albums: string[];
    is_public: number;
  };
}

export async function expectedItems(manifest: string, cwd: string): Promise<ExpectedItem[]> {
  const run = await runCli(["validate", manifest, "--json"], { cwd });
  return JSON.parse(run.stdout).items as ExpectedItem[];
}

/** The identifier of a sandbox photo, from its raw machine tag. */
export function identifierOf(photo: InspectedPhoto, namespace: string): string | null {
  const tag = photo.tags.find((t) => t.raw.startsWith(`${namespace}:id=`));
  return tag ? tag.raw.slice(namespace.length + 4) : null;
}

/** Exactly one photo per identifier, each with every mapped field as validate announced it. */
export function assertPublishedAsMapped(t: ExecutionContext, photos: InspectedPhoto[], expected: ExpectedItem[], namespace: string): void {
  const byId = new Map<string, InspectedPhoto[]>();
  for (const p of photos) {
    const id = identifierOf(p, namespace);
    if (id) byId.set(id, [...(byId.get(id) ?? []), p]);
  }
  t.is(photos.length, expected.length, "one photo per row, no more");
  for (const e of expected) {
    const found = byId.get(e.identifier) ?? [];
    t.is(found.length, 1, `${e.identifier} is on the sandbox exactly once`);
    const p = found[0];
    if (!p) continue;
    const f = e.flickr;
    t.is(p.title, f.title ?? "", `${e.identifier} title`);
    t.is(p.description.replace(/\r\n/g, "\n"), f.description ?? "", `${e.identifier} description`);
    t.deepEqual(p.tags.map((x) => x.raw).sort(), [...f.tags].sort(), `${e.identifier} tags`);
    t.is<number | null, number | null>(p.license, f.license_id, `${e.identifier} licence`);
    if (f.date_taken) {
      // Flickr may read a circa date back as YYYY-00-01 (the sandbox's circaZeroMonth): the same date.
      t.is(p.taken?.replace(/^(\d{4})-00-/, "$1-01-") ?? null, f.date_taken, `${e.identifier} date taken`);
      t.is<number | null, number | null>(p.takenGranularity, f.date_taken_granularity, `${e.identifier} granularity`);
    } else {
      t.is(p.takenUnknown, 1, `${e.identifier} has no invented date`);
    }
    if (f.latitude !== null) t.like(p.geo, { latitude: f.latitude, longitude: f.longitude, accuracy: f.accuracy }, `${e.identifier} geo`);
    else t.is(p.geo, null, `${e.identifier} has no location`);
    t.deepEqual(p.albums.map((a) => a.title).sort(), [...f.albums].sort(), `${e.identifier} albums`);
    t.is(p.isPublic, f.is_public as 0 | 1, `${e.identifier} visibility`);
  }
}

/**
 * Generated collections for publish and sync tests: N small, distinct real images (sharp) and a
 * CSV manifest whose rows vary licence, date, place, albums and tags, in a temp project laid
 * out like a real one (manifests/ beside collections/).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { sandboxCliEnv } from "../../src/sandbox/index.js";

export interface Row {
  identifier: string;
  file: string;
  title: string;
  description: string;
  date: string;
  latitude: string;
  longitude: string;
  tags: string;
  license: string;
  album: string;
  /** Only written when some row has it. */
  is_public?: string;
}

export interface TestCollection {
  dir: string;
  manifest: string;
  collection: string;
  rows: Row[];
  /** Rewrite the manifest with these rows (e.g. after editing one). */
  write(rows: Row[]): void;
  settings(yaml: string): void;
}

const COLUMNS: (keyof Row)[] = ["identifier", "file", "title", "description", "date", "latitude", "longitude", "tags", "license", "album"];

function csvCell(v: string): string {
  return /[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function rowFor(i: number): Row {
  const n = String(i).padStart(3, "0");
  return {
    identifier: `T-${n}`,
    file: `img-${n}.jpg`,
    title: `Test photograph ${n}`,
    description: `Row ${i} of a generated collection.\nSecond line with åäö.`,
    date: ["1923-05-17", "1923-05", "1923", "ca 1920", "1920-talet", ""][i % 6]!,
    latitude: i % 3 === 0 ? "" : String(57 + (i % 10) / 10),
    longitude: i % 3 === 0 ? "" : String(18 + (i % 7) / 10),
    tags: `test; generated; batch ${i % 4}`,
    license: i % 5 === 0 ? "CC0" : "http://rightsstatements.org/vocab/NKC/1.0/",
    album: i % 7 === 0 ? "" : `Album ${"ABC"[i % 3]}`,
  };
}

/** `first`: the row number of the first row (default 1): T-<first>…, with images of their own. */
export async function makeCollection(t: { teardown(fn: () => void): void }, count: number, options: { namespace?: string; first?: number } = {}): Promise<TestCollection> {
  const dir = mkdtempSync(join(tmpdir(), "heritage-coll-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const collection = join(dir, "collections", "test");
  mkdirSync(collection, { recursive: true });
  mkdirSync(join(dir, "manifests"));
  const manifest = join(dir, "manifests", "test.csv");
  const offset = (options.first ?? 1) - 1;
  const rows = Array.from({ length: count }, (_, k) => rowFor(offset + k + 1));
  await Promise.all(
    rows.map((r, i) => [r, offset + i] as const).map(([r, k]) =>
      sharp({ create: { width: 48, height: 32, channels: 3, background: { r: (k * 53) % 256, g: (k * 97) % 256, b: (k * 29) % 256 } } })
        .jpeg({ quality: 90 })
        .toFile(join(collection, r.file)),
    ),
  );
  const write = (rs: Row[]) => {
    const columns: (keyof Row)[] = rs.some((r) => r.is_public !== undefined) ? [...COLUMNS, "is_public"] : COLUMNS;
    writeFileSync(manifest, `${columns.join(",")}\n${rs.map((r) => columns.map((c) => csvCell(r[c] ?? "")).join(",")).join("\n")}\n`);
  };
  const settings = (yaml: string) => writeFileSync(join(dir, "manifests", "test.settings.yaml"), yaml);
  write(rows);
  settings(`namespace: ${options.namespace ?? "testns"}\ncommons: true\ninstitution: Test Archive\n`);
  return { dir, manifest, collection, rows, write, settings };
}

/** Environment for a CLI run against a sandbox: its credentials, no real config folder. */
export function sandboxEnv(credentials: { consumerKey: string; consumerSecret: string; oauthToken: string; oauthTokenSecret: string }, dir: string): NodeJS.ProcessEnv {
  return { ...sandboxCliEnv(credentials, join(dir, "config")), NO_COLOR: "1" };
}

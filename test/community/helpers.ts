/**
 * A published collection on a sandbox, for the community commands' tests: N generated photos
 * published through the real CLI, then activity by the simulated public.
 */
import type { ExecutionContext } from "ava";
import { existsSync } from "node:fs";
import { runCli, type CliRun } from "../helpers/cli.js";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import { makeCollection, sandboxEnv, type TestCollection } from "../helpers/collection.js";
import type { InspectedPhoto, SandboxOptions } from "../../src/sandbox/index.js";
import { statePathsFor, type StatePaths } from "../../src/state/paths.js";
import { resolveEndpoint } from "../../src/flickr/client.js";

export interface Published {
  s: TestSandbox;
  c: TestCollection;
  env: NodeJS.ProcessEnv;
  /** The state publish --endpoint <sandbox> wrote (a rehearsal's: `.heritage/test/endpoint-…/`). */
  paths: StatePaths;
  /** `heritage <command> <manifest> --endpoint <sandbox> …args` in-process. */
  run(command: string, ...args: string[]): Promise<CliRun>;
  /** photo id → identifier, read from the photos' machine tags on the sandbox. */
  identifierOf(photoId: string): string;
  photoOf(identifier: string): InspectedPhoto;
}

export const HOUR_MS = 3_600_000;

/**
 * By default the sandbox's clock runs an hour behind this machine's: the publishing and the
 * public's activity happened an hour before the harvests, as they do in life. (A harvest reads a
 * photo again when it changed within 15 minutes of the harvest before; a test that wants that
 * passes its own clock.)
 */
export async function publishedCollection(t: ExecutionContext, count: number, settings = "", sandboxOptions: SandboxOptions = {}): Promise<Published> {
  const s = await startTestSandbox(t, { quota: 1_000_000, seed: 3, clock: () => Date.now() - HOUR_MS, ...sandboxOptions });
  const c = await makeCollection(t, count);
  if (settings) c.settings(`namespace: testns\ncommons: true\ninstitution: Test Archive\n${settings}`);
  const env = sandboxEnv(s.credentials, c.dir);
  const run = (command: string, ...args: string[]) => runCli([command, c.manifest, "--endpoint", s.url, "--quota", "100000", ...args], { env, cwd: c.dir });
  const published = await run("publish", "--reconcile-grace", "0");
  if (published.code !== 0) throw new Error(`publish failed: ${published.stderr}`);
  const paths = statePathsFor(c.manifest, null, { endpoint: resolveEndpoint(s.url, {}) ?? null });
  if (!existsSync(paths.database)) throw new Error(`publish --endpoint ${s.url} wrote no state at ${paths.database}`);
  const idOf = (p: InspectedPhoto) => p.tags.find((tag) => tag.raw.startsWith("testns:id="))!.raw.slice("testns:id=".length);
  return {
    s,
    c,
    env,
    paths,
    run,
    identifierOf: (photoId) => idOf(s.sandbox.photos().find((p) => p.id === photoId)!),
    photoOf: (identifier) => s.sandbox.photos().find((p) => idOf(p) === identifier)!,
  };
}

/** Every contribution on the sandbox that harvest must list: comments, tags by others, notes. */
export function expectedContributions(p: Published): Map<string, string> {
  const out = new Map<string, string>();
  for (const photo of p.s.sandbox.photos()) {
    const identifier = p.identifierOf(photo.id);
    for (const c of photo.comments) out.set(`comment:${c.id}`, identifier);
    for (const tag of photo.tags) if (tag.author !== photo.owner) out.set(`tag:${tag.id}`, identifier);
    for (const note of photo.notes ?? []) out.set(`note:${note.id}`, identifier);
  }
  return out;
}

/** Deliberate activity the moderation tests rely on, besides the seeded crowd. */
export function seedKnownActivity(p: Published): void {
  const at = (n: number) => p.photoOf(`T-${String(n).padStart(3, "0")}`).id;
  const add = p.s.sandbox.community.add;
  add({ photo_id: at(1), kind: "comment", author: "Anna Lindqvist", text: "Det här är Slussen, fotograferad från Katarinahissen." });
  add({ photo_id: at(1), kind: "comment", author: "troll", text: "You idiot, this is garbage" });
  add({ photo_id: at(2), kind: "tag", author: "Anna Lindqvist", text: "wikipedia:sv=Slussen" });
  add({ photo_id: at(2), kind: "tag", author: "cheap-deals", text: "cheap pills http://spam.example/x" });
  add({ photo_id: at(3), kind: "note", author: "shipspotter", text: "Ångaren Nordstjernan" });
  add({ photo_id: at(3), kind: "note", author: "GroupAdmin", text: "I'm an admin for a group called Old Ships, we'd love to have this added! https://www.flickr.com/groups/oldships/" });
  add({ photo_id: at(4), kind: "comment", author: "=cmd", text: "=HYPERLINK(\"http://evil.example\",\"click\")" });
}

/**
 * `heritage sandbox` as a child process (needs dist/: `npm test` builds first; alone, run
 * `npm run build`). The first stdout line is the JSON a test harness reads; SIGTERM/SIGINT stop it.
 */
import test from "ava";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, REPO_ROOT, spawnCli } from "../helpers/cli.js";
import { createFlickrClient } from "../../src/flickr/client.js";
import { testImage, TEST_TIMEOUT_MS } from "../helpers/sandbox.js";

interface Started {
  child: ChildProcessWithoutNullStreams;
  first: Record<string, unknown> & { url: string; consumerKey: string; consumerSecret: string; oauthToken: string; oauthTokenSecret: string; nsid: string; username: string };
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(t: { teardown(fn: () => unknown): void }, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, "sandbox", ...args], { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  t.teardown(() => {
    clearTimeout(killer);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.on("line", (line) => {
      lines.push(line);
      if (lines.length === 1) {
        try {
          resolve({ child, first: JSON.parse(line) as Started["first"], lines, exited });
        } catch (err) {
          reject(err);
        }
      }
    });
    void exited.then(() => reject(new Error(`sandbox exited before its first line; stdout: ${lines.join("\n")}`)));
  });
}

test("the first stdout line is the JSON with URL and credentials; then a log line per call; SIGTERM stops it cleanly", async (t) => {
  const { child, first, lines, exited } = await startChild(t, ["--port", "0", "--seed", "3"]);
  t.deepEqual(Object.keys(first).sort(), ["consumerKey", "consumerSecret", "nsid", "oauthToken", "oauthTokenSecret", "seed", "url", "username"]);
  t.regex(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.is(first.seed, 3);
  const client = createFlickrClient({ credentials: first, endpoint: first.url, timeoutMs: TEST_TIMEOUT_MS });
  const { id } = await client.upload(await testImage(), { title: "from a child" });
  t.like(await client.flickr("flickr.photos.getInfo", { photo_id: id }), { photo: { title: { _content: "from a child" }, license: "7" } });
  child.kill("SIGTERM");
  t.deepEqual(await exited, { code: 0, signal: null });
  const log = lines.slice(1).join("\n");
  t.regex(log, /sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(seed 3, in memory\)/);
  t.regex(log, /POST upload → photo \d+/);
  t.regex(log, /GET flickr\.photos\.getInfo → ok/);
  t.regex(log, /sandbox stopped/);
  t.false(log.includes(first.oauthTokenSecret), "log lines never carry secrets");
});

test("SIGINT stops it too; with --data the photos and the account survive a restart", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "heritage-sandbox-cli-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const one = await startChild(t, ["--data", dir, "--no-commons", "--quiet"]);
  const client = createFlickrClient({ credentials: one.first, endpoint: one.first.url, timeoutMs: TEST_TIMEOUT_MS });
  const { id } = await client.upload(await testImage());
  one.child.kill("SIGINT");
  t.is((await one.exited).code, 0);
  const two = await startChild(t, ["--data", dir, "--no-commons", "--quiet"]);
  t.is(two.first.oauthToken, one.first.oauthToken);
  const again = createFlickrClient({ credentials: two.first, endpoint: two.first.url, timeoutMs: TEST_TIMEOUT_MS });
  t.like(await again.flickr("flickr.photos.getInfo", { photo_id: id }), { photo: { id, license: "0" } });
  const photos = (await (await fetch(`${two.first.url}/sandbox/photos`)).json()) as { id: string }[];
  t.deepEqual(photos.map((p) => p.id), [id]);
  two.child.kill("SIGTERM");
  t.is((await two.exited).code, 0);
});

test("a non-loopback host or a bad fault spec is a usage error (exit 2)", async (t) => {
  const host = await spawnCli(["sandbox", "--host", "0.0.0.0"], { timeoutMs: 20_000 });
  t.is(host.code, 2);
  t.regex(host.stderr, /error: the sandbox listens on the loopback interface only, not on "0\.0\.0\.0"/);
  const faults = await spawnCli(["sandbox", "--faults", "explode=1"], { timeoutMs: 20_000 });
  t.is(faults.code, 2);
  t.regex(faults.stderr, /error: bad fault "explode=1": unknown kind/);
});

test("--realism pessimistic turns the switches on; a single flag turns one off again", async (t) => {
  const { child, first, exited } = await startChild(t, ["--realism", "pessimistic", "--no-set-tags-removes-others", "--quiet"]);
  const client = createFlickrClient({ credentials: first, endpoint: first.url, timeoutMs: TEST_TIMEOUT_MS });
  const { id } = await client.upload(await testImage(), { title: "x", description: 'A & B <a href="https://a.se/x">https://a.se/x</a>', tags: "mine" });
  const info = await client.flickr("flickr.photos.getInfo", { photo_id: id });
  t.is(info.photo.description._content, 'A &amp; B <a href="https://a.se/x" rel="noreferrer nofollow">a.se/x</a>');
  t.like(await t.throwsAsync(client.flickr("flickr.photos.licenses.setLicense", { photo_id: id, license_id: 4 })), { code: 4 });
  t.like(await t.throwsAsync(client.flickr("flickr.photos.setDates", { photo_id: id, date_taken: "1849-01-01" })), { code: 6 });
  child.kill("SIGTERM");
  t.is((await exited).code, 0);
});

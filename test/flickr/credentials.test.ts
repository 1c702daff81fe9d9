import test from "ava";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CREDENTIAL_ENV, configDirOf, consumerFromEnv, credentialsPath, deleteCredentials, loadCredentials, saveCredentials, type StoredCredentials } from "../../src/flickr/credentials.js";
import { UserError } from "../../src/errors.js";
import { clearSecrets, redactSecrets } from "../../src/redact.js";

const stored: StoredCredentials = {
  consumerKey: "ck-123",
  consumerSecret: "cs-secret-abc",
  oauthToken: "72157000000000001-aaaaaaaaaaaaaaaa",
  oauthTokenSecret: "ts-secret-def",
  nsid: "123@N01",
  username: "museum",
  perms: "write",
};

const fullEnv = {
  FLICKR_CONSUMER_KEY: "env-key",
  FLICKR_CONSUMER_SECRET: "env-consumer-secret",
  FLICKR_OAUTH_TOKEN: "env-token",
  FLICKR_OAUTH_TOKEN_SECRET: "env-token-secret",
};

async function home(t: { teardown(fn: () => unknown): void }): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), "heritage-creds-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.teardown(clearSecrets);
  return { HOME: dir, XDG_CONFIG_HOME: join(dir, "xdg") };
}

test("the file lives in $XDG_CONFIG_HOME/heritage, else ~/.config/heritage (a relative XDG path is ignored)", (t) => {
  t.is(credentialsPath({ env: { XDG_CONFIG_HOME: "/x/config", HOME: "/home/a" } }), "/x/config/heritage/credentials.json");
  t.is(credentialsPath({ env: { HOME: "/home/a" } }), "/home/a/.config/heritage/credentials.json");
  t.is(credentialsPath({ env: { XDG_CONFIG_HOME: "relative", HOME: "/home/a" } }), "/home/a/.config/heritage/credentials.json");
  t.is(configDirOf({ env: {}, configDir: "/custom" }), "/custom");
});

test("saved credentials are 0600 in a 0700 folder, and load back with their secrets registered", async (t) => {
  const env = await home(t);
  const path = await saveCredentials(stored, { env });
  t.is((await stat(path)).mode & 0o777, 0o600);
  t.is((await stat(configDirOf({ env }))).mode & 0o777, 0o700);
  clearSecrets();
  const loaded = await loadCredentials({ env });
  t.deepEqual(loaded, { credentials: stored, source: "file", path });
  t.is(redactSecrets(`${stored.consumerSecret} ${stored.oauthToken} ${stored.oauthTokenSecret}`), "[redacted] [redacted] [redacted]");
  t.regex(await readFile(path, "utf8"), /"format": "heritage.credentials\/1"/);
});

test("a file others can read is refused with the chmod that fixes it", async (t) => {
  const env = await home(t);
  const path = await saveCredentials(stored, { env });
  for (const mode of [0o644, 0o640, 0o604]) {
    await chmod(path, mode);
    const err = await t.throwsAsync(loadCredentials({ env }));
    t.true(err instanceof UserError);
    t.regex(err!.message, /can be read by other users/);
    t.is((err as UserError).hint, `make it private to you: chmod 600 ${path}`);
  }
  await chmod(path, 0o600);
  t.is((await loadCredentials({ env })).source, "file");
});

test("the four FLICKR_* variables win over the file", async (t) => {
  const env = await home(t);
  await saveCredentials(stored, { env });
  const loaded = await loadCredentials({ env: { ...env, ...fullEnv } });
  t.deepEqual(loaded, {
    credentials: { consumerKey: "env-key", consumerSecret: "env-consumer-secret", oauthToken: "env-token", oauthTokenSecret: "env-token-secret" },
    source: "env",
    path: null,
  });
});

test("a token in the environment needs all four variables; the error names the missing ones", async (t) => {
  const env = await home(t);
  const err = await t.throwsAsync(loadCredentials({ env: { ...env, FLICKR_OAUTH_TOKEN: "t", FLICKR_CONSUMER_KEY: "k" } }));
  t.true(err instanceof UserError);
  t.is(err!.message, "incomplete Flickr credentials in the environment: FLICKR_CONSUMER_SECRET, FLICKR_OAUTH_TOKEN_SECRET are not set");
});

test("only the consumer key and secret in the environment: the file supplies the token", async (t) => {
  const env = await home(t);
  await saveCredentials(stored, { env });
  const loaded = await loadCredentials({ env: { ...env, FLICKR_CONSUMER_KEY: "k", FLICKR_CONSUMER_SECRET: "s" } });
  t.is(loaded.source, "file");
  const missingFile = await home(t);
  const err = await t.throwsAsync(loadCredentials({ env: { ...missingFile, FLICKR_CONSUMER_KEY: "k", FLICKR_CONSUMER_SECRET: "s" } }));
  t.regex(err!.message, /FLICKR_OAUTH_TOKEN, FLICKR_OAUTH_TOKEN_SECRET are not set and there is no /);
});

test("nothing at all: not logged in, with a hint to run auth login", async (t) => {
  const env = await home(t);
  const err = await t.throwsAsync(loadCredentials({ env }));
  t.true(err instanceof UserError);
  t.is(err!.message, "not logged in to Flickr");
  t.regex((err as UserError).hint!, /heritage auth login/);
  t.is((err as UserError).exitCode, 2);
});

test("a damaged file is reported as such", async (t) => {
  const env = await home(t);
  const path = credentialsPath({ env });
  await mkdir(configDirOf({ env }), { recursive: true });
  await writeFile(path, '{"consumerKey": 1}', { mode: 0o600 });
  const err = await t.throwsAsync(loadCredentials({ env }));
  t.regex(err!.message, /damaged/);
});

test("deleteCredentials removes the file and says whether there was one", async (t) => {
  const env = await home(t);
  t.is(await deleteCredentials({ env }), null);
  const path = await saveCredentials(stored, { env });
  t.is(await deleteCredentials({ env }), path);
  await t.throwsAsync(stat(path));
});

test("consumerFromEnv names what is missing and never asks for the secret as a flag", (t) => {
  t.deepEqual(consumerFromEnv({ FLICKR_CONSUMER_KEY: "k", FLICKR_CONSUMER_SECRET: "s" }), { consumerKey: "k", consumerSecret: "s" });
  const both = t.throws(() => consumerFromEnv({}));
  t.is(both!.message, `${CREDENTIAL_ENV.consumerKey} and ${CREDENTIAL_ENV.consumerSecret} are not set`);
  const one = t.throws(() => consumerFromEnv({ FLICKR_CONSUMER_KEY: "k" }));
  t.is(one!.message, "FLICKR_CONSUMER_SECRET is not set");
  t.regex((one as UserError).hint!, /never taken as a command-line flag/);
});

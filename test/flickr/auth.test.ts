/**
 * `heritage auth` end to end against the sandbox: its authorize page redirects straight back with
 * a verifier, so the whole OAuth dance runs without a browser.
 */
import test from "ava";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli.js";
import { checkLogin, login } from "../../src/flickr/auth.js";
import { credentialsPath, loadCredentials } from "../../src/flickr/credentials.js";
import { runCli } from "../helpers/cli.js";
import { startTestSandbox, TEST_TIMEOUT_MS } from "../helpers/sandbox.js";

/** Approve an authorisation URL as the sandbox's user would, and return the verifier. */
async function approve(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}`);
  return new URL(res.headers.get("location")!).searchParams.get("oauth_verifier")!;
}

async function configHome(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "heritage-auth-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Run `heritage <args>` in-process, answering the verifier prompt like a person would. */
async function runInteractive(args: string[], env: NodeJS.ProcessEnv, answer: (stdout: string) => Promise<string> | null) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = "";
  let err = "";
  let answered = false;
  stdout.on("data", (c: Buffer) => {
    out += c.toString();
    const reply = answered ? null : answer(out);
    if (reply) {
      answered = true;
      void reply.then((line) => stdin.end(`${line}\n`), () => stdin.end());
    }
  });
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, stdin, env: { ...process.env, ...env }, cwd: process.cwd(), signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

const URL_LINE = /^ {2}(http:\/\/\S+)$/m;

test("login() runs the OAuth flow through flickr-sdk and learns the account and permission", async (t) => {
  const s = await startTestSandbox(t);
  let shown = "";
  const credentials = await login({
    consumerKey: s.credentials.consumerKey,
    consumerSecret: s.credentials.consumerSecret,
    perms: "delete",
    endpoint: s.url,
    timeoutMs: TEST_TIMEOUT_MS,
    askForVerifier: async (url) => {
      shown = url;
      return approve(url);
    },
  });
  t.regex(shown, new RegExp(`^${s.url}/services/oauth/authorize\\?perms=delete&oauth_token=`));
  t.like(credentials, { consumerKey: s.credentials.consumerKey, nsid: s.credentials.nsid, username: s.credentials.username, perms: "delete" });
  t.not(credentials.oauthToken, s.credentials.oauthToken, "a new token");
  t.deepEqual(await checkLogin({ credentials, endpoint: s.url, timeoutMs: TEST_TIMEOUT_MS }), { nsid: s.credentials.nsid, username: s.credentials.username, perms: "delete" });
  t.deepEqual(s.sandbox.calls().byMethod, {
    "oauth.request_token": 1,
    "oauth.access_token": 1,
    "flickr.auth.oauth.checkToken": 2,
    "flickr.test.login": 1,
  });
});

test("heritage auth login / check / logout, end to end, with the verifier piped in", async (t) => {
  const s = await startTestSandbox(t);
  const dir = await configHome(t);
  const env = {
    XDG_CONFIG_HOME: dir,
    HERITAGE_FLICKR_ENDPOINT: s.url,
    FLICKR_CONSUMER_KEY: s.credentials.consumerKey,
    FLICKR_CONSUMER_SECRET: s.credentials.consumerSecret,
    FLICKR_OAUTH_TOKEN: "",
    FLICKR_OAUTH_TOKEN_SECRET: "",
  };
  const loginRun = await runInteractive(["auth", "login"], env, (out) => {
    const m = URL_LINE.exec(out);
    return m ? approve(m[1]!) : null;
  });
  t.is(loginRun.code, 0, loginRun.stderr);
  t.regex(loginRun.stdout, /Open this address in a browser, approve heritage \(write permission\)/);
  t.regex(loginRun.stdout, new RegExp(`Logged in as ${s.credentials.username} \\(${s.credentials.nsid.replace("@", "@")}\\) with write permission\\n$`));
  const path = credentialsPath({ env });
  t.is((await stat(path)).mode & 0o777, 0o600);
  const saved = (await loadCredentials({ env: { XDG_CONFIG_HOME: dir } })).credentials;
  t.is(saved.perms, "write");

  const check = await runCli(["auth", "check"], { env });
  t.is(check.code, 0, check.stderr);
  t.is(check.stdout, `Logged in as ${s.credentials.username} (${s.credentials.nsid}) with write permission\n`);
  t.regex(check.stderr, new RegExp(`Credentials from ${path}`));

  // Secrets appear nowhere in what the commands printed.
  for (const secret of [saved.consumerSecret, saved.oauthToken, saved.oauthTokenSecret]) {
    for (const text of [loginRun.stdout, loginRun.stderr, check.stdout, check.stderr]) t.false(text.includes(secret));
  }

  s.sandbox.revokeToken(saved.oauthToken);
  const rejected = await runCli(["auth", "check"], { env });
  t.is(rejected.code, 2);
  t.regex(rejected.stderr, /error: Flickr rejected the stored credentials \(error 98\)\nhint: run "heritage auth login"/);

  const logout = await runCli(["auth", "logout"], { env });
  t.is(logout.code, 0);
  t.is(logout.stdout, `Logged out: removed ${path}\n`);
  await t.throwsAsync(stat(path));
  const after = await runCli(["auth", "check"], { env });
  t.is(after.code, 2);
  // The consumer key and secret are still in the environment, so the message names the token.
  t.regex(after.stderr, /error: incomplete Flickr credentials: FLICKR_OAUTH_TOKEN, FLICKR_OAUTH_TOKEN_SECRET are not set and there is no .*credentials\.json\nhint: run "heritage auth login"/);
  const again = await runCli(["auth", "logout"], { env });
  t.regex(again.stdout, /^Not logged in: there is no /);
});

test("auth login --perms delete asks for delete; a wrong code is refused with a hint", async (t) => {
  const s = await startTestSandbox(t);
  const dir = await configHome(t);
  const env = { XDG_CONFIG_HOME: dir, FLICKR_CONSUMER_KEY: s.credentials.consumerKey, FLICKR_CONSUMER_SECRET: s.credentials.consumerSecret, FLICKR_OAUTH_TOKEN: "", FLICKR_OAUTH_TOKEN_SECRET: "" };
  const wrong = await runInteractive(["auth", "login", "--perms", "delete", "--endpoint", s.url], env, (out) => {
    const m = URL_LINE.exec(out);
    if (!m) return null;
    t.regex(m[1]!, /perms=delete/);
    return approve(m[1]!).then(() => "000-000-000");
  });
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /error: Flickr did not accept the verification code\nhint: run "heritage auth login" again/);
  await t.throwsAsync(stat(credentialsPath({ env })), undefined, "nothing saved");
});

test("auth login needs the consumer key and secret in the environment; a wrong secret is a clear error", async (t) => {
  const s = await startTestSandbox(t);
  const dir = await configHome(t);
  const none = await runCli(["auth", "login", "--endpoint", s.url], { env: { XDG_CONFIG_HOME: dir, FLICKR_CONSUMER_KEY: "", FLICKR_CONSUMER_SECRET: "" } });
  t.is(none.code, 2);
  t.regex(none.stderr, /error: FLICKR_CONSUMER_KEY and FLICKR_CONSUMER_SECRET are not set/);
  const bad = await runCli(["auth", "login", "--endpoint", s.url], {
    env: { XDG_CONFIG_HOME: dir, FLICKR_CONSUMER_KEY: s.credentials.consumerKey, FLICKR_CONSUMER_SECRET: "wrong-secret-123" },
  });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /error: Flickr refused the app's key or secret \(signature_invalid\)/);
  t.false(bad.stderr.includes("wrong-secret-123"));
});

/**
 * Where heritage's Flickr credentials come from: the four `FLICKR_*` environment variables, or
 * the file `heritage auth login` writes — `$XDG_CONFIG_HOME/heritage/credentials.json`
 * (`~/.config/heritage/` by default), mode 0600 in a 0700 folder, written atomically. A file that
 * other users can read is refused, with the `chmod` that fixes it. Every secret loaded is
 * registered with redactSecrets, so it is masked wherever it might be printed.
 */
import { chmod, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { registerSecret } from "../redact.js";

export type FlickrPerms = "read" | "write" | "delete";

export interface StoredCredentials {
  consumerKey: string;
  consumerSecret: string;
  oauthToken: string;
  oauthTokenSecret: string;
  /** Known after a login through heritage. */
  nsid?: string;
  username?: string;
  fullname?: string;
  perms?: FlickrPerms;
}

export interface CredentialsLocation {
  env: NodeJS.ProcessEnv;
  /** The folder holding credentials.json; default `$XDG_CONFIG_HOME/heritage` or `~/.config/heritage`. */
  configDir?: string;
}

export interface LoadedCredentials {
  credentials: StoredCredentials;
  source: "env" | "file";
  /** The file read, or null for the environment. */
  path: string | null;
}

/** The environment variables, by credential. */
export const CREDENTIAL_ENV = {
  consumerKey: "FLICKR_CONSUMER_KEY",
  consumerSecret: "FLICKR_CONSUMER_SECRET",
  oauthToken: "FLICKR_OAUTH_TOKEN",
  oauthTokenSecret: "FLICKR_OAUTH_TOKEN_SECRET",
} as const;

const FILE_FORMAT = "heritage.credentials/1";

const FileSchema = z.object({
  format: z.literal(FILE_FORMAT),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  oauthToken: z.string().min(1),
  oauthTokenSecret: z.string().min(1),
  nsid: z.string().optional(),
  username: z.string().optional(),
  fullname: z.string().optional(),
  perms: z.enum(["read", "write", "delete"]).optional(),
});

export function configDirOf(location: CredentialsLocation): string {
  if (location.configDir) return location.configDir;
  const xdg = location.env.XDG_CONFIG_HOME?.trim();
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg && xdg.startsWith("/") ? xdg : join(location.env.HOME || homedir(), ".config");
  return join(base, "heritage");
}

export function credentialsPath(location: CredentialsLocation): string {
  return join(configDirOf(location), "credentials.json");
}

function registerAll(c: StoredCredentials): StoredCredentials {
  registerSecret(c.consumerSecret);
  registerSecret(c.oauthToken);
  registerSecret(c.oauthTokenSecret);
  return c;
}

const notLoggedIn = (path: string) =>
  new UserError("not logged in to Flickr", {
    code: "NOT_LOGGED_IN",
    hint: `run "heritage auth login" (it writes ${path}), or set ${Object.values(CREDENTIAL_ENV).join(", ")}`,
  });

/** The consumer key and secret from the environment (what `auth login` needs); names what is missing. */
export function consumerFromEnv(env: NodeJS.ProcessEnv): { consumerKey: string; consumerSecret: string } {
  const consumerKey = env[CREDENTIAL_ENV.consumerKey]?.trim();
  const consumerSecret = env[CREDENTIAL_ENV.consumerSecret]?.trim();
  const missing = [!consumerKey && CREDENTIAL_ENV.consumerKey, !consumerSecret && CREDENTIAL_ENV.consumerSecret].filter(Boolean);
  if (missing.length > 0 || !consumerKey || !consumerSecret) {
    throw new UserError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`, {
      code: "CONSUMER_KEY_MISSING",
      hint: "set them to your Flickr app's key and secret (https://www.flickr.com/services/apps/create/); the secret is never taken as a command-line flag",
    });
  }
  registerSecret(consumerSecret);
  return { consumerKey, consumerSecret };
}

/**
 * Load credentials. The environment wins when it holds a token (FLICKR_OAUTH_TOKEN or
 * FLICKR_OAUTH_TOKEN_SECRET): then all four variables are needed. Otherwise the credentials file;
 * if there is none and some variables are set, the error names the missing ones.
 */
export async function loadCredentials(location: CredentialsLocation): Promise<LoadedCredentials> {
  const env = location.env;
  const fromEnv = Object.fromEntries(Object.entries(CREDENTIAL_ENV).map(([key, name]) => [key, env[name]?.trim() ?? ""])) as Record<keyof typeof CREDENTIAL_ENV, string>;
  const missing = Object.entries(CREDENTIAL_ENV)
    .filter(([key]) => fromEnv[key as keyof typeof CREDENTIAL_ENV] === "")
    .map(([, name]) => name);
  const tokenInEnv = fromEnv.oauthToken !== "" || fromEnv.oauthTokenSecret !== "";
  if (missing.length === 0 || tokenInEnv) {
    if (missing.length > 0) {
      throw new UserError(`incomplete Flickr credentials in the environment: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not set`, {
        code: "CREDENTIALS_INCOMPLETE",
        hint: `set all four of ${Object.values(CREDENTIAL_ENV).join(", ")}, or unset them and run "heritage auth login"`,
      });
    }
    return { credentials: registerAll({ ...fromEnv }), source: "env", path: null };
  }
  const path = credentialsPath(location);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    if (missing.length < 4) {
      throw new UserError(`incomplete Flickr credentials: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not set and there is no ${path}`, {
        code: "CREDENTIALS_INCOMPLETE",
        hint: `run "heritage auth login", or set all four of ${Object.values(CREDENTIAL_ENV).join(", ")}`,
      });
    }
    throw notLoggedIn(path);
  }
  if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
    throw new UserError(`the credentials file ${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)})`, {
      code: "CREDENTIALS_PERMISSIONS",
      hint: `make it private to you: chmod 600 ${path}`,
    });
  }
  let parsed;
  try {
    parsed = FileSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) {
    throw new UserError(`the credentials file ${path} is damaged`, { code: "CREDENTIALS_DAMAGED", hint: `delete it ("heritage auth logout") and run "heritage auth login" again` });
  }
  const { format: _format, ...credentials } = parsed.data;
  return { credentials: registerAll(credentials), source: "file", path };
}

/** Write the credentials file (0600, in a 0700 folder), atomically. Returns its path. */
export async function saveCredentials(credentials: StoredCredentials, location: CredentialsLocation): Promise<string> {
  const dir = configDirOf(location);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = credentialsPath(location);
  const tmp = `${path}.${process.pid}.tmp`;
  // Created 0600 from the first byte (not chmod-ed afterwards), then renamed over the old file.
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ format: FILE_FORMAT, ...credentials }, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  registerAll(credentials);
  return path;
}

/** Remove the credentials file; returns its path, or null when there was none. */
export async function deleteCredentials(location: CredentialsLocation): Promise<string | null> {
  const path = credentialsPath(location);
  try {
    await stat(path);
  } catch {
    return null;
  }
  await rm(path, { force: true });
  return path;
}

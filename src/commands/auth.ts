/**
 * `heritage auth login | check | logout`. The handlers only gather options and print; the OAuth
 * flow and the credentials file live in src/flickr/auth.ts and src/flickr/credentials.ts.
 * Secrets are never printed: the lines below name the account, the permission and the file.
 */
import type { CommandModule } from "yargs";
import type { CliContext } from "./context.js";
import { EXIT, UserError } from "../errors.js";
import { checkFlags, stringFlag } from "./options.js";
import { AUTH_DEFAULTS } from "../defaults.js";

const ENDPOINT_CHECK = checkFlags([stringFlag("endpoint", "the URL of a Flickr sandbox")]);

interface LoginArgs {
  perms: "read" | "write" | "delete";
  endpoint?: string;
}

interface CheckArgs {
  endpoint?: string;
}

/** The first non-empty line of stdin (works when the code is piped in). */
async function readLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim() !== "") return line.trim();
  } finally {
    lines.close();
  }
  return "";
}

async function login(ctx: CliContext, args: LoginArgs): Promise<number> {
  const [{ login: runLogin }, { consumerFromEnv, saveCredentials }, { resolveEndpoint }] = await Promise.all([
    import("../flickr/auth.js"),
    import("../flickr/credentials.js"),
    import("../flickr/client.js"),
  ]);
  const consumer = consumerFromEnv(ctx.env);
  const endpoint = resolveEndpoint(args.endpoint, ctx.env);
  const credentials = await runLogin({
    ...consumer,
    perms: args.perms,
    ...(endpoint ? { endpoint } : {}),
    askForVerifier: async (url) => {
      ctx.stdout.write(`Open this address in a browser, approve heritage (${args.perms} permission), and paste the code Flickr shows:\n\n  ${url}\n\n`);
      if (ctx.stdin.isTTY) ctx.stdout.write("Code: ");
      return readLine(ctx.stdin);
    },
  });
  const path = await saveCredentials(credentials, { env: ctx.env });
  ctx.stdout.write(`Logged in as ${credentials.username ?? "?"} (${credentials.nsid ?? "?"}) with ${credentials.perms ?? args.perms} permission\n`);
  ctx.stderr.write(`Credentials saved to ${path} (readable by you only).\n`);
  return EXIT.OK;
}

async function check(ctx: CliContext, args: CheckArgs): Promise<number> {
  const [{ checkLogin }, { loadCredentials }, { resolveEndpoint }] = await Promise.all([
    import("../flickr/auth.js"),
    import("../flickr/credentials.js"),
    import("../flickr/client.js"),
  ]);
  const loaded = await loadCredentials({ env: ctx.env });
  const endpoint = resolveEndpoint(args.endpoint, ctx.env);
  const who = await checkLogin({ credentials: loaded.credentials, ...(endpoint ? { endpoint } : {}) });
  ctx.stdout.write(`Logged in as ${who.username} (${who.nsid}) with ${who.perms ?? "unknown"} permission\n`);
  ctx.stderr.write(`Credentials from ${loaded.source === "env" ? "the FLICKR_* environment variables" : loaded.path}${endpoint ? `, endpoint ${endpoint}` : ""}.\n`);
  if (who.perms === "read") ctx.stderr.write('warning: publishing needs write permission; run "heritage auth login" to ask for it.\n');
  return EXIT.OK;
}

async function logout(ctx: CliContext): Promise<number> {
  const { logout: runLogout } = await import("../flickr/auth.js");
  const { CREDENTIAL_ENV, credentialsPath } = await import("../flickr/credentials.js");
  const removed = await runLogout({ env: ctx.env });
  ctx.stdout.write(removed ? `Logged out: removed ${removed}\n` : `Not logged in: there is no ${credentialsPath({ env: ctx.env })}\n`);
  if (ctx.env[CREDENTIAL_ENV.oauthToken] || ctx.env[CREDENTIAL_ENV.oauthTokenSecret]) {
    ctx.stderr.write(`note: ${CREDENTIAL_ENV.oauthToken} is set in the environment; unset it as well.\n`);
  }
  return EXIT.OK;
}

export function authCommand(ctx: CliContext): CommandModule<object, object> {
  return {
    command: "auth <command>",
    describe: "Log in to Flickr (OAuth), check who is logged in, log out",
    builder: (y) =>
      y
        .command<LoginArgs>({
          command: "login",
          describe:
            "Authorise heritage with your Flickr account: open the address shown, approve, paste the code. Needs FLICKR_CONSUMER_KEY and FLICKR_CONSUMER_SECRET in the environment.",
          builder: (b) =>
            b
              .option("perms", {
                choices: ["read", "write", "delete"] as const,
                default: AUTH_DEFAULTS.perms,
                describe: "Permission to ask for (publishing needs write; deleting photos needs delete)",
              })
              .option("endpoint", { type: "string", describe: "Use this Flickr endpoint (e.g. a heritage sandbox URL); also HERITAGE_FLICKR_ENDPOINT" })
              .check(ENDPOINT_CHECK),
          handler: async (argv) => ctx.setExitCode(await login(ctx, argv)),
        })
        .command<CheckArgs>({
          command: "check",
          describe: "Show who is logged in and with which permission (exit 2 when not logged in or rejected)",
          builder: (b) => b.option("endpoint", { type: "string", describe: "Use this Flickr endpoint; also HERITAGE_FLICKR_ENDPOINT" }).check(ENDPOINT_CHECK),
          handler: async (argv) => ctx.setExitCode(await check(ctx, argv)),
        })
        .command({
          command: "logout",
          describe: "Delete the stored Flickr credentials",
          handler: async () => ctx.setExitCode(await logout(ctx)),
        })
        .demandCommand(1, "Name an auth command: login, check or logout."),
    handler: () => {
      throw new UserError("name an auth command: login, check or logout", { code: "USAGE_MISSING_ARGUMENT", hint: "heritage auth --help lists them.", exitCode: EXIT.USAGE });
    },
  };
}

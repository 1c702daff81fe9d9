/**
 * The connection a run talks to Flickr through: credentials (the user's, or an in-process
 * sandbox's), the endpoint, the project Transport with the API budget in its pre-call hook, the
 * flickr-sdk client, and the account checks — skipped when this state already verified the very
 * same token, so an unchanged sync costs no call at all.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { CliContext } from "../cli-context.js";
import { loadCredentials } from "../flickr/credentials.js";
import { createFlickrClient, resolveEndpoint, type FlickrClient } from "../flickr/client.js";
import { HeritageTransport } from "../flickr/transport.js";
import type { Settings } from "../settings/schema.js";
import type { StateStore } from "../state/store.js";
import { ApiBudget, abortableSleep } from "./budget.js";
import { ApiLedger, ledgerKey, userStateDir } from "./budget-ledger.js";
import { RETRY_DEFAULTS, withRetries } from "./retry.js";
import { FlickrApiError, isWriteMethod } from "../flickr/errors.js";
import { EXIT, UserError } from "../errors.js";
import type { InspectedPhoto } from "../sandbox/index.js";
import { checkAccount, checkCommonsMember, type Account } from "./preflight.js";
import { checkStateAccount, checkStateTarget, stateIdentity } from "../state/target.js";

export type Call = (method: string, params: Record<string, string | number>) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ConnectOptions {
  sandbox: boolean;
  /** Where the in-process sandbox keeps its data. */
  sandboxDataDir: string;
  endpoint: string | null;
  quota: number;
  timeoutMs: number | null;
  json: boolean;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Connection {
  client: FlickrClient;
  call: Call;
  transport: HeritageTransport;
  budget: ApiBudget;
  /** "flickr", "sandbox" or the endpoint URL: which Flickr a state belongs to. */
  endpointName: string;
  /** Set a listener told after every response (progress). */
  onResponse(listener: () => void): void;
  /**
   * Who we are, with at least `needs` permission. `store` (writable) remembers a verified token;
   * without one (a dry run) the account is always asked.
   */
  account(store: StateStore | null, needs: "read" | "write" | "delete"): Promise<Account>;
  checkCommons(account: Account): Promise<void>;
  /** With --sandbox: the photos the in-process sandbox holds (for the rehearsal's summary). */
  sandboxPhotos: (() => InspectedPhoto[]) | null;
  /** After Ctrl-C: let the run's last calls (its album flushes) through the budget; a second Ctrl-C still ends the process. */
  finishing(): void;
  close(): Promise<void>;
}

/** Identifies the token a state last verified (a hash: the token itself is never stored). */
export function tokenFingerprint(c: { consumerKey: string; oauthToken?: string | null }, endpoint: string): string {
  return createHash("sha256").update(`${c.consumerKey}\0${c.oauthToken ?? ""}\0${endpoint}`).digest("hex").slice(0, 32);
}

const LEVEL: Record<string, number> = { read: 1, write: 2, delete: 3 };

export async function connect(ctx: CliContext, options: ConnectOptions, settings: Settings, store: StateStore | null): Promise<Connection> {
  let stopSandbox: (() => Promise<void>) | null = null;
  let sandboxPhotos: (() => InspectedPhoto[]) | null = null;
  let credentials;
  let endpoint: string | undefined;
  if (options.sandbox) {
    const { startSandbox } = await import("../sandbox/index.js");
    const sandbox = await startSandbox({ port: 0, dataDir: options.sandboxDataDir, quota: Math.max(options.quota, 3600), commons: settings.commons });
    stopSandbox = () => sandbox.stop();
    sandboxPhotos = () => sandbox.photos();
    credentials = sandbox.credentials;
    endpoint = sandbox.url;
    if (!options.json) ctx.stderr.write(`Rehearsing on a local Flickr sandbox at ${sandbox.url} (nothing goes to Flickr).\n`);
  } else {
    credentials = (await loadCredentials({ env: ctx.env })).credentials;
    endpoint = resolveEndpoint(options.endpoint ?? undefined, ctx.env);
  }
  const endpointName = options.sandbox ? "sandbox" : endpoint ?? "flickr";
  const clock = options.clock ?? Date.now;
  const minuteNow = () => Math.floor(clock() / 60_000);
  const writable = store && !store.db.readonly ? store : null;
  writable?.pruneApiCalls(minuteNow() - 120);
  // One budget per API key on this machine: runs of other manifests with the same key share it.
  let ledger: ApiLedger | null = null;
  try {
    ledger = ApiLedger.forUser(ctx.env);
  } catch (err) {
    ctx.stderr.write(`warning: the shared API budget in ${userStateDir(ctx.env)} cannot be used (${(err as Error).message}); this run counts only its own calls\n`);
  }
  const budget = new ApiBudget({
    perHour: options.quota,
    ...(ledger ? { shared: { ledger, key: ledgerKey(credentials.consumerKey) } } : {}),
    history: store ? store.apiCallsSince(minuteNow() - 60) : [],
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  let listener: () => void = () => undefined;
  let finishing = false;
  const transport = new HeritageTransport({
    ...(endpoint ? { endpoint } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onCall: async (call) => {
      if (call.kind === "oauth") return;
      await budget.acquire(finishing ? undefined : ctx.signal);
      // Spent calls are kept per minute, so a run started within the hour knows what is left.
      writable?.addApiCalls(minuteNow());
    },
    onResponse: (info) => {
      if (info.status !== null && info.status < 400 && info.flickrCode !== 105) budget.succeeded();
      listener();
    },
  });
  const client = createFlickrClient({
    credentials,
    transport,
    onThrottle: (e) => budget.throttled(e.retryAfterSeconds, e.httpStatus === 429 ? "HTTP 429 Too Many Requests" : "Flickr error 105 Service currently unavailable", ctx.signal),
  });
  // Checks and reads outside the executor (account, Commons list, live reads, read-back): retried
  // like any transient failure; one that persists is the network's fault, not a bug.
  const call: Call = async (method, params) => {
    try {
      return await withRetries(
        () => client.flickr(method, params),
        (e) => e instanceof FlickrApiError && (e.kind === "transient" || (e.kind === "unknown-outcome" && !isWriteMethod(method))),
        RETRY_DEFAULTS,
        { sleep: options.sleep ?? abortableSleep, signal: ctx.signal },
      );
    } catch (err) {
      if (err instanceof FlickrApiError && err.kind !== "permanent") {
        throw new UserError(`Flickr did not answer ${method} (${err.message}), even after retries`, {
          code: "FLICKR_UNAVAILABLE",
          exitCode: EXIT.USAGE,
          hint: "Nothing was lost: everything done so far is recorded. Run the same command again later; `heritage status` shows where things stand.",
          cause: err,
        });
      }
      throw err;
    }
  };
  const fingerprint = tokenFingerprint(credentials, endpointName);

  return {
    client,
    call,
    transport,
    budget,
    endpointName,
    onResponse: (l) => void (listener = l),
    async account(state, needs) {
      const known = state?.getMeta("perms") ?? null;
      if (state && state.getMeta("verified_token") === fingerprint && known !== null && (LEVEL[known] ?? 0) >= LEVEL[needs]! && state.getMeta("nsid")) {
        // This state verified this very token before: skip the round-trips. A token revoked
        // since fails on the first write and stops the run with the same advice.
        return { nsid: state.getMeta("nsid")!, username: state.getMeta("username") ?? "", perms: known };
      }
      const account = await checkAccount(call, { perms: needs === "read" ? "write" : needs });
      if (state) {
        checkStateTarget(stateIdentity(state), endpointName, state.path);
        checkStateAccount(stateIdentity(state), account, state.path);
      }
      if (state && !state.db.readonly) {
        state.setMeta("nsid", account.nsid);
        state.setMeta("username", account.username);
        state.setMeta("endpoint", endpointName);
        state.setMeta("perms", account.perms);
        state.setMeta("verified_token", fingerprint);
      }
      return account;
    },
    checkCommons: (account) => checkCommonsMember(call, account),
    sandboxPhotos,
    finishing: () => void (finishing = true),
    close: async () => {
      ledger?.close();
      await stopSandbox?.();
    },
  };
}

export function sandboxDataDir(stateDir: string): string {
  return join(stateDir, "sandbox-data");
}

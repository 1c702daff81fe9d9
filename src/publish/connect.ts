/**
 * The connection a run talks to Flickr through: credentials (the user's, or an in-process
 * sandbox's), the endpoint, the project Transport with the API budget in its pre-call hook, the
 * flickr-sdk client, and the account checks — skipped when this state already verified the very
 * same token, so an unchanged sync costs no call at all. The endpoint comes resolved (flag →
 * HERITAGE_FLICKR_ENDPOINT → Flickr) from the command: nothing here reads the environment for it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { CommandIO } from "../command-io.js";
import { loadCredentials } from "../flickr/credentials.js";
import { createFlickrClient, type FlickrClient, type FlickrCredentials } from "../flickr/client.js";
import type { FlickrCall } from "../flickr/port.js";
import { HeritageTransport } from "../flickr/transport.js";
import type { Settings } from "../settings/schema.js";
import type { StateStore } from "../state/store.js";
import { toFlickrPerms } from "../state/account-meta.js";
import { ApiBudget, abortableSleep } from "./budget.js";
import { ApiLedger, ledgerKey, userStateDir } from "./budget-ledger.js";
import { RETRY_DEFAULTS, withRetries } from "./retry.js";
import { FlickrApiError, isWriteMethod } from "../flickr/errors.js";
import { EXIT, UserError } from "../errors.js";
import type { InspectedPhoto } from "../sandbox/index.js";
import { checkAccount, checkCommonsMember, type Account } from "./preflight.js";
import { checkStateAccount, checkStateTarget, stateIdentity } from "../state/target.js";

export interface ConnectOptions {
  sandbox: boolean;
  /** Where the in-process sandbox keeps its data. */
  sandboxDataDir: string;
  /** The endpoint as the command resolved it (`resolveEndpoint`): a URL, or null for Flickr. Ignored with `sandbox`. */
  endpoint: string | null;
  quota: number;
  timeoutMs: number | null;
  json: boolean;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Connection {
  client: FlickrClient;
  /** A REST call through the connection: retried, budgeted; read its answer through `flickrReads`. */
  call: FlickrCall;
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

/** Where the run's calls go and with which credentials: an in-process sandbox, or the user's. */
interface Target {
  credentials: FlickrCredentials;
  endpoint: string | null;
  endpointName: string;
  stop: (() => Promise<void>) | null;
  sandboxPhotos: (() => InspectedPhoto[]) | null;
}

async function openTarget(ctx: CommandIO, options: ConnectOptions, settings: Settings): Promise<Target> {
  if (!options.sandbox) {
    const { credentials } = await loadCredentials({ env: ctx.env });
    return { credentials, endpoint: options.endpoint, endpointName: options.endpoint ?? "flickr", stop: null, sandboxPhotos: null };
  }
  const { startSandbox } = await import("../sandbox/index.js");
  const sandbox = await startSandbox({ port: 0, dataDir: options.sandboxDataDir, quota: Math.max(options.quota, 3600), commons: settings.commons });
  if (!options.json) ctx.stderr.write(`Rehearsing on a local Flickr sandbox at ${sandbox.url} (nothing goes to Flickr).\n`);
  return { credentials: sandbox.credentials, endpoint: sandbox.url, endpointName: "sandbox", stop: () => sandbox.stop(), sandboxPhotos: () => sandbox.photos() };
}

/** The run's API budget: one rolling hour per API key on this machine, shared with other runs of the key. */
function openBudget(ctx: CommandIO, options: ConnectOptions, store: StateStore | null, consumerKey: string): { budget: ApiBudget; ledger: ApiLedger | null } {
  // Tests give the whole run a virtual time through ctx.time; the CLI leaves it unset (real time).
  const clock = options.clock ?? ctx.time?.clock ?? Date.now;
  const sleep = options.sleep ?? ctx.time?.sleep;
  const minuteNow = () => Math.floor(clock() / 60_000);
  let ledger: ApiLedger | null = null;
  try {
    ledger = ApiLedger.forUser(ctx.env);
  } catch (err) {
    ctx.stderr.write(`warning: the shared API budget in ${userStateDir(ctx.env)} cannot be used (${(err as Error).message}); this run counts only its own calls\n`);
  }
  const budget = new ApiBudget({
    perHour: options.quota,
    ...(ledger ? { shared: { ledger, key: ledgerKey(consumerKey) } } : {}),
    history: store ? store.runs.apiCallsSince(minuteNow() - 60) : [],
    clock,
    ...(sleep ? { sleep } : {}),
  });
  return { budget, ledger };
}

/** The transport (budget in its pre-call hook, spent calls kept per minute in the state) and the client. */
function openClient(ctx: CommandIO, options: ConnectOptions, target: Target, budget: ApiBudget, writable: StateStore | null, listener: () => () => void, finishing: () => boolean) {
  const minuteNow = () => Math.floor((options.clock ?? ctx.time?.clock ?? Date.now)() / 60_000);
  writable?.runs.pruneApiCalls(minuteNow() - 120);
  const transport = new HeritageTransport({
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onCall: async (call) => {
      if (call.kind === "oauth") return;
      // After Ctrl-C the run's last album flushes still go through; a second Ctrl-C ends the process.
      await budget.acquire(finishing() ? undefined : ctx.signal);
      // Spent calls are kept per minute, so a run started within the hour knows what is left.
      writable?.runs.addApiCalls(minuteNow());
    },
    onResponse: (info) => {
      if (info.status !== null && info.status < 400 && info.flickrCode !== 105) budget.succeeded();
      listener()();
    },
  });
  const client = createFlickrClient({
    credentials: target.credentials,
    transport,
    onThrottle: (e) => budget.throttled(e.retryAfterSeconds, e.httpStatus === 429 ? "HTTP 429 Too Many Requests" : "Flickr error 105 Service currently unavailable", ctx.signal),
  });
  return { transport, client };
}

/**
 * Checks and reads outside the executor (account, Commons list, live reads, read-back): retried
 * like any transient failure; one that persists is the network's fault, not a bug.
 */
function retriedCall(client: FlickrClient, signal: AbortSignal, sleep: ConnectOptions["sleep"]): FlickrCall {
  return async (method, params) => {
    try {
      return await withRetries(
        () => client.flickr<unknown>(method, params),
        (e) => e instanceof FlickrApiError && (e.kind === "transient" || (e.kind === "unknown-outcome" && !isWriteMethod(method))),
        RETRY_DEFAULTS,
        { sleep: sleep ?? abortableSleep, signal },
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
}

/** Who the token is; skipped when this state verified this very token before with enough permission. */
function accountCheck(call: FlickrCall, endpointName: string, fingerprint: string): Connection["account"] {
  return async (state, needs) => {
    const known = state?.account.read();
    if (known && known.verifiedToken === fingerprint && known.perms !== null && (LEVEL[known.perms] ?? 0) >= LEVEL[needs]! && known.nsid) {
      // This state verified this very token before: skip the round-trips. A token revoked
      // since fails on the first write and stops the run with the same advice.
      return { nsid: known.nsid, username: known.username ?? "", perms: known.perms };
    }
    const account = await checkAccount(call, { perms: needs === "read" ? "write" : needs });
    if (state) {
      checkStateTarget(stateIdentity(state), endpointName, state.path);
      checkStateAccount(stateIdentity(state), account, state.path);
    }
    if (state && !state.readonly) {
      state.account.set({ nsid: account.nsid, username: account.username, endpoint: endpointName, perms: toFlickrPerms(account.perms), verifiedToken: fingerprint });
    }
    return account;
  };
}

export async function connect(ctx: CommandIO, options: ConnectOptions, settings: Settings, store: StateStore | null): Promise<Connection> {
  const target = await openTarget(ctx, options, settings);
  const writable = store && !store.readonly ? store : null;
  const { budget, ledger } = openBudget(ctx, options, store, target.credentials.consumerKey);
  let listener: () => void = () => undefined;
  let finishing = false;
  const { transport, client } = openClient(ctx, options, target, budget, writable, () => listener, () => finishing);
  const call = retriedCall(client, ctx.signal, options.sleep ?? ctx.time?.sleep);
  return {
    client,
    call,
    transport,
    budget,
    endpointName: target.endpointName,
    onResponse: (l) => void (listener = l),
    account: accountCheck(call, target.endpointName, tokenFingerprint(target.credentials, target.endpointName)),
    checkCommons: (account) => checkCommonsMember(call, account),
    sandboxPhotos: target.sandboxPhotos,
    finishing: () => void (finishing = true),
    close: async () => {
      ledger?.close();
      await target.stop?.();
    },
  };
}

export function sandboxDataDir(stateDir: string): string {
  return join(stateDir, "sandbox-data");
}

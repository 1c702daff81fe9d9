/**
 * `heritage sandbox` as a library: a local Flickr that flickr-sdk, unmodified, cannot tell from
 * the real one — same paths, OAuth 1.0a checked against the canonical Flickr URLs, the REST
 * methods the pipeline uses with Flickr's JSON shapes and error codes, upload/replace in XML, the
 * rules Flickr enforces (75 tags, licence 7, free-account limits, geo privacy, ownership), the
 * hourly quota, and seeded fault injection (grammar in faults.ts). It listens on loopback only.
 *
 * @example
 * const sandbox = await startSandbox({ seed: 1 });
 * const { flickr } = createFlickrClient({ credentials: sandbox.credentials, endpoint: sandbox.url });
 * sandbox.faults.once("lost", { method: "upload" }); // the next upload is stored, its response lost
 * await sandbox.stop();
 */
import { once } from "node:events";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { silentLogger } from "../logger.js";
import { CallRecorder, type CallStats } from "./calls.js";
import { FaultInjector, type FaultControls } from "./faults.js";
import { createSandboxHttp } from "./http/server.js";
import { editPhoto, inspectPhotos, type InspectedPhoto, type PhotoEdit } from "./inspect.js";
import type { AccountRecord, ConsumerRecord, TokenRecord } from "./model.js";
import { RequestAuthenticator } from "./oauth/verify.js";
import { resolveSandboxOptions, type SandboxConfig, type SandboxOptions } from "./options.js";
import { openPersistence } from "./persistence.js";
import { RollingQuota } from "./quota.js";
import { createSeededRandom, randomSeed } from "./random.js";
import { SandboxStore } from "./store.js";
import { communityControls, type CommunityControls } from "./methods/community-control.js";

export type { SandboxOptions } from "./options.js";
export type { RealismMode, RealismOptions } from "./realism.js";
export { PESSIMISTIC } from "./realism.js";
export { SANDBOX_DEFAULTS } from "./options.js";
export type { CallStats } from "./calls.js";
export type { FaultControls, FaultRuleInput } from "./faults.js";
export { parseFaultSpec } from "./faults.js";
export type { InspectedPhoto, PhotoEdit } from "./inspect.js";
export type { CommunityControls, CommunityInput, CommunityResult } from "./methods/community.js";

/** A ready-made account's credentials, in the shape of the sandbox's first output line. */
export interface SandboxCredentials {
  consumerKey: string;
  consumerSecret: string;
  oauthToken: string;
  oauthTokenSecret: string;
  nsid: string;
  username: string;
}

export interface AccountOptions {
  /** Permission of the token. @default "delete" */
  perms?: TokenRecord["perms"];
  /** @default false (another account is an ordinary Flickr member) */
  commons?: boolean;
  /** @default true */
  pro?: boolean;
  /** @default true */
  geoPrivacyDefault?: boolean;
  username?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT`: give it to the transport as the endpoint. */
  readonly url: string;
  readonly port: number;
  /** The seed actually used (reported so a run can be repeated). */
  readonly seed: number;
  /** The default account (Commons unless `commons: false`), token with delete permission. */
  readonly credentials: SandboxCredentials;
  /** Inject faults: rules (`set`, `add`, `clear`) and one-shots (`once`). */
  readonly faults: FaultControls;
  /** The simulated public: comments, tags, notes, faves and views by other accounts (no API calls). */
  readonly community: CommunityControls;
  /** Every photo with all its fields (what `GET /sandbox/photos` returns). */
  photos(): InspectedPhoto[];
  /** Call statistics (what `GET /sandbox/calls` returns). */
  calls(): CallStats;
  resetCalls(): void;
  /** Change a photo as if on flickr.com (not an API call); null once deleted. */
  editPhoto(id: string, edit: PhotoEdit): InspectedPhoto | null;
  /** Another account with its own token (same consumer key), for permission and ownership tests. */
  createAccount(options?: AccountOptions): SandboxCredentials & { perms: TokenRecord["perms"] };
  /** Revoke an access token: calls with it fail with error 98. */
  revokeToken(oauthToken: string): boolean;
  /** Change the default account's settings as if on flickr.com (e.g. set its geo-privacy default). */
  setAccountSettings(settings: { geoPrivacyDefault?: boolean }): void;
  /** Stop listening, end open connections, close the data file. */
  stop(): Promise<void>;
}

function credentialsOf(consumer: { key: string; secret: string }, token: TokenRecord, account: AccountRecord): SandboxCredentials {
  return {
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    oauthToken: token.token,
    oauthTokenSecret: token.secret,
    nsid: account.nsid,
    username: account.username,
  };
}

const VISITOR = "a flickr.com visitor";

/**
 * The environment for running the heritage CLI against a sandbox: its credentials, a config
 * folder of its own (so no real credentials file is read, and no real calibration), and no
 * inherited endpoint.
 */
export function sandboxCliEnv(credentials: Omit<SandboxCredentials, "nsid" | "username">, configHome: string, base: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    FLICKR_CONSUMER_KEY: credentials.consumerKey,
    FLICKR_CONSUMER_SECRET: credentials.consumerSecret,
    FLICKR_OAUTH_TOKEN: credentials.oauthToken,
    FLICKR_OAUTH_TOKEN_SECRET: credentials.oauthTokenSecret,
    XDG_CONFIG_HOME: configHome,
    // Calibration files (heritage doctor) and the shared API budget ledger of a sandbox account stay
    // with its config folder, not in the user's real state folder.
    XDG_STATE_HOME: join(configHome, "state"),
  };
  delete env.HERITAGE_FLICKR_ENDPOINT;
  return env;
}

/** The default consumer, token and account: the stored ones, else new; flags given now win. */
function defaultIdentity(store: SandboxStore, config: SandboxConfig, nowSeconds: number): { consumer: ConsumerRecord; token: TokenRecord; defaultAccount: AccountRecord } {
  const consumer = store.defaultConsumer ?? store.createConsumer();
  let token = store.defaultToken;
  if (!token) {
    const account = store.createAccount({ commons: config.commons, pro: config.pro, geoPrivacyDefault: config.geoPrivacyDefault }, nowSeconds);
    token = store.createToken(consumer.key, account.nsid, "delete", true);
  }
  const defaultAccount = store.accounts.get(token.nsid)!;
  // Flags given now win over the stored account (a restart with --no-commons means it).
  store.updateAccount(defaultAccount, { commons: config.commons, pro: config.pro, geoPrivacyDefault: config.geoPrivacyDefault });
  store.flush();
  return { consumer, token, defaultAccount };
}

/** Another account with its own token under the same consumer. */
function createExtraAccount(store: SandboxStore, consumer: ConsumerRecord, accountOptions: AccountOptions, nowSeconds: number): SandboxCredentials & { perms: TokenRecord["perms"] } {
  const account = store.createAccount(
    {
      commons: accountOptions.commons ?? false,
      pro: accountOptions.pro ?? true,
      geoPrivacyDefault: accountOptions.geoPrivacyDefault ?? true,
      ...(accountOptions.username ? { username: accountOptions.username } : {}),
    },
    nowSeconds,
  );
  const perms = accountOptions.perms ?? "delete";
  const accountToken = store.createToken(consumer.key, account.nsid, perms);
  store.flush();
  return { ...credentialsOf(consumer, accountToken, account), perms };
}

/** Start a sandbox. Refuses any host but the loopback interface. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveSandboxOptions(options, randomSeed, silentLogger);
  const persistence = config.dataDir ? await openPersistence(config.dataDir) : null;
  const store = new SandboxStore(createSeededRandom(config.seed), persistence);
  if (persistence) store.load(persistence.load());
  const nowSeconds = () => Math.floor(config.clock() / 1000);

  const { consumer, token, defaultAccount } = defaultIdentity(store, config, nowSeconds());

  const faults = new FaultInjector(config.seed);
  if (options.faults !== undefined) faults.set(options.faults);
  const calls = new CallRecorder();
  let baseUrl = "";
  const community = communityControls(store, config, createSeededRandom(config.seed));
  const http = createSandboxHttp({
    store,
    config,
    authenticator: new RequestAuthenticator(store, config),
    calls,
    quota: new RollingQuota(config.quota),
    faults,
    baseUrl: () => baseUrl,
    approverNsid: () => defaultAccount.nsid,
    inspectPhotos: () => inspectPhotos(store),
    community: { control: community.control, tick: community.tick },
  });
  http.server.listen(config.port, config.host);
  try {
    await once(http.server, "listening");
  } catch (err) {
    persistence?.close();
    throw err;
  }
  const port = (http.server.address() as AddressInfo).port;
  baseUrl = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  config.logger.info(`sandbox listening on ${baseUrl} (seed ${config.seed}${config.dataDir ? `, data in ${config.dataDir}` : ", in memory"})`);

  const visitor = () =>
    [...store.accounts.values()].find((a) => a.username === VISITOR) ?? store.createAccount({ username: VISITOR, commons: false }, nowSeconds());
  let stopped: Promise<void> | null = null;

  return {
    url: baseUrl,
    port,
    seed: config.seed,
    credentials: credentialsOf(consumer, token, defaultAccount),
    faults,
    community: community.controls,
    photos: () => inspectPhotos(store),
    calls: () => calls.snapshot(),
    resetCalls: () => calls.reset(),
    editPhoto: (id, edit) => editPhoto(store, id, edit, nowSeconds(), config.maxTagsPerPhoto, visitor),
    setAccountSettings: (settings) =>
      store.updateAccount(defaultAccount, {
        commons: defaultAccount.commons,
        pro: defaultAccount.pro,
        geoPrivacyDefault: settings.geoPrivacyDefault ?? defaultAccount.geoPrivacyDefault,
      }),
    createAccount: (accountOptions = {}) => createExtraAccount(store, consumer, accountOptions, nowSeconds()),
    revokeToken(oauthToken) {
      const done = store.revokeToken(oauthToken);
      store.flush();
      return done;
    },
    stop() {
      stopped ??= http.close().then(() => {
        store.flush();
        persistence?.close();
        config.logger.info("sandbox stopped");
      });
      return stopped;
    },
  };
}

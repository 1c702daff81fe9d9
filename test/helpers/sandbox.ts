/**
 * A sandbox for one test: started on port 0, stopped in `t.teardown`, with a flickr-sdk client
 * that goes through the project's HeritageTransport (bounded timeouts), so tests exercise exactly
 * the client code the pipeline runs.
 *
 * @example
 * const { flickr, upload, sandbox } = await startTestSandbox(t);
 * const { id } = await upload(await testImage("jpeg"), { title: "x" });
 * t.is(sandbox.photos()[0]!.id, id);
 */
import type { ExecutionContext } from "ava";
import sharp from "sharp";
import { createFlickr, type FlickrServicesWithOAuth } from "flickr-sdk";
import { startSandbox, type Sandbox, type SandboxCredentials, type SandboxOptions } from "../../src/sandbox/index.js";
import { createFlickrClient, type FlickrClient } from "../../src/flickr/client.js";
import { HeritageTransport, type HeritageTransportOptions } from "../../src/flickr/transport.js";

export interface TestSandbox extends FlickrClient {
  sandbox: Sandbox;
  url: string;
  credentials: SandboxCredentials;
  transport: HeritageTransport;
  /** flickr-sdk itself on the same transport, for tests that want its raw errors and results. */
  sdk: FlickrServicesWithOAuth;
  /** A client for other credentials (another account, a wrong secret…), same endpoint. */
  clientFor(credentials: { consumerKey: string; consumerSecret: string; oauthToken?: string | null; oauthTokenSecret?: string | null }, transport?: HeritageTransportOptions): FlickrClient & { transport: HeritageTransport };
}

/** Client timeouts in tests: generous for a local server, but a hung test still ends. */
export const TEST_TIMEOUT_MS = 10_000;

export async function startTestSandbox(t: ExecutionContext, options: SandboxOptions = {}, transport: HeritageTransportOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ seed: 1, ...options });
  t.teardown(() => sandbox.stop());
  const clientFor: TestSandbox["clientFor"] = (credentials, extra = {}) => {
    const tr = new HeritageTransport({ endpoint: sandbox.url, timeoutMs: TEST_TIMEOUT_MS, uploadTimeoutMs: TEST_TIMEOUT_MS, ...extra });
    return { ...createFlickrClient({ credentials, transport: tr }), transport: tr };
  };
  const client = clientFor(sandbox.credentials, transport);
  const sdk = createFlickr(sandbox.credentials, client.transport);
  return { ...client, sdk, sandbox, url: sandbox.url, credentials: sandbox.credentials, clientFor };
}

let imageCounter = 0;

/**
 * A small real image (made with sharp), different on every call unless `seed` is given, so each
 * upload has its own hash.
 */
export async function testImage(format: "jpeg" | "png" | "gif" | "tiff" = "jpeg", options: { width?: number; height?: number; seed?: number } = {}): Promise<Blob> {
  const n = options.seed ?? ++imageCounter;
  const image = sharp({
    create: { width: options.width ?? 32, height: options.height ?? 24, channels: 3, background: { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 13) % 256 } },
  });
  const bytes = await image.toFormat(format).toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: `image/${format}` });
}

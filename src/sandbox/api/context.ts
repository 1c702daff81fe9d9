/**
 * What a REST method handler gets, and the small parameter readers every handler shares. Handlers
 * are synchronous and pure over the store: they read `params`, change records, return the JSON
 * body without `stat` (the server adds `"stat":"ok"`), or throw `ApiError`.
 */
import type { SandboxConfig } from "../options.js";
import type { SandboxStore } from "../store.js";
import type { AccountRecord, Perm, PhotoRecord, TokenRecord } from "../model.js";
import { ApiError, photoNotFound } from "./errors.js";

export interface Caller {
  consumerKey: string;
  /** The token's account; null for an API-key-only or token-less call. */
  account: AccountRecord | null;
  token: TokenRecord | null;
  perms: Perm;
}

export interface ApiContext {
  store: SandboxStore;
  config: SandboxConfig;
  caller: Caller;
  params: Readonly<Record<string, string>>;
  /** The sandbox clock, ms. */
  now: number;
}

export type JsonBody = Record<string, unknown>;
export type MethodHandler = (ctx: ApiContext) => JsonBody;

/** One REST method: the OAuth permission it needs and its handler (the registry lists them). */
export interface MethodSpec {
  perm: Perm;
  handler: MethodHandler;
}

export const nowSeconds = (ctx: ApiContext): number => Math.floor(ctx.now / 1000);

/** A parameter that must be present and non-empty; `code` is the method's "missing argument" code. */
export function required(ctx: ApiContext, name: string, code: number, message?: string): string {
  const value = ctx.params[name];
  if (value === undefined || value === "") throw new ApiError(code, message ?? `Required parameter ${name} missing`);
  return value;
}

export function optional(ctx: ApiContext, name: string): string | undefined {
  const value = ctx.params[name];
  return value === undefined || value === "" ? undefined : value;
}

/** An integer parameter, or undefined when absent; anything not an integer is an error `code`. */
export function optionalInt(ctx: ApiContext, name: string, code: number): number | undefined {
  const value = optional(ctx, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new ApiError(code, `Invalid value for ${name}`);
  return Number(value);
}

/** The calling account (methods that need a token are gated by perms before they run). */
export function me(ctx: ApiContext): AccountRecord {
  if (!ctx.caller.account) throw new ApiError(99, "Insufficient permissions. Method requires read privileges; none granted.");
  return ctx.caller.account;
}

/** Can the caller see this photo at all? Owners see everything; others public photos only. */
export function canSee(ctx: ApiContext, photo: PhotoRecord): boolean {
  return photo.isPublic === 1 || photo.owner === ctx.caller.account?.nsid;
}

/** A photo the caller may see, else error 1 (Flickr does not say "exists but private"). */
export function visiblePhoto(ctx: ApiContext, param = "photo_id", code = 1): PhotoRecord {
  const photo = ctx.store.photos.get(required(ctx, param, code, "Photo not found"));
  if (!photo || !canSee(ctx, photo)) throw code === 1 ? photoNotFound() : new ApiError(code, "Photo not found");
  return photo;
}

/** A photo the caller owns, else error 1 ("Photo not found": not yours or bad id, as Flickr words it). */
export function ownedPhoto(ctx: ApiContext, param = "photo_id", code = 1): PhotoRecord {
  const photo = ctx.store.photos.get(required(ctx, param, code, "Photo not found"));
  if (!photo || photo.owner !== ctx.caller.account?.nsid) throw new ApiError(code, "Photo not found");
  return photo;
}

/** `per_page` (default, capped at max) and `page` (≥ 1) as Flickr reads them. */
export function paging(ctx: ApiContext, defaultPerPage = 100, maxPerPage = 500): { page: number; perPage: number } {
  const rawPer = Number(ctx.params.per_page ?? defaultPerPage);
  const rawPage = Number(ctx.params.page ?? 1);
  const perPage = Number.isFinite(rawPer) && rawPer >= 1 ? Math.min(Math.floor(rawPer), maxPerPage) : defaultPerPage;
  const page = Number.isFinite(rawPage) && rawPage >= 1 ? Math.floor(rawPage) : 1;
  return { page, perPage };
}

/** The comma list of `extras`, lower-cased and trimmed. */
export function extrasOf(ctx: ApiContext): Set<string> {
  return new Set(
    (ctx.params.extras ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );
}

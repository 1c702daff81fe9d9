/**
 * What the state says about a collection, read the same way by every command that plans or
 * shows a plan: the items, the albums already created and the account's facts (typed here, so
 * no caller parses a meta string). Reading writes nothing.
 */
import { existsSync } from "node:fs";
import { withStateErrors } from "../state/errors.js";
import type { ItemState } from "../state/item-state.js";
import { openState } from "../state/open.js";
import type { StateStore } from "../state/store.js";

/** The account's facts a state records once publish has checked the credentials. */
export interface AccountMeta {
  /** The account's NSID (photo pages link to it; a run checks the account when it is known). */
  nsid: string | null;
  /** The licence Flickr gives this account's uploads, once a run has learned it. */
  accountDefaultLicense: number | null;
  /** Whether the current token was checked (a run then skips the login calls). */
  tokenVerified: boolean;
  /** Whether the empty-state guard was passed (the collection was not found on the account). */
  emptyStateChecked: boolean;
}

/** The little of a state store this module reads. */
export type StateReader = Pick<StateStore, "items" | "albums" | "account">;

export function readAccountMeta(store: Pick<StateStore, "account">): AccountMeta {
  const meta = store.account.read();
  return {
    nsid: meta.nsid,
    accountDefaultLicense: meta.defaultLicense,
    tokenVerified: meta.verifiedToken !== null,
    emptyStateChecked: meta.emptyStateCheckedAt !== null,
  };
}

/** Titles of the albums earlier runs created (an album only intended is not there yet). */
export function createdAlbums(store: Pick<StateStore, "albums">): string[] {
  return store.albums.list().filter((a) => a.state === "created").map((a) => a.title);
}

export interface StateSnapshot {
  items: ItemState[];
  /** The same items, by identifier. */
  byIdentifier: Map<string, ItemState>;
  albums: string[];
  account: AccountMeta;
}

/**
 * The state as it is now. `lazyValues`: pushed values are read only when a diff needs them
 * (planning 100,000 items needs only the hashes); the store must then stay open while they are.
 */
export function snapshotOf(store: StateReader, options: { lazyValues?: boolean } = {}): StateSnapshot {
  const items = store.items.list(options.lazyValues ? { lazyValues: true } : {});
  return { items, byIdentifier: new Map(items.map((s) => [s.identifier, s])), albums: createdAlbums(store), account: readAccountMeta(store) };
}

/** What the state at `database` holds, read without writing; null when nothing has been published yet. */
export function readStateSnapshot(database: string): StateSnapshot | null {
  if (!existsSync(database)) return null;
  const store = openState(database, { readonly: true });
  try {
    return withStateErrors(database, () => snapshotOf(store));
  } finally {
    store.close();
  }
}
